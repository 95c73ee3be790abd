"""What a flow is made of: its state, and its methods with their triggers and actions.

A flow definition is kept as JSON in ``crewai_flows.flow_definition``::

    {"state": {"schema": {...JSON schema...}, "default": {...}},
     "methods": [{"name": "research", "start": true,
                  "do": {"call": "crew", "crew": "venture-research",
                         "inputs": {"topic": "${state.topic}"}}},
                 {"name": "route", "listen": "research", "router": true,
                  "emit": ["again", "done"], "do": {"call": "expression", "expr": "..."}},
                 ...],
     "config": {"max_method_calls": 100}}

Methods are a list (their order is the one people wrote them in; a JSON object's keys lose it
in PostgreSQL). A trigger is ``start`` and/or ``listen``: a method name or router label, or
``{"or": [...]}`` / ``{"and": [...]}`` of such conditions, nested. Values inside actions may
hold ``${state.field}`` and ``${outputs.method.raw}`` expressions, as in crewai's declarative
flows.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: a trigger condition: a name, or {"or": [...]} / {"and": [...]}
Condition = str | dict[str, list[Any]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def check_condition(value: Any, path: str = "listen") -> Any:
    """A condition is a non-empty name or a one-key ``or``/``and`` object of conditions."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{path} must name a method or a router label")
        return value
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in ("or", "and"):
            raise ValueError(f'{path} must be a name, {{"or": [...]}} or {{"and": [...]}}')
        op, items = next(iter(value.items()))
        if not isinstance(items, list) or not items:
            raise ValueError(f"{path}.{op} must be a non-empty list")
        for i, item in enumerate(items):
            check_condition(item, f"{path}.{op}[{i}]")
        return value
    raise ValueError(f"{path} must be a name or an or/and condition")


def condition_names(value: Any) -> list[str]:
    """Every name a condition mentions, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [n for items in value.values() for item in items for n in condition_names(item)]
    return []


# ---- actions


class CrewAction(_Strict):
    """Run a crew that crewtui keeps, by its name, with inputs from the state and outputs."""

    call: Literal["crew"] = "crew"
    crew: str = Field(min_length=1)
    inputs: dict[str, Any] = Field(default_factory=dict)


class AgentAction(_Strict):
    """Run one kept agent on its own with an input text."""

    call: Literal["agent"] = "agent"
    agent: str = Field(min_length=1)
    input: str = Field(min_length=1)


class ToolAction(_Strict):
    """Run a tool: a registry tool key, or a ``module:Class`` reference."""

    call: Literal["tool"] = "tool"
    tool: str = Field(min_length=1)
    args: dict[str, Any] = Field(default_factory=dict)


class ExpressionAction(_Strict):
    """Evaluate an expression over ``state`` and ``outputs`` (CEL in crewai)."""

    call: Literal["expression"] = "expression"
    expr: str = Field(min_length=1)


class FeedbackAction(_Strict):
    """Ask a person: show ``show`` with ``message``; with ``emit`` the answer routes on."""

    call: Literal["feedback"] = "feedback"
    message: str = Field(min_length=1)
    show: str = Field(default="state", min_length=1)
    emit: list[str] = Field(default_factory=list)
    default_outcome: str | None = None
    llm: str | None = None


AtomicAction = Annotated[
    CrewAction | AgentAction | ToolAction | ExpressionAction, Field(discriminator="call")
]


class EachStep(_Strict):
    name: str
    if_: str | None = Field(default=None, alias="if")
    action: AtomicAction

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_RE.fullmatch(value):
            raise ValueError("must be letters, digits and _ and not start with a digit")
        return value


class EachAction(_Strict):
    """Run ``steps`` for every item of the list ``in`` evaluates to (``item`` in steps)."""

    call: Literal["each"] = "each"
    in_: str = Field(alias="in", min_length=1)
    steps: list[EachStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> EachAction:
        names = [s.name for s in self.steps]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"step names must be unique: {', '.join(dupes)}")
        return self


Action = Annotated[
    CrewAction | AgentAction | ToolAction | ExpressionAction | EachAction | FeedbackAction,
    Field(discriminator="call"),
]

ACTION_KINDS = ("crew", "agent", "tool", "expression", "each", "feedback")


class FlowMethod(_Strict):
    name: str
    description: str | None = None
    start: bool = False
    listen: Condition | None = None
    router: bool = False
    emit: list[str] = Field(default_factory=list)
    do: Action

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_RE.fullmatch(value):
            raise ValueError(f"'{value}' must be letters, digits and _ and not start with a digit")
        return value

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: Any) -> Any:
        return None if value is None else check_condition(value)

    @property
    def routes(self) -> bool:
        """Does the method's result pick the next event (a router, or feedback with outcomes)?"""
        return self.router or (isinstance(self.do, FeedbackAction) and bool(self.do.emit))

    @property
    def labels(self) -> list[str]:
        """The labels the method may emit."""
        if isinstance(self.do, FeedbackAction) and self.do.emit:
            return list(self.do.emit)
        return list(self.emit) if self.router else []


class FlowState(_Strict):
    """The flow's state: a JSON schema (an object's properties) and default values."""

    schema_: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object", "properties": {}}, alias="schema"
    )
    default: dict[str, Any] = Field(default_factory=dict)

    @field_validator("schema_")
    @classmethod
    def _object(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("type", "object") != "object":
            raise ValueError("the state schema must describe an object")
        props = value.get("properties", {})
        if not isinstance(props, dict):
            raise ValueError("properties must be an object")
        return value

    @property
    def fields(self) -> list[str]:
        """The state's field names: the schema's properties, then defaults not in it."""
        props = list(self.schema_.get("properties", {}))
        return props + [k for k in self.default if k not in props]


class FlowConfig(_Strict):
    max_method_calls: int = Field(default=100, ge=1)


class FlowSpec(_Strict):
    """A whole flow definition (what ``crewai_flows.flow_definition`` holds)."""

    state: FlowState = Field(default_factory=FlowState)
    methods: list[FlowMethod] = Field(default_factory=list)
    config: FlowConfig = Field(default_factory=FlowConfig)

    def method(self, name: str) -> FlowMethod | None:
        return next((m for m in self.methods if m.name == name), None)

    @property
    def method_names(self) -> list[str]:
        return [m.name for m in self.methods]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=False)


def empty_definition() -> dict[str, Any]:
    return FlowSpec().to_json()
