"""crewai settings without a column of their own, kept per agent, crew and task.

Stored as one JSON object (``crewai_settings``) per row and validated here, so the command
line, the forms and the importer accept exactly the same values. Keys are crewai's parameter
names; a key left out means crewai's default. A key that only newer crewai releases have says
so in its declaration (``json_schema_extra={"since": ...}``, read by :func:`setting_since`);
:mod:`crewtui.interop.releases` builds its table from that; lint names a key the target release
lacks and the export leaves it out.

Objects crewai builds from code (callbacks, condition functions, response models) are stored
by the name of the function or class the project defines.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=200)]
EnvName = Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]*$", max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]
ModelName = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanningSettings(_Strict):
    """crewai's ``PlanningConfig`` (``max_attempts`` also comes from the reasoning columns)."""

    reasoning_effort: Literal["low", "medium", "high"] | None = None
    max_attempts: int | None = Field(None, ge=1, le=100)
    max_steps: int | None = Field(None, ge=1, le=1000)
    observe_steps: bool | None = None
    system_prompt: Text | None = None
    plan_prompt: Text | None = None
    refine_prompt: Text | None = None
    llm: ModelName | None = None


class KnowledgeSettings(_Strict):
    results_limit: int | None = Field(None, ge=1, le=1000)
    score_threshold: float | None = Field(None, ge=0, le=1)


class LlmSettings(_Strict):
    """``LLM(...)`` settings besides model, temperature and max_tokens (kept in columns).

    The API key is named by its environment variable, never stored."""

    base_url: Annotated[str, Field(pattern=r"^https?://", max_length=2000)] | None = None
    api_version: ModelName | None = None
    api_key_env: EnvName | None = None
    top_p: float | None = Field(None, ge=0, le=1)
    seed: int | None = None
    stop: list[str] | None = None
    timeout: float | None = Field(None, gt=0)
    presence_penalty: float | None = Field(None, ge=-2, le=2)
    frequency_penalty: float | None = Field(None, ge=-2, le=2)
    max_completion_tokens: int | None = Field(None, gt=0)
    reasoning_effort: Literal["none", "low", "medium", "high"] | None = None
    stream: bool | None = None


#: a setting the newest release brought (the release table reads ``since``)
SINCE_1_15: dict[str, Any] = {"json_schema_extra": {"since": "1.15"}}


class AgentSettings(_Strict):
    memory: bool | None = Field(None, **SINCE_1_15)
    planning_config: PlanningSettings | None = Field(None, **SINCE_1_15)
    guardrail: Text | None = None
    guardrail_max_retries: int | None = Field(None, ge=0, le=100)
    mcps: list[Annotated[str, Field(min_length=1, max_length=2000)]] | None = None
    apps: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = None
    skills: list[Annotated[str, Field(min_length=1, max_length=2000)]] | None = Field(
        None, **SINCE_1_15
    )
    knowledge_config: KnowledgeSettings | None = None
    tool_failure_policy: Literal["ignore", "warn", "raise"] | None = Field(None, **SINCE_1_15)
    checkpoint: bool | None = Field(None, **SINCE_1_15)
    llm: LlmSettings | None = None


class CrewSettings(_Strict):
    stream: bool | None = None
    chat_llm: ModelName | None = None
    knowledge_sources: list[dict[str, Any] | str] | None = None
    embedder: dict[str, Any] | None = None
    before_kickoff_callbacks: list[Identifier] | None = None
    after_kickoff_callbacks: list[Identifier] | None = None
    tracing: bool | None = None
    checkpoint: bool | None = None
    skills: list[Annotated[str, Field(min_length=1, max_length=2000)]] | None = None

    @field_validator("embedder")
    @classmethod
    def _embedder(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        from .validators import check_embedder

        return check_embedder(value)

    @field_validator("knowledge_sources")
    @classmethod
    def _knowledge(cls, value: list[Any] | None) -> list[Any] | None:
        from .validators import check_knowledge_sources

        return None if value is None else check_knowledge_sources(value)


class TaskSettings(_Strict):
    guardrails: list[Text] | None = None
    response_model: Identifier | None = None
    input_files: dict[Identifier, Annotated[str, Field(min_length=1, max_length=2000)]] | None = (
        None
    )
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    #: a ConditionalTask: the name of the function deciding whether the task runs
    condition: Identifier | None = None


SETTINGS_MODELS: dict[str, type[BaseModel]] = {
    "agent": AgentSettings,
    "crew": CrewSettings,
    "task": TaskSettings,
}


def normalized(model: type[BaseModel], value: Any) -> dict[str, Any]:
    """The stored form: validated, unset keys left out. Raises ValueError naming the key."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("must be a JSON object of crewai settings")
    try:
        parsed = model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{where}: {first['msg']}") from None
    return parsed.model_dump(mode="json", exclude_none=True)


def check_agent_settings(value: Any) -> dict[str, Any]:
    return normalized(AgentSettings, value)


def check_crew_settings(value: Any) -> dict[str, Any]:
    return normalized(CrewSettings, value)


def check_task_settings(value: Any) -> dict[str, Any]:
    return normalized(TaskSettings, value)


def setting_names(kind: str) -> list[str]:
    return list(SETTINGS_MODELS[kind].model_fields)


def setting_since(kind: str, name: str) -> str:
    """The first release that has the setting (``1.3``: every release crewtui knows)."""
    extra = SETTINGS_MODELS[kind].model_fields[name].json_schema_extra
    return str(extra.get("since", "1.3")) if isinstance(extra, dict) else "1.3"
