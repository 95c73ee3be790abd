"""Portable column types: the same model serves SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import TypeDecorator, TypeEngine

#: JSONB on PostgreSQL, JSON (text) on SQLite.
JsonB = JSON().with_variant(JSONB(), "postgresql")


class TextArray(TypeDecorator[list[str]]):
    """TEXT[] on PostgreSQL, a JSON list on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(Text()))
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> Any:
        return None if value is None else list(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str] | None:
        return None if value is None else list(value)


class UuidArray(TypeDecorator[list[uuid.UUID]]):
    """UUID[] on PostgreSQL, a JSON list of strings on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(Uuid(as_uuid=True)))
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: list[uuid.UUID] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return [uuid.UUID(str(v)) for v in value]
        return [str(v) for v in value]

    def process_result_value(self, value: Any, dialect: Dialect) -> list[uuid.UUID] | None:
        if value is None:
            return None
        return [v if isinstance(v, uuid.UUID) else uuid.UUID(str(v)) for v in value]


class RealArray(TypeDecorator[list[float]]):
    """REAL[] on PostgreSQL (legacy embeddings), a JSON list on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy import REAL

            return dialect.type_descriptor(ARRAY(REAL()))
        return dialect.type_descriptor(JSON())


class EmptyArrayDefault(ColumnElement[Any]):
    """A server default for an empty array: ``'{}'`` on PostgreSQL, ``'[]'`` (JSON) elsewhere.

    The legacy columns say ``DEFAULT '{}'``; on SQLite the same text would be a JSON object,
    so other writers would read back a dict where a list belongs.
    """

    inherit_cache = True


@compiles(EmptyArrayDefault)
def _empty_array_default(element: EmptyArrayDefault, compiler: Any, **kw: Any) -> str:
    return "'[]'"


@compiles(EmptyArrayDefault, "postgresql")
def _empty_array_default_pg(element: EmptyArrayDefault, compiler: Any, **kw: Any) -> str:
    return "'{}'"
