"""Reading the history: a record's revisions a page at a time, and what a state needs.

Every method is one statement, whatever the number of revisions a record has.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from .history_kinds import BY_NAME
from .history_model import HistoryRow

_PAGE_COLUMNS = (
    HistoryRow.id,
    HistoryRow.action,
    HistoryRow.version,
    HistoryRow.actor,
    HistoryRow.via,
    HistoryRow.changed_at,
    HistoryRow.change_set,
    HistoryRow.changes,
)


class HistoryRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def last_id_by_key(self, kind: str, key: str, parent_id: uuid.UUID | None = None) -> Any:
        """The id of the newest record of ``kind`` that was called ``key`` (None if none)."""
        stmt = select(HistoryRow.record_id).where(
            HistoryRow.record_kind == kind, HistoryRow.record_key == key
        )
        if parent_id is not None:
            stmt = stmt.where(HistoryRow.parent_id == parent_id)
        return self.session.scalars(stmt.order_by(HistoryRow.id.desc()).limit(1)).first()

    def page(
        self, kind: str, record_id: uuid.UUID, *, limit: int, before: int | None = None
    ) -> list[Row[Any]]:
        """Newest first, at most ``limit`` revisions older than ``before``."""
        stmt = select(*_PAGE_COLUMNS).where(
            HistoryRow.record_kind == kind, HistoryRow.record_id == record_id
        )
        if before is not None:
            stmt = stmt.where(HistoryRow.id < before)
        return list(self.session.execute(stmt.order_by(HistoryRow.id.desc()).limit(limit)))

    def count(self, kind: str, record_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(
            HistoryRow.record_kind == kind, HistoryRow.record_id == record_id
        )
        return int(self.session.execute(stmt).scalar_one())

    def since(self, kind: str, record_id: uuid.UUID, revision: int) -> list[Row[Any]]:
        """Revision ``revision`` and every later one of the record, oldest first."""
        stmt = (
            select(*_PAGE_COLUMNS)
            .where(
                HistoryRow.record_kind == kind,
                HistoryRow.record_id == record_id,
                HistoryRow.id >= revision,
            )
            .order_by(HistoryRow.id)
        )
        return list(self.session.execute(stmt))

    def last(self, kind: str, record_id: uuid.UUID) -> Row[Any] | None:
        rows = self.page(kind, record_id, limit=1)
        return rows[0] if rows else None

    def deleted_with(self, kind: str, change_set: int, parent_id: uuid.UUID) -> list[Row[Any]]:
        """Records of ``kind`` under ``parent_id`` deleted in the same transaction."""
        stmt = (
            select(HistoryRow.record_id, HistoryRow.record_key, HistoryRow.id, HistoryRow.changes)
            .where(
                HistoryRow.record_kind == kind,
                HistoryRow.change_set == change_set,
                HistoryRow.parent_id == parent_id,
                HistoryRow.action == "delete",
            )
            .order_by(HistoryRow.id)
        )
        return list(self.session.execute(stmt))

    def keys_of(self, kind: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The keys of the records of ``kind`` with these ids that exist now."""
        wanted = list(ids)
        if not wanted:
            return {}
        spec = BY_NAME[kind]
        row = spec.row_type
        cols = [row.id, getattr(row, spec.key)]
        return {r[0]: r[1] for r in self.session.execute(select(*cols).where(row.id.in_(wanted)))}

    def last_keys(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The last key history knows for each id (records that no longer exist)."""
        wanted = list(ids)
        if not wanted:
            return {}
        newest = (
            select(func.max(HistoryRow.id))
            .where(HistoryRow.record_id.in_(wanted))
            .group_by(HistoryRow.record_id)
        )
        stmt = select(HistoryRow.record_id, HistoryRow.record_key).where(HistoryRow.id.in_(newest))
        return {r[0]: r[1] for r in self.session.execute(stmt)}
