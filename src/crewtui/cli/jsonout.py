"""JSON as the commands print it: ``json.dumps(value, indent=2, default=str,
ensure_ascii=False)``, byte for byte, written faster.

With ``indent`` the standard library encodes in Python, one generator step per value; a
list of 10,000 agents spends most of ``agents list --json`` there. This writer walks the
value once and leaves each string to the standard library's C escaper. A property test
checks it against ``json.dumps`` on random values.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

_INDENT = "  "
#: the JSON of the keys met so far (records repeat the same keys)
_KEYS: dict[str, str] = {}
_KEYS_KEPT = 10_000


def dumps(value: Any) -> str:
    """``value`` as ``json.dumps(value, indent=2, default=str, ensure_ascii=False)`` writes it."""
    out: list[str] = []
    _emit(value, 0, out, set())
    return "".join(out)


def _scalar(value: Any) -> str | None:
    """The JSON of a value that holds no other value, or None for a container."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict | list | tuple):
        return None
    return str(encode_basestring(str(value)))  # default=str


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return str(encode_basestring(key))
    if isinstance(key, float):
        return str(encode_basestring(_float(key)))
    if key is True or key is False or key is None or isinstance(key, int):
        return str(encode_basestring(_scalar(key) or ""))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _emit(value: Any, level: int, out: list[str], seen: set[int]) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    if not value:
        out.append("{}" if isinstance(value, dict) else "[]")
        return
    if id(value) in seen:
        raise ValueError("Circular reference detected")
    seen.add(id(value))
    inner = "\n" + _INDENT * (level + 1)
    if isinstance(value, dict):
        out.append("{")
        keys = _KEYS
        for i, (key, item) in enumerate(value.items()):
            name = keys.get(key) if type(key) is str else None
            if name is None:
                name = _key(key)
                if type(key) is str and len(keys) < _KEYS_KEPT:
                    keys[key] = name
            out.append(("," if i else "") + inner + name + ": ")
            kind = type(item)  # the usual leaves without a call each
            if kind is str:
                out.append(encode_basestring(item))
            elif item is None:
                out.append("null")
            elif kind is int:
                out.append(int.__repr__(item))
            else:
                _emit(item, level + 1, out, seen)
        out.append("\n" + _INDENT * level + "}")
    else:
        out.append("[")
        for i, item in enumerate(value):
            out.append(("," if i else "") + inner)
            _emit(item, level + 1, out, seen)
        out.append("\n" + _INDENT * level + "]")
    seen.discard(id(value))
