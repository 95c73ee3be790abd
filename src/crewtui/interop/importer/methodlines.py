"""The methods of a crew class that an export writes by the thousand, read from their lines.

An exported crew.py has one ``@agent`` and one ``@llm`` method per agent, each of the same
few lines::

    @agent
    def researcher(self) -> Agent:
        return Agent(
            config=self.agents_config['researcher'],  # type: ignore[index]
        )

    @llm
    def researcher_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

Such a method (a method decorator, ``(self)``, and ``return Name(keyword=literal, ...)`` with
plain literals or ``self.agents_config[...]``) is read here and its lines are left blank for
:mod:`ast`, which parses the rest of the file. The result is checked against the tree: a
method that is not plainly in the body of a ``@CrewBase`` class (inside a string, after a
decorator, in a bracket ...) makes the whole file be parsed as it is.

Kept for speed, measured: the crew.py of a 10,000-agent export (3.3 MB, 20,000 such methods)
is read in 0.36 s of CPU this way against 1.28 s through :mod:`ast` alone (parsing alone
takes 0.8 s), and the whole import of that project into PostgreSQL takes 3.3 s of CPU against
4.1 s without it (``scripts/reader_figures.py``, on a shared machine). Values read here are
literals only; the limits of :mod:`..limits` apply to them as to every other value.
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass

from .. import limits
from ..pysyntax import ClassCall, ConfigRef, decorator_names

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_VALUE = (
    r"self\.(?:agents|tasks)_config\[(?:'[^'\\\n\x00]*'|\"[^\"\\\n\x00]*\")\]"
    r"|'[^'\\\n\x00]*'|\"[^\"\\\n\x00]*\"|-?(?:\d+\.\d+|0|[1-9]\d*)|True|False|None"
)
_KWARG = rf"{_NAME}=(?:{_VALUE})"
_COMMENT = r"(?:[ ]+#[^\n]*)?"
_METHOD = re.compile(
    rf"^    @(?P<kind>agent|task|llm|tool)\n"
    rf"    def (?P<name>{_NAME})\(self\)(?: -> (?P<returns>{_NAME}))?:\n"
    rf"        return (?P<call>{_NAME})\("
    rf"(?:(?P<one>{_KWARG}(?:, {_KWARG})*)?\){_COMMENT}\n"
    rf"|\n(?P<many>(?:            {_KWARG},{_COMMENT}\n)*)        \){_COMMENT}\n)",
    re.MULTILINE,
)
_ONE_KWARG = re.compile(rf"({_NAME})=({_VALUE})")
#: one keyword per line (what follows it on the line is a comment)
_LINE_KWARG = re.compile(rf"^ {{12}}({_NAME})=({_VALUE}),", re.MULTILINE)
_CONFIG = re.compile(r"self\.(agents|tasks)_config\[(.)(.*)\2\]")


@dataclass
class LineMethod:
    """A method read from its lines: what :func:`crewclass.read_crew_class` would make of it."""

    name: str
    kind: str
    #: the ``def`` line and the method's first and last lines (decorator, closing parenthesis)
    line: int
    first: int
    last: int
    value: ClassCall


def _literal(text: str) -> object:
    if text[0] in "'\"":
        return text[1:-1]
    if text in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[text]
    if text.startswith("self."):
        m = _CONFIG.fullmatch(text)
        assert m is not None
        return ConfigRef(m.group(1), m.group(3))
    if "." in text:
        return float(text)
    if len(text.lstrip("-")) > limits.MAX_INT_DIGITS:
        raise ValueError("an integer too long: the file is read by ast")
    return int(text)


def _method(m: re.Match[str], first: int) -> LineMethod | None:
    """The method matched at 0-based line ``first``, or None when it is not valid Python."""
    name, call, returns = m.group("name"), m.group("call"), m.group("returns")
    if keyword.iskeyword(name) or keyword.iskeyword(call):
        return None
    if (
        returns is not None
        and keyword.iskeyword(returns)
        and returns not in ("None", "True", "False")
    ):
        return None
    pairs = (
        _ONE_KWARG.findall(m.group("one"))
        if m.group("one")
        else _LINE_KWARG.findall(m.group("many") or "")
    )
    kwargs: dict[str, object] = {}
    for k, v in pairs:
        if keyword.iskeyword(k) or k in kwargs:
            return None  # not Python: the parser reports it
        kwargs[k] = _literal(v)
    lines = m.group(0).count("\n")
    return LineMethod(
        name,
        m.group("kind"),
        first + 2,
        first + 1,
        first + lines,
        ClassCall(call, first + 3, [], kwargs),
    )


def lift_methods(source: str) -> tuple[str, list[LineMethod]]:
    """``source`` with the lines of plainly written methods blanked, and those methods."""
    found: list[LineMethod] = []
    pieces: list[str] = []
    pos = 0  # copied up to here
    line, counted = 0, 0  # line breaks before ``counted``
    for m in _METHOD.finditer(source):
        start = m.start()
        # a blank line before: no decorator or open statement runs into the method
        if start < 2 or source[start - 2 : start] != "\n\n" or _continues(source, m.end()):
            continue
        line += source.count("\n", counted, start)
        counted = start
        method = _method(m, line)
        if method is None:
            continue
        found.append(method)
        pieces.append(source[pos:start])
        pieces.append("\n" * (method.last - method.first + 1))
        pos = m.end()
    if not found:
        return source, []
    pieces.append(source[pos:])
    return "".join(pieces), found


def _continues(source: str, end: int) -> bool:
    """Whether the first line after a method that holds code is indented deeper than ``def``
    (then it belongs to the method)."""
    pos = end
    while pos < len(source):
        stop = source.find("\n", pos)
        text = source[pos:] if stop < 0 else source[pos:stop]
        stripped = text.lstrip(" ")
        if stripped and stripped[0] != "#":
            return len(text) - len(stripped) > 4 or stripped[0] in "\t\f"
        if stop < 0:
            return False
        pos = stop + 1
    return False


def _span(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    return start, node.end_lineno or node.lineno


def place_methods(
    tree: ast.Module, methods: list[LineMethod]
) -> dict[int, list[LineMethod]] | None:
    """The lifted methods by the line of the ``@CrewBase`` class whose body holds them; None
    when one of them is anywhere else (the file is then parsed as it is)."""
    top = [(_span(s), s) for s in tree.body]
    out: dict[int, list[LineMethod]] = {}
    k = -1
    for method in methods:
        while k + 1 < len(top) and top[k + 1][0][0] <= method.first:
            k += 1
        if k < 0:
            return None
        owner = top[k][1]
        if not isinstance(owner, ast.ClassDef) or "CrewBase" not in decorator_names(owner):
            return None
        if not owner.body or owner.body[0].col_offset != 4:
            return None
        if k + 1 < len(top) and top[k + 1][0][0] <= method.last:
            return None
        out.setdefault(owner.lineno, []).append(method)
    # inside the class: between (never within) its statements
    for cls_line, group in out.items():
        owner = next(s for _, s in top if isinstance(s, ast.ClassDef) and s.lineno == cls_line)
        spans = [_span(s) for s in owner.body]
        j = 0
        for method in group:
            while j < len(spans) and spans[j][1] < method.first:
                j += 1
            if j < len(spans) and spans[j][0] <= method.last:
                return None
    return out
