"""JSON with comments (``.jsonc``): // and /* */ comments and trailing commas, outside strings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import ProjectInvalid, issue


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


def _drop_trailing_commas(text: str) -> str:
    out: list[str] = []
    in_string = False
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


def load_jsonc(path: Path, root: Path) -> Any:
    try:
        return json.loads(strip_comments(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise ProjectInvalid(
            [issue(path, exc.lineno, f"malformed JSON: {exc.msg} (column {exc.colno})", root=root)]
        ) from None
    except UnicodeDecodeError as exc:
        raise ProjectInvalid(
            [issue(path, 0, f"is not UTF-8 text ({exc.reason})", root=root)]
        ) from None
