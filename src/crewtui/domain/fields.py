"""Field metadata declared once on the models and read by forms, CLI, lint, docs and interop.

Each model field is declared with :func:`spec`, which stores the group (the section of the
schema design), a label, help text, the widget kind and, for references, what they point at.
:func:`fields_of` returns them in declaration order.

A field that is a crewai setting also says, in the same declaration, how it reaches crewai:
``crewai`` (the keyword; ``llm.<name>`` for an argument of the agent's ``LLM(...)``),
``endpoint`` (the ``LLM(...)`` argument of a model-endpoint column), ``crewai_default`` (what
crewai uses when the keyword is left out, as a stored value; the field's own default when not
given; ``default_changed``: the release from which crewai's default is another one, so the
export writes the value for that release and newer), ``convert`` (a converter of
:mod:`crewtui.domain.crewai_values`: stored value -> crewai value and back) and the releases:
``since``, ``deprecated`` (with ``replacement``) and ``dropped`` (the release from which the
export leaves it out). The export's keyword mapping, code generation's ``Agent(...)``
keywords, the importer's and the scanner's field tables and the
release table are derived from these (:mod:`crewtui.interop.params`).

A new crewai setting touches:

1. its ``spec(...)`` entry on the model (``domain/agent.py``, ``crew.py`` or ``task.py``);
2. its storage: the ORM column and an Alembic migration (``db/models.py``,
   ``db/migrations/versions/``, then ``python -m crewtui.db.compile``), or instead a key of
   the ``crewai_settings`` JSON object (``domain/crewai_settings.py``; an agent key states
   ``since`` in its ``json_schema_extra``, a crew or task key still has its line in
   ``interop/releases.py``);
3. the form widget, only when the kind inferred from the annotation does not fit
   (``ui/forms/``).

That holds for an agent's plain values and ``LLM(...)`` arguments (written after the known
keywords unless ``AGENT_ORDER``/``CODEGEN_ORDER`` place them). A value crewai gets as an object
or code (tools, knowledge sources, callbacks), one built from several columns
(``planning_config``, the agent's ``memory``), and the crew's and task's export still have
code of their own in ``interop/crewai_map.py`` and ``interop/codegen.py``.
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
    #: the crewai keyword this maps to, if any; ``llm.<arg>``: an argument of the agent's LLM
    crewai: str | None = None
    #: the ``LLM(...)`` argument of a model-endpoint column (``base_url``, ``api_key``, ...)
    endpoint: str | None = None
    #: what crewai uses when the keyword is left out, as a stored value
    crewai_default: Any = None
    #: the release from which crewai's default is not ``crewai_default`` any more
    default_changed: str | None = None
    #: the converter (:data:`crewtui.domain.crewai_values.CONVERTERS`) between the two
    convert: str = "plain"
    #: the first release that has the keyword, the one that deprecates it (and what replaces
    #: it) and the one from which the export leaves it out
    since: str = "1.3"
    deprecated: str | None = None
    replacement: str = ""
    dropped: str | None = None

    @property
    def keyword(self) -> str | None:
        """The crewai keyword when it is one of the object's own (not ``llm.<arg>``)."""
        return self.crewai if self.crewai and "." not in self.crewai else None


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
    endpoint: str | None = None,
    crewai_default: Any = ...,
    default_changed: str | None = None,
    convert: str = "plain",
    since: str = "1.3",
    deprecated: str | None = None,
    replacement: str = "",
    dropped: str | None = None,
    **kwargs: Any,
) -> Any:
    """A pydantic ``Field`` carrying crewtui's metadata in ``json_schema_extra``.

    ``{crewai_default}`` in the help text is replaced by crewai's default."""
    extra: dict[str, Any] = {
        "group": group,
        "label": label,
        "kind": kind,
        "ref": ref,
        "readonly": readonly,
        "unit": unit,
        "crewai": crewai,
        "endpoint": endpoint,
        "convert": convert,
        "default_changed": default_changed,
        "since": since,
        "deprecated": deprecated,
        "replacement": replacement,
        "dropped": dropped,
    }
    if crewai_default is not ...:
        extra["crewai_default"] = crewai_default
    if "{crewai_default}" in help:
        shown = crewai_default if crewai_default is not ... else default
        help = help.replace("{crewai_default}", str(shown))
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
                endpoint=extra.get("endpoint"),  # type: ignore[arg-type]
                crewai_default=extra.get("crewai_default", default),
                default_changed=extra.get("default_changed"),  # type: ignore[arg-type]
                convert=str(extra.get("convert") or "plain"),
                since=str(extra.get("since") or "1.3"),
                deprecated=extra.get("deprecated"),  # type: ignore[arg-type]
                replacement=str(extra.get("replacement") or ""),
                dropped=extra.get("dropped"),  # type: ignore[arg-type]
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
