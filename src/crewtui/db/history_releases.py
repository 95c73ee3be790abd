"""Reading and writing crew releases (``crewtui_releases``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from .history_model import ReleaseRow

_INFO = (
    ReleaseRow.id,
    ReleaseRow.crew_id,
    ReleaseRow.crew_name,
    ReleaseRow.name,
    ReleaseRow.note,
    ReleaseRow.created_by,
    ReleaseRow.created_at,
)


class ReleaseRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def infos(self, crew_id: uuid.UUID | None = None) -> list[Row[Any]]:
        """Every release (of one crew), newest first, without the frozen values."""
        stmt = select(*_INFO)
        if crew_id is not None:
            stmt = stmt.where(ReleaseRow.crew_id == crew_id)
        return list(
            self.session.execute(stmt.order_by(ReleaseRow.created_at.desc(), ReleaseRow.name))
        )

    def by_name(self, crew_id: uuid.UUID, name: str) -> ReleaseRow | None:
        stmt = select(ReleaseRow).where(ReleaseRow.crew_id == crew_id, ReleaseRow.name == name)
        return self.session.scalars(stmt).one_or_none()

    def crew_id_by_name(self, crew_name: str) -> uuid.UUID | None:
        """The crew a release was made of, by the crew's name then (the crew may be gone)."""
        stmt = (
            select(ReleaseRow.crew_id)
            .where(ReleaseRow.crew_name == crew_name)
            .order_by(ReleaseRow.created_at.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def add(self, row: ReleaseRow) -> ReleaseRow:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: ReleaseRow) -> None:
        self.session.delete(row)
        self.session.flush()
