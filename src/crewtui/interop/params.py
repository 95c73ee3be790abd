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


def crewai_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Fields that are crewai settings (a keyword of their own or of the ``LLM(...)``)."""
    return memo("crewai", model, lambda fs: tuple(f for f in fs if f.crewai))


def keyword_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Fields that are a keyword of the crewai object itself, in declaration order."""
    return memo("keyword", model, lambda fs: tuple(f for f in fs if f.keyword))


def by_keyword(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return memo("by_keyword", model, lambda fs: {f.crewai: f for f in fs if f.keyword})  # type: ignore[misc]


def conv(f: FieldSpec) -> Converter:
    return converter(f.convert)


def to_crewai(f: FieldSpec, value: Any) -> Any:
    return conv(f).to_crewai(value)


def from_crewai(f: FieldSpec, value: Any) -> Any:
    return conv(f).from_crewai(value)


# ---------------------------------------------------------------- the importer


def import_columns(model: type[BaseModel]) -> dict[str, str]:
    """crewai name -> column: the object's keywords and its ``LLM(...)`` arguments (keyed by
    column), then the model-endpoint columns, then ``crewai_settings``."""

    def build(fs: tuple[FieldSpec, ...]) -> dict[str, str]:
        out = {(f.keyword or f.name): f.name for f in fs if f.crewai}
        out.update({f.name: f.name for f in fs if f.endpoint})
        if any(f.name == "crewai_settings" for f in fs):
            out["crewai_settings"] = "crewai_settings"
        return out

    return memo("import_columns", model, build)


def omitted_values(model: type[BaseModel]) -> dict[str, Any]:
    """column -> what it holds when a project leaves the crewai setting out (crewai's default)."""

    def build(fs: tuple[FieldSpec, ...]) -> dict[str, Any]:
        columns = set(import_columns(model).values())
        return {f.name: f.crewai_default for f in fs if f.name in columns}

    return memo("omitted", model, build)


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
        lambda fs: {
            f.crewai: f.name  # type: ignore[misc]
            for f in fs
            if f.keyword and conv(f).kind != "code"
        },
    )


def scanner_columns(model: type[BaseModel]) -> frozenset[str]:
    """Columns a scanned class may set under their own name."""
    return memo("scanner_columns", model, lambda fs: frozenset(f.name for f in fs if f.crewai))


# ---------------------------------------------------------------- releases


def declared_lives(model: type[BaseModel]) -> Iterable[FieldSpec]:
    """The fields whose keyword the release table records."""
    return keyword_fields(model)
