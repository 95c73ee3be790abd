"""The part of CEL a Python ``Flow`` can carry, written as Python source (never run here).

Accepted: ``state.a.b`` and ``outputs.m.raw`` paths (``item`` inside a loop), string,
number and boolean literals, ``size(x)``, comparisons, ``+ - * / %``, ``&& || !``, ``in``,
parentheses and one ``cond ? a : b`` at the top. Anything else (macros like ``map``/
``filter``, other functions, indexing) raises :class:`NotExpressible` saying what.
"""

from __future__ import annotations

import ast
import re

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<num>\d+(?:\.\d+)?)
      | (?P<op>==|!=|<=|>=|&&|\|\||[-+*/%<>!?:(),.])
      | (?P<name>[A-Za-z_]\w*)
    )""",
    re.X,
)
_WORDS = {"true": "True", "false": "False", "null": "None", "in": "in"}
_OPS = {"&&": "and", "||": "or", "!": "not"}


class NotExpressible(ValueError):
    """A CEL expression a Python flow cannot carry."""


def _tokens(expr: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = expr.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise NotExpressible(f"cannot read '{text[pos:]}'")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _path(tokens: list[tuple[str, str]], i: int, roots: dict[str, str]) -> tuple[str, int]:
    root = tokens[i][1]
    parts = [roots[root]]
    i += 1
    while i + 1 < len(tokens) and tokens[i] == ("op", ".") and tokens[i + 1][0] == "name":
        name = tokens[i + 1][1]
        if i + 2 < len(tokens) and tokens[i + 2] == ("op", "("):
            raise NotExpressible(f"method '{name}(...)' has no Python counterpart here")
        if root == "outputs" and len(parts) == 1:
            parts.append(f"[{name!r}]")
        elif root == "state" and len(parts) == 1:
            parts.append(f".{name}")
        else:
            parts.append(f".{name}" if root != "item" else f"[{name!r}]")
        i += 2
    return "".join(parts), i


def to_python(expr: str, *, in_loop: bool = False) -> str:
    """Python source for the CEL ``expr``; ``self.state`` / ``self.outputs`` / ``item``."""
    roots = {"state": "self.state", "outputs": "self.outputs"}
    if in_loop:
        roots["item"] = "item"
    toks = _tokens(expr)
    out: list[str] = []
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        if kind == "name" and text in roots:
            code, i = _path(toks, i, roots)
            out.append(code)
            continue
        if kind == "name" and text == "size" and i + 1 < len(toks) and toks[i + 1] == ("op", "("):
            out.append("len")
        elif kind == "name" and text in _WORDS:
            out.append(_WORDS[text])
        elif kind == "name":
            raise NotExpressible(f"'{text}' has no Python counterpart here")
        elif kind == "op" and text in _OPS:
            out.append(_OPS[text])
        elif kind == "op" and text in "?:.":
            out.append(text)
        else:
            out.append(text)
        i += 1
    code = " ".join(out).replace("( ", "(").replace(" )", ")").replace(" (", "(")
    code = re.sub(r"\b(and|or|not|in|if|else)\(", r"\1 (", code)
    code = _ternary(code)
    try:
        ast.parse(code, mode="eval")
    except SyntaxError:
        raise NotExpressible(f"'{expr}' is not an expression a Python flow can carry") from None
    return code


def _ternary(code: str) -> str:
    """``c ? a : b`` (at the top level, outside strings) -> ``(a if c else b)``."""
    depth = 0
    q = c = -1
    quote = ""
    for idx, ch in enumerate(code):
        if quote:
            quote = "" if ch == quote and code[idx - 1] != "\\" else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "?" and depth == 0 and q < 0:
            q = idx
        elif ch == ":" and depth == 0 and q >= 0:
            c = idx
            break
    if q < 0:
        return code
    if c < 0:
        raise NotExpressible("'?' without ':'")
    cond, yes, no = code[:q].strip(), code[q + 1 : c].strip(), code[c + 1 :].strip()
    return f"({yes} if {cond} else {_ternary(no)})"


_TEMPLATE = re.compile(r"\$\{(.*?)\}", re.S)


def template_to_python(value: object, *, in_loop: bool = False) -> str:
    """A template value (text with ``${...}``, or a literal) as Python source."""
    if not isinstance(value, str):
        if isinstance(value, dict):
            items = ", ".join(
                f"{k!r}: {template_to_python(v, in_loop=in_loop)}" for k, v in value.items()
            )
            return "{" + items + "}"
        if isinstance(value, list):
            return "[" + ", ".join(template_to_python(v, in_loop=in_loop) for v in value) + "]"
        return repr(value)
    whole = _TEMPLATE.fullmatch(value.strip())
    if whole:
        return to_python(whole.group(1), in_loop=in_loop)
    parts: list[str] = []
    last = 0
    for m in _TEMPLATE.finditer(value):
        if m.start() > last:
            parts.append(repr(value[last : m.start()]))
        parts.append(f"str({to_python(m.group(1), in_loop=in_loop)})")
        last = m.end()
    if last < len(value):
        parts.append(repr(value[last:]))
    return " + ".join(parts) if parts else repr(value)
