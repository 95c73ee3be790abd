"""A line reader for the plain shape of config/agents.yaml and config/tasks.yaml.

An export of a big crew writes thousands of entries such as::

    agent_000001:
      role: Legal Checker 1
      max_iter: 25
      tools:
      - serper_dev_tool

Reading those through a YAML parser builds an object per token and node. Entries made only of
``field: scalar`` lines, lists of scalars and literal blocks (``|``, ``|-``, ``|+``) are read
here, line by line, with YAML's own rules for what a plain scalar means (PyYAML's resolver
and safe constructor decide between str, int, float, bool, null and dates). Every other entry
(folded blocks, nested mappings, flow collections, anchors, comments after a value ...) is
left to the YAML parser, fed the original lines of those entries only; a document whose top
level is anything but ``key:`` lines is read by the YAML parser as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
#: tags whose scalars this reader builds with PyYAML's safe constructor
_SCALAR_TAGS = frozenset(
    {
        _STR,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:timestamp",
    }
)
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,199}):[ ]*")
_FIELD = re.compile(r"( +)([A-Za-z_][A-Za-z0-9_-]{0,199}):(?:[ ]+(.*))?")
_ITEM = re.compile(r"( *)-[ ]+(.*)")
#: characters YAML refuses in a document, line breaks other than \n, tabs and a byte order mark:
#: a document holding any of them is left to the YAML parser
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
#: a plain scalar may not start with these (``-``, ``?`` and ``:`` only when followed by a space)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: literal blocks read here: clipped, stripped or kept final line breaks, indentation found
_LITERAL_HEADERS = frozenset({"|", "|-", "|+"})


class _NotPlain(Exception):
    """The entry needs the YAML parser."""


@dataclass
class Entry:
    """One top-level key: its line, and either its value read here or its lines for YAML."""

    key: str
    line: int
    #: 0-based index of the key line and one past its last line
    start: int
    end: int
    value: dict[str, Any] | None = None
    field_lines: dict[str, int] = field(default_factory=dict)
    plain: bool = False


class _Scalars:
    """What a scalar means, as PyYAML's safe loader decides (remembered per text)."""

    def __init__(self) -> None:
        self._loader = yaml.SafeLoader("")
        self._resolvers: dict[str, Any] = self._loader.yaml_implicit_resolvers
        self._known: dict[str, Any] = {}

    def plain(self, text: str) -> Any:
        if not text or text[0] in self._resolvers:
            return self._resolved(text)
        return text

    def _resolved(self, text: str) -> Any:
        try:
            return self._known[text]
        except KeyError:
            pass
        tag = self._loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag not in _SCALAR_TAGS:
            raise _NotPlain
        value = (
            text
            if tag == _STR
            else self._loader.yaml_constructors[tag](self._loader, yaml.ScalarNode(tag, text))
        )
        self._known[text] = value
        return value

    def key(self, text: str) -> str:
        value = self.plain(text)
        if not isinstance(value, str):
            raise _NotPlain
        return value


def _scalar(text: str, scalars: _Scalars) -> Any:
    """The value of a one-line scalar (text has no leading or trailing spaces)."""
    first = text[0]
    if first == "'":
        if len(text) < 2 or text[-1] != "'" or "'" in text[1:-1].replace("''", ""):
            raise _NotPlain
        return text[1:-1].replace("''", "'")
    if first == '"':
        if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
            raise _NotPlain
        return text[1:-1]
    if first in _INDICATORS and not (first in "-?:" and len(text) > 1 and text[1] != " "):
        raise _NotPlain
    if " #" in text or ": " in text or text.endswith(":"):
        raise _NotPlain
    return scalars.plain(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _skippable(line: str) -> bool:
    stripped = line.strip(" ")
    return not stripped or stripped[0] == "#"


def _read_entry(lines: list[str], entry: Entry, scalars: _Scalars) -> None:
    """Fill ``entry.value`` from its lines, or raise _NotPlain.

    Every line that holds something is a field at the entry's one indentation, an item of a
    list or a line of a literal block, so a line indented deeper otherwise (a value running
    on) never passes."""
    value: dict[str, Any] = {}
    fields: dict[str, int] = {}
    i = entry.start + 1
    indent = -1
    while i < entry.end:
        line = lines[i]
        m = _FIELD.fullmatch(line)
        if m is None:
            if _skippable(line):
                i += 1
                continue
            raise _NotPlain
        if indent < 0:
            indent = len(m.group(1))
        elif len(m.group(1)) != indent:
            raise _NotPlain
        name = scalars.key(m.group(2))
        rest = m.group(3)
        fields[name] = i + 1
        i += 1
        if rest and (rest := rest.rstrip(" ")):
            if rest in _LITERAL_HEADERS:
                value[name], i = _literal(lines, i, entry.end, indent, rest[1:])
            else:
                value[name] = _scalar(rest, scalars)
            continue
        items, i = _items(lines, i, entry.end, indent, scalars)
        value[name] = items
    entry.value = value if fields else None
    entry.field_lines = fields
    entry.plain = True


def _literal(lines: list[str], i: int, end: int, indent: int, chomping: str) -> tuple[str, int]:
    """A literal block (``|``, ``|-``, ``|+``) starting at line ``i``: its text, and the line
    where the entry goes on. Only a block whose first line holds text is read here."""
    first = lines[i] if i < end else ""
    width = _indent(first)
    if not first.strip(" ") or width <= indent:
        raise _NotPlain  # leading blank lines, or an empty block
    last = i  # the last line of text
    j = i
    while j < end:
        line = lines[j]
        if not line.strip(" "):
            if len(line) > width:
                raise _NotPlain  # spaces beyond the indentation are text
        elif _indent(line) < width:
            break
        else:
            last = j
        j += 1
    text = "\n".join(line[width:] for line in lines[i : last + 1])
    if chomping == "-":
        return text, j
    breaks = "\n" if last < len(lines) - 1 else ""  # the line break of the last line, if any
    if chomping == "+":
        # blank lines after the text, each ended by a line break
        breaks += "\n" * sum(1 for k in range(last + 1, j) if k < len(lines) - 1)
    return text + breaks, j


def _items(
    lines: list[str], i: int, end: int, indent: int, scalars: _Scalars
) -> tuple[list[Any] | None, int]:
    """The list of scalars under ``field:`` (``- item`` lines), or None when none follow."""
    items: list[Any] = []
    item_indent = -1
    while i < end:
        line = lines[i]
        if _skippable(line):
            i += 1
            continue
        m = _ITEM.fullmatch(line)
        width = _indent(line)
        if m is None:
            if width > indent:
                raise _NotPlain
            break
        if item_indent < 0:
            if width < indent:
                break
            item_indent = width
        elif width != item_indent:
            if width > item_indent:
                raise _NotPlain
            break
        text = m.group(2).rstrip(" ")
        if not text:
            raise _NotPlain
        items.append(_scalar(text, scalars))
        i += 1
    if item_indent < 0:
        return None, i
    if item_indent > indent and i < end and _indent(lines[i]) > indent:
        raise _NotPlain
    return items, i


def split_entries(text: str) -> tuple[list[str], list[Entry]] | None:
    """The top-level entries of ``text`` with those in the plain shape read; None when the
    document is not a mapping of ``key:`` lines (the YAML parser reads it as a whole)."""
    if _UNUSUAL.search(text):
        return None
    lines = text.split("\n")
    entries: list[Entry] = []
    scalars = _Scalars()
    for i, line in enumerate(lines):
        if not line or line[0] == " ":
            continue
        if line[0] == "#":
            continue
        m = _TOP_KEY.fullmatch(line)
        if m is None:
            return None
        try:
            key = scalars.key(m.group(1))
        except _NotPlain:
            return None
        if entries:
            entries[-1].end = i
        entries.append(Entry(key, i + 1, i, len(lines)))
    if not entries or any(not _skippable(line) for line in lines[: entries[0].start]):
        return None
    for entry in entries:
        try:
            _read_entry(lines, entry, scalars)
        except _NotPlain:
            entry.value, entry.field_lines, entry.plain = None, {}, False
    return lines, entries
