"""A flow: every column of ``crewai_flows``; its definition is checked by :mod:`.flow_spec`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal
from uuid import UUID

from pydantic import ValidationError, field_validator

from .base import Record
from .fields import spec
from .flow_spec import FlowSpec, empty_definition

FlowStatus = Literal["draft", "active", "archived"]

BASIC = "Basic"
DEFINITION = "Definition"
RUNS = "Runs"


class Flow(Record):
    key_field: ClassVar[str] = "flow_key"
    table: ClassVar[str] = "crewai_flows"

    flow_key: str = spec(
        group=BASIC,
        label="Key",
        help="Unique key of the flow: letters, digits, - and _.",
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$",
    )
    name: str = spec(
        group=BASIC,
        label="Name",
        help="The crewai flow name (a Python class name when exported as code).",
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        crewai="name",
    )
    description: str | None = spec(
        None, group=BASIC, label="Description", help="What the flow is for.", kind="text"
    )
    status: FlowStatus = spec(
        "draft", group=BASIC, label="Status", help="draft, active or archived."
    )
    tags: list[str] = spec(
        default_factory=list, group=BASIC, label="Tags", help="Free labels to find the flow by."
    )
    flow_definition: dict[str, Any] = spec(
        default_factory=empty_definition,
        group=DEFINITION,
        label="Definition",
        help="State (JSON schema and defaults) and methods with their triggers and actions.",
        kind="json",
    )
    python_code: str | None = spec(
        None,
        group=DEFINITION,
        label="Python code",
        help="A Python Flow class the flow was imported from (kept as text, never run).",
        kind="text",
    )
    execution_count: int = spec(
        0, group=RUNS, label="Executions", help="How many times the flow ran.", readonly=True
    )
    last_executed_at: datetime | None = spec(
        None,
        group=RUNS,
        label="Last run",
        help="When the flow last ran.",
        kind="datetime",
        readonly=True,
    )
    created_by: UUID | None = spec(
        None, group=RUNS, label="Created by", help="Who created it.", kind="uuid", readonly=True
    )

    @field_validator("flow_definition")
    @classmethod
    def _definition(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            return FlowSpec.model_validate(value).to_json()
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            msg = str(err["msg"]).removeprefix("Value error, ")
            extra = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
            raise ValueError(f"{where}: {msg}{extra}" if where else msg + extra) from None

    @property
    def definition(self) -> FlowSpec:
        """The definition as a model (a stored definition that no longer validates reads as
        an empty flow; :func:`parse_definition` says why)."""
        try:
            return FlowSpec.model_validate(self.flow_definition)
        except ValidationError:
            return FlowSpec()


def parse_definition(value: dict[str, Any]) -> tuple[FlowSpec | None, str | None]:
    """The definition and None, or None and what is wrong with it."""
    try:
        return FlowSpec.model_validate(value), None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return None, f"{where}: {err['msg']}"
