"""JSON with comments (``.jsonc``): // and /* */ comments and trailing commas, outside strings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import limits
from .errors import ProjectInvalid, issue
from .files import read_project_text


def strip_comments(text: str) -> str:
    """Remove comments and trailing commas; characters inside strings are left alone.

    Newlines inside block comments are kept so that line numbers in errors stay right.
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            chunk = text[i : n if end < 0 else end + 2]
            out.append("\n" * chunk.count("\n"))
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return _drop_trailing_commas("".join(out))


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _LongInt(Exception):
    pass


def _drop_trailing_commas(text: str) -> str:
    """Trailing commas removed; :class:`_TooDeep` past :data:`~..limits.MAX_NESTING` levels."""
    out: list[str] = []
    in_string = False
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif c in "[{":
            depth += 1
            if depth > limits.MAX_NESTING:
                raise _TooDeep(text.count("\n", 0, i) + 1)
            out.append(c)
        elif c in "]}":
            depth -= 1
            out.append(c)
        elif c == ",":
            j = i + 1
            while j < len(text) and text[j] in " \t\r\n":
                j += 1
            if j < len(text) and text[j] in "]}":
                i += 1
                continue
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > limits.MAX_INT_DIGITS:
        raise _LongInt
    return int(text)


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def load_jsonc(path: Path, root: Path) -> tuple[str, Any]:
    """The text of ``path`` and its JSON value; ProjectInvalid naming the file and line when it
    is malformed, nested deeper than the limit or holds an integer of too many digits."""
    text = read_project_text(path, root)
    stripped = ""
    try:
        stripped = strip_comments(text)
        return text, json.loads(stripped, parse_int=_int)
    except json.JSONDecodeError as exc:
        line, what = exc.lineno, f"malformed JSON: {exc.msg} (column {exc.colno})"
    except _TooDeep as exc:
        line = exc.line
        what = f"is nested deeper than {limits.MAX_NESTING} levels: refused"
    except _LongInt:
        long = re.search(rf"\d{{{limits.MAX_INT_DIGITS + 1},}}", stripped)
        line = _line(stripped, long.start()) if long else 0
        what = f"an integer of more than {limits.MAX_INT_DIGITS} digits: refused"
    raise ProjectInvalid([issue(path, line, what, root=root)])
