"""The base every stored record shares: id, version and timestamps, all read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import FieldProblem, ValidationFailed
from .fields import fields_of, spec
from .storable import storable_problem

META = "Metadata"


class Record(BaseModel):
    """A row the user can edit. Validation runs on assignment too, so a form can check one field."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid", str_strip_whitespace=False)

    #: the column that names the record for people (agent_key, crew_name, ...)
    key_field: ClassVar[str] = "id"
    #: the table the record lives in
    table: ClassVar[str] = ""

    id: UUID | None = spec(
        None, group=META, label="Id", help="Database id.", kind="uuid", readonly=True
    )
    version: int = spec(
        1,
        group=META,
        label="Version",
        help="Bumped on every save; a save against an older version is a conflict.",
        readonly=True,
    )
    created_at: datetime | None = spec(
        None,
        group=META,
        label="Created",
        help="When the row was created.",
        kind="datetime",
        readonly=True,
    )
    updated_at: datetime | None = spec(
        None,
        group=META,
        label="Updated",
        help="When the row was last saved.",
        kind="datetime",
        readonly=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        """Refuse at the door what a column cannot hold alike on both databases."""
        why = storable_problem(value)
        if why is not None:
            raise ValueError(why)
        return value

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))

    @classmethod
    def validated(cls, data: dict[str, Any]) -> Self:
        """Validate ``data``; pydantic's errors become a ValidationFailed naming each field."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ValidationFailed(problems_from(exc)) from None

    def updated(self, changes: dict[str, Any]) -> Self:
        """A validated copy with ``changes`` applied; read-only fields cannot change."""
        ro = {f.name for f in fields_of(type(self)) if f.readonly}
        problems = [FieldProblem(b, "is read-only") for b in sorted(set(changes) & ro)]
        problems += [
            FieldProblem(u, "is not a field of this record")
            for u in sorted(set(changes) - set(type(self).model_fields))
        ]
        if problems:
            raise ValidationFailed(problems)
        return type(self).validated({**self.model_dump(), **changes})

    def editable_values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields_of(type(self)) if not f.readonly}


def problems_from(exc: ValidationError) -> list[FieldProblem]:
    out: list[FieldProblem] = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "value"
        out.append(FieldProblem(loc, friendly_message(err)))
    return out


def friendly_message(err: Any) -> str:
    """pydantic's message in the words a form or a command line should use."""
    typ = err["type"]
    ctx = err.get("ctx") or {}
    simple = {
        "missing": "is required",
        "extra_forbidden": "is not a field of this record",
        "int_parsing": "must be a whole number",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "decimal_parsing": "must be a number",
        "decimal_type": "must be a number",
        "float_parsing": "must be a number",
        "bool_parsing": "must be yes or no",
        "bool_type": "must be yes or no",
        "uuid_parsing": "must be a valid id",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "string_type": "must be text",
    }
    if typ in simple:
        return simple[typ]
    if typ == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if typ == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if typ == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if typ == "less_than":
        return f"must be less than {ctx.get('lt')}"
    if typ == "string_too_short":
        n = ctx.get("min_length")
        return "is required" if n == 1 else f"must be at least {n} characters"
    if typ == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if typ == "decimal_max_places":
        return f"must have at most {ctx.get('decimal_places')} decimal places"
    if typ == "decimal_max_digits":
        return f"must have at most {ctx.get('max_digits')} digits"
    if typ == "literal_error":
        return f"must be one of: {ctx.get('expected', '')}".replace("'", "")
    if typ == "string_pattern_mismatch":
        return "has characters that are not allowed here"
    msg = str(err["msg"])
    return msg[len("Value error, ") :] if msg.startswith("Value error, ") else msg
