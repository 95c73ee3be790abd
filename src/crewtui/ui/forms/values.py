"""Text typed into a form field <-> typed values, per field kind.

Parsing only turns text into the Python type (a number, JSON, a list) with the CLI's rules
(:mod:`crewtui.services.values`); whether the value is allowed (bounds, patterns, shapes) is
the pydantic model's job, so the form and the CLI give the same messages. Blank text means
"no value"; it is never swapped for a default.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from ...domain.fields import FieldSpec
from ...services.values import parse_field

EMPTY = "—"


def format_value(spec: FieldSpec, value: Any) -> str:
    """The text a field shows for ``value`` (the inverse of :func:`parse_text`)."""
    if value is None:
        return ""
    if spec.kind == "json":
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    if spec.kind == "tags" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def display_value(spec: FieldSpec, value: Any) -> str:
    """A read-only rendering: like :func:`format_value` but never blank."""
    text = format_value(spec, value)
    if spec.unit and text and spec.kind in ("int", "decimal") and "=" not in spec.unit:
        text = f"{text} {spec.unit}"
    return text or EMPTY


def parse_text(spec: FieldSpec, raw: str) -> Any:
    """Turn the text of a field into its Python value; ValueError says what is wrong.

    The rules are the CLI's (FIELD=VALUE), so a value means the same typed anywhere.
    """
    return parse_field(spec, raw)


def bounds_hint(spec: FieldSpec) -> str:
    """``0 to 2``, ``≥ 1`` or the unit: what the number next to a field may be."""
    if spec.unit:
        return spec.unit
    lo, hi = spec.minimum, spec.maximum
    if lo is not None and hi is not None and not (spec.minimum_exclusive or spec.maximum_exclusive):
        return f"{lo} to {hi}"
    parts = []
    if lo is not None:
        parts.append(f"{'>' if spec.minimum_exclusive else '≥'} {lo}")
    if hi is not None:
        parts.append(f"{'<' if spec.maximum_exclusive else '≤'} {hi}")
    return ", ".join(parts)
    return ""
