"""Restore a revision, undo the last change, bring a deleted record back.

Each is a new change, recorded with the path ``restore``. Restoring goes through the same
update services as an edit (validation, references, version check): a restore against a
record that changed since the caller looked (``expected_version``) is a Conflict. Links to
records that no longer exist are left out and reported, never written dangling; values
history could not keep (secrets) stay as they are.
"""

from __future__ import annotations

import copy
from typing import Any

from ..db.history import set_origin
from ..db.history_kinds import BY_NAME
from ..db.history_repo import HistoryRepo
from ..db.history_values import holds_redacted
from ..domain.errors import Conflict, ValidationFailed
from .base import ServiceBase, Work
from .history import (
    Located,
    current_values,
    locate,
    normalise_kind,
    split_task_key,
    state_at,
)
from .history_bring_back import bring_back_record
from .history_links import keep_links
from .history_types import RestoreReport

#: fields a restore does not write: a task stays in its crew
_FIXED = {"task": ("crew_id",)}


def _differences(
    w: Work, loc: Located, target: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    current = current_values(loc) or {}
    skipped: list[tuple[str, str]] = []
    changes: dict[str, Any] = {}
    for f, v in target.items():
        if current.get(f) == v or f in _FIXED.get(loc.kind, ()):
            continue
        if holds_redacted(v):
            skipped.append((f, "held a secret, which history does not keep"))
            continue
        changes[f] = v
    return keep_links(w, changes, skipped), skipped


class RestoreServices(ServiceBase):
    def _restoring(self) -> Any:
        """These services, recording their changes as made through ``restore``."""
        other = copy.copy(self)
        other.via = "restore"
        return other

    def _plan(
        self, kind: str, key: str, pick: Any
    ) -> tuple[Located, dict[str, Any], list[tuple[str, str]], int | None, Any]:
        def run(w: Work) -> Any:
            loc = locate(w, kind, key)
            if loc.row is None:
                raise ValidationFailed.single(
                    "key", f"{kind.replace('_', ' ')} '{key}' was deleted: bring it back first"
                )
            hist = HistoryRepo(w.session)
            target, extra = pick(w, loc, hist)
            changes, skipped = _differences(w, loc, target)
            version = loc.row.version if BY_NAME[kind].versioned else None
            return loc, changes, skipped, version, extra

        result: tuple[Located, dict[str, Any], list[tuple[str, str]], int | None, Any] = (
            self._query(run)
        )
        return result

    def restore_revision(
        self, kind: str, key: str, revision: int, *, expected_version: int | None = None
    ) -> RestoreReport:
        """Put the record back as it was right after ``revision``."""
        kind = normalise_kind(kind)

        def pick(_w: Work, loc: Located, hist: HistoryRepo) -> tuple[dict[str, Any], None]:
            return state_at(loc, hist.since(kind, loc.record_id, revision), revision), None

        loc, changes, skipped, version, _ = self._plan(kind, key, pick)
        _check_version(kind, key, version, expected_version)
        return self._write(loc, changes, skipped, version, "restored")

    def undo_last(
        self, kind: str, key: str, *, expected_version: int | None = None
    ) -> RestoreReport:
        """Undo the record's last saved change: an edit is reverted, a creation deleted, a
        deletion brought back."""
        kind = normalise_kind(kind)
        last = self._query(lambda w: _last(w, kind, key))
        if last.action == "delete":
            return self.bring_back(kind, key)
        if last.action == "create":
            return self._undo_create(kind, key, expected_version)

        def pick(_w: Work, loc: Located, _hist: HistoryRepo) -> tuple[dict[str, Any], Any]:
            return {f: v[0] for f, v in (last.changes or {}).items()}, None

        loc, changes, skipped, version, _ = self._plan(kind, key, pick)
        _check_version(kind, key, version, expected_version)
        if version is not None and last.version is not None and version != last.version:
            raise Conflict(
                f"'{key}' changed after its last recorded save (version {last.version} -> "
                f"{version}); nothing was undone.",
                expected_version=last.version,
                actual_version=version,
            )
        return self._write(loc, changes, skipped, version, "undone")

    def bring_back(self, kind: str, key: str) -> RestoreReport:
        """Recreate a deleted record from its last values, with the links that still
        resolve (a crew comes back with the tasks deleted along with it)."""
        kind = normalise_kind(kind)
        with self._work() as w:
            set_origin(w.session, self.user, "restore")
            return bring_back_record(w, kind, key)

    def _undo_create(self, kind: str, key: str, expected_version: int | None) -> RestoreReport:
        other = self._restoring()
        if kind == "task":
            other.delete_task(*split_task_key(key))
        else:
            getattr(other, f"delete_{kind}")(key)
        return RestoreReport(kind, key, "undone (deleted)", expected_version)

    def _write(
        self,
        loc: Located,
        changes: dict[str, Any],
        skipped: list[tuple[str, str]],
        version: int | None,
        action: str,
    ) -> RestoreReport:
        if not changes:
            return RestoreReport(loc.kind, loc.key, "unchanged", version, skipped)
        record = _apply(self._restoring(), loc, dict(changes), version)
        new_key = loc.key if loc.kind == "task" else record.key
        return RestoreReport(loc.kind, new_key, action, getattr(record, "version", None), skipped)


def _check_version(kind: str, key: str, version: int | None, expected: int | None) -> None:
    if expected is not None and version is not None and version != expected:
        raise Conflict(
            f"'{key}' is at version {version}, not {expected}: someone saved it meanwhile; "
            "nothing was restored.",
            expected_version=expected,
            actual_version=version,
        )


def _last(w: Work, kind: str, key: str) -> Any:
    loc = locate(w, kind, key)
    last = HistoryRepo(w.session).last(kind, loc.record_id)
    if last is None:
        raise ValidationFailed.single("key", f"'{key}' has no recorded change to undo")
    return last


def _apply(services: Any, loc: Located, changes: dict[str, Any], version: int | None) -> Any:
    """Write ``changes`` through the update service of the record's kind."""
    kind = loc.kind
    if kind == "crew":
        members = changes.pop("members", None)
        return services.save_crew(
            loc.key,
            changes,
            None if members is None else [(str(a), r) for a, r in members],
            expected_version=version,
        )
    if kind == "task":
        crew, name = split_task_key(loc.key)
        position = changes.pop("sequence_order", None)
        record = services.update_task(crew, name, changes, expected_version=version)
        if position is not None:
            size = len(services.list_tasks(crew))
            services.move_task(crew, record.name, max(1, min(int(position), size)))
        return record
    return getattr(services, f"update_{kind}")(loc.key, changes, expected_version=version)
