"""The generic repository: rows in, domain records out; it flushes but never commits."""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar, Union, cast, get_args, get_origin

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.orm import Session

from ...domain.base import Record
from ...domain.errors import NotFound
from ..base import Base
from ..bulk import chunks

RowT = TypeVar("RowT", bound=Base)
ModelT = TypeVar("ModelT", bound=Record)


def _allows_none(annotation: Any) -> bool:
    if annotation is None or annotation is type(None):
        return True
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return any(_allows_none(a) for a in get_args(annotation))
    if origin is not None and getattr(origin, "__name__", "") == "Annotated":
        return _allows_none(get_args(annotation)[0])
    return False


_NULLABLE: dict[type[Record], frozenset[str]] = {}


def nullable_fields(model: type[Record]) -> frozenset[str]:
    cached = _NULLABLE.get(model)
    if cached is None:
        cached = frozenset(n for n, f in model.model_fields.items() if _allows_none(f.annotation))
        _NULLABLE[model] = cached
    return cached


def column_names(row_type: type[Base]) -> list[str]:
    return [c.key for c in row_type.__mapper__.column_attrs]


def to_record(model: type[ModelT], row: Base, **extra: Any) -> ModelT:
    """A record from a row without validation, so legacy rows that break today's bounds can
    still be listed and shown; NULL in a column the model requires falls back to the default."""
    nullable = nullable_fields(model)
    values: dict[str, Any] = {}
    for name in model.model_fields:
        if name in extra or not hasattr(row, name):
            continue
        value = getattr(row, name)
        if value is None and name not in nullable:
            continue
        if isinstance(value, list):
            value = list(value)
        values[name] = value
    values.update(extra)
    return cast(ModelT, model.model_construct(**values))


class Repository(Generic[RowT, ModelT]):
    """Lookups by id and by the record's key column, plus add/apply/delete."""

    row_type: ClassVar[type[Any]]
    model: ClassVar[type[Any]]
    noun: ClassVar[str] = "record"

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def key_column(self) -> str:
        return str(self.model.key_field)

    @classmethod
    def columns_query(cls) -> Select[*tuple[Any, ...]]:
        """Every column of the table, in table order, by key: the query behind ``list_all``
        as plain columns (for the quick commands, which read without the ORM)."""
        col = cls.row_type.__table__.c[str(cls.model.key_field)]
        return select(*cls.row_type.__table__.c).order_by(col)

    @classmethod
    def columns_by_key_query(cls) -> Select[*tuple[Any, ...]]:
        """Every column of the row whose key is the bound parameter ``key``: the query behind
        ``by_key`` as plain columns."""
        col = cls.row_type.__table__.c[str(cls.model.key_field)]
        return select(*cls.row_type.__table__.c).where(col == bindparam("key"))

    def get(self, row_id: uuid.UUID) -> RowT | None:
        return self.session.get(self.row_type, row_id)

    def by_key(self, key: str) -> RowT | None:
        col = getattr(self.row_type, self.key_column)
        return self.session.scalars(select(self.row_type).where(col == key)).one_or_none()

    def require(self, key: str) -> RowT:
        row = self.by_key(key)
        if row is None:
            raise NotFound(f"No {self.noun} '{key}'.")
        return row

    def require_id(self, row_id: uuid.UUID) -> RowT:
        row = self.get(row_id)
        if row is None:
            raise NotFound(f"No {self.noun} with id {row_id}.")
        return row

    def by_ids(self, ids: Iterable[uuid.UUID]) -> list[RowT]:
        """The rows with these ids (in no particular order), in lookups of CHUNK ids."""
        wanted = sorted(set(ids), key=str)
        out: list[RowT] = []
        for chunk in chunks(wanted):
            out += self.session.scalars(select(self.row_type).where(self.row_type.id.in_(chunk)))
        return out

    def by_keys(self, keys: Iterable[str]) -> dict[str, RowT]:
        """The rows with these keys, by key, in lookups of CHUNK keys."""
        col = getattr(self.row_type, self.key_column)
        out: dict[str, RowT] = {}
        for chunk in chunks(list(dict.fromkeys(keys))):
            rows: list[RowT] = list(
                self.session.scalars(select(self.row_type).where(col.in_(chunk)))
            )
            out.update((getattr(row, self.key_column), row) for row in rows)
        return out

    def id_of(self, key: str) -> uuid.UUID | None:
        """The id of the row with this key, if there is one."""
        col = getattr(self.row_type, self.key_column)
        found: uuid.UUID | None = self.session.scalars(
            select(self.row_type.id).where(col == key)
        ).first()
        return found

    def list_all(self) -> list[RowT]:
        col = getattr(self.row_type, self.key_column)
        return list(self.session.scalars(select(self.row_type).order_by(col)))

    def to_domain(self, row: RowT) -> ModelT:
        record: ModelT = to_record(self.model, row)
        return record

    def add(self, record: ModelT) -> RowT:
        row: RowT = self.row_type()
        self._write(row, record, new=True)
        self.session.add(row)
        self.session.flush()
        return row

    def apply(self, row: RowT, record: ModelT) -> RowT:
        """Copy the editable columns of ``record`` onto ``row`` (only the ones that changed)."""
        self._write(row, record, new=False)
        self.session.flush()
        return row

    def delete(self, row: RowT) -> None:
        self.session.delete(row)
        self.session.flush()

    def _write(self, row: RowT, record: ModelT, *, new: bool) -> None:
        skip = {"version", "created_at", "updated_at"}
        for name in column_names(self.row_type):
            if name in skip or name not in type(record).model_fields:
                continue
            if name == "id" and (not new or record.id is None):
                continue
            value = getattr(record, name)
            if new and value is None:
                # the ORM leaves None out of an INSERT when the column has a default, so an
                # explicit "no value" would silently become the default: say NULL instead
                setattr(row, name, null())
            elif new or getattr(row, name) != value:
                setattr(row, name, value)
