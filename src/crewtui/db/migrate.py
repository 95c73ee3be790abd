"""Create, upgrade, roll back and check the schema (Alembic, shipped inside the package).

Alembic is imported lazily: opening the app on an up-to-date database only reads
``alembic_version`` with plain SQLAlchemy and compares it with :data:`HEAD_REVISION`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ..domain.errors import CrewtuiError, SchemaOutOfDate
from .migrations.checks import Check, run_checks
from .migrations.connection import migration_connection, migration_engine, read_engine
from .migrations.legacy import (
    Normalisation,
    RollbackRefused,
    UpgradeRefused,
    check_process_map,
    plan_process_types,
    refuse_rollback,
    refuse_upgrade,
    rollback_blockers,
)
from .migrations.state import (
    BASELINE_REVISION,
    HEAD_REVISION,
    KNOWN_REVISIONS,
    SchemaState,
    StateInfo,
    inspect_state,
    read_revisions,
    table_counts,
)
from .url import database_url, mask_url, normalise_url

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "BASELINE_REVISION",
    "HEAD_REVISION",
    "KNOWN_REVISIONS",
    "Check",
    "RollbackPreview",
    "RollbackRefused",
    "SchemaState",
    "StateInfo",
    "UnknownSchema",
    "UpgradeRefused",
    "UpgradeReport",
    "alembic_config",
    "current",
    "describe_state",
    "ensure_current",
    "migration_engine",
    "rollback",
    "rollback_preview",
    "schema_state",
    "upgrade",
    "upgrade_to_head",
    "verify",
]

SCRIPT_LOCATION = Path(__file__).parent / "migrations"


class UnknownSchema(CrewtuiError):
    """The database holds tables crewtui cannot place in its history; nothing was changed."""

    title = "Unrecognised database schema"
    exit_code = 8


@dataclass
class UpgradeReport:
    """What ``upgrade`` found and did."""

    database: str
    state_before: SchemaState
    revision_before: str | None
    revision_after: str | None
    normalised: list[Normalisation] = field(default_factory=list)
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.revision_before != self.revision_after


@dataclass
class RollbackPreview:
    """What a rollback would drop, restore, or be blocked by."""

    database: str
    state: SchemaState
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    restorable: int = 0
    blockers: list[str] = field(default_factory=list)


# ---- alembic configuration ---------------------------------------------------------------


def alembic_config(url_or_connection: str | Connection | Engine) -> Config:
    """An alembic Config built in code (no alembic.ini): the packaged script folder."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("path_separator", "os")
    if isinstance(url_or_connection, str):
        cfg.set_main_option("sqlalchemy.url", normalise_url(url_or_connection).replace("%", "%%"))
    else:
        cfg.attributes["connection"] = url_or_connection
    return cfg


# ---- state -------------------------------------------------------------------------------


def schema_state(engine: Engine | Connection) -> SchemaState:
    if isinstance(engine, Connection):
        return inspect_state(engine).state
    with engine.connect() as conn:
        return inspect_state(conn).state


def _db_hint(url: str) -> str:
    return f" --db {mask_url(url)}"


def _refuse_state(info: StateInfo, url: str) -> CrewtuiError:
    if info.state == "ahead":
        return SchemaOutOfDate(
            f"The database at {mask_url(url)} was written by a newer crewtui ({info.detail}); "
            "upgrade crewtui itself to use it."
        )
    return UnknownSchema(
        f"The database at {mask_url(url)} has crewtui tables that match no known schema "
        f"({info.detail}). Nothing was changed."
    )


# ---- commands ----------------------------------------------------------------------------


def upgrade(url: str, *, process_map: Mapping[str, str] | None = None) -> UpgradeReport:
    """Bring the database to head in one transaction; see docs/migrations.md for the policy."""
    engine = migration_engine(url)
    try:
        return _upgrade_with(engine, url, check_process_map(process_map))
    finally:
        engine.dispose()


def _upgrade_with(engine: Engine, url: str, mapping: dict[str, str]) -> UpgradeReport:
    from alembic import command

    with migration_connection(engine) as conn:
        info = inspect_state(conn)
        report = UpgradeReport(mask_url(url), info.state, info.revision, info.revision)
        if info.state in ("ahead", "unknown"):
            raise _refuse_state(info, url)
        report.counts_before = table_counts(conn)
        if info.state == "current":
            report.counts_after = dict(report.counts_before)
            return report
        if info.state == "legacy" or info.revision == BASELINE_REVISION:
            # Decide before anything is written; the revision checks again for direct use.
            _, blocking = plan_process_types(conn, mapping)
            if blocking:
                raise refuse_upgrade(blocking, _db_hint(url))
        cfg = alembic_config(conn)
        cfg.attributes["process_map"] = mapping
        cfg.attributes["db_hint"] = _db_hint(url)
        if info.state == "legacy":
            command.stamp(cfg, BASELINE_REVISION)
        command.upgrade(cfg, "head")
        report.normalised = list(cfg.attributes.get("normalised", []))
        report.revision_after = inspect_state(conn).revision
        report.counts_after = table_counts(conn)
        return report


def upgrade_to_head(url: str) -> None:
    upgrade(url)


def rollback_preview(url: str) -> RollbackPreview:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            info = inspect_state(conn)
            preview = RollbackPreview(mask_url(url), info.state, info.revision)
            if info.state in ("current", "outdated"):
                preview.counts = table_counts(conn)
                if "crewtui_legacy_values" in preview.counts:
                    preview.restorable = preview.counts["crewtui_legacy_values"]
                if info.revision != BASELINE_REVISION:
                    preview.blockers = [
                        f"task '{b.row_name}' (id {b.row_id}): task_type {b.value!r}"
                        for b in rollback_blockers(conn)
                    ]
            return preview
    finally:
        engine.dispose()


def rollback(url: str) -> None:
    """Back to the legacy schema (the design's rollback plan), in one transaction."""
    from alembic import command

    engine = migration_engine(url)
    try:
        with migration_connection(engine) as conn:
            info = inspect_state(conn)
            if info.state in ("legacy", "empty"):
                return
            if info.state in ("ahead", "unknown"):
                raise _refuse_state(info, url)
            if info.revision != BASELINE_REVISION:
                blocking = rollback_blockers(conn)
                if blocking:
                    raise refuse_rollback(blocking)
                command.downgrade(alembic_config(conn), BASELINE_REVISION)
            # The legacy schema had no migration history; without it the database is
            # recognised as legacy again and a later upgrade starts from the baseline.
            conn.execute(sa.text("DROP TABLE alembic_version"))
    finally:
        engine.dispose()


def current(url: str) -> str | None:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            revisions = read_revisions(conn)
            return revisions[0] if revisions else None
    finally:
        engine.dispose()


def describe_state(url: str) -> StateInfo:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            return inspect_state(conn)
    finally:
        engine.dispose()


def verify(url: str) -> list[Check]:
    """The design's validation queries and a few more; each check passes or says why not."""
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            info = inspect_state(conn)
            return run_checks(conn, info.state, info.revision, HEAD_REVISION)
    finally:
        engine.dispose()


def ensure_current(engine_or_url: Engine | str, *, auto_upgrade: bool) -> None:
    """Called when the app opens a database.

    SQLite (with ``auto_upgrade``) is created or upgraded silently. PostgreSQL is never
    migrated here: an out-of-date schema raises :class:`SchemaOutOfDate` naming the command.
    """
    if isinstance(engine_or_url, Engine):
        url = engine_or_url.url.render_as_string(hide_password=False)
        engine, own = engine_or_url, False
    else:
        url = database_url(engine_or_url).render_as_string(hide_password=False)
        engine, own = read_engine(url), True
    try:
        with engine.connect() as conn:
            if read_revisions(conn) == [HEAD_REVISION]:
                return
            info = inspect_state(conn)
    finally:
        if own:
            engine.dispose()
    if info.state in ("ahead", "unknown"):
        raise _refuse_state(info, url)
    if auto_upgrade and engine.dialect.name == "sqlite":
        if engine.url.database in (None, "", ":memory:"):
            _upgrade_with(engine, url, {})  # another engine would see another database
        else:
            upgrade(url)
        return
    what = {
        "empty": "has no crewtui schema yet",
        "legacy": "has the legacy schema (no migration history)",
        "outdated": f"is at schema revision {info.revision}, this crewtui needs {HEAD_REVISION}",
    }.get(info.state, info.state)
    raise SchemaOutOfDate(
        f"The database at {mask_url(url)} {what}. Run:\n  crewtui db upgrade --db {mask_url(url)}"
    )
