"""crewtui.db.migrate: states, start-up behaviour, and what other writers get from the schema."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from crewtui.db import migrate
from crewtui.db.engine import make_engine
from crewtui.db.migrations.legacy import UpgradeRefused
from crewtui.domain.errors import SchemaOutOfDate

from .legacy_fixture import create_legacy


def _exec(url: str, sql: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(sql))
    engine.dispose()


def _state(url: str) -> str:
    engine = make_engine(url)
    try:
        return migrate.schema_state(engine)
    finally:
        engine.dispose()


def test_revision_constants_match_the_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config(""))
    assert scripts.get_heads() == [migrate.HEAD_REVISION]
    history = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(history) == migrate.KNOWN_REVISIONS


def test_states(backend_url: str) -> None:
    from alembic import command

    assert _state(backend_url) == "empty"
    command.upgrade(migrate.alembic_config(backend_url), "0002_expansion")
    assert _state(backend_url) == "outdated"
    assert migrate.current(backend_url) == "0002_expansion"
    migrate.upgrade(backend_url)
    assert _state(backend_url) == "current"
    _exec(backend_url, "UPDATE alembic_version SET version_num = '9999_future'")
    assert _state(backend_url) == "ahead"
    with pytest.raises(SchemaOutOfDate, match="newer crewtui"):
        migrate.upgrade(backend_url)


def test_legacy_and_unknown(backend_url: str) -> None:
    create_legacy(backend_url, seed=False)
    assert _state(backend_url) == "legacy"
    _exec(backend_url, "DROP TABLE crewai_flow_executions")
    assert _state(backend_url) == "unknown"
    with pytest.raises(migrate.UnknownSchema, match="crewai_flow_executions"):
        migrate.upgrade(backend_url)


def test_upgrade_twice_is_a_no_op(backend_url: str) -> None:
    first = migrate.upgrade(backend_url)
    assert first.changed and first.state_before == "empty"
    second = migrate.upgrade(backend_url)
    assert not second.changed
    assert second.state_before == "current"


def test_ensure_current_creates_and_upgrades_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate.ensure_current(url, auto_upgrade=True)
    assert migrate.current(url) == migrate.HEAD_REVISION
    legacy = f"sqlite:///{tmp_path / 'legacy.db'}"
    create_legacy(legacy)
    engine = make_engine(legacy)
    migrate.ensure_current(engine, auto_upgrade=True)
    engine.dispose()
    assert migrate.current(legacy) == migrate.HEAD_REVISION


def test_postgresql_is_never_upgraded_behind_the_users_back(pg_url: str) -> None:
    for state, prepare in (("no crewtui schema", None), ("legacy schema", create_legacy)):
        if prepare:
            prepare(pg_url, seed=False)
        with pytest.raises(SchemaOutOfDate) as caught:
            migrate.ensure_current(pg_url, auto_upgrade=True)
        assert state in caught.value.message
        assert f"crewtui db upgrade --db {pg_url}" in caught.value.message
        assert migrate.current(pg_url) is None
    from alembic import command

    command.stamp(migrate.alembic_config(pg_url), migrate.BASELINE_REVISION)
    command.upgrade(migrate.alembic_config(pg_url), "0002_expansion")
    with pytest.raises(SchemaOutOfDate, match="0002_expansion"):
        migrate.ensure_current(pg_url, auto_upgrade=True)
    migrate.upgrade(pg_url)
    migrate.ensure_current(pg_url, auto_upgrade=False)


def test_password_is_masked_in_the_message(pg_url: str) -> None:
    # trust authentication ignores the password, so the URL still reaches the database
    url = sa.make_url(pg_url).set(password="s3cret").render_as_string(hide_password=False)
    with pytest.raises(SchemaOutOfDate) as caught:
        migrate.ensure_current(url, auto_upgrade=False)
    assert "s3cret" not in caught.value.message
    assert "crewtui db upgrade --db postgresql+psycopg://postgres:****@" in caught.value.message


def test_up_to_date_sqlite_start_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    migrate.upgrade(url)
    code = (
        "import sys\n"
        "from crewtui.db.migrate import ensure_current\n"
        f"ensure_current({url!r}, auto_upgrade=True)\n"
        "print('alembic' in sys.modules)\n"
    )
    src = Path(migrate.__file__).parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "False"


def test_other_writers_get_updated_at(backend_url: str) -> None:
    migrate.upgrade(backend_url)
    tables = ("agent_tools", "crewai_agents", "agent_departments")
    engine = sa.create_engine(backend_url)
    old = "2001-01-01 00:00:00"
    ids = {}
    with engine.begin() as conn:
        dept = uuid.uuid4()
        ids["agent_departments"] = dept
        conn.execute(
            sa.table(
                "agent_departments",
                sa.column("id", sa.Uuid()),
                sa.column("department_key"),
                sa.column("name"),
                sa.column("updated_at"),
            )
            .insert()
            .values(id=dept, department_key="d", name="D", updated_at=old)
        )
        tool = uuid.uuid4()
        ids["agent_tools"] = tool
        conn.execute(
            sa.table(
                "agent_tools",
                sa.column("id", sa.Uuid()),
                sa.column("tool_key"),
                sa.column("name"),
                sa.column("updated_at"),
            )
            .insert()
            .values(id=tool, tool_key="t", name="T", updated_at=old)
        )
        agent = uuid.uuid4()
        ids["crewai_agents"] = agent
        conn.execute(
            sa.table(
                "crewai_agents",
                sa.column("id", sa.Uuid()),
                sa.column("agent_key"),
                sa.column("name"),
                sa.column("role"),
                sa.column("goal"),
                sa.column("backstory"),
                sa.column("updated_at"),
            )
            .insert()
            .values(
                id=agent, agent_key="a", name="A", role="r", goal="g", backstory="b", updated_at=old
            )
        )
    with engine.begin() as conn:
        for table in tables:
            conn.execute(sa.text(f"UPDATE {table} SET name = 'renamed'"))
    with engine.connect() as conn:
        for table in tables:
            value: object = conn.execute(sa.text(f"SELECT updated_at FROM {table}")).scalar_one()
            assert not str(value).startswith("2001"), table
    engine.dispose()


def test_two_active_deployments_block_the_last_revision(backend_url: str) -> None:
    from alembic import command

    command.upgrade(migrate.alembic_config(backend_url), "0002_expansion")
    agent = uuid.uuid4()
    engine = sa.create_engine(backend_url)
    with engine.begin() as conn:
        conn.execute(
            sa.table(
                "crewai_agents",
                sa.column("id", sa.Uuid()),
                sa.column("agent_key"),
                sa.column("name"),
                sa.column("role"),
                sa.column("goal"),
                sa.column("backstory"),
            )
            .insert()
            .values(id=agent, agent_key="a", name="A", role="r", goal="g", backstory="b")
        )
        deployments = sa.table(
            "agent_code_deployments",
            sa.column("id", sa.Uuid()),
            sa.column("agent_id", sa.Uuid()),
            sa.column("agent_key"),
            sa.column("generated_code"),
            sa.column("is_active", sa.Boolean()),
        )
        for _ in range(2):
            conn.execute(
                deployments.insert().values(
                    id=uuid.uuid4(),
                    agent_id=agent,
                    agent_key="a",
                    generated_code="x",
                    is_active=True,
                )
            )
    engine.dispose()
    with pytest.raises(UpgradeRefused, match="agent 'a'"):
        migrate.upgrade(backend_url)
    assert migrate.current(backend_url) == "0002_expansion"
