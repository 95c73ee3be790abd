"""A crew: every column of ``crewai_crews`` plus its ordered members."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .base import Record
from .crewai_settings import check_crew_settings
from .fields import spec
from .validators import EnvVarName, HttpUrl

#: at most this many remembered run inputs, each name and value at most this long
MAX_RUN_INPUTS = 200
MAX_RUN_INPUT_NAME = 100
MAX_RUN_INPUT_VALUE = 20_000


def _check_run_inputs(value: dict[str, str]) -> dict[str, str]:
    if len(value) > MAX_RUN_INPUTS:
        raise ValueError(f"at most {MAX_RUN_INPUTS} run inputs")
    for name, text in value.items():
        if not name.strip() or len(name) > MAX_RUN_INPUT_NAME:
            raise ValueError(f"input name '{name[:40]}' must be 1 to {MAX_RUN_INPUT_NAME} chars")
        if len(text) > MAX_RUN_INPUT_VALUE:
            raise ValueError(f"input '{name}' is longer than {MAX_RUN_INPUT_VALUE:,} characters")
    return value


ProcessType = Literal["sequential", "hierarchical", "consensual"]
RUNNABLE_PROCESSES = ("sequential", "hierarchical")
CrewStatus = Literal["active", "inactive", "archived"]

BASIC = "Basic"
PROCESS = "Process"
LLM = "LLM"
PLANNING = "Planning"
MEMORY = "Memory"
PERFORMANCE = "Performance"
OBSERVABILITY = "Observability"
FILES = "Files"
COLLAB = "Collaboration"
#: shown by the crew editor, not in the builder's one-page form
CREWAI = "crewai settings"

CREW_GROUPS = (
    BASIC,
    PROCESS,
    LLM,
    PLANNING,
    MEMORY,
    PERFORMANCE,
    OBSERVABILITY,
    FILES,
    COLLAB,
)

LlmName = Annotated[str, Field(min_length=1, max_length=50)]


class CrewMember(BaseModel):
    """One member of a crew, in order (``crew_members``)."""

    model_config = ConfigDict(extra="forbid")

    id: UUID | None = None
    agent_id: UUID
    agent_key: str = ""
    role: str = ""  # the agent's crewai role, for display
    role_in_crew: str | None = Field(None, max_length=100)
    sequence_order: int = 0


class Crew(Record):
    key_field: ClassVar[str] = "crew_name"
    table: ClassVar[str] = "crewai_crews"

    crew_name: str = spec(
        group=BASIC,
        label="Name",
        help="Unique crew name; becomes the crewai Crew name and the exported package name.",
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$",
        crewai="name",
    )
    description: str | None = spec(
        None,
        group=BASIC,
        label="Description",
        help="What the crew is for (kept in crewtui).",
        kind="text",
    )
    status: CrewStatus = spec(
        "active", group=BASIC, label="Status", help="active, inactive or archived."
    )

    process_type: ProcessType = spec(
        "sequential",
        group=PROCESS,
        label="Process",
        help=(
            "sequential runs tasks in order; hierarchical lets a manager delegate; consensual is "
            "not runnable by crewai."
        ),
        crewai="process",
    )
    manager_agent_id: UUID | None = spec(
        None,
        group=PROCESS,
        label="Manager agent",
        help="Hierarchical only: the agent that manages the crew (not a member, no tools).",
        kind="ref",
        ref="agent",
        crewai="manager_agent",
    )
    manager_llm: LlmName | None = spec(
        None,
        group=PROCESS,
        label="Manager LLM",
        help=(
            "Hierarchical only: the LLM of the manager crewai creates when no manager agent is set."
        ),
        crewai="manager_llm",
    )

    verbose: bool = spec(
        False,
        group=OBSERVABILITY,
        label="Verbose",
        help="Log every step of the run.",
        crewai="verbose",
    )
    function_calling_llm: LlmName | None = spec(
        None,
        group=LLM,
        label="Function-calling LLM",
        help="LLM for tool calls of every agent in the crew.",
        crewai="function_calling_llm",
    )
    llm_base_url: HttpUrl | None = spec(
        None,
        group=LLM,
        label="Model endpoint URL",
        help=(
            "Base URL of the manager, planning and function-calling LLMs "
            "(an OpenAI-compatible endpoint)."
        ),
    )
    llm_api_key_env: EnvVarName | None = spec(
        None,
        group=LLM,
        label="API key variable",
        help="NAME of the environment variable that holds that endpoint's key (never the key).",
        max_length=100,
    )

    planning_enabled: bool = spec(
        False,
        group=PLANNING,
        label="Planning",
        help="Plan the whole run before the first task.",
        crewai="planning",
    )
    planning_llm: LlmName | None = spec(
        None,
        group=PLANNING,
        label="Planning LLM",
        help="LLM used for planning.",
        crewai="planning_llm",
    )

    memory_enabled: bool = spec(
        False,
        group=MEMORY,
        label="Memory",
        help="Crew memory (short-term, long-term, entity).",
        crewai="memory",
    )

    max_rpm: int = spec(
        0,
        group=PERFORMANCE,
        label="Max RPM",
        help="Requests per minute for the whole crew; 0 = unlimited.",
        ge=0,
        crewai="max_rpm",
        convert="zero_is_none",
    )
    cache_enabled: bool = spec(
        True,
        group=PERFORMANCE,
        label="Cache",
        help=(
            "Cache tool results. crewai's default is on up to 1.14 and off from 1.15, so "
            "projects for 1.15 and newer always say it."
        ),
        crewai="cache",
        crewai_default=True,
        default_changed="1.15",
    )

    step_callback_url: HttpUrl | None = spec(
        None,
        group=OBSERVABILITY,
        label="Step callback URL",
        help="http(s) URL posted after every agent step.",
        crewai="step_callback",
    )
    task_callback_url: HttpUrl | None = spec(
        None,
        group=OBSERVABILITY,
        label="Task callback URL",
        help="http(s) URL posted after every task.",
        crewai="task_callback",
    )

    output_log_file: str | None = spec(
        None,
        group=FILES,
        label="Output log file",
        help="File the run log is written to.",
        crewai="output_log_file",
    )
    config_file_path: str | None = spec(
        None,
        group=FILES,
        label="Config file",
        help="Path of a YAML config this crew came from (kept in crewtui).",
    )
    prompt_file_path: str | None = spec(
        None,
        group=FILES,
        label="Prompt file",
        help="JSON file of prompt overrides.",
        crewai="prompt_file",
    )

    share_crew: bool = spec(
        False,
        group=COLLAB,
        label="Share crew",
        help="Share run data with crewAI to improve the library.",
        crewai="share_crew",
    )

    crewai_settings: Annotated[dict[str, Any], AfterValidator(check_crew_settings)] = spec(
        {},
        group=CREWAI,
        label="crewai settings",
        help=(
            "crewai settings without a column of their own (JSON): stream, chat_llm, "
            "knowledge_sources, embedder, before_kickoff_callbacks, after_kickoff_callbacks "
            "(function names), tracing, checkpoint, skills."
        ),
        kind="json",
    )

    run_inputs: Annotated[dict[str, str], AfterValidator(_check_run_inputs)] = spec(
        {},
        group=CREWAI,
        label="Run inputs",
        help=(
            "Kickoff inputs the crew runs with unless others are given (JSON object of text "
            "values, by {placeholder} name); kept by crewtui, filled by the import from main.py."
        ),
        kind="json",
    )

    members: list[CrewMember] = Field(default_factory=list)

    @property
    def runnable(self) -> bool:
        return self.process_type in RUNNABLE_PROCESSES
