"""The unit of work owns the transaction; repositories take its session and never commit."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import Conflict, DatabaseUnavailable
from .engine import make_session_factory


class UnitOfWork:
    """``with UnitOfWork(factory) as uow: ...; uow.commit()`` — rolled back unless committed."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session

    @classmethod
    def for_engine(cls, engine: Engine) -> UnitOfWork:
        return cls(make_session_factory(engine))

    def __enter__(self) -> Self:
        self.session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(exc, StaleDataError):
            raise Conflict("The record was changed by someone else while you edited it.") from exc
        if isinstance(exc, (OperationalError, InterfaceError)) and _is_connection_problem(exc):
            raise DatabaseUnavailable(f"The database could not be reached: {_first_line(exc)}") from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _is_connection_problem(exc: BaseException) -> bool:
    if getattr(exc, "connection_invalidated", False):
        return True
    msg = str(exc).lower()
    return any(
        s in msg
        for s in ("connection", "could not connect", "server closed", "terminating", "database is locked", "unable to open")
    )
