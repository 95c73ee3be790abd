"""YAML as crewai reads it (``yaml.safe_load``), within limits, with the line of every key.

libyaml's parser (PyYAML's ``CSafeLoader``) reads the syntax; the values are built here from
its events, each plain scalar resolved and constructed by PyYAML's safe resolver and
constructors (once per distinct text). Building from events instead of PyYAML's node tree
and constructor keeps the key lines that messages need and halves the time: a 10,000-agent
``agents.yaml`` (5.3 MB) reads in 0.8-0.9 s of CPU against 1.8-2.0 s for ``yaml.load`` with
the C loader plus the node tree for lines (``scripts/reader_figures.py``). The line reader
this replaced took 0.6-0.75 s in the same runs; 0.2 s more on an import of 2.3-2.7 s keeps
its target (under 5 s), and every limit below now holds in one place.

While building, a document is refused (:class:`YamlProblem`, with its line) when it nests
deeper than :data:`~.limits.MAX_NESTING`, when its aliases stand for more than
:data:`~.limits.MAX_ALIAS_RATIO` times the values it writes out (a "billion laughs"), when an
alias refers to the collection it is in, or when an integer has more than
:data:`~.limits.MAX_INT_DIGITS` digits. Anything beyond plain data (explicit collection tags,
merge keys) is built by PyYAML's own constructor once the limits have held. Syntax errors
carry the pure-Python parser's message, the one users and tests know.
"""

from __future__ import annotations

from collections.abc import Callable
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
_RESOLVE: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _RESOLVER.resolve
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


#: a mapping frame has no key waiting
_NO_KEY = object()


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
    """Values from events. Hot: one pass over every event of a 5 MB file, so the common
    cases (plain scalars, mappings, lists) are handled inline with local names."""

    def __init__(self) -> None:
        self.out = Loaded(None)
        self.stack: list[list[Any]] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open: set[str] = set()
        self.written = 0
        self.extra = 0  # values that aliases stand for
        self.unusual = False

    def run(self, loader: Any) -> None:
        loader.get_event()  # stream start
        if isinstance(loader.peek_event(), ev.StreamEndEvent):
            return
        loader.get_event()  # document start
        self._document(loader)
        if not isinstance(loader.peek_event(), ev.StreamEndEvent):
            raise YamlProblem(
                loader.peek_event().start_mark.line + 1,
                "malformed YAML: expected a single document in the stream, but found another",
            )

    def _document(self, loader: Any) -> None:
        """The events of one document, up to its end: the hot loop."""
        get = loader.get_event
        stack, out = self.stack, self.out
        cache: dict[str, Any] = {}
        scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
        map_start, seq_start = ev.MappingStartEvent, ev.SequenceStartEvent
        map_end, seq_end = ev.MappingEndEvent, ev.SequenceEndEvent
        no_key = _NO_KEY
        # frame fields (see _start)
        items_, key_, key_line_, mark_, anchor_, is_list_, lines_ = range(7)
        written = 0  # kept here, handed to self.written before anything reads that
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                written += 1
                value = event.value
                tag = event.tag
                if tag is None and not event.style:
                    value = cache[value] if value in cache else self._first(event, cache)
                elif tag is not None:
                    value = self._tagged(event)
                if event.anchor is not None:
                    self._anchor(event)
                    self.anchors[event.anchor] = (value, 1)
            elif kind is map_start or kind is seq_start:
                self.written = written
                self._start(event, kind is seq_start)
                written = self.written
                continue
            elif kind is map_end or kind is seq_end:
                frame = stack.pop()
                value = frame[items_]
                if frame[anchor_] is not None:
                    size = written + self.extra - frame[mark_]
                    self.anchors[frame[anchor_]] = (value, size)
                    self.open.discard(frame[anchor_])
            elif kind is alias_event:
                self.written = written
                value = self._alias(event)
            else:  # the end of the document
                break
            if not stack:
                out.data = value
                continue
            top = stack[-1]
            if top[is_list_]:
                top[items_].append(value)
            elif top[key_] is no_key:
                if type(value) is not str or value == "<<":
                    self._odd_key(value, event)
                top[key_], top[key_line_] = value, event.start_mark.line + 1
            else:
                key, top[key_] = top[key_], no_key
                if top[lines_]:
                    self._note_line(top, key)
                top[items_][key] = value
        self.written = written

    def _first(self, event: Any, cache: dict[str, Any]) -> Any:
        """A plain scalar's value the first time its text is met (then cached)."""
        value = event.value
        got = value if value and value[0] not in _FIRST else self._plain(event)
        cache[value] = got
        return got

    def _odd_key(self, key: Any, event: Any) -> None:
        """A key that is not a plain string: refused when a collection; a merge key is noted."""
        if type(key) is not str and isinstance(key, (dict, list)):
            raise YamlProblem(
                event.start_mark.line + 1,
                "malformed YAML: a mapping key that is a list or a mapping",
            )
        if key == "<<" and type(event) is ev.ScalarEvent and not event.style:
            self.unusual = True  # a merge key: PyYAML's constructor merges

    def _note_line(self, top: list[Any], key: Any) -> None:
        """The line of a top-level key (frame lines 1) or of a field of its value (2)."""
        out, line = self.out, top[2]
        if top[6] == 1:
            name = str(key)
            if name in out.key_lines:
                out.repeated.append((name, line))
            out.key_lines[name] = line
        else:
            out.field_lines[(str(self.stack[0][1]), str(key))] = line

    def _named(self, event: Any, build: Any) -> Any:
        """``build()``, its problem prefixed with the key the value is for."""
        try:
            return build()
        except _Unusual:
            self.unusual = True
            return event.value
        except YamlProblem as problem:
            top = self.stack[-1] if self.stack else None
            if top is not None and not top[5] and top[1] is not _NO_KEY:
                problem.message = f"{top[1]}: {problem.message}"
            raise

    def _plain(self, event: Any) -> Any:
        tag = _RESOLVE(yaml.ScalarNode, event.value, (True, False))
        return self._named(event, lambda: _construct(tag, event.value, event))

    def _tagged(self, event: Any) -> Any:
        if event.tag == "!" and not event.implicit[0]:
            return event.value
        return self._named(event, lambda: _construct(event.tag, event.value, event))

    def _start(self, event: Any, is_list: bool) -> None:
        if len(self.stack) >= limits.MAX_NESTING:
            raise YamlProblem(
                event.start_mark.line + 1,
                f"is nested deeper than {limits.MAX_NESTING} levels: refused",
            )
        if event.tag not in (_SEQ_TAGS if is_list else _MAP_TAGS):
            self.unusual = True
        if event.anchor is not None:
            self._anchor(event)
            self.open.add(event.anchor)
        self.written += 1
        # which key lines a mapping notes: 1 the top-level keys, 2 the fields of their values
        stack = self.stack
        lines = 0
        if not is_list and len(stack) < 2:
            lines = 1 if not stack else 2 if not stack[0][5] else 0
        mark = self.written + self.extra - 1  # values written and stood for before this one
        stack.append([[] if is_list else {}, _NO_KEY, 0, mark, event.anchor, is_list, lines])

    def _anchor(self, event: Any) -> None:
        if event.anchor in self.anchors or event.anchor in self.open:
            raise YamlProblem(
                event.start_mark.line + 1,
                f"malformed YAML: found duplicate anchor '{event.anchor}'",
            )

    def _alias(self, event: Any) -> Any:
        line = event.start_mark.line + 1
        name = event.anchor
        if name in self.open:
            raise YamlProblem(line, f"alias *{name} refers to the collection it is in: refused")
        if name not in self.anchors:
            raise YamlProblem(line, f"malformed YAML: found undefined alias '{name}'")
        value, size = self.anchors[name]
        self.extra += size
        expanded = self.written + self.extra
        if expanded > limits.MAX_ALIAS_RATIO * self.written + limits.MAX_ALIAS_FLOOR:
            raise YamlProblem(
                line,
                f"aliases expand to over {expanded:,} values, more than "
                f"{limits.MAX_ALIAS_RATIO} times what the file writes out: refused",
            )
        return value


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
            next_event: Callable[[], object] = loader.get_event
            while loader.check_event():
                next_event()
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
