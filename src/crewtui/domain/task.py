"""A task: every column of ``crewai_tasks`` plus its name and position in the crew."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import AfterValidator, Field

from .base import Record
from .crewai_settings import check_task_settings
from .fields import spec
from .validators import HttpUrl, ToolNames, check_identifier, check_output_schema

TaskStatus = Literal["pending", "running", "completed", "failed"]

BASIC = "Basic"
EXECUTION = "Execution"
OUTPUT = "Output"
GUARDRAILS = "Guardrails"
DEPENDENCIES = "Dependencies"
TOOLS = "Tools"
OBSERVABILITY = "Observability"
RESULT = "Result"

TASK_GROUPS = (
    BASIC,
    EXECUTION,
    OUTPUT,
    GUARDRAILS,
    DEPENDENCIES,
    TOOLS,
    OBSERVABILITY,
    RESULT,
)

TaskName = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(check_identifier)]


class Task(Record):
    key_field: ClassVar[str] = "name"
    table: ClassVar[str] = "crewai_tasks"

    name: TaskName = spec(
        group=BASIC,
        label="Name",
        help="Task key, unique within the crew (snake_case); the key in tasks.yaml.",
        crewai="name",
    )
    crew_id: UUID | None = spec(
        None,
        group=BASIC,
        label="Crew",
        help="The crew this task belongs to.",
        kind="ref",
        ref="crew",
    )
    sequence_order: int = spec(
        0,
        group=BASIC,
        label="Position",
        help="Execution order within the crew.",
        ge=0,
        readonly=True,
    )
    task_type: str | None = spec(
        None,
        group=BASIC,
        label="Type",
        help="Free classification (market_sizing, pain_point, or your own).",
        max_length=100,
    )
    description: str | None = spec(
        None,
        group=BASIC,
        label="Description",
        help="What to do. {placeholders} are filled from kickoff inputs.",
        kind="text",
        crewai="description",
    )
    expected_output: str | None = spec(
        None,
        group=BASIC,
        label="Expected output",
        help="What a good result looks like.",
        kind="text",
        crewai="expected_output",
    )
    assigned_agent_id: UUID | None = spec(
        None,
        group=BASIC,
        label="Agent",
        help="Who does the task (a member of the crew). Sequential crews need one on every task.",
        kind="ref",
        ref="agent",
        crewai="agent",
    )
    venture_id: UUID | None = spec(
        None,
        group=BASIC,
        label="Venture",
        help="Venture this task researches (legacy).",
        kind="ref",
        ref="venture",
    )

    async_execution: bool = spec(
        False,
        group=EXECUTION,
        label="Async",
        help="Run without waiting; later tasks wait only if they take it as context.",
        crewai="async_execution",
    )
    human_input: bool = spec(
        False,
        group=EXECUTION,
        label="Human input",
        help="Ask a person to review the answer before it is final.",
        crewai="human_input",
    )

    markdown_enabled: bool = spec(
        False,
        group=OUTPUT,
        label="Markdown",
        help="Ask for the answer in Markdown.",
        crewai="markdown",
    )
    output_file: str | None = spec(
        None,
        group=OUTPUT,
        label="Output file",
        help="Where the answer is written (relative path; {placeholders} allowed).",
        crewai="output_file",
    )
    create_directory: bool = spec(
        False,
        group=OUTPUT,
        label="Create directory",
        help="Create the output file's folder if missing.",
        crewai="create_directory",
        crewai_default=True,
    )
    output_json_schema: Annotated[dict[str, Any] | None, AfterValidator(check_output_schema)] = (
        spec(
            None,
            group=OUTPUT,
            label="Output JSON schema",
            help=(
                'JSON schema of a structured answer ({"type": "object", "properties": {...}}); '
                "exported as a pydantic model."
            ),
            kind="json",
            crewai="output_json",
        )
    )
    output_pydantic_schema: Annotated[
        str | None, AfterValidator(lambda v: v if v is None else check_identifier(v))
    ] = spec(
        None,
        group=OUTPUT,
        label="Output pydantic model",
        help="Name of a pydantic model class for the answer.",
        crewai="output_pydantic",
    )

    guardrail_function: str | None = spec(
        None,
        group=GUARDRAILS,
        label="Guardrail",
        help="A function name (identifier) or a plain-language rule the answer must satisfy.",
        kind="text",
        crewai="guardrail",
    )
    guardrail_max_retries: int = spec(
        3,
        group=GUARDRAILS,
        label="Guardrail retries",
        help="Retries when the guardrail rejects the answer.",
        ge=0,
        crewai="guardrail_max_retries",
    )

    context_task_ids: list[UUID] | None = spec(
        None,
        group=DEPENDENCIES,
        label="Context",
        help=(
            "Earlier tasks whose outputs this task reads. Empty list = none; unset = all previous "
            "outputs."
        ),
        kind="uuid_list",
        ref="task",
        crewai="context",
    )

    tools: ToolNames | None = spec(
        None,
        group=TOOLS,
        label="Tools",
        help="Task-specific tools (override the agent's).",
        kind="tags",
        crewai="tools",
    )

    callback_url: HttpUrl | None = spec(
        None,
        group=OBSERVABILITY,
        label="Callback URL",
        help="http(s) URL posted when the task completes.",
        crewai="callback",
    )

    crewai_settings: Annotated[dict[str, Any], AfterValidator(check_task_settings)] = spec(
        {},
        group=GUARDRAILS,
        label="crewai settings",
        help=(
            "crewai settings without a column of their own (JSON): guardrails (list), "
            "response_model (class name), input_files (name -> path), name, condition (function "
            "name: a ConditionalTask)."
        ),
        kind="json",
    )

    status: TaskStatus = spec("pending", group=RESULT, label="Status", help="Last execution state.")
    result: dict[str, Any] | None = spec(
        default_factory=dict,
        group=RESULT,
        label="Result",
        help="Output of the last run.",
        kind="json",
        readonly=True,
    )
    execution_time_ms: int | None = spec(
        None,
        group=RESULT,
        label="Execution time",
        help="Milliseconds of the last run.",
        readonly=True,
        unit="ms",
    )
    confidence_score: Decimal | None = spec(
        None,
        group=RESULT,
        label="Confidence",
        help="0 to 1.",
        ge=0,
        le=1,
        max_digits=3,
        decimal_places=2,
    )
    chairman_accepted: bool | None = spec(
        None, group=RESULT, label="Chairman accepted", help="Governance review outcome."
    )
    chairman_feedback: str | None = spec(
        None,
        group=RESULT,
        label="Chairman feedback",
        help="Governance review comments.",
        kind="text",
    )
    error_message: str | None = spec(
        None, group=RESULT, label="Error", help="Error of the last run.", kind="text", readonly=True
    )
