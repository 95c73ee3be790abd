"""crewai parameter tables derived from the field declarations (:func:`crewtui.domain.fields.spec`).

Each table here is computed from ``fields_of(model)``; nothing in it names a field. The export
(:func:`crewai_map.agent_kwargs`), code generation, the importer, the scanner and the release
table (:mod:`crewtui.interop.releases`) read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

from ..domain.crewai_values import Converter, converter
from ..domain.fields import FieldSpec, fields_of

T = TypeVar("T")

_MEMO: dict[tuple[str, type[BaseModel]], tuple[tuple[FieldSpec, ...], Any]] = {}


def memo(name: str, model: type[BaseModel], build: Callable[[tuple[FieldSpec, ...]], T]) -> T:
    """``build(fields_of(model))``, computed again only when the declarations change."""
    specs = fields_of(model)
    hit = _MEMO.get((name, model))
    if hit is not None and hit[0] is specs:
        return hit[1]  # type: ignore[no-any-return]
    value = build(specs)
    _MEMO[(name, model)] = (specs, value)
    return value


def keyword_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Fields that are a keyword of the crewai object itself, in declaration order."""
    return memo("keyword", model, lambda fs: tuple(f for f in fs if f.keyword))


def by_keyword(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return memo("by_keyword", model, lambda fs: {str(f.keyword): f for f in fs if f.keyword})


def llm_fields(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """``LLM(...)`` argument -> field, for the columns declared ``crewai="llm.<arg>"``."""
    return memo(
        "llm",
        model,
        lambda fs: {f.crewai.split(".", 1)[1]: f for f in fs if f.crewai and not f.keyword},
    )


def endpoint_fields(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """``LLM(...)`` argument -> model-endpoint field (``base_url``, ``api_key``, ...)."""
    return memo("endpoint", model, lambda fs: {str(f.endpoint): f for f in fs if f.endpoint})


def conv(f: FieldSpec) -> Converter:
    return converter(f.convert)


def to_crewai(f: FieldSpec, value: Any) -> Any:
    return conv(f).to_crewai(value)


def from_crewai(f: FieldSpec, value: Any) -> Any:
    return conv(f).from_crewai(value)


# ---------------------------------------------------------------- the importer


#: kinds of reference columns: the project names the object, the reader resolves the name
_REFERENCES = ("ref", "uuid_list")


def import_columns(model: type[BaseModel]) -> dict[str, str]:
    """crewai name -> column: the object's keywords (but its key, which names it) and its
    ``LLM(...)`` arguments (keyed by column), then the model-endpoint columns, then
    ``crewai_settings``. A reference keeps the crewai name (``agent``, ``context``)."""
    key_field = getattr(model, "key_field", None)

    def build(fs: tuple[FieldSpec, ...]) -> dict[str, str]:
        out = {
            (f.keyword or f.name): (str(f.crewai) if f.kind in _REFERENCES else f.name)
            for f in fs
            if f.crewai and f.name != key_field
        }
        out.update({f.name: f.name for f in fs if f.endpoint})
        if any(f.name == "crewai_settings" for f in fs):
            out["crewai_settings"] = "crewai_settings"
        return out

    return memo("import_columns", model, build)


def omitted_values(model: type[BaseModel]) -> dict[str, Any]:
    """column -> what it holds when a project leaves the crewai setting out (crewai's default)."""

    return declared_defaults(model, import_columns(model).values())


def declared_defaults(model: type[BaseModel], columns: Iterable[str]) -> dict[str, Any]:
    """column -> crewai's default as the declaration states it, for the columns named (a
    required setting has none)."""
    wanted = set(columns)
    required = {n for n, info in model.model_fields.items() if info.is_required()}
    return {
        f.name: f.crewai_default
        for f in fields_of(model)
        if f.name in wanted and f.name not in required
    }


def stored_value(model: type[BaseModel], column: str, value: Any) -> Any:
    """A value read from a project, converted back to what the column stores."""
    f = memo("by_name", model, lambda fs: {f.name: f for f in fs}).get(column)
    return from_crewai(f, value) if f is not None else value


# ---------------------------------------------------------------- the scanner


def scanner_keywords(model: type[BaseModel]) -> dict[str, str]:
    """crewai keyword -> column, for keywords that hold configuration (not code)."""
    return memo(
        "scanner",
        model,
        lambda fs: {str(f.keyword): f.name for f in fs if f.keyword and conv(f).kind != "code"},
    )


def scanner_columns(model: type[BaseModel]) -> frozenset[str]:
    """Columns a scanned class may set under their own name."""
    return memo("scanner_columns", model, lambda fs: frozenset(f.name for f in fs if f.crewai))
