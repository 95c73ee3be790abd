"""The schema at head, as the database itself enforces it, on both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from crewtui.db import migrate
from crewtui.db.engine import make_engine

SPEC_INDEXES = {
    "idx_crewai_agents_memory": ("crewai_agents", True),
    "idx_crewai_agents_reasoning": ("crewai_agents", True),
    "idx_crewai_agents_multimodal": ("crewai_agents", True),
    "idx_crewai_agents_code_exec": ("crewai_agents", True),
    "idx_crewai_crews_process": ("crewai_crews", False),
    "idx_crewai_crews_planning": ("crewai_crews", True),
    "idx_crewai_crews_memory": ("crewai_crews", True),
    "idx_crewai_tasks_async": ("crewai_tasks", True),
    "idx_crewai_tasks_human_input": ("crewai_tasks", True),
    "idx_memory_configs_storage": ("agent_memory_configs", False),
    "idx_code_deployments_agent": ("agent_code_deployments", False),
    "idx_code_deployments_status": ("agent_code_deployments", False),
    "idx_code_deployments_active": ("agent_code_deployments", True),
    "idx_code_deployments_review": ("agent_code_deployments", True),
    "idx_code_deployments_git": ("agent_code_deployments", False),
    "uq_code_deployments_one_active": ("agent_code_deployments", True),
    "idx_crewai_tasks_crew_order": ("crewai_tasks", False),
}


@pytest.fixture
def head(backend_url: str) -> Iterator[Engine]:
    migrate.upgrade(backend_url)
    engine = make_engine(backend_url)  # the app's engine: foreign keys on for SQLite
    yield engine
    engine.dispose()


def _index_sql(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(
                sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
            )
        else:
            rows = conn.execute(
                sa.text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                )
            )
        return {str(name): str(sql) for name, sql in rows}


def test_column_counts(head: Engine) -> None:
    insp = sa.inspect(head)
    count = {t: len(insp.get_columns(t)) for t in ("crewai_agents", "crewai_crews", "crewai_tasks")}
    # 42 / 22 / 28 from the design, plus version (and task name, sequence_order), the model
    # endpoint (six agent columns, two crew columns), owner and crewai_settings
    assert count == {"crewai_agents": 51, "crewai_crews": 28, "crewai_tasks": 33}
    assert "crew_type" not in {c["name"] for c in insp.get_columns("crewai_crews")}


def test_named_indexes_partial_and_gin(head: Engine) -> None:
    sql = _index_sql(head)
    for name, (table, partial) in SPEC_INDEXES.items():
        assert name in sql, name
        assert table in sql[name]
        assert ("WHERE" in sql[name].upper()) == partial, name
    if head.dialect.name == "postgresql":
        assert "USING gin (context_task_ids)" in sql["idx_crewai_tasks_context"]
    else:
        assert "idx_crewai_tasks_context" not in sql


def test_comments_on_postgresql(head: Engine) -> None:
    if head.dialect.name != "postgresql":
        pytest.skip("SQLite has no comments")
    insp = sa.inspect(head)
    comments = {c["name"]: c.get("comment") for c in insp.get_columns("crewai_crews")}
    assert (comments["process_type"] or "").startswith("Crew execution process: sequential")
    assert (insp.get_table_comment("agent_code_deployments")["text"] or "").startswith(
        "Track dynamically generated"
    )


def _agent(conn: sa.Connection, **values: object) -> uuid.UUID:
    agent_id = uuid.uuid4()
    cols = {
        "id": agent_id,
        "agent_key": f"a-{agent_id.hex[:8]}",
        "name": "A",
        "role": "r",
        "goal": "g",
        "backstory": "b",
        **values,
    }
    conn.execute(
        sa.table(
            "crewai_agents", *(sa.column(k, sa.Uuid() if k.endswith("id") else None) for k in cols)
        )
        .insert()
        .values(**cols)
    )
    return agent_id


def test_constraints(head: Engine) -> None:
    with head.begin() as conn, pytest.raises(IntegrityError):
        _agent(conn, code_execution_mode="docker")
    with head.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(
            sa.text(
                "INSERT INTO crewai_crews (id, crew_name, process_type) VALUES (:i, 'c', "
                "'parallel')"
            ),
            {"i": uuid.uuid4().hex},
        )
    with head.begin() as conn:
        # custom task types are allowed now
        conn.execute(
            sa.table(
                "crewai_tasks",
                sa.column("id", sa.Uuid()),
                sa.column("name"),
                sa.column("task_type"),
            )
            .insert()
            .values(id=uuid.uuid4(), name="x", task_type="due_diligence")
        )


def test_memory_config_delete_sets_null(head: Engine) -> None:
    memory = uuid.uuid4()
    with head.begin() as conn:
        conn.execute(
            sa.table("agent_memory_configs", sa.column("id", sa.Uuid()), sa.column("name"))
            .insert()
            .values(id=memory, name="m")
        )
        agent = _agent(conn, memory_config_id=memory)
    with head.begin() as conn:
        conn.execute(sa.text("DELETE FROM agent_memory_configs"))
    with head.connect() as conn:
        value: object = conn.execute(
            sa.select(sa.column("memory_config_id"))
            .select_from(sa.table("crewai_agents"))
            .where(sa.column("id", sa.Uuid()) == agent)
        ).scalar_one()
    assert value is None


def test_one_active_deployment_per_agent(head: Engine) -> None:
    deployments = sa.table(
        "agent_code_deployments",
        sa.column("id", sa.Uuid()),
        sa.column("agent_id", sa.Uuid()),
        sa.column("agent_key"),
        sa.column("generated_code"),
        sa.column("is_active", sa.Boolean()),
    )
    with head.begin() as conn:
        agent = _agent(conn)
        for active in (True, False, False):
            conn.execute(
                deployments.insert().values(
                    id=uuid.uuid4(),
                    agent_id=agent,
                    agent_key="a",
                    generated_code="x",
                    is_active=active,
                )
            )
    with head.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(
            deployments.insert().values(
                id=uuid.uuid4(), agent_id=agent, agent_key="a", generated_code="x", is_active=True
            )
        )
