"""Text to field values, by the field's kind: the CLI's FIELD=VALUE and the forms' inputs.

Nothing here knows about a terminal: a value arrives as a string and leaves as what the
model field takes, or a ValidationFailed that names the field.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..domain.errors import ErrorList, ValidationFailed

if TYPE_CHECKING:
    # the models' field descriptions load pydantic: not for ``printable``, which the app's
    # lists use before their first frame
    from pydantic import BaseModel

    from ..domain.fields import FieldSpec, Kind

TRUE = frozenset({"yes", "y", "true", "t", "1", "on"})
FALSE = frozenset({"no", "n", "false", "f", "0", "off"})
NULL = frozenset({"null", "none"})


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("is nested too deeply (at most 100 levels)") from None


def _list(text: str) -> list[str]:
    """A JSON array, or items separated by commas."""
    if text.startswith("["):
        value = _json(text)
        if not isinstance(value, list):
            raise ValueError("must be a list")
        return [v if isinstance(v, str) else json.dumps(v) for v in value]
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_text(kind: Kind, text: str, *, optional: bool = True) -> Any:
    """The value of one field from its text; ValueError says what is wrong."""
    raw = text
    text = text.strip()
    if optional and (text == "" or text.lower() in NULL):
        return None
    if kind in ("str", "text", "choice"):
        return raw if kind == "text" else text
    if kind == "int":
        return _int(text)
    if kind == "decimal":
        return _decimal(text)
    if kind == "bool":
        return _bool(text)
    if kind == "json":
        return _json(text) if text else None
    if kind == "tags":
        return _list(text)
    if kind == "uuid_list":
        return _list(text)  # ids or names; the service resolves them
    if kind == "ref":
        return text  # a key or an id; the service resolves it
    if kind == "uuid":
        return _uuid(text)
    if kind == "datetime":
        return _datetime(text)
    return text


def _int(text: str) -> int:
    try:
        return int(text.replace("_", ""))
    except ValueError:
        raise ValueError("must be a whole number") from None


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _bool(text: str) -> bool:
    low = text.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError("must be yes or no (true/false, on/off, 1/0)")


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValueError("must be a UUID") from None


def _datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("must be an ISO date and time (2025-10-14T12:00:00+00:00)") from None


def parse_field(spec: FieldSpec, text: str) -> Any:
    return parse_text(spec.kind, text, optional=spec.optional)


def split_assignment(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ValidationFailed.single(item or "value", "must be written FIELD=VALUE")
    return name.replace("-", "_"), value


def parse_assignments(
    model: type[BaseModel],
    items: Iterable[str],
    *,
    extra: Mapping[str, FieldSpec] | None = None,
    allow_readonly: Iterable[str] = (),
) -> dict[str, Any]:
    """``["max_iter=5", "tools=a,b"]`` -> ``{"max_iter": 5, "tools": ["a", "b"]}``.

    ``extra`` adds names that are not model fields (a task's ``agent`` and ``context``).
    Every bad item is reported, each naming its field.
    """
    from ..domain.fields import field_map

    specs = {**field_map(model), **(extra or {})}
    allowed_ro = set(allow_readonly)
    errors = ErrorList()
    out: dict[str, Any] = {}
    for item in items:
        try:
            name, text = split_assignment(item)
        except ValidationFailed as exc:
            errors.problems.extend(exc.problems)
            continue
        spec = specs.get(name)
        if spec is None:
            errors.add(name, "is not a field of this record")
            continue
        if spec.readonly and name not in allowed_ro:
            errors.add(name, "is read-only")
            continue
        if name in out:
            errors.add(name, "is given twice")
            continue
        try:
            out[name] = parse_field(spec, text)
        except ValueError as exc:
            errors.add(name, str(exc))
    errors.raise_if_any()
    return out


SETTING_PREFIX = "crewai."


def merge_settings(current: Mapping[str, Any], items: Iterable[str]) -> dict[str, Any]:
    """``["crewai.memory=true", "crewai.planning_config.max_attempts=2"]`` applied to the stored
    crewai settings: each value is JSON when it reads as JSON, else text; an empty value or
    ``null`` removes the key. The record validates the result."""
    out: dict[str, Any] = json.loads(json.dumps(dict(current)))
    errors = ErrorList()
    for item in items:
        name, text = item.partition("=")[0].strip(), item.partition("=")[2]
        path = name[len(SETTING_PREFIX) :].split(".")
        if "=" not in item or not all(path):
            errors.add(name or item, "must be written crewai.NAME=VALUE")
            continue
        text = text.strip()
        node = out
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        if text == "" or text.lower() in NULL:
            node.pop(path[-1], None)
            continue
        try:
            node[path[-1]] = json.loads(text)
        except json.JSONDecodeError:
            node[path[-1]] = text
    errors.raise_if_any()
    return out


def format_value(value: Any, kind: Kind | None = None) -> str:
    """The text a user would type to get ``value`` back (for forms and ``show``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and kind != "json":
        plain = all(isinstance(v, (str, uuid.UUID)) and "," not in str(v) for v in value)
        if plain:
            return ", ".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return str(value)


#: characters a terminal acts on rather than shows: C0 and C1 controls, DEL, and the
#: bidirectional overrides that reorder what is read
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: escape sequences and controls shown as ``\\x1b``
    (new lines and tabs are kept), so a stored name cannot move the cursor, set the window
    title or hide text."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
