"""Phase 2 of the schema design on a legacy database, and the rollback plan, on both backends."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from crewtui.db import migrate
from crewtui.db.models import AgentRow, CrewRow, TaskRow

from ..conftest import require_postgres
from ..dbutil import scratch_postgres
from .legacy_fixture import SHARED_FIXTURE, TASK_TYPES, create_legacy, load_sql_file, rid
from .snapshot import diff, dump_url, snapshot_url

AGENT_DEFAULTS = {
    "max_rpm": 0,
    "max_iter": 25,
    "max_execution_time": 0,
    "max_retry_limit": 2,
    "allow_delegation": True,
    "allow_code_execution": False,
    "code_execution_mode": "safe",
    "respect_context_window": True,
    "cache_enabled": True,
    "memory_enabled": False,
    "memory_config_id": None,
    "reasoning_enabled": False,
    "max_reasoning_attempts": 3,
    "system_template": None,
    "prompt_template": None,
    "response_template": None,
    "inject_date": False,
    "date_format": "YYYY-MM-DD",
    "multimodal_enabled": False,
    "function_calling_llm": None,
    "use_system_prompt": True,
    "knowledge_sources": [],
    "embedder_config": None,
    "verbose": False,
    "step_callback_url": None,
    "version": 1,
}
CREW_DEFAULTS = {
    "verbose": False,
    "manager_llm": None,
    "function_calling_llm": None,
    "planning_enabled": False,
    "planning_llm": None,
    "memory_enabled": False,
    "max_rpm": 0,
    "cache_enabled": True,
    "step_callback_url": None,
    "task_callback_url": None,
    "output_log_file": None,
    "config_file_path": None,
    "prompt_file_path": None,
    "share_crew": False,
    "version": 1,
}
TASK_DEFAULTS = {
    "expected_output": None,
    "async_execution": False,
    "human_input": False,
    "markdown_enabled": False,
    "output_file": None,
    "output_json_schema": None,
    "output_pydantic_schema": None,
    "create_directory": False,
    "guardrail_function": None,
    "guardrail_max_retries": 3,
    "context_task_ids": None,
    "tools": None,
    "callback_url": None,
    "version": 1,
}


def _assert_defaults(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        with Session(engine) as s:
            for model, defaults in (
                (AgentRow, AGENT_DEFAULTS),
                (CrewRow, CREW_DEFAULTS),
                (TaskRow, TASK_DEFAULTS),
            ):
                rows = s.scalars(sa.select(model)).all()
                assert rows
                for row in rows:
                    assert isinstance(row, AgentRow | CrewRow | TaskRow)
                    got = {k: getattr(row, k) for k in defaults}
                    assert got == defaults, (model.__tablename__, row.id)
    finally:
        engine.dispose()


def _upgrade_and_compare(url: str) -> None:
    before = dump_url(url)
    assert migrate.schema_state(sa.create_engine(url)) == "legacy"
    report = migrate.upgrade(url)
    assert report.state_before == "legacy"
    assert report.revision_after == migrate.HEAD_REVISION
    assert report.normalised == []
    for table, rows in before.items():
        assert report.counts_before[table] == report.counts_after[table] == len(rows)
    assert dump_url(url) == before
    _assert_defaults(url)
    failed = [c for c in migrate.verify(url) if not c.passed]
    assert failed == []


def test_upgrade_keeps_every_legacy_value_and_sets_defaults(legacy_url: str) -> None:
    _upgrade_and_compare(legacy_url)
    counts = migrate.upgrade(legacy_url).counts_after
    assert counts["crewai_agents"] == 30
    assert counts["agent_departments"] == 11
    assert counts["crewai_crews"] == 2
    assert counts["crewai_tasks"] == 8


def test_upgrade_names_and_orders_tasks(legacy_url: str) -> None:
    migrate.upgrade(legacy_url)
    engine = sa.create_engine(legacy_url)
    with Session(engine) as s:
        tasks = s.scalars(
            sa.select(TaskRow)
            .where(TaskRow.crew_id == rid("crew", "venture-research"))
            .order_by(TaskRow.sequence_order)
        ).all()
        assert [(t.sequence_order, t.name) for t in tasks] == list(enumerate(TASK_TYPES))
        crew = s.get(CrewRow, rid("crew", "board-briefing"))
        assert crew is not None
        assert crew.process_type == "hierarchical"
        assert crew.manager_agent_id == rid("agent", "board-secretary")
        assert rid("agent", "board-secretary") not in {m.agent_id for m in crew.members}
        agent = s.get(AgentRow, rid("agent", "pain-point-researcher"))
        assert agent is not None and agent.temperature == Decimal("0.20")
    engine.dispose()


def test_rollback_restores_legacy_schema_and_values(legacy_url: str, fresh_legacy_url: str) -> None:
    before = dump_url(legacy_url)
    migrate.upgrade(legacy_url)
    migrate.rollback(legacy_url)
    assert migrate.current(legacy_url) is None
    assert migrate.describe_state(legacy_url).state == "legacy"
    assert diff(snapshot_url(legacy_url), snapshot_url(fresh_legacy_url)) == []
    assert dump_url(legacy_url) == before
    # and the way back up still works
    _upgrade_and_compare(legacy_url)


def test_baseline_revision_is_the_legacy_schema(backend_url: str, fresh_legacy_url: str) -> None:
    from alembic import command

    command.upgrade(migrate.alembic_config(backend_url), migrate.BASELINE_REVISION)
    assert diff(snapshot_url(backend_url), snapshot_url(fresh_legacy_url)) == []


def test_upgrade_does_not_touch_updated_at(legacy_url: str) -> None:
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE crewai_tasks SET updated_at = '2001-02-03 04:05:06'"))
        conn.execute(
            sa.text(
                "UPDATE crewai_crews SET crew_type = 'Sequential', updated_at = '2001-02-03 "
                "04:05:06'"
            )
        )
    engine.dispose()
    before = {
        t: rows for t, rows in dump_url(legacy_url).items() if t in ("crewai_tasks", "crewai_crews")
    }
    migrate.upgrade(legacy_url)
    after = dump_url(legacy_url)
    assert after["crewai_tasks"] == before["crewai_tasks"]
    # only the normalised process type differs; the timestamps stay
    assert [r[-1] for r in after["crewai_crews"]] == [r[-1] for r in before["crewai_crews"]]
    migrate.rollback(legacy_url)
    assert dump_url(legacy_url)["crewai_crews"] == before["crewai_crews"]


@pytest.mark.skipif(not SHARED_FIXTURE.exists(), reason="the shared legacy fixture is not present")
def test_shared_fixture_upgrade_and_rollback_on_postgresql() -> None:
    require_postgres()
    with scratch_postgres("shared") as url, scratch_postgres("generated") as generated:
        load_sql_file(url, SHARED_FIXTURE)
        create_legacy(generated, seed=False)
        # The generated legacy schema is the shared fixture's schema.
        assert diff(snapshot_url(url), snapshot_url(generated)) == []
        before = dump_url(url)
        assert sum(len(r) for r in before.values()) == 1 + 11 + 30 + 2 + 8 + 8 + 10 + 3 + 1 + 2
        _upgrade_and_compare(url)
        migrate.rollback(url)
        assert diff(snapshot_url(url), snapshot_url(generated)) == []
        assert dump_url(url) == before
        _upgrade_and_compare(url)


def test_upgraded_legacy_database_has_the_same_schema_as_a_new_one(
    legacy_url: str, fresh_legacy_url: str
) -> None:
    # fresh_legacy_url is only used for its backend's scratch space: empty it and build at head
    engine = sa.create_engine(fresh_legacy_url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).all():
                conn.exec_driver_sql(f"DROP TABLE {name}")
    engine.dispose()
    assert migrate.upgrade(fresh_legacy_url).state_before == "empty"
    migrate.upgrade(legacy_url)
    assert diff(snapshot_url(legacy_url), snapshot_url(fresh_legacy_url)) == []
