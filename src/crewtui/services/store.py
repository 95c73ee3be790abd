"""A database the program talks to: its engine, its URL and units of work on it."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..db.engine import make_engine, make_session_factory
from ..db.migrations.state import is_current
from ..db.uow import UnitOfWork, database_error
from ..db.url import normalise_url


class Store:
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._factory: sessionmaker[Session] = make_session_factory(engine)
        # reads begin a deferred transaction on SQLite (see db.engine): they never queue
        # behind another writer, while writes take the write lock up front
        self._read_factory: sessionmaker[Session] = make_session_factory(
            engine.execution_options(crewtui_read_only=True)
        )

    @classmethod
    def open(cls, url: str, *, auto_migrate_sqlite: bool = True) -> Store:
        """Connect and make sure the schema is current (SQLite files are upgraded in place)."""
        url = normalise_url(url)
        engine = make_engine(url)
        try:
            if not is_current(engine):
                from ..db.migrate import ensure_current  # Alembic and the checks: only now

                ensure_current(
                    engine, auto_upgrade=engine.dialect.name == "sqlite" and auto_migrate_sqlite
                )
        except BaseException as exc:
            engine.dispose()
            translated = database_error(exc)  # a server that is down is a message, not a crash
            if translated is not None:
                raise translated from exc
            raise
        return cls(engine, url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self._read_factory if read_only else self._factory)

    def dispose(self) -> None:
        self.engine.dispose()
