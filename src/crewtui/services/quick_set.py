"""``crewtui agents set KEY FIELD=VALUE...`` without loading SQLAlchemy or the models.

Most edits from a shell change a number, a switch, a choice or a line of text. For those
fields (listed with their rules in :mod:`crewtui.db.compiled_set`, derived from the agent
model) the value is read by the same parser as the normal path and checked against the same
bounds; the row is written through the bare driver with its version check and its history
row (:mod:`crewtui.db.quick_write`).

Whenever the answer could differ from the normal path's, this declines (``None``) and the
normal path runs: an unknown or read-only field, a field with a check of its own (keys,
tools, URLs, JSON, references), a value the rules refuse (the normal path says why), a stored
row that today's rules would refuse or that lacks a required value, ``--if-version`` not
matching, a concurrent change, a URL or schema the bare driver does not take.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..db import compiled, compiled_set
from ..db.history_values import encode
from ..db.quick_write import Plan
from ..db.quick_write import set_agent as write_agent
from ..domain.errors import ValidationFailed
from ..domain.storable import storable_problem
from .values import parse_text, split_assignment

_BOUNDS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
}
_LAYOUT = {
    name: (i, kind, nullable, scale) for name, i, kind, nullable, _d, scale in compiled.AGENT_JSON
}


def set_agent(
    url: str,
    key: str,
    assignments: Sequence[str],
    *,
    expected_version: int | None,
    actor: str,
    via: str = "cli",
) -> int | None:
    """Save ``assignments`` on the agent ``key`` as the normal path would: the version it is
    at now, or None."""
    changes = parse(assignments)
    if changes is None:
        return None

    def decide(row: Sequence[Any], dialect: str) -> Plan | None:
        return plan(row, dialect, changes, expected_version)

    return write_agent(url, key, decide, actor, via)


def parse(assignments: Sequence[str]) -> dict[str, Any] | None:
    """The values of ``FIELD=VALUE`` items when every one is a quick field with a good value."""
    out: dict[str, Any] = {}
    for item in assignments:
        try:
            name, text = split_assignment(item)
        except ValidationFailed:
            return None
        entry = compiled_set.AGENT_FIELDS.get(name)
        if entry is None or name in out:
            return None
        kind, optional, rules = entry
        try:
            value = parse_text(kind, text, optional=optional)  # type: ignore[arg-type]
        except ValueError:
            return None
        if not acceptable(value, optional, dict(rules)):
            return None
        out[name] = value
    return out or None


def acceptable(value: Any, optional: bool, rules: dict[str, Any]) -> bool:
    """Whether the models would take ``value`` as it is (False when unsure)."""
    if value is None:
        return optional
    if storable_problem(value) is not None:
        return False
    if isinstance(value, str):
        return _text_ok(value, rules)
    if isinstance(value, bool):
        return not rules
    if isinstance(value, int | Decimal):
        return _number_ok(value, rules)
    return False


def _text_ok(value: str, rules: dict[str, Any]) -> bool:
    import re

    if "choices" in rules and value not in rules["choices"]:
        return False
    if len(value) < rules.get("min_length", 0):
        return False
    if "max_length" in rules and len(value) > rules["max_length"]:
        return False
    pattern = rules.get("pattern")
    return pattern is None or re.fullmatch(pattern, value) is not None


def _number_ok(value: int | Decimal, rules: dict[str, Any]) -> bool:
    for name, holds in _BOUNDS.items():
        if name in rules and not holds(Decimal(value), Decimal(rules[name])):
            return False
    if isinstance(value, Decimal):
        return _digits_ok(value, rules)
    return not ({"max_digits", "decimal_places"} & set(rules))


def _digits_ok(value: Decimal, rules: dict[str, Any]) -> bool:
    """Digits and places counted on the value as written and normalised (both must fit)."""
    for form in (value, value.normalize()):
        _sign, digits, exponent = form.as_tuple()
        if not isinstance(exponent, int):
            return False
        places = max(0, -exponent)
        total = max(len(digits), places)
        if "decimal_places" in rules and places > rules["decimal_places"]:
            return False
        if "max_digits" in rules and total > rules["max_digits"]:
            return False
    return True


def plan(
    row: Sequence[Any], dialect: str, changes: dict[str, Any], expected_version: int | None
) -> Plan | None:
    """What to write on ``row``, or None when the normal path must decide."""
    version_at = _LAYOUT["version"][0]
    if expected_version is not None and row[version_at] != expected_version:
        return None  # the normal path reports the conflict
    for i, _kind, nullable, _scale in _LAYOUT.values():
        if row[i] is None and not nullable:
            return None  # the normal path fills it with the default as it saves
    for name, (_kind, optional, rules) in compiled_set.AGENT_FIELDS.items():
        if not acceptable(stored(row, name, dialect), optional, dict(rules)):
            return None  # a stored value today's rules refuse: the normal path says which
    values: dict[str, Any] = {}
    history: dict[str, list[Any]] = {}
    for name, new in changes.items():
        old = stored(row, name, dialect)
        if old == new:  # as the models compare: nothing to write
            continue
        values[name] = new
        before, after = encode(old), encode(new)
        if before != after:
            history[name] = [before, after]
    return Plan(values, history)


def stored(row: Sequence[Any], name: str, dialect: str) -> Any:
    """A column's value as the models read it."""
    i, kind, _nullable, scale = _LAYOUT[name]
    value = row[i]
    if value is None:
        return None
    if kind == "bool":
        return bool(value)
    if kind == "decimal" and not isinstance(value, Decimal):
        return Decimal(f"{value:.{scale}f}")
    return value
