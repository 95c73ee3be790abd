"""YAML as crewai reads it (``yaml.safe_load``), within limits, with the line of every key.

libyaml's parser (PyYAML's ``CSafeLoader``) reads the syntax; the values are built here from
its events, each plain scalar resolved and constructed by PyYAML's safe resolver and
constructors (once per distinct text). Building from events instead of PyYAML's node tree
and constructor keeps the key lines that messages need and is what makes import fast: on a
10,000-agent ``agents.yaml`` (5.3 MB) this reads in 0.67 s of CPU where ``yaml.load`` with
the C loader plus the node walk for lines took 1.78 s (``scripts/reader_figures.py``).

While building, a document is refused (:class:`YamlProblem`, with its line) when it nests
deeper than :data:`~.limits.MAX_NESTING`, when its aliases stand for more than
:data:`~.limits.MAX_ALIAS_RATIO` times the values it writes out (a "billion laughs"), when an
alias refers to the collection it is in, or when an integer has more than
:data:`~.limits.MAX_INT_DIGITS` digits. Anything beyond plain data (explicit collection tags,
merge keys) is built by PyYAML's own constructor once the limits have held. Syntax errors
carry the pure-Python parser's message, the one users and tests know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from . import limits

_P = "tag:yaml.org,2002:"
#: tags of scalars built here by PyYAML's safe constructors
_SCALARS = frozenset(_P + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary"))
_MAP_TAGS = frozenset({None, "!", _P + "map"})
_SEQ_TAGS = frozenset({None, "!", _P + "seq"})
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.SafeLoader("")
_FIRST = _RESOLVER.yaml_implicit_resolvers
#: longer malformed texts keep libyaml's message (the Python parser would take seconds)
_REPARSE_CHARS = 2 * 1024 * 1024


class YamlProblem(Exception):
    """A document that is not read: malformed, or past a limit. ``line`` is 1-based (0: none)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Loaded:
    data: Any
    #: top-level key -> line; (top-level key, its field) -> line
    key_lines: dict[str, int] = field(default_factory=dict)
    field_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    #: top-level keys written more than once, with the line of each repeat
    repeated: list[tuple[str, int]] = field(default_factory=list)


class _Unusual(Exception):
    pass


class _Frame:
    __slots__ = ("anchor", "items", "key", "key_line", "size")

    def __init__(self, items: Any, anchor: str | None) -> None:
        self.items = items
        self.anchor = anchor
        self.key: Any = _Frame  # no key yet
        self.key_line = 0
        self.size = 1


def _scalar(event: Any, cache: dict[str, Any]) -> Any:
    value = event.value
    tag = event.tag
    if tag is None and event.implicit[0]:
        try:
            return cache[value]
        except KeyError:
            pass
        if value and value[0] not in _FIRST:
            cache[value] = value
            return value
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        built = _construct(tag, value, event)
        cache[value] = built
        return built
    if tag is None or (tag == "!" and not event.implicit[0]):
        return value
    return _construct(tag, value, event)


def _construct(tag: str, value: str, event: Any) -> Any:
    if tag == _P + "str":
        return value
    if tag not in _SCALARS:
        raise _Unusual
    if tag == _P + "int":
        digits = sum(c.isdigit() for c in value)
        if digits > limits.MAX_INT_DIGITS:
            raise YamlProblem(
                event.start_mark.line + 1,
                f"an integer of {digits} digits (at most {limits.MAX_INT_DIGITS}): refused",
            )
    try:
        return _RESOLVER.yaml_constructors[tag](_RESOLVER, yaml.ScalarNode(tag, value))
    except (yaml.YAMLError, TypeError, ValueError, OverflowError) as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(event.start_mark.line + 1, f"malformed YAML: {problem}") from None


class _Builder:
    def __init__(self) -> None:
        self.out = Loaded(None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open: set[str] = set()
        self.cache: dict[str, Any] = {}
        self.written = 0
        self.expanded = 0
        self.unusual = False

    def run(self, loader: Any) -> None:
        get = loader.get_event
        get()  # stream start
        if isinstance(loader.peek_event(), ev.StreamEndEvent):
            return
        get()  # document start
        stack = self.stack
        while True:
            event = get()
            kind = type(event)
            if kind is ev.ScalarEvent:
                try:
                    value = _scalar(event, self.cache)
                except _Unusual:
                    self.unusual, value = True, event.value
                except YamlProblem as problem:
                    key = stack[-1].key if stack else _Frame
                    if key is not _Frame:
                        problem.message = f"{key}: {problem.message}"
                    raise
                size = 1
                self.written += 1
                self.expanded += 1
                if event.anchor is not None:
                    self._anchor(event)
                    self.anchors[event.anchor] = (value, 1)
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                self._start(event, kind is ev.MappingStartEvent)
                continue
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                frame = stack.pop()
                value, size = frame.items, frame.size
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, size)
                    self.open.discard(frame.anchor)
            elif kind is ev.AliasEvent:
                value, size = self._alias(event)
            else:  # the end of the document
                break
            if not stack:
                self.out.data = value
                continue
            self._add(stack[-1], value, size, event)
        if not isinstance(loader.peek_event(), ev.StreamEndEvent):
            nxt = loader.peek_event()
            raise YamlProblem(
                nxt.start_mark.line + 1,
                "malformed YAML: expected a single document in the stream, but found another",
            )

    def _start(self, event: Any, mapping: bool) -> None:
        if len(self.stack) >= limits.MAX_NESTING:
            raise YamlProblem(
                event.start_mark.line + 1,
                f"is nested deeper than {limits.MAX_NESTING} levels: refused",
            )
        if event.tag not in (_MAP_TAGS if mapping else _SEQ_TAGS):
            self.unusual = True
        self.written += 1
        self.expanded += 1
        if event.anchor is not None:
            self._anchor(event)
            self.open.add(event.anchor)
        self.stack.append(_Frame({} if mapping else [], event.anchor))

    def _anchor(self, event: Any) -> None:
        if event.anchor in self.anchors or event.anchor in self.open:
            raise YamlProblem(
                event.start_mark.line + 1,
                f"malformed YAML: found duplicate anchor '{event.anchor}'",
            )

    def _alias(self, event: Any) -> tuple[Any, int]:
        line = event.start_mark.line + 1
        name = event.anchor
        if name in self.open:
            raise YamlProblem(line, f"alias *{name} refers to the collection it is in: refused")
        if name not in self.anchors:
            raise YamlProblem(line, f"malformed YAML: found undefined alias '{name}'")
        value, size = self.anchors[name]
        self.expanded += size
        if self.expanded > limits.MAX_ALIAS_RATIO * self.written + limits.MAX_ALIAS_FLOOR:
            raise YamlProblem(
                line,
                f"aliases expand to over {self.expanded:,} values, more than "
                f"{limits.MAX_ALIAS_RATIO} times what the file writes out: refused",
            )
        return value, size

    def _add(self, frame: _Frame, value: Any, size: int, event: Any) -> None:
        frame.size += size
        items = frame.items
        if type(items) is list:
            items.append(value)
            return
        if frame.key is _Frame:
            if isinstance(value, (dict, list)):
                raise YamlProblem(
                    event.start_mark.line + 1,
                    "malformed YAML: a mapping key that is a list or a mapping",
                )
            if value == "<<" and type(event) is ev.ScalarEvent and not event.style:
                self.unusual = True  # a merge key: PyYAML's constructor merges
            frame.key, frame.key_line = value, event.start_mark.line + 1
            return
        key, frame.key = frame.key, _Frame
        if len(self.stack) <= 2:
            self._note_line(key, frame.key_line)
        items[key] = value

    def _note_line(self, key: Any, line: int) -> None:
        out, stack = self.out, self.stack
        if len(stack) == 1:
            name = str(key)
            if name in out.key_lines:
                out.repeated.append((name, line))
            out.key_lines[name] = line
        elif stack[0].key is not _Frame and type(stack[0].items) is dict:
            out.field_lines[(str(stack[0].key), str(key))] = line


def _malformed(exc: yaml.YAMLError, text: str) -> YamlProblem:
    """The message and line of a syntax error, as the importer has always written them."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return YamlProblem(line, f"malformed YAML: {exc.reason} (#x{exc.character:04x})")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlProblem(0, f"malformed YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 0
    what = exc.problem or exc.context or "malformed YAML"
    if exc.context and exc.problem:
        started = exc.context_mark.line + 1 if exc.context_mark is not None else None
        since = f" (from line {started})" if started and started != line else ""
        what = f"{exc.context}{since}: {exc.problem}"
    if mark is not None:
        what += f" (column {mark.column + 1})"
    return YamlProblem(line, f"malformed YAML: {what}")


def _python_error(text: str, fast: yaml.YAMLError) -> yaml.YAMLError:
    """The error the pure-Python parser gives for ``text`` (``fast``, libyaml's, when that one
    is about nesting or the text is long: the Python parser is slow on both)."""
    if "nesting depth" in str(fast) or len(text) > _REPARSE_CHARS:
        return fast
    try:
        loader = yaml.SafeLoader(text)
        try:
            while loader.check_event():
                loader.get_event()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return exc
    return fast


def load_yaml(text: str) -> Loaded:
    """The one document in ``text``; :class:`YamlProblem` when it is malformed or over a limit."""
    builder = _Builder()
    loader = _LOADER(text)
    try:
        builder.run(loader)
    except yaml.YAMLError as fast:
        problem = _malformed(_python_error(text, fast), text)
        if "nesting depth" in problem.message:
            problem.message = f"is nested deeper than {limits.MAX_NESTING} levels: refused"
        raise problem from None
    finally:
        loader.dispose()
    if builder.unusual:
        try:
            builder.out.data = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            raise _malformed(exc, text) from None
        except (TypeError, ValueError) as exc:
            raise YamlProblem(0, f"malformed YAML: {exc}") from None
    return builder.out
