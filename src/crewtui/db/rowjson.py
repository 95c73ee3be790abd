"""A row read by the bare driver, as the JSON its record's model writes (``--json``).

The quick commands print records without loading SQLAlchemy or pydantic. What each column
turns into comes from a layout derived from the domain model and the column types
(:mod:`crewtui.db.compiled`, checked by a test): a tuple per model field of

    (field, column index or -1, kind, nullable, default as JSON, decimal scale)

and every conversion does what the column type's result processing and the model's JSON
serialisation do together: ids as text, times in ISO 8601 (``Z`` for UTC), decimals as
numbers, JSON columns parsed; NULL where the model requires a value gives its default.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

Layout = tuple[tuple[str, int, str, bool, Any, int], ...]


def _uuid(value: Any, _dialect: str, _scale: int) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _datetime(value: Any, _dialect: str, _scale: int) -> str:
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))  # SQLite keeps text
    text: str = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _decimal(value: Any, dialect: str, scale: int) -> float:
    if dialect == "sqlite" and isinstance(value, (int, float)):
        value = Decimal(f"%.{scale}f" % value)  # as SQLAlchemy reads a NUMERIC from SQLite
    return float(Decimal(value))


def _json(value: Any, dialect: str, _scale: int) -> Any:
    return json.loads(value) if dialect == "sqlite" and isinstance(value, str) else value


def _uuid_list(value: Any, dialect: str, scale: int) -> Any:
    items = _json(value, dialect, scale)
    return None if items is None else [_uuid(v, dialect, scale) for v in items]


def _bool(value: Any, _dialect: str, _scale: int) -> bool:
    return bool(value)


def _plain(value: Any, _dialect: str, _scale: int) -> Any:
    return value


CONVERT: dict[str, Callable[[Any, str, int], Any]] = {
    "uuid": _uuid,
    "datetime": _datetime,
    "decimal": _decimal,
    "json": _json,
    "uuid_list": _uuid_list,
    "bool": _bool,
    "plain": _plain,
}


def record_json(row: Sequence[Any], layout: Layout, dialect: str) -> dict[str, Any]:
    """The JSON object of one row (values in table column order) under ``layout``."""
    out: dict[str, Any] = {}
    for name, index, kind, nullable, default, scale in layout:
        value = row[index] if index >= 0 else None
        if value is not None:
            value = CONVERT[kind](value, dialect, scale)
        out[name] = default if value is None and not nullable else value
    return out
