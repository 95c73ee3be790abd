"""Every change to a kept record is recorded in the transaction that makes it.

The unit of work's session does it, so no service can forget: ``before_flush`` reads the
attribute history of each new, changed or deleted agent, crew (its settings and its ordered
members), task, memory config, tool and department, and keeps one pending entry per record;
``before_commit`` writes them, one row per changed record, in the same transaction. Several
flushes in one transaction make one entry (the first old value, the last new value).

Who and through which path come from :class:`Origin` in ``session.info`` (set by the
services, the importer, the scanner, restore); a session without one records the configured
user and ``api``. Paths that write rows without the ORM (bulk import) add their entries with
:func:`creation_rows` or :func:`note_change`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from .history_actor import acting_actor
from .history_kinds import BY_NAME, KINDS, SKIP, KindSpec, members_of, snapshot
from .history_model import HistoryRow
from .history_values import encode
from .models import CrewMemberRow, CrewRow

ORIGIN = "crewtui.history.origin"
_PENDING = "crewtui.history.pending"
_CHANGE_SET = "crewtui.history.change_set"

#: the paths a change can come through
VIAS = ("app", "cli", "import", "scan", "restore", "api")

_enabled = True


def set_enabled(on: bool) -> None:
    """Switch recording off (the benchmark measures what it costs); on by default."""
    global _enabled
    _enabled = on


@dataclass(frozen=True)
class Origin:
    actor: str
    via: str = "api"


@dataclass
class Entry:
    kind: str
    record_id: uuid.UUID
    key: str
    parent_id: uuid.UUID | None
    action: str  # create, update, delete
    changes: dict[str, list[Any]] | None = None
    obj: Any = None
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def set_origin(session: Session, actor: str, via: str) -> None:
    session.info[ORIGIN] = Origin(actor, via)


def origin_of(session: Session) -> Origin:
    found = session.info.get(ORIGIN)
    if isinstance(found, Origin):
        return found
    from ..settings import current_user

    return Origin(current_user(), "api")


def change_set(session: Session) -> int:
    """The number every history row of this transaction shares."""
    found = session.info.get(_CHANGE_SET)
    if found is None:
        found = session.info[_CHANGE_SET] = random.getrandbits(62) + 1
    return int(found)


def _pending(session: Session) -> dict[tuple[str, uuid.UUID], Entry]:
    out: dict[tuple[str, uuid.UUID], Entry] = session.info.setdefault(_PENDING, {})
    return out


def _merge(pending: dict[tuple[str, uuid.UUID], Entry], entry: Entry) -> None:
    at = (entry.kind, entry.record_id)
    prev = pending.get(at)
    if prev is None:
        pending[at] = entry
        return
    prev.key, prev.obj = entry.key, entry.obj or prev.obj
    if prev.action == "create":
        if entry.action == "delete":
            del pending[at]
        return
    if entry.action == "delete":
        earlier = prev.changes or {}
        entry.changes = {
            f: [earlier[f][0] if f in earlier else old, new]
            for f, (old, new) in (entry.changes or {}).items()
        }
        pending[at] = entry
        return
    changes = prev.changes if prev.changes is not None else {}
    for f, (old, new) in (entry.changes or {}).items():
        changes[f] = [changes[f][0], new] if f in changes else [old, new]
    prev.changes = {f: v for f, v in changes.items() if v[0] != v[1]}


def note_change(session: Session, entry: Entry) -> None:
    """Add a change the ORM does not see (rows written with Core)."""
    _merge(_pending(session), entry)


def note_members(
    session: Session, crew: CrewRow, old: list[list[Any]], new: list[list[Any]]
) -> None:
    """A crew's members written with Core: ``[agent id, role in crew]`` before and after."""
    if _enabled and old != new:
        spec = KINDS[CrewRow]
        note_change(session, _entry(spec, crew, "update", {"members": [old, new]}))


def creation_rows(
    session: Session, kind: str, records: list[tuple[uuid.UUID, str]]
) -> tuple[list[str], list[list[Any]]]:
    """History rows for new records written with Core: the columns and the values, for a
    bulk writer (the caller writes them in its transaction). Nothing when recording is off."""
    if not _enabled or not records:
        return [], []
    versioned = BY_NAME[kind].versioned
    entries = [
        Entry(kind, rid, key, None, "create", version=1 if versioned else None)
        for rid, key in records
    ]
    rows = history_rows(session, entries)
    columns = list(rows[0])
    return columns, [[r[c] for c in columns] for r in rows]


def _column_changes(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SKIP:
            continue
        hist = state.attrs[attr.key].history
        if not hist.added:
            continue
        old = encode(hist.deleted[0]) if hist.deleted else None
        new = encode(hist.added[0])
        if old != new:
            out[attr.key] = [old, new]
    return out


def _member_changes(session: Session, crew: CrewRow) -> dict[str, list[Any]]:
    state = inspect(crew)
    if "members" in state.unloaded:
        return {}
    hist = state.attrs.members.history
    if (
        not hist.added
        and not hist.deleted
        and not any(inspect(m).modified for m in crew.members if m in session)
    ):
        return {}

    def old_of(m: CrewMemberRow, name: str) -> Any:
        h = inspect(m).attrs[name].history
        return h.deleted[0] if h.deleted else getattr(m, name)

    before = sorted(
        [*hist.unchanged, *hist.deleted], key=lambda m: old_of(m, "sequence_order") or 0
    )
    old = [[str(m.agent_id), old_of(m, "role_in_crew")] for m in before]
    new = members_of(crew.members)
    return {"members": [old, new]} if old != new else {}


def _deleted_members(session: Session, crew: CrewRow) -> list[list[Any]]:
    if "members" not in inspect(crew).unloaded:
        return members_of(crew.members)
    with session.no_autoflush:
        rows = session.execute(
            select(CrewMemberRow.agent_id, CrewMemberRow.role_in_crew)
            .where(CrewMemberRow.crew_id == crew.id)
            .order_by(CrewMemberRow.sequence_order)
        ).all()
    return [[str(a), r] for a, r in rows]


def _entry(spec: KindSpec, obj: Any, action: str, changes: dict[str, list[Any]] | None) -> Entry:
    return Entry(
        kind=spec.kind,
        record_id=obj.id,
        key=str(getattr(obj, spec.key) or ""),
        parent_id=getattr(obj, spec.parent) if spec.parent else None,
        action=action,
        changes=changes,
        obj=obj,
    )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not _enabled:
        return
    pending = _pending(session)
    for obj in list(session.new):
        spec = KINDS.get(type(obj))
        if spec is None:
            continue
        if obj.id is None:
            obj.id = uuid.uuid4()
        _merge(pending, _entry(spec, obj, "create", None))
    for obj in list(session.dirty):
        spec = KINDS.get(type(obj))
        if spec is None:
            continue
        changes = _column_changes(obj)
        if isinstance(obj, CrewRow):
            changes.update(_member_changes(session, obj))
        if changes:
            _merge(pending, _entry(spec, obj, "update", changes))
    for obj in list(session.deleted):
        spec = KINDS.get(type(obj))
        if spec is None:
            continue
        values = snapshot(obj)
        if isinstance(obj, CrewRow):
            values["members"] = _deleted_members(session, obj)
        entry = _entry(spec, obj, "delete", {f: [v, None] for f, v in values.items()})
        entry.version = getattr(obj, "version", None) if spec.versioned else None
        _merge(pending, entry)


def history_rows(session: Session, entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The rows to insert for ``entries`` (one per record)."""
    origin = origin_of(session)
    actor = acting_actor(session, origin.actor)
    at = datetime.now(UTC)
    cs = change_set(session)
    rows: list[dict[str, Any]] = []
    for e in entries:
        version = e.version
        if version is None and e.action != "delete" and e.obj is not None:
            version = getattr(e.obj, "version", None) if KINDS[type(e.obj)].versioned else None
        rows.append(
            {
                "record_kind": e.kind,
                "record_id": e.record_id,
                "record_key": e.key[:200],
                "parent_id": e.parent_id,
                "action": e.action,
                "version": version,
                "actor": actor[:100],
                "via": origin.via,
                "change_set": cs,
                "changed_at": at,
                "changes": e.changes,
            }
        )
    return rows


def _before_commit(session: Session) -> None:
    if not session.info.get(_PENDING):
        return
    session.flush()  # the last changes of the transaction join the pending entries
    pending = session.info.pop(_PENDING, {})
    entries = [e for e in pending.values() if e.action != "update" or e.changes]
    if entries:
        session.execute(insert(HistoryRow), history_rows(session, entries))


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the outermost transaction ended (not a savepoint)
        session.info.pop(_PENDING, None)
        session.info.pop(_CHANGE_SET, None)


event.listen(Session, "before_flush", _before_flush)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_transaction_end", _forget)
