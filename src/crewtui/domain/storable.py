"""What a column can hold alike on SQLite and PostgreSQL, without loading the models.

The models check every field with :func:`storable_problem`; the quick writer of
``crewtui agents set`` checks the values it writes with the same function.
"""

from __future__ import annotations

import re
from typing import Any

# Secret-looking keys that must never be stored in a JSON config column.
SECRET_KEYS = ("api_key", "apikey", "password", "secret", "token", "access_key")

# ---- what a database column can hold, on both databases alike

#: integer fields are PostgreSQL ``integer`` columns; SQLite is held to the same bounds
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: JSON values nest at most this deep (as import and scan allow)
MAX_JSON_NESTING = 100
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    found = _UNSTORABLE_TEXT.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "holds a NUL character (\\x00), which no database column stores"
    return f"holds a lone surrogate (\\u{ord(found.group()):04x}), which is not text"


def storable_problem(value: Any) -> str | None:
    """Why a field's value cannot be stored alike on SQLite and PostgreSQL, else None:
    text with NUL or a lone surrogate (anywhere inside, keys included), an integer outside
    32 bits, JSON nested deeper than :data:`MAX_JSON_NESTING`."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        if INT32_MIN <= value <= INT32_MAX:
            return None
        digits = len(str(abs(value))) if abs(value) < 10**40 else None
        shown = str(value) if digits is not None and digits <= 30 else "an integer this large"
        return f"{shown} is out of range (from {INT32_MIN} to {INT32_MAX})"
    if isinstance(value, str):
        return text_problem(value)
    if not isinstance(value, (list, tuple, dict)):
        return None
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            why = text_problem(item)
            if why:
                return why
        elif isinstance(item, (list, tuple, dict)):
            if depth > MAX_JSON_NESTING:
                return f"is nested more than {MAX_JSON_NESTING} levels deep"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children)
    return None
