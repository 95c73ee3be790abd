"""Field metadata declared once on the models and read by forms, CLI, lint and docs.

Each model field is declared with :func:`spec`, which stores the group (the section of the
schema design), a label, help text, the widget kind and, for references, what they point at.
:func:`fields_of` returns them in declaration order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field

Kind = Literal[
    "str",  # one line of text
    "text",  # multi-line text
    "int",
    "decimal",
    "bool",
    "choice",  # one of fixed choices
    "ref",  # reference to another row (department, memory config, agent, ...)
    "tags",  # list of short strings
    "json",  # a JSON document
    "uuid_list",  # list of row ids (task context)
    "datetime",
    "uuid",
]


@dataclass(frozen=True)
class FieldSpec:
    """What the rest of the program needs to know about one field."""

    name: str
    group: str
    label: str
    help: str
    kind: Kind
    choices: tuple[str, ...] = ()
    ref: str | None = None  # "department" | "memory_config" | "agent" | "task" | "tool" | ...
    readonly: bool = False
    optional: bool = False
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    #: the bounds themselves are excluded (``gt``/``lt``): max_tokens > 0
    minimum_exclusive: bool = False
    maximum_exclusive: bool = False
    unit: str = ""
    default: Any = None
    crewai: str | None = None  # the crewai parameter this maps to, if any


def spec(
    default: Any = ...,
    *,
    group: str,
    label: str,
    help: str,
    kind: Kind | None = None,
    ref: str | None = None,
    readonly: bool = False,
    unit: str = "",
    crewai: str | None = None,
    **kwargs: Any,
) -> Any:
    """A pydantic ``Field`` carrying crewtui's metadata in ``json_schema_extra``."""
    extra: dict[str, Any] = {
        "group": group,
        "label": label,
        "kind": kind,
        "ref": ref,
        "readonly": readonly,
        "unit": unit,
        "crewai": crewai,
    }
    return Field(default, description=help, json_schema_extra=extra, **kwargs)


def _infer_kind(annotation: Any) -> tuple[Kind, tuple[str, ...], bool]:
    optional = False
    ann = annotation
    args = get_args(ann)
    if args and type(None) in args:
        optional = True
        rest = [a for a in args if a is not type(None)]
        ann = rest[0] if len(rest) == 1 else ann
    origin = get_origin(ann)
    if origin is Literal:
        return "choice", tuple(str(a) for a in get_args(ann)), optional
    if ann is bool:
        return "bool", (), optional
    if ann is int:
        return "int", (), optional
    if ann is Decimal or ann is float:
        return "decimal", (), optional
    if origin is list:
        return "tags", (), optional
    if origin is dict:
        return "json", (), optional
    return "str", (), optional


def _bounds(info: Any) -> tuple[Any, Any, bool, bool]:
    """(minimum, maximum, minimum is exclusive, maximum is exclusive)."""
    lo = hi = None
    lo_ex = hi_ex = False
    for m in info.metadata:
        for attr in ("ge", "gt"):
            v = getattr(m, attr, None)
            if v is not None:
                lo, lo_ex = v, attr == "gt"
        for attr in ("le", "lt"):
            v = getattr(m, attr, None)
            if v is not None:
                hi, hi_ex = v, attr == "lt"
    return lo, hi, lo_ex, hi_ex


_CACHE: dict[type[BaseModel], tuple[FieldSpec, ...]] = {}


def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The FieldSpecs of every field declared with :func:`spec`, in declaration order."""
    cached = _CACHE.get(model)
    if cached is not None:
        return cached
    out: list[FieldSpec] = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or "group" not in extra:
            continue
        kind, choices, optional = _infer_kind(info.annotation)
        if extra.get("kind"):
            kind = extra["kind"]  # type: ignore[assignment]
        lo, hi, lo_ex, hi_ex = _bounds(info)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        out.append(
            FieldSpec(
                name=name,
                group=str(extra["group"]),
                label=str(extra["label"]),
                help=info.description or "",
                kind=kind,
                choices=choices,
                ref=extra.get("ref"),  # type: ignore[arg-type]
                readonly=bool(extra.get("readonly")),
                optional=optional,
                minimum=lo,
                maximum=hi,
                minimum_exclusive=lo_ex,
                maximum_exclusive=hi_ex,
                unit=str(extra.get("unit") or ""),
                default=default,
                crewai=extra.get("crewai"),  # type: ignore[arg-type]
            )
        )
    result = tuple(out)
    _CACHE[model] = result
    return result


def field_map(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return {f.name: f for f in fields_of(model)}


def groups_of(model: type[BaseModel]) -> list[str]:
    """Group names in the order they first appear."""
    seen: list[str] = []
    for f in fields_of(model):
        if f.group not in seen:
            seen.append(f.group)
    # the shared id/version/timestamps section reads best at the end
    if "Metadata" in seen:
        seen.remove("Metadata")
        seen.append("Metadata")
    return seen


def editable_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    return tuple(f for f in fields_of(model) if not f.readonly)
