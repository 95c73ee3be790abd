"""The unit of work owns the transaction; repositories take its session and never commit."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import (
    Conflict,
    CrewtuiError,
    DatabaseUnavailable,
    PermissionDenied,
    ValidationFailed,
)
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
        translated = database_error(exc)
        if translated is not None:
            raise translated from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


INSUFFICIENT_PRIVILEGE = "42501"


def database_error(exc: BaseException | None) -> CrewtuiError | None:
    """The typed error a driver failure means for the user, or None when it is not one of
    these (a busy SQLite file, a database that cannot be reached, a refused privilege)."""
    if isinstance(exc, OperationalError) and _is_busy(exc):
        return DatabaseUnavailable(
            "The database is busy: another program is writing to it. Nothing was saved; try again.",
            title="Database busy",
        )
    if isinstance(exc, (OperationalError, InterfaceError)) and _is_connection_problem(exc):
        return DatabaseUnavailable(
            f"The database could not be reached: {_first_line(exc)}. Nothing was saved; try again."
        )
    if isinstance(exc, DBAPIError) and _sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
        # a missing GRANT or a row-level security policy (PostgreSQL)
        return PermissionDenied(f"The database refused the change: {_first_line(exc)}")
    if isinstance(exc, DataError):
        # a value the model let through but the column cannot hold (PostgreSQL refuses NUL
        # characters in text, for one): the user's input, not a crash
        diag = getattr(exc.orig, "diag", None)
        column = getattr(diag, "column_name", None) or "value"
        return ValidationFailed.single(column, f"the database cannot store it: {_first_line(exc)}")
    return None


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def _is_busy(exc: OperationalError) -> bool:
    # SQLite: another connection holds the write lock beyond busy_timeout
    msg = str(exc.orig).lower()
    return "database is locked" in msg or "database is busy" in msg


def _is_connection_problem(exc: BaseException) -> bool:
    if getattr(exc, "connection_invalidated", False):
        return True
    msg = str(exc).lower()
    return any(
        s in msg
        for s in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "database is locked",
            "unable to open",
        )
    )
