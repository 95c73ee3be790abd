"""Reading a record's history: its revisions, its state at any revision, and diffs.

A revision keeps only the fields it changed (old and new). The state right after revision
R is rebuilt from the current values: a field changed later takes the old value of the
first later revision that changed it. A deleted record's last values are in its delete
revision. Each call sends the same statements whatever the number of revisions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ..db.history_kinds import BY_NAME, members_of, snapshot
from ..db.history_repo import HistoryRepo
from ..domain.errors import NotFound, ValidationFailed
from .base import ServiceBase, Work
from .history_types import KIND_NAMES, LINKS, Diff, FieldDiff, RecordHistory, Revision

#: how the kinds are also written on the command line
_ALIASES = {"memory-config": "memory_config", "memory-configs": "memory_config"}

#: Work's repository for each kind
_REPOS = {
    "agent": "agents",
    "crew": "crews",
    "task": "tasks",
    "memory_config": "memory_configs",
    "tool": "tools",
    "department": "departments",
    "flow": "flows",
}


def normalise_kind(kind: str) -> str:
    k = _ALIASES.get(kind.strip().lower(), kind.strip().lower().replace("-", "_"))
    if k not in KIND_NAMES and k.endswith("s") and k[:-1] in KIND_NAMES:
        k = k[:-1]
    if k not in KIND_NAMES:
        raise ValidationFailed.single("kind", f"must be one of {', '.join(KIND_NAMES)}")
    return k


@dataclass
class Located:
    kind: str
    key: str
    record_id: uuid.UUID
    row: Any | None  # None once deleted
    parent_id: uuid.UUID | None = None


def split_task_key(key: str) -> tuple[str, str]:
    crew, sep, name = key.partition("/")
    if not sep or not crew or not name:
        raise ValidationFailed.single("key", f"'{key}' must be written CREW/TASK")
    return crew, name


def locate(w: Work, kind: str, key: str) -> Located:
    """The record ``key`` names now, or the last one of that name that was deleted."""
    hist = HistoryRepo(w.session)
    parent_id: uuid.UUID | None = None
    if kind == "task":
        crew_name, name = split_task_key(key)
        crew = w.crews.by_key(crew_name)
        parent_id = crew.id if crew else hist.last_id_by_key("crew", crew_name)
        if parent_id is None:
            raise NotFound(f"No crew '{crew_name}', now or in the history.")
        row = w.tasks.by_name(parent_id, name) if crew else None
        lookup = name
    else:
        row = getattr(w, _REPOS[kind]).by_key(key)
        lookup = key
    if row is not None:
        return Located(kind, key, row.id, row, parent_id)
    found = hist.last_id_by_key(kind, lookup, parent_id)
    if found is None:
        raise NotFound(f"No {kind.replace('_', ' ')} '{key}', now or in the history.")
    renamed = getattr(w, _REPOS[kind]).get(found)  # it exists under another key now
    if renamed is not None:
        now = str(getattr(renamed, BY_NAME[kind].key))
        key = f"{split_task_key(key)[0]}/{now}" if kind == "task" else now
    return Located(kind, key, found, renamed, parent_id)


def current_values(loc: Located) -> dict[str, Any] | None:
    if loc.row is None:
        return None
    values = snapshot(loc.row)
    if loc.kind == "crew":
        values["members"] = members_of(loc.row.members)
    return values


def revision_of(r: Any) -> Revision:
    changes = {f: (v[0], v[1]) for f, v in (r.changes or {}).items()}
    return Revision(
        r.id, r.action, r.version, r.actor, r.via, r.changed_at, int(r.change_set), changes
    )


def state_at(loc: Located, revisions: list[Any], revision: int) -> dict[str, Any]:
    """The record's values right after ``revision`` (``revisions``: it and every later one,
    oldest first). After a deletion: the values it had when it was deleted."""
    if not revisions or revisions[0].id != revision:
        raise NotFound(f"Revision {revision} is not a revision of {loc.kind} '{loc.key}'.")
    first = revisions[0]
    if first.action == "delete":
        return {f: v[0] for f, v in (first.changes or {}).items()}
    state = dict(current_values(loc) or {})
    seen: set[str] = set()
    for r in revisions[1:]:
        for f, (old, _new) in (r.changes or {}).items():
            if f not in seen:
                state[f] = old
                seen.add(f)
    return state


def link_ids(field: str, value: Any) -> list[str]:
    if value is None or field not in LINKS:
        return []
    if field == "members":
        return [str(m[0]) for m in value if m]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def names_for(w: Work, values: list[dict[str, Any]]) -> dict[str, str]:
    """Display names of the ids ``values`` hold: one query per kind pointed at, then one for
    the records that no longer exist (their last name in the history)."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for vals in values:
        for f, v in vals.items():
            for i in link_ids(f, v):
                try:
                    wanted.setdefault(LINKS[f], set()).add(uuid.UUID(i))
                except ValueError:
                    continue
    hist = HistoryRepo(w.session)
    out: dict[str, str] = {}
    missing: set[uuid.UUID] = set()
    for kind, ids in wanted.items():
        found = hist.keys_of(kind, ids)
        out.update({str(k): v for k, v in found.items()})
        missing |= ids - set(found)
    out.update({str(k): f"{v} (deleted)" for k, v in hist.last_keys(missing).items()})
    return out


class HistoryServices(ServiceBase):
    def record_history(
        self, kind: str, key: str, *, limit: int = 50, before: int | None = None
    ) -> RecordHistory:
        """A page of the record's revisions, newest first (``before``: older than that id)."""
        kind = normalise_kind(kind)
        if limit < 1:
            raise ValidationFailed.single("limit", "must be at least 1")

        def run(w: Work) -> RecordHistory:
            loc = locate(w, kind, key)
            hist = HistoryRepo(w.session)
            revisions = [
                revision_of(r) for r in hist.page(kind, loc.record_id, limit=limit, before=before)
            ]
            current = current_values(loc)
            shown = [current or {}]
            shown += [{f: o for f, (o, _n) in r.changes.items()} for r in revisions]
            shown += [{f: n for f, (_o, n) in r.changes.items()} for r in revisions]
            version = getattr(loc.row, "version", None) if BY_NAME[kind].versioned else None
            return RecordHistory(
                kind=kind,
                key=loc.key,
                record_id=loc.record_id,
                exists=loc.row is not None,
                version=version if loc.row is not None else None,
                current=current,
                revisions=revisions,
                total=hist.count(kind, loc.record_id),
                names=names_for(w, shown),
            )

        return self._query(run)

    def history_state(self, kind: str, key: str, revision: int) -> dict[str, Any]:
        """The record's values right after ``revision``."""
        kind = normalise_kind(kind)

        def run(w: Work) -> dict[str, Any]:
            loc = locate(w, kind, key)
            return state_at(
                loc, HistoryRepo(w.session).since(kind, loc.record_id, revision), revision
            )

        return self._query(run)

    def history_diff(self, kind: str, key: str, left: int, right: int | None = None) -> Diff:
        """The fields that differ between revision ``left`` and revision ``right`` (the
        current values when None)."""
        kind = normalise_kind(kind)

        def run(w: Work) -> Diff:
            loc = locate(w, kind, key)
            hist = HistoryRepo(w.session)
            a = state_at(loc, hist.since(kind, loc.record_id, left), left)
            if right is None:
                b = current_values(loc)
                if b is None:
                    raise ValidationFailed.single(
                        "right", f"{kind} '{key}' was deleted: compare two revisions"
                    )
            else:
                b = state_at(loc, hist.since(kind, loc.record_id, right), right)
            fields = [
                FieldDiff(f, a.get(f), b.get(f))
                for f in dict.fromkeys([*a, *b])
                if a.get(f) != b.get(f)
            ]
            return Diff(
                kind,
                key,
                f"revision {left}",
                "current" if right is None else f"revision {right}",
                fields,
                names_for(w, [a, b]),
            )

        return self._query(run)
