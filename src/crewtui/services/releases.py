"""Crew releases: a crew frozen as it is now, listed, exported, diffed (and run).

A release keeps the crew bundle: settings, members in order, tasks, and the exact agent,
tool and memory config values they use. Exporting a release goes through the same export as
the stored crew, fed from the frozen values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..db.history_actor import acting_actor
from ..db.history_model import ReleaseRow
from ..db.history_releases import ReleaseRepo
from ..domain.bundle import CrewBundle
from ..domain.errors import NotFound, ValidationFailed
from .base import ServiceBase, Work
from .bundle import bundle_of
from .progress import Progress
from .releases_codec import freeze, thaw

if TYPE_CHECKING:
    from .releases_diff import ReleaseDiff


@dataclass(frozen=True)
class ReleaseInfo:
    id: uuid.UUID
    crew_name: str
    name: str
    note: str | None
    created_by: str
    created_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "crew": self.crew_name,
            "name": self.name,
            "note": self.note,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


@dataclass
class Release:
    info: ReleaseInfo
    bundle: CrewBundle


def _info(r: Any) -> ReleaseInfo:
    return ReleaseInfo(r.id, r.crew_name, r.name, r.note, r.created_by, r.created_at)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationFailed.single("name", "must be 1 to 100 characters")
    return name


def _crew_id(w: Work, crew: str) -> uuid.UUID:
    row = w.crews.by_key(crew)
    found = row.id if row is not None else ReleaseRepo(w.session).crew_id_by_name(crew)
    if found is None:
        raise NotFound(f"No crew '{crew}' and no release of one.")
    return found


def _release(w: Work, crew: str, name: str) -> ReleaseRow:
    row = ReleaseRepo(w.session).by_name(_crew_id(w, crew), name)
    if row is None:
        raise NotFound(f"No release '{name}' of crew '{crew}'.")
    return row


class ReleaseServices(ServiceBase):
    def create_release(self, crew: str, name: str, *, note: str | None = None) -> ReleaseInfo:
        """Freeze crew ``crew`` as it is now, as release ``name``."""
        name = _check_name(name)

        def run(w: Work) -> ReleaseInfo:
            bundle = bundle_of(w, crew)
            repo = ReleaseRepo(w.session)
            crew_id = bundle.crew.id
            assert crew_id is not None
            if repo.by_name(crew_id, name) is not None:
                raise ValidationFailed.single(
                    "name", f"crew '{crew}' already has a release '{name}'"
                )
            row = repo.add(
                ReleaseRow(
                    id=uuid.uuid4(),
                    crew_id=crew_id,
                    crew_name=bundle.crew.crew_name,
                    name=name,
                    note=note or None,
                    created_by=acting_actor(w.session, self.user)[:100],
                    bundle=freeze(bundle),
                )
            )
            w.session.refresh(row, ["created_at"])
            return _info(row)

        return self._run(run)

    def list_releases(self, crew: str | None = None) -> list[ReleaseInfo]:
        def run(w: Work) -> list[ReleaseInfo]:
            crew_id = _crew_id(w, crew) if crew is not None else None
            return [_info(r) for r in ReleaseRepo(w.session).infos(crew_id)]

        return self._query(run)

    def get_release(self, crew: str, name: str) -> Release:
        def run(w: Work) -> Release:
            row = _release(w, crew, name)
            return Release(_info(row), thaw(row.bundle))

        return self._query(run)

    def delete_release(self, crew: str, name: str) -> None:
        self._run(lambda w: ReleaseRepo(w.session).delete(_release(w, crew, name)))

    def release_diff(self, crew: str, left: str, right: str | None = None) -> ReleaseDiff:
        """What changed from release ``left`` to release ``right`` (the crew now when None)."""

        def run(w: Work) -> ReleaseDiff:
            a = thaw(_release(w, crew, left).bundle)
            b = bundle_of(w, crew) if right is None else thaw(_release(w, crew, right).bundle)
            from .releases_diff import ReleaseDiff, diff_bundles

            return ReleaseDiff(crew, left, right or "current", diff_bundles(a, b))

        return self._query(run)

    def export_release(
        self,
        crew: str,
        name: str,
        out_dir: Path | str,
        *,
        format: Any = "yaml",
        force: bool = False,
        progress: Progress | None = None,
        target: Any = None,
    ) -> Any:
        """Write the release as a crewai project (the same export as ``crewtui export``)."""
        from .interop import export_bundle

        release = self.get_release(crew, name)
        return export_bundle(
            release.bundle,
            crew,
            out_dir,
            format=format,
            force=force,
            progress=progress,
            target=target,
        )
