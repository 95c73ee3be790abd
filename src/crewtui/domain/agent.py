"""An agent: every column of ``crewai_agents``, grouped as the schema design's sections."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import AfterValidator, Field

from .base import Record
from .crewai_settings import check_agent_settings
from .fields import spec
from .validators import (
    EnvVarName,
    HttpUrl,
    KebabKey,
    StrftimeFormat,
    ToolNames,
    check_embedder,
    check_knowledge_sources,
)

AgentStatus = Literal["active", "inactive", "archived"]
CodeExecutionMode = Literal["safe", "unsafe"]

BASIC = "Basic"
LLM = "LLM"
BEHAVIOR = "Behavior"
MEMORY = "Memory"
REASONING = "Reasoning"
PROMPTS = "Prompt templates"
MULTIMODAL = "Multimodal"
ADVANCED = "Advanced LLM"
KNOWLEDGE = "Knowledge"
OBSERVABILITY = "Observability"
RUNTIME = "Runtime"

AGENT_GROUPS = (
    BASIC,
    LLM,
    BEHAVIOR,
    MEMORY,
    REASONING,
    PROMPTS,
    MULTIMODAL,
    ADVANCED,
    KNOWLEDGE,
    OBSERVABILITY,
)

LlmName = Annotated[str, Field(min_length=1, max_length=50)]


class Agent(Record):
    key_field: ClassVar[str] = "agent_key"
    table: ClassVar[str] = "crewai_agents"

    # ---- Basic
    agent_key: KebabKey = spec(
        group=BASIC,
        label="Key",
        help=(
            "Unique key, kebab case (senior-market-analyst). Becomes the YAML key (snake case) on "
            "export."
        ),
        max_length=100,
    )
    name: str = spec(
        group=BASIC,
        label="Name",
        help="Display name. crewai agents have no name; it stays in crewtui.",
        min_length=1,
        max_length=200,
    )
    role: str = spec(
        group=BASIC,
        label="Role",
        help=(
            "Who the agent is. crewai de-duplicates agents by role within a crew. {placeholders} "
            "are filled from kickoff inputs."
        ),
        min_length=1,
        kind="text",
        crewai="role",
    )
    goal: str = spec(
        group=BASIC,
        label="Goal",
        help="What the agent is trying to achieve. {placeholders} are filled from kickoff inputs.",
        min_length=1,
        kind="text",
        crewai="goal",
    )
    backstory: str = spec(
        group=BASIC,
        label="Backstory",
        help="Context that shapes the agent's answers.",
        min_length=1,
        kind="text",
        crewai="backstory",
    )
    department_id: UUID | None = spec(
        None,
        group=BASIC,
        label="Department",
        help="Organisational department (agent_departments).",
        kind="ref",
        ref="department",
    )
    status: AgentStatus = spec(
        "active",
        group=BASIC,
        label="Status",
        help=(
            "active agents are offered in pickers; inactive and archived ones are kept but hidden "
            "by default."
        ),
    )
    tools: ToolNames = spec(
        default_factory=list,
        group=BASIC,
        label="Tools",
        help="Tool keys from the tool registry (agent_tools) or crewai_tools class names.",
        kind="tags",
        crewai="tools",
        convert="tools",
    )

    # ---- LLM
    llm_model: LlmName | None = spec(
        "gpt-4-turbo-preview",
        group=LLM,
        label="Model",
        help=(
            "LLM, provider-prefixed (openai/gpt-4o-mini). An unprefixed name is treated as OpenAI."
        ),
        crewai="llm",
        crewai_default=None,
        convert="model",
    )
    temperature: Decimal | None = spec(
        Decimal("0.7"),
        group=LLM,
        label="Temperature",
        help="Sampling temperature, 0 to 2. Exported on LLM(...).",
        crewai="llm.temperature",
        crewai_default=None,
        convert="decimal",
        ge=0,
        le=2,
        max_digits=3,
        decimal_places=2,
    )
    max_tokens: int | None = spec(
        4000,
        group=LLM,
        label="Max tokens",
        help="Upper bound of tokens per answer. Exported on LLM(...).",
        crewai="llm.max_tokens",
        crewai_default=None,
        gt=0,
    )
    max_rpm: int = spec(
        0,
        group=LLM,
        label="Max RPM",
        help="Requests per minute limit; 0 = unlimited.",
        ge=0,
        unit="0 = unlimited",
        crewai="max_rpm",
        convert="zero_is_none",
    )
    max_iter: int = spec(
        25,
        group=LLM,
        label="Max iterations",
        help=(
            "How many reasoning/tool steps the agent may take on one task before giving its best "
            "answer. crewai default {crewai_default}."
        ),
        ge=1,
        crewai="max_iter",
    )
    max_execution_time: int = spec(
        0,
        group=LLM,
        label="Max exec. time",
        help="Seconds an agent may spend on a task; 0 = no limit.",
        ge=0,
        unit="seconds, 0 = none",
        crewai="max_execution_time",
        convert="zero_is_none",
    )
    max_retry_limit: int = spec(
        2,
        group=LLM,
        label="Max retries",
        help="Retries when a step fails with an error.",
        ge=0,
        crewai="max_retry_limit",
    )

    # ---- Behavior
    allow_delegation: bool = spec(
        True,
        group=BEHAVIOR,
        label="Allow delegation",
        help="May hand work to other agents of the crew.",
        crewai="allow_delegation",
        crewai_default=False,
    )
    allow_code_execution: bool = spec(
        False,
        group=BEHAVIOR,
        label="Allow code execution",
        help="May run code it writes (safe mode needs Docker).",
        crewai="allow_code_execution",
        deprecated="1.15",
        replacement="a sandbox tool",
        dropped="1.15",
    )
    code_execution_mode: CodeExecutionMode = spec(
        "safe",
        group=BEHAVIOR,
        label="Code execution mode",
        help="safe runs code in Docker; unsafe runs it directly on the host.",
        crewai="code_execution_mode",
        deprecated="1.15",
        replacement="a sandbox tool",
        dropped="1.15",
    )
    respect_context_window: bool = spec(
        True,
        group=BEHAVIOR,
        label="Respect context window",
        help="Summarise the conversation when it would exceed the LLM's context window.",
        crewai="respect_context_window",
    )
    cache_enabled: bool = spec(
        True,
        group=BEHAVIOR,
        label="Cache tool results",
        help="Cache tool results within a run.",
        crewai="cache",
    )

    # ---- Memory
    memory_enabled: bool = spec(
        False,
        group=MEMORY,
        label="Memory",
        help="Use memory. In crewai 1.3 memory is crew-level: the export turns it on for the crew.",
    )
    memory_config_id: UUID | None = spec(
        None,
        group=MEMORY,
        label="Memory config",
        help="Which memory configuration (agent_memory_configs) to use.",
        kind="ref",
        ref="memory_config",
    )

    # ---- Reasoning
    reasoning_enabled: bool = spec(
        False,
        group=REASONING,
        label="Reasoning",
        help="Plan and reflect before acting on a task.",
        crewai="reasoning",
        deprecated="1.15",
        replacement="planning_config",
        dropped="1.15",
    )
    max_reasoning_attempts: int | None = spec(
        3,
        group=REASONING,
        label="Max reasoning attempts",
        help="How many planning rounds before acting; empty = until ready.",
        ge=1,
        crewai="max_reasoning_attempts",
        crewai_default=None,
        deprecated="1.15",
        replacement="planning_config.max_attempts",
        dropped="1.15",
    )

    # ---- Prompt templates
    system_template: str | None = spec(
        None,
        group=PROMPTS,
        label="System template",
        help="Custom system prompt template.",
        kind="text",
        crewai="system_template",
        convert="text",
    )
    prompt_template: str | None = spec(
        None,
        group=PROMPTS,
        label="Prompt template",
        help="Custom user prompt template.",
        kind="text",
        crewai="prompt_template",
        convert="text",
    )
    response_template: str | None = spec(
        None,
        group=PROMPTS,
        label="Response template",
        help="Custom response format template.",
        kind="text",
        crewai="response_template",
        convert="response_template",
    )
    inject_date: bool = spec(
        False,
        group=PROMPTS,
        label="Inject date",
        help="Add the current date to the task prompt.",
        crewai="inject_date",
    )
    date_format: StrftimeFormat | None = spec(
        "YYYY-MM-DD",
        group=PROMPTS,
        label="Date format",
        help=(
            "strftime format of the injected date (%Y-%m-%d); YYYY-MM-DD style tokens are "
            "converted on export."
        ),
        max_length=50,
        crewai="date_format",
        crewai_default="%Y-%m-%d",
        convert="strftime",
    )

    # ---- Multimodal
    multimodal_enabled: bool = spec(
        False,
        group=MULTIMODAL,
        label="Multimodal",
        help="Let the agent look at images.",
        crewai="multimodal",
        deprecated="1.15",
        replacement="files passed natively",
    )

    # ---- Advanced LLM
    function_calling_llm: LlmName | None = spec(
        None,
        group=ADVANCED,
        label="Function-calling LLM",
        help="A separate LLM for tool calls (openai/gpt-4o-mini).",
        crewai="function_calling_llm",
        convert="optional_model",
        deprecated="1.15",
        replacement="llm",
    )
    use_system_prompt: bool = spec(
        True,
        group=ADVANCED,
        label="Use system prompt",
        help="Send a system prompt (turn off for models that refuse one).",
        crewai="use_system_prompt",
    )
    llm_base_url: HttpUrl | None = spec(
        None,
        group=ADVANCED,
        label="Model endpoint URL",
        help=(
            "Base URL of an OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, a gateway). "
            "Exported on LLM(...)."
        ),
        endpoint="base_url",
    )
    llm_api_key_env: EnvVarName | None = spec(
        None,
        group=ADVANCED,
        label="API key variable",
        help=(
            "NAME of the environment variable that holds the endpoint's key (never the key). "
            "Exported as os.environ.get(NAME)."
        ),
        max_length=100,
        endpoint="api_key",
    )
    llm_timeout: int | None = spec(
        None,
        group=ADVANCED,
        label="LLM timeout",
        help="Seconds per model call.",
        gt=0,
        endpoint="timeout",
    )
    llm_top_p: Decimal | None = spec(
        None,
        group=ADVANCED,
        label="Top p",
        help="Nucleus sampling, 0 to 1.",
        ge=0,
        le=1,
        max_digits=3,
        decimal_places=2,
        endpoint="top_p",
        convert="decimal",
    )
    llm_seed: int | None = spec(
        None,
        group=ADVANCED,
        label="Seed",
        help="Sampling seed, for repeatable answers.",
        endpoint="seed",
    )
    llm_stop: list[str] | None = spec(
        None,
        group=ADVANCED,
        label="Stop sequences",
        help='JSON list of strings that end an answer: ["END"].',
        kind="json",
        endpoint="stop",
    )

    # ---- Knowledge
    knowledge_sources: Annotated[list[Any], AfterValidator(check_knowledge_sources)] = spec(
        default_factory=list,
        group=KNOWLEDGE,
        label="Knowledge sources",
        help=(
            'JSON list: agent_knowledge titles/ids, or {"type": "string", "content": ...} / '
            '{"type": "pdf", "file_paths": [...]}.'
        ),
        kind="json",
        crewai="knowledge_sources",
        convert="knowledge",
    )
    embedder_config: Annotated[dict[str, Any] | None, AfterValidator(check_embedder)] = spec(
        None,
        group=KNOWLEDGE,
        label="Embedder",
        help=(
            'JSON: {"provider": "openai", "config": {"model_name": "text-embedding-3-small"}}. '
            "Keys in config are passed as they are; API keys by env-var name only."
        ),
        kind="json",
        crewai="embedder",
        convert="json_object",
    )

    # ---- Observability
    verbose: bool = spec(
        False, group=OBSERVABILITY, label="Verbose", help="Log every step.", crewai="verbose"
    )
    step_callback_url: HttpUrl | None = spec(
        None,
        group=OBSERVABILITY,
        label="Step callback URL",
        help="http(s) URL that receives each step; exported as a function that posts to it.",
        crewai="step_callback",
        convert="callback",
    )

    crewai_settings: Annotated[dict[str, Any], AfterValidator(check_agent_settings)] = spec(
        {},
        group=ADVANCED,
        label="crewai settings",
        help=(
            "crewai settings without a column of their own (JSON): memory, planning_config, "
            "guardrail, guardrail_max_retries, mcps, apps, skills, knowledge_config, "
            "tool_failure_policy, checkpoint, llm (base_url, top_p, seed, stop, timeout, ...). "
            "Keys the target crewai release lacks are left out of the export."
        ),
        kind="json",
    )

    # ---- Runtime (read-only figures)
    execution_count: int = spec(
        0, group=RUNTIME, label="Executions", help="How many times the agent ran.", readonly=True
    )
    avg_execution_time_ms: int = spec(
        0,
        group=RUNTIME,
        label="Avg. execution time",
        help="Milliseconds, averaged over runs.",
        readonly=True,
        unit="ms",
    )
    last_executed_at: datetime | None = spec(
        None,
        group=RUNTIME,
        label="Last run",
        help="When the agent last ran.",
        kind="datetime",
        readonly=True,
    )

    @property
    def flags(self) -> str:
        """M memory, R reasoning, V multimodal, C code execution."""
        return "".join(
            c
            for c, on in (
                ("M", self.memory_enabled),
                ("R", self.reasoning_enabled),
                ("V", self.multimodal_enabled),
                ("C", self.allow_code_execution),
            )
            if on
        )
