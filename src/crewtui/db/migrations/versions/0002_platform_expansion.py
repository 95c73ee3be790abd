"""Platform expansion: Phase 1 of the schema design (20251106000000_crewai_full_platform_schema).

New tables ``agent_memory_configs`` and ``agent_code_deployments``; the added agent, crew and
task columns with their defaults; ``crew_type`` renamed ``process_type`` with
``check_process_type``; the legacy four-value ``task_type`` CHECK dropped (custom types);
the named indexes (partial where the design says WHERE, GIN only on PostgreSQL); triggers
and comments on PostgreSQL. ``crewtui_legacy_values`` is created first, because the
process-type normalisation that must precede ``check_process_type`` records into it.

The downgrade is the design's rollback plan, plus putting recorded legacy values back.

Revision ID: 0002_expansion
Revises: 0001_legacy
Create Date: 2025-11-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from crewtui.db.migrations import legacy
from crewtui.db.migrations.ddl import (
    fk,
    id_column,
    is_pg,
    pg_drop_touch_trigger,
    pg_touch_trigger,
    pk,
    ts_column,
    unique,
    updated_at_kept,
)
from crewtui.db.types import JsonB, TextArray, UuidArray

revision: str = "0002_expansion"
down_revision: str | Sequence[str] | None = "0001_legacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

t = sa.text
C = sa.Column


def _flag(name: str, default: bool, comment: str | None = None) -> sa.Column[object]:
    return C(name, sa.Boolean(), server_default=t("true" if default else "false"), comment=comment)


def _int(name: str, default: int, comment: str | None = None) -> sa.Column[object]:
    return C(name, sa.Integer(), server_default=t(str(default)), comment=comment)


def agent_columns() -> list[sa.Column[object]]:
    return [
        _int("max_rpm", 0, "Requests per minute limit (0=unlimited)"),
        _int("max_iter", 25, "Max iterations per task execution"),
        _int("max_execution_time", 0, "Max execution time in seconds (0=unlimited)"),
        _int("max_retry_limit", 2),
        _flag("allow_delegation", True),
        _flag("allow_code_execution", False),
        C("code_execution_mode", sa.String(20), server_default=t("'safe'")),
        _flag("respect_context_window", True),
        _flag("cache_enabled", True),
        _flag(
            "memory_enabled",
            False,
            "Enable CrewAI 1.3.0 memory system (short/long/entity/contextual/user)",
        ),
        C("memory_config_id", sa.Uuid()),
        _flag("reasoning_enabled", False, "Enable chain-of-thought reasoning (CrewAI 1.3.0)"),
        _int("max_reasoning_attempts", 3),
        C("system_template", sa.Text()),
        C("prompt_template", sa.Text()),
        C("response_template", sa.Text()),
        _flag("inject_date", False),
        C("date_format", sa.String(50), server_default=t("'YYYY-MM-DD'")),
        _flag("multimodal_enabled", False, "Enable image processing (CrewAI 1.3.0)"),
        C(
            "function_calling_llm",
            sa.String(50),
            comment="Separate LLM for function calls (can differ from main LLM)",
        ),
        _flag("use_system_prompt", True),
        C(
            "knowledge_sources",
            JsonB,
            server_default=t("'[]'"),
            comment="Array of knowledge source configs for RAG integration",
        ),
        C("embedder_config", JsonB),
        _flag("verbose", False),
        C("step_callback_url", sa.Text()),
    ]


def crew_columns() -> list[sa.Column[object]]:
    return [
        _flag("verbose", False),
        C(
            "manager_llm",
            sa.String(50),
            comment="Separate LLM for manager agent in hierarchical crews",
        ),
        C("function_calling_llm", sa.String(50)),
        _flag(
            "planning_enabled", False, "Enable crew-level planning before execution (CrewAI 1.3.0)"
        ),
        C("planning_llm", sa.String(50), comment="Separate LLM for planning phase"),
        _flag("memory_enabled", False),
        _int("max_rpm", 0),
        _flag("cache_enabled", True),
        C("step_callback_url", sa.Text()),
        C("task_callback_url", sa.Text()),
        C("output_log_file", sa.Text()),
        C("config_file_path", sa.Text()),
        C("prompt_file_path", sa.Text()),
        _flag("share_crew", False, "Make crew available to other users/organizations"),
    ]


def task_columns() -> list[sa.Column[object]]:
    return [
        C("expected_output", sa.Text(), comment="Clear description of expected task output format"),
        _flag("async_execution", False, "Execute task asynchronously (non-blocking)"),
        _flag("human_input", False, "Require human approval before task completion"),
        _flag("markdown_enabled", False),
        C("output_file", sa.Text()),
        C("output_json_schema", JsonB, comment="JSON schema for structured task output validation"),
        C("output_pydantic_schema", sa.Text()),
        _flag("create_directory", False),
        C(
            "guardrail_function",
            sa.Text(),
            comment="Validation function name for output quality checks",
        ),
        _int("guardrail_max_retries", 3),
        C(
            "context_task_ids",
            UuidArray(),
            comment="Array of task IDs whose outputs provide context for this task",
        ),
        C("tools", TextArray()),
        C("callback_url", sa.Text()),
    ]


PROCESS_COMMENT = (
    "Crew execution process: sequential (one-by-one), hierarchical (manager delegates), "
    "consensual (vote-based)"
)


def _partial(
    name: str,
    table: str,
    columns: list[str],
    pg_where: str,
    sqlite_where: str,
    unique: bool = False,
) -> None:
    op.create_index(
        name,
        table,
        columns,
        unique=unique,
        postgresql_where=t(pg_where),
        sqlite_where=t(sqlite_where),
    )


def _flag_index(name: str, table: str, column: str) -> None:
    _partial(name, table, [column], f"{column} = true", f"{column} = 1")


INDEXES = {
    "crewai_agents": [
        "idx_crewai_agents_memory",
        "idx_crewai_agents_reasoning",
        "idx_crewai_agents_multimodal",
        "idx_crewai_agents_code_exec",
    ],
    "crewai_crews": [
        "idx_crewai_crews_process",
        "idx_crewai_crews_planning",
        "idx_crewai_crews_memory",
    ],
    "crewai_tasks": ["idx_crewai_tasks_async", "idx_crewai_tasks_human_input"],
}


def upgrade() -> None:
    bind = op.get_bind()
    attributes = context.config.attributes
    changes, blocking = legacy.plan_process_types(bind, attributes.get("process_map"))
    if blocking:
        raise legacy.refuse_upgrade(blocking, attributes.get("db_hint", ""))

    op.create_table(
        "crewtui_legacy_values",
        id_column(),
        C("table_name", sa.String(100), nullable=False),
        C("row_id", sa.Uuid(), nullable=False),
        C("column_name", sa.String(100), nullable=False),
        C("original_value", sa.Text()),
        C("new_value", sa.Text()),
        ts_column("recorded_at"),
        pk("crewtui_legacy_values"),
        unique("crewtui_legacy_values", "table_name", "row_id", "column_name"),
    )
    with updated_at_kept("crewai_crews"):
        legacy.apply_normalisations(bind, changes, uuid_type=sa.Uuid())
    attributes.setdefault("normalised", []).extend(changes)

    op.create_table(
        "agent_memory_configs",
        id_column(),
        _flag(
            "short_term_enabled", True, "Enable short-term conversational memory (recent messages)"
        ),
        _flag("long_term_enabled", False, "Enable long-term persistent memory across sessions"),
        _flag("entity_enabled", False, "Enable entity extraction and relationship tracking"),
        _flag("contextual_enabled", False),
        _flag("user_enabled", False),
        C("storage_type", sa.String(50), server_default=t("'postgresql'")),
        C("storage_connection_string", sa.Text()),
        _int("short_term_max_messages", 10),
        _int("long_term_max_kb", 1000),
        _int("entity_max_count", 100),
        C("embedder_provider", sa.String(50), server_default=t("'openai'")),
        C(
            "embedder_model",
            sa.String(100),
            server_default=t("'text-embedding-ada-002'"),
            comment=(
                "Embedding model for semantic memory search (OpenAI default: "
                "text-embedding-ada-002)"
            ),
        ),
        _int("embedder_dimensions", 1536),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("agent_memory_configs"),
        sa.CheckConstraint(
            "storage_type IN ('postgresql', 'redis', 'file')",
            name=op.f("agent_memory_configs_storage_type_check"),
        ),
        sa.CheckConstraint(
            "embedder_provider IN ('openai', 'cohere', 'huggingface')",
            name=op.f("agent_memory_configs_embedder_provider_check"),
        ),
        comment=(
            "CrewAI 1.3.0 memory system configurations (short/long/entity/contextual/user memory)"
        ),
    )

    with op.batch_alter_table("crewai_agents") as batch:
        for column in agent_columns():
            batch.add_column(column)
        batch.create_check_constraint(
            op.f("crewai_agents_code_execution_mode_check"),
            "code_execution_mode IN ('safe', 'unsafe')",
        )
        batch.create_foreign_key(
            op.f("crewai_agents_memory_config_id_fkey"),
            "agent_memory_configs",
            ["memory_config_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("crewai_crews") as batch:
        batch.alter_column(
            "crew_type",
            new_column_name="process_type",
            existing_type=sa.String(50),
            server_default=t("'sequential'"),
            existing_server_default=t("'sequential'"),
            comment=PROCESS_COMMENT,
        )
        batch.create_check_constraint(
            op.f("check_process_type"),
            "process_type IN ('sequential', 'hierarchical', 'consensual')",
        )
        for column in crew_columns():
            batch.add_column(column)

    with op.batch_alter_table("crewai_tasks") as batch:
        # task_type "can be custom types": the four-value CHECK goes.
        batch.drop_constraint(op.f("crewai_tasks_task_type_check"), type_="check")
        for column in task_columns():
            batch.add_column(column)

    op.create_table(
        "agent_code_deployments",
        id_column(),
        C("agent_id", sa.Uuid(), nullable=False),
        C("agent_key", sa.String(100), nullable=False),
        C(
            "generated_code",
            sa.Text(),
            nullable=False,
            comment="Full Python agent class code generated from Jinja2 template",
        ),
        C("template_version", sa.String(20), server_default=t("'v1.0.0'")),
        ts_column("generation_timestamp"),
        C("generated_by", sa.Uuid()),
        _flag("ast_validation_passed", False, "AST parsing successful (syntax valid)"),
        C("ast_validation_errors", JsonB),
        _flag(
            "security_scan_passed",
            False,
            "Security pipeline checks passed (import blacklist, input sanitization)",
        ),
        C("security_issues", JsonB),
        C(
            "deployment_status",
            sa.String(20),
            server_default=t("'pending'"),
            comment="Deployment lifecycle: pending → review_required → approved → deployed",
        ),
        C("deployment_path", sa.Text()),
        C("deployment_timestamp", sa.DateTime(timezone=True)),
        C("deployed_by", sa.Uuid()),
        C("git_commit_hash", sa.String(40)),
        C("git_branch", sa.String(100), server_default=t("'main'")),
        C("git_pr_number", sa.Integer()),
        C("review_status", sa.String(20), server_default=t("'pending'")),
        C("reviewer_id", sa.Uuid()),
        C("review_comments", sa.Text()),
        C("reviewed_at", sa.DateTime(timezone=True)),
        _flag(
            "is_active",
            False,
            "Current active deployment for this agent (only one active per agent_id)",
        ),
        C("replaced_by", sa.Uuid()),
        _flag(
            "rollback_possible", True, "Can roll back to this version (false if breaking changes)"
        ),
        ts_column("created_at"),
        ts_column("updated_at"),
        pk("agent_code_deployments"),
        fk("agent_code_deployments", "agent_id", "crewai_agents", ondelete="CASCADE"),
        fk("agent_code_deployments", "replaced_by", "agent_code_deployments"),
        sa.CheckConstraint(
            "deployment_status IN ('pending', 'review_required', 'approved', 'deployed', "
            "'failed', 'rolled_back')",
            name=op.f("agent_code_deployments_deployment_status_check"),
        ),
        sa.CheckConstraint(
            "review_status IN ('pending', 'approved', 'rejected', 'needs_changes')",
            name=op.f("agent_code_deployments_review_status_check"),
        ),
        comment=(
            "Track dynamically generated agent Python code with validation, review, and "
            "deployment history"
        ),
    )

    _flag_index("idx_crewai_agents_memory", "crewai_agents", "memory_enabled")
    _flag_index("idx_crewai_agents_reasoning", "crewai_agents", "reasoning_enabled")
    _flag_index("idx_crewai_agents_multimodal", "crewai_agents", "multimodal_enabled")
    _flag_index("idx_crewai_agents_code_exec", "crewai_agents", "allow_code_execution")
    op.create_index("idx_crewai_crews_process", "crewai_crews", ["process_type"])
    _flag_index("idx_crewai_crews_planning", "crewai_crews", "planning_enabled")
    _flag_index("idx_crewai_crews_memory", "crewai_crews", "memory_enabled")
    _flag_index("idx_crewai_tasks_async", "crewai_tasks", "async_execution")
    _flag_index("idx_crewai_tasks_human_input", "crewai_tasks", "human_input")
    if is_pg():
        op.create_index(
            "idx_crewai_tasks_context", "crewai_tasks", ["context_task_ids"], postgresql_using="gin"
        )
    op.create_index("idx_memory_configs_storage", "agent_memory_configs", ["storage_type"])
    op.create_index("idx_code_deployments_agent", "agent_code_deployments", ["agent_id"])
    op.create_index("idx_code_deployments_status", "agent_code_deployments", ["deployment_status"])
    _partial(
        "idx_code_deployments_active",
        "agent_code_deployments",
        ["agent_id", "is_active"],
        "is_active = true",
        "is_active = 1",
    )
    _partial(
        "idx_code_deployments_review",
        "agent_code_deployments",
        ["review_status"],
        "review_status = 'pending'",
        "review_status = 'pending'",
    )
    op.create_index("idx_code_deployments_git", "agent_code_deployments", ["git_commit_hash"])

    if is_pg():
        pg_touch_trigger("agent_memory_configs")
        pg_touch_trigger("agent_code_deployments")


def downgrade() -> None:
    bind = op.get_bind()
    blocking = legacy.rollback_blockers(bind)
    if blocking:
        raise legacy.refuse_rollback(blocking)

    if is_pg():
        pg_drop_touch_trigger("agent_code_deployments")
        pg_drop_touch_trigger("agent_memory_configs")
        op.drop_index("idx_crewai_tasks_context", table_name="crewai_tasks")
    for table, names in INDEXES.items():
        for name in names:
            op.drop_index(name, table_name=table)
    op.drop_table("agent_code_deployments")

    with op.batch_alter_table("crewai_agents") as batch:
        batch.drop_constraint(op.f("crewai_agents_memory_config_id_fkey"), type_="foreignkey")
        batch.drop_constraint(op.f("crewai_agents_code_execution_mode_check"), type_="check")
        for column in reversed(agent_columns()):
            batch.drop_column(column.name)

    with op.batch_alter_table("crewai_crews") as batch:
        batch.drop_constraint(op.f("check_process_type"), type_="check")
        for column in reversed(crew_columns()):
            batch.drop_column(column.name)
        batch.alter_column(
            "process_type",
            new_column_name="crew_type",
            existing_type=sa.String(50),
            existing_server_default=t("'sequential'"),
            comment=None,
            existing_comment=PROCESS_COMMENT,
        )

    with op.batch_alter_table("crewai_tasks") as batch:
        for column in reversed(task_columns()):
            batch.drop_column(column.name)
        batch.create_check_constraint(
            op.f("crewai_tasks_task_type_check"),
            "task_type IN ('market_sizing', 'pain_point', 'competitive', 'strategic_fit')",
        )

    op.drop_index("idx_memory_configs_storage", table_name="agent_memory_configs")
    op.drop_table("agent_memory_configs")

    with updated_at_kept("crewai_crews"):
        legacy.restore_originals(bind, uuid_type=sa.Uuid())
    op.drop_table("crewtui_legacy_values")
