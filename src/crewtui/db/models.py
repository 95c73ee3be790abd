"""The tables: the legacy EHG schema expanded as the schema design says, plus crewtui's own
columns (``version`` for optimistic locking, task ``name`` and ``sequence_order``, memory
config ``name``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import conv

from .base import Base, created_at, updated_at, uuid_pk
from .types import EmptyArrayDefault, JsonB, RealArray, TextArray, UuidArray


def _version() -> Mapped[int]:
    return mapped_column(Integer, nullable=False, server_default=text("1"), default=1)


class Venture(Base):
    __tablename__ = "ventures"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime | None] = created_at()


class DepartmentRow(Base):
    __tablename__ = "agent_departments"

    id: Mapped[uuid.UUID] = uuid_pk()
    department_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    parent_department_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agent_departments.id")
    )
    sort_order: Mapped[int | None] = mapped_column(Integer, server_default=text("0"), default=0)
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class MemoryConfigRow(Base):
    __tablename__ = "agent_memory_configs"
    __table_args__ = (
        CheckConstraint("storage_type IN ('postgresql', 'redis', 'file')", name="storage_type"),
        CheckConstraint(
            "embedder_provider IN ('openai', 'cohere', 'huggingface')", name="embedder_provider"
        ),
        Index("idx_memory_configs_storage", "storage_type"),
        {
            "comment": (
                "CrewAI 1.3.0 memory system configurations (short/long/entity/contextual/user "
                "memory)"
            )
        },
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    short_term_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("true"),
        default=True,
        comment="Enable short-term conversational memory (recent messages)",
    )
    long_term_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable long-term persistent memory across sessions",
    )
    entity_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable entity extraction and relationship tracking",
    )
    contextual_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    user_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    storage_type: Mapped[str | None] = mapped_column(
        String(50), server_default=text("'postgresql'"), default="postgresql"
    )
    storage_connection_string: Mapped[str | None] = mapped_column(Text)
    short_term_max_messages: Mapped[int | None] = mapped_column(
        Integer, server_default=text("10"), default=10
    )
    long_term_max_kb: Mapped[int | None] = mapped_column(
        Integer, server_default=text("1000"), default=1000
    )
    entity_max_count: Mapped[int | None] = mapped_column(
        Integer, server_default=text("100"), default=100
    )
    embedder_provider: Mapped[str | None] = mapped_column(
        String(50), server_default=text("'openai'"), default="openai"
    )
    embedder_model: Mapped[str | None] = mapped_column(
        String(100),
        server_default=text("'text-embedding-ada-002'"),
        default="text-embedding-ada-002",
        comment=(
            "Embedding model for semantic memory search (OpenAI default: text-embedding-ada-002)"
        ),
    )
    embedder_dimensions: Mapped[int | None] = mapped_column(
        Integer, server_default=text("1536"), default=1536
    )
    version: Mapped[int] = _version()
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()

    __mapper_args__ = {"version_id_col": version}


#: columns the database fills and guards itself (ownership on PostgreSQL): not record fields
DATABASE_MAINTAINED = frozenset({"owner"})


class AgentRow(Base):
    __tablename__ = "crewai_agents"
    __table_args__ = (
        CheckConstraint("code_execution_mode IN ('safe', 'unsafe')", name="code_execution_mode"),
        Index(
            "idx_crewai_agents_memory",
            "memory_enabled",
            postgresql_where=text("memory_enabled = true"),
            sqlite_where=text("memory_enabled = 1"),
        ),
        Index(
            "idx_crewai_agents_reasoning",
            "reasoning_enabled",
            postgresql_where=text("reasoning_enabled = true"),
            sqlite_where=text("reasoning_enabled = 1"),
        ),
        Index(
            "idx_crewai_agents_multimodal",
            "multimodal_enabled",
            postgresql_where=text("multimodal_enabled = true"),
            sqlite_where=text("multimodal_enabled = 1"),
        ),
        Index(
            "idx_crewai_agents_code_exec",
            "allow_code_execution",
            postgresql_where=text("allow_code_execution = true"),
            sqlite_where=text("allow_code_execution = 1"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    agent_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    goal: Mapped[str] = mapped_column(Text, nullable=False)
    backstory: Mapped[str] = mapped_column(Text, nullable=False)
    department_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agent_departments.id")
    )
    tools: Mapped[list[str] | None] = mapped_column(
        TextArray, server_default=EmptyArrayDefault(), default=list
    )
    llm_model: Mapped[str | None] = mapped_column(
        String(50), server_default=text("'gpt-4-turbo-preview'"), default="gpt-4-turbo-preview"
    )
    max_tokens: Mapped[int | None] = mapped_column(
        Integer, server_default=text("4000"), default=4000
    )
    temperature: Mapped[Decimal | None] = mapped_column(
        Numeric(3, 2), server_default=text("0.7"), default=Decimal("0.7")
    )
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'active'"), default="active"
    )
    execution_count: Mapped[int | None] = mapped_column(
        Integer, server_default=text("0"), default=0
    )
    avg_execution_time_ms: Mapped[int | None] = mapped_column(
        Integer, server_default=text("0"), default=0
    )
    last_executed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    # ---- expansion (schema design, table 1)
    max_rpm: Mapped[int | None] = mapped_column(
        Integer,
        server_default=text("0"),
        default=0,
        comment="Requests per minute limit (0=unlimited)",
    )
    max_iter: Mapped[int | None] = mapped_column(
        Integer, server_default=text("25"), default=25, comment="Max iterations per task execution"
    )
    max_execution_time: Mapped[int | None] = mapped_column(
        Integer,
        server_default=text("0"),
        default=0,
        comment="Max execution time in seconds (0=unlimited)",
    )
    max_retry_limit: Mapped[int | None] = mapped_column(
        Integer, server_default=text("2"), default=2
    )
    allow_delegation: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    allow_code_execution: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    code_execution_mode: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'safe'"), default="safe"
    )
    respect_context_window: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    cache_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    memory_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable CrewAI 1.3.0 memory system (short/long/entity/contextual/user)",
    )
    memory_config_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agent_memory_configs.id", ondelete="SET NULL")
    )
    reasoning_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable chain-of-thought reasoning (CrewAI 1.3.0)",
    )
    max_reasoning_attempts: Mapped[int | None] = mapped_column(
        Integer, server_default=text("3"), default=3
    )
    system_template: Mapped[str | None] = mapped_column(Text)
    prompt_template: Mapped[str | None] = mapped_column(Text)
    response_template: Mapped[str | None] = mapped_column(Text)
    inject_date: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    date_format: Mapped[str | None] = mapped_column(
        String(50), server_default=text("'YYYY-MM-DD'"), default="YYYY-MM-DD"
    )
    multimodal_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable image processing (CrewAI 1.3.0)",
    )
    function_calling_llm: Mapped[str | None] = mapped_column(
        String(50), comment="Separate LLM for function calls (can differ from main LLM)"
    )
    use_system_prompt: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    knowledge_sources: Mapped[list[Any] | None] = mapped_column(
        JsonB,
        server_default=text("'[]'"),
        default=list,
        comment="Array of knowledge source configs for RAG integration",
    )
    embedder_config: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
    verbose: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    step_callback_url: Mapped[str | None] = mapped_column(Text)
    # ---- crewtui: the model endpoint (the key by the NAME of its variable only)
    llm_base_url: Mapped[str | None] = mapped_column(Text)
    llm_api_key_env: Mapped[str | None] = mapped_column(String(100))
    llm_timeout: Mapped[int | None] = mapped_column(Integer)
    llm_top_p: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    llm_seed: Mapped[int | None] = mapped_column(Integer)
    llm_stop: Mapped[list[str] | None] = mapped_column(JsonB)
    crewai_settings: Mapped[dict[str, Any]] = mapped_column(
        JsonB,
        nullable=False,
        server_default=text("'{}'"),
        default=dict,
        comment="crewai settings without a column of their own (validated by the domain)",
    )
    # ---- crewtui
    version: Mapped[int] = _version()
    #: the database role that owns the record (filled by PostgreSQL with ownership on)
    owner: Mapped[str | None] = mapped_column(
        String(100),
        comment="Database role that owns the record (row-level security with ownership)",
    )

    __mapper_args__ = {"version_id_col": version}


class CrewRow(Base):
    __tablename__ = "crewai_crews"
    __table_args__ = (
        CheckConstraint(
            "process_type IN ('sequential', 'hierarchical', 'consensual')",
            name=conv("check_process_type"),
        ),
        Index("idx_crewai_crews_process", "process_type"),
        Index(
            "idx_crewai_crews_planning",
            "planning_enabled",
            postgresql_where=text("planning_enabled = true"),
            sqlite_where=text("planning_enabled = 1"),
        ),
        Index(
            "idx_crewai_crews_memory",
            "memory_enabled",
            postgresql_where=text("memory_enabled = true"),
            sqlite_where=text("memory_enabled = 1"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    crew_name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    process_type: Mapped[str | None] = mapped_column(
        String(50),
        server_default=text("'sequential'"),
        default="sequential",
        comment=(
            "Crew execution process: sequential (one-by-one), hierarchical (manager delegates), "
            "consensual (vote-based)"
        ),
    )
    manager_agent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("crewai_agents.id"))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'active'"), default="active"
    )
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    verbose: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    manager_llm: Mapped[str | None] = mapped_column(
        String(50), comment="Separate LLM for manager agent in hierarchical crews"
    )
    function_calling_llm: Mapped[str | None] = mapped_column(String(50))
    planning_enabled: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Enable crew-level planning before execution (CrewAI 1.3.0)",
    )
    planning_llm: Mapped[str | None] = mapped_column(
        String(50), comment="Separate LLM for planning phase"
    )
    memory_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    max_rpm: Mapped[int | None] = mapped_column(Integer, server_default=text("0"), default=0)
    cache_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("true"), default=True
    )
    step_callback_url: Mapped[str | None] = mapped_column(Text)
    task_callback_url: Mapped[str | None] = mapped_column(Text)
    output_log_file: Mapped[str | None] = mapped_column(Text)
    config_file_path: Mapped[str | None] = mapped_column(Text)
    prompt_file_path: Mapped[str | None] = mapped_column(Text)
    share_crew: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Make crew available to other users/organizations",
    )
    # ---- crewtui: the endpoint of the manager, planning and function-calling LLMs
    llm_base_url: Mapped[str | None] = mapped_column(Text)
    llm_api_key_env: Mapped[str | None] = mapped_column(String(100))
    crewai_settings: Mapped[dict[str, Any]] = mapped_column(
        JsonB,
        nullable=False,
        server_default=text("'{}'"),
        default=dict,
        comment="crewai settings without a column of their own (validated by the domain)",
    )
    # ---- crewtui: the kickoff inputs the crew runs with unless others are given
    run_inputs: Mapped[dict[str, Any]] = mapped_column(
        JsonB,
        nullable=False,
        server_default=text("'{}'"),
        default=dict,
        comment="Kickoff inputs the crew runs with unless others are given (name -> text)",
    )
    version: Mapped[int] = _version()
    #: the database role that owns the record (filled by PostgreSQL with ownership on)
    owner: Mapped[str | None] = mapped_column(
        String(100),
        comment="Database role that owns the record (row-level security with ownership)",
    )

    members: Mapped[list[CrewMemberRow]] = relationship(
        back_populates="crew",
        order_by="CrewMemberRow.sequence_order",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}


class CrewMemberRow(Base):
    __tablename__ = "crew_members"
    __table_args__ = (UniqueConstraint("crew_id", "agent_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    crew_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("crewai_crews.id", ondelete="CASCADE"), nullable=False
    )
    agent_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("crewai_agents.id", ondelete="CASCADE"), nullable=False
    )
    role_in_crew: Mapped[str | None] = mapped_column(String(100))
    sequence_order: Mapped[int] = mapped_column(
        Integer, nullable=False, server_default=text("0"), default=0
    )
    created_at: Mapped[datetime | None] = created_at()

    crew: Mapped[CrewRow] = relationship(back_populates="members")
    agent: Mapped[AgentRow] = relationship()


class TaskRow(Base):
    __tablename__ = "crewai_tasks"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'running', 'completed', 'failed')", name="status"),
        UniqueConstraint("crew_id", "name"),
        Index(
            "idx_crewai_tasks_async",
            "async_execution",
            postgresql_where=text("async_execution = true"),
            sqlite_where=text("async_execution = 1"),
        ),
        Index(
            "idx_crewai_tasks_human_input",
            "human_input",
            postgresql_where=text("human_input = true"),
            sqlite_where=text("human_input = 1"),
        ),
        Index("idx_crewai_tasks_context", "context_task_ids", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
        Index("idx_crewai_tasks_crew_order", "crew_id", "sequence_order"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    venture_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("ventures.id"))
    crew_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("crewai_crews.id"))
    task_type: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    assigned_agent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("crewai_agents.id")
    )
    status: Mapped[str | None] = mapped_column(
        Text, server_default=text("'pending'"), default="pending"
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(
        JsonB, server_default=text("'{}'"), default=dict
    )
    execution_time_ms: Mapped[int | None] = mapped_column(Integer)
    confidence_score: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    chairman_accepted: Mapped[bool | None] = mapped_column(Boolean)
    chairman_feedback: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    # ---- expansion (schema design, table 3)
    expected_output: Mapped[str | None] = mapped_column(
        Text, comment="Clear description of expected task output format"
    )
    async_execution: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Execute task asynchronously (non-blocking)",
    )
    human_input: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Require human approval before task completion",
    )
    markdown_enabled: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    output_file: Mapped[str | None] = mapped_column(Text)
    output_json_schema: Mapped[dict[str, Any] | None] = mapped_column(
        JsonB, comment="JSON schema for structured task output validation"
    )
    output_pydantic_schema: Mapped[str | None] = mapped_column(Text)
    create_directory: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    guardrail_function: Mapped[str | None] = mapped_column(
        Text, comment="Validation function name for output quality checks"
    )
    guardrail_max_retries: Mapped[int | None] = mapped_column(
        Integer, server_default=text("3"), default=3
    )
    context_task_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        UuidArray, comment="Array of task IDs whose outputs provide context for this task"
    )
    tools: Mapped[list[str] | None] = mapped_column(TextArray)
    callback_url: Mapped[str | None] = mapped_column(Text)
    crewai_settings: Mapped[dict[str, Any]] = mapped_column(
        JsonB,
        nullable=False,
        server_default=text("'{}'"),
        default=dict,
        comment="crewai settings without a column of their own (validated by the domain)",
    )
    # ---- crewtui
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    sequence_order: Mapped[int] = mapped_column(
        Integer, nullable=False, server_default=text("0"), default=0
    )
    version: Mapped[int] = _version()
    #: the database role that owns the record (filled by PostgreSQL with ownership on)
    owner: Mapped[str | None] = mapped_column(
        String(100),
        comment="Database role that owns the record (row-level security with ownership)",
    )

    __mapper_args__ = {"version_id_col": version}


class ToolRow(Base):
    __tablename__ = "agent_tools"

    id: Mapped[uuid.UUID] = uuid_pk()
    tool_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    tool_class: Mapped[str | None] = mapped_column(String(200))
    config: Mapped[dict[str, Any] | None] = mapped_column(
        JsonB, server_default=text("'{}'"), default=dict
    )
    requires_api_key: Mapped[bool | None] = mapped_column(
        Boolean, server_default=text("false"), default=False
    )
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'active'"), default="active"
    )
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class KnowledgeRow(Base):
    __tablename__ = "agent_knowledge"

    id: Mapped[uuid.UUID] = uuid_pk()
    agent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("crewai_agents.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(Text, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    source_type: Mapped[str | None] = mapped_column(
        String(50), server_default=text("'text'"), default="text"
    )
    metadata_: Mapped[dict[str, Any] | None] = mapped_column(
        "metadata", JsonB, server_default=text("'{}'"), default=dict
    )
    embedding: Mapped[list[float] | None] = mapped_column(RealArray)
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()


class FlowRow(Base):
    __tablename__ = "crewai_flows"

    id: Mapped[uuid.UUID] = uuid_pk()
    flow_key: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    flow_definition: Mapped[dict[str, Any]] = mapped_column(
        JsonB, nullable=False, server_default=text("'{}'"), default=dict
    )
    python_code: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'draft'"), default="draft"
    )
    version: Mapped[int] = _version()
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    execution_count: Mapped[int | None] = mapped_column(
        Integer, server_default=text("0"), default=0
    )
    last_executed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tags: Mapped[list[str] | None] = mapped_column(
        TextArray, server_default=EmptyArrayDefault(), default=list
    )
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()

    __mapper_args__ = {"version_id_col": version}


class FlowExecutionRow(Base):
    __tablename__ = "crewai_flow_executions"

    id: Mapped[uuid.UUID] = uuid_pk()
    flow_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("crewai_flows.id", ondelete="CASCADE")
    )
    status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'pending'"), default="pending"
    )
    input_state: Mapped[dict[str, Any] | None] = mapped_column(
        JsonB, server_default=text("'{}'"), default=dict
    )
    output_state: Mapped[dict[str, Any] | None] = mapped_column(JsonB)
    error_message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    triggered_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime | None] = created_at()
    #: crewtui: each method's status, timing and the crew runs it started, by method name
    method_status: Mapped[dict[str, Any] | None] = mapped_column(JsonB)

    __table_args__ = (Index("ix_crewai_flow_executions_flow", "flow_id", "started_at"),)


class DeploymentRow(Base):
    __tablename__ = "agent_code_deployments"
    __table_args__ = (
        CheckConstraint(
            "deployment_status IN ('pending', 'review_required', 'approved', 'deployed', "
            "'failed', 'rolled_back')",
            name="deployment_status",
        ),
        CheckConstraint(
            "review_status IN ('pending', 'approved', 'rejected', 'needs_changes')",
            name="review_status",
        ),
        Index("idx_code_deployments_agent", "agent_id"),
        Index("idx_code_deployments_status", "deployment_status"),
        Index(
            "idx_code_deployments_active",
            "agent_id",
            "is_active",
            postgresql_where=text("is_active = true"),
            sqlite_where=text("is_active = 1"),
        ),
        Index(
            "idx_code_deployments_review",
            "review_status",
            postgresql_where=text("review_status = 'pending'"),
            sqlite_where=text("review_status = 'pending'"),
        ),
        Index("idx_code_deployments_git", "git_commit_hash"),
        # one active deployment per agent
        Index(
            "uq_code_deployments_one_active",
            "agent_id",
            unique=True,
            postgresql_where=text("is_active = true"),
            sqlite_where=text("is_active = 1"),
        ),
        {
            "comment": (
                "Track dynamically generated agent Python code with validation, review, and "
                "deployment history"
            )
        },
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    agent_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("crewai_agents.id", ondelete="CASCADE"), nullable=False
    )
    agent_key: Mapped[str] = mapped_column(String(100), nullable=False)
    generated_code: Mapped[str] = mapped_column(
        Text, nullable=False, comment="Full Python agent class code generated from Jinja2 template"
    )
    template_version: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'v1.0.0'"), default="v1.0.0"
    )
    generation_timestamp: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    generated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    ast_validation_passed: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="AST parsing successful (syntax valid)",
    )
    ast_validation_errors: Mapped[list[Any] | None] = mapped_column(JsonB)
    security_scan_passed: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Security pipeline checks passed (import blacklist, input sanitization)",
    )
    security_issues: Mapped[list[Any] | None] = mapped_column(JsonB)
    deployment_status: Mapped[str | None] = mapped_column(
        String(20),
        server_default=text("'pending'"),
        default="pending",
        comment="Deployment lifecycle: pending → review_required → approved → deployed",
    )
    deployment_path: Mapped[str | None] = mapped_column(Text)
    deployment_timestamp: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deployed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    git_commit_hash: Mapped[str | None] = mapped_column(String(40))
    git_branch: Mapped[str | None] = mapped_column(
        String(100), server_default=text("'main'"), default="main"
    )
    git_pr_number: Mapped[int | None] = mapped_column(Integer)
    review_status: Mapped[str | None] = mapped_column(
        String(20), server_default=text("'pending'"), default="pending"
    )
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    review_comments: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("false"),
        default=False,
        comment="Current active deployment for this agent (only one active per agent_id)",
    )
    replaced_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("agent_code_deployments.id")
    )
    rollback_possible: Mapped[bool | None] = mapped_column(
        Boolean,
        server_default=text("true"),
        default=True,
        comment="Can roll back to this version (false if breaking changes)",
    )
    created_at: Mapped[datetime | None] = created_at()
    updated_at: Mapped[datetime | None] = updated_at()
    version: Mapped[int] = _version()

    __mapper_args__ = {"version_id_col": version}


class LegacyValueRow(Base):
    """Original legacy values the upgrade normalised, so a rollback restores them exactly."""

    __tablename__ = "crewtui_legacy_values"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "column_name"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    table_name: Mapped[str] = mapped_column(String(100), nullable=False)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    column_name: Mapped[str] = mapped_column(String(100), nullable=False)
    original_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = created_at()


# the history and release tables share the metadata (migrations and tests see them)
from .history_model import HistoryRow, ReleaseRow  # noqa: E402, F401
from .runs_model import RunEventRow, RunRow  # noqa: E402, F401
