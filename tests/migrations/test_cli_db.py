"""``crewtui db upgrade|current|verify|rollback`` through click's runner."""

from __future__ import annotations

import json

import sqlalchemy as sa
from click.testing import CliRunner, Result

from crewtui.cli import cli
from crewtui.db import migrate

from .legacy_fixture import rid


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def test_upgrade_current_verify_rollback(legacy_url: str) -> None:
    result = run("db", "current", "--db", legacy_url)
    assert result.exit_code == 0
    assert "(none)" in result.output and "legacy schema" in result.output

    result = run("db", "verify", "--db", legacy_url)
    assert result.exit_code == 1
    assert "FAIL  schema at the current revision" in result.output

    result = run("db", "upgrade", "--db", legacy_url)
    assert result.exit_code == 0, result.output
    assert (
        "Found the legacy schema without migration history; "
        f"upgraded to {migrate.HEAD_REVISION}." in result.output
    )
    assert "crewai_agents" in result.output and "30 -> 30" in result.output
    assert "agent_memory_configs" in result.output and "new table" in result.output

    result = run("db", "upgrade", "--db", legacy_url)
    assert result.exit_code == 0
    assert "nothing to do" in result.output

    result = run("db", "current", "--db", legacy_url)
    assert result.output.startswith(f"{migrate.HEAD_REVISION}  the current schema")

    result = run("db", "verify", "--db", legacy_url)
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert "ok    new columns hold their defaults" in result.output

    result = run("db", "verify", "--json", "--db", legacy_url)
    checks = json.loads(result.output)
    assert checks and all(c["passed"] for c in checks)
    assert {"name", "passed", "detail"} <= set(checks[0])

    result = run("db", "rollback", "--db", legacy_url, input="n\n")
    assert result.exit_code == 1
    assert "Nothing was changed." in result.output
    assert migrate.current(legacy_url) == migrate.HEAD_REVISION

    result = run("db", "rollback", "--yes", "--db", legacy_url)
    assert result.exit_code == 0, result.output
    assert "Rolled back to the legacy schema" in result.output
    assert migrate.current(legacy_url) is None


def test_group_level_db_option(legacy_url: str) -> None:
    result = run("--db", legacy_url, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert migrate.current(legacy_url) == migrate.HEAD_REVISION


def test_refused_upgrade_and_mapping(legacy_url: str) -> None:
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        conn.execute(
            sa.table(
                "crewai_crews",
                sa.column("id", sa.Uuid()),
                sa.column("crew_name"),
                sa.column("crew_type"),
            )
            .insert()
            .values(id=rid("crew", "fast"), crew_name="fast-lane", crew_type="Parallel")
        )
    engine.dispose()

    result = run("db", "upgrade", "--db", legacy_url)
    assert result.exit_code == 2
    assert "Upgrade not started" in result.output
    assert f"crew 'fast-lane' (id {rid('crew', 'fast')}): crew_type 'Parallel'" in result.output
    assert "--map-process parallel=sequential" in result.output
    assert migrate.current(legacy_url) is None

    result = run("db", "upgrade", "--db", legacy_url, "--map-process", "parallel=fast")
    assert result.exit_code == 2
    assert "must be one of" in result.output

    result = run("db", "upgrade", "--db", legacy_url, "--map-process", "parallel=sequential")
    assert result.exit_code == 0, result.output
    assert "Normalised 1 legacy value(s)" in result.output
    assert "'Parallel' -> 'sequential' (mapped explicitly)" in result.output

    result = run("db", "rollback", "--yes", "--db", legacy_url)
    assert "1 recorded legacy value(s) will be put back." in result.output
    engine = sa.create_engine(legacy_url)
    with engine.connect() as conn:
        value: object = conn.execute(
            sa.text("SELECT crew_type FROM crewai_crews WHERE crew_name = 'fast-lane'")
        ).scalar_one()
    engine.dispose()
    assert value == "Parallel"


def test_rollback_blocked_by_custom_task_type(legacy_url: str) -> None:
    assert run("db", "upgrade", "--db", legacy_url).exit_code == 0
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE crewai_tasks SET task_type = 'due_diligence' WHERE name = 'competitive'"
            )
        )
    engine.dispose()
    result = run("db", "rollback", "--yes", "--db", legacy_url)
    assert result.exit_code == 2
    assert "task_type 'due_diligence'" in result.output
    assert "Nothing was changed." in result.output
    assert migrate.current(legacy_url) == migrate.HEAD_REVISION


def test_row_level_security_needs_postgresql(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/app.db"
    result = run("db", "upgrade", "--with-rls", "--db", url)
    assert result.exit_code == 2
    assert "only on PostgreSQL" in result.output
    assert migrate.current(url) is None


def test_unreachable_database_is_a_message() -> None:
    result = run("db", "current", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 7
    assert "could not be used" in result.output
    assert "Traceback" not in result.output
