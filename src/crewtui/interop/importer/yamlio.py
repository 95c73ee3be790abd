"""Reading config/agents.yaml and config/tasks.yaml with the safe loader, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue, ProjectInvalid, issue
from .yamlfast import Entry, split_entries


@dataclass
class YamlDoc:
    """A top-level mapping of keys to mappings, with the line of every key (1-based)."""

    path: Path
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    #: (top key, field) -> line
    field_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def line(self, key: str, name: str | None = None) -> int:
        if name is not None and (key, name) in self.field_lines:
            return self.field_lines[(key, name)]
        return self.key_lines.get(key, 0)


#: libyaml when PyYAML was built with it (several times faster); the pure-Python loader otherwise
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def _compose_and_construct(text: str, loader_class: Any) -> tuple[Any, Any]:
    """One parse: the node tree (for line numbers) and the data built from that same tree."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def parse_yaml(text: str) -> tuple[Any, Any]:
    """``(node, data)`` of one YAML document, read once.

    A document libyaml rejects is read again with the pure-Python loader, so that the
    message (and its line and column) stays the one users and tests know.
    """
    if _FAST_LOADER is None:
        return _compose_and_construct(text, yaml.SafeLoader)
    try:
        return _compose_and_construct(text, _FAST_LOADER)
    except yaml.YAMLError as fast_error:
        _compose_and_construct(text, yaml.SafeLoader)  # raises the usual error
        raise fast_error from None


def load_yaml_doc(path: Path, root: Path, warnings: list[Issue]) -> YamlDoc:
    """Parse ``path``; malformed YAML raises ProjectInvalid naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectInvalid(
            [issue(path, 0, f"is not UTF-8 text ({exc.reason})", root=root)]
        ) from None
    doc = _plain_doc(path, root, text, warnings)
    if doc is not None:
        return doc
    try:
        node, data = parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.problem:
            started = exc.context_mark.line + 1 if exc.context_mark is not None else None
            what = f"{exc.context}{f' (from line {started})' if started and started != line else ''}: {exc.problem}"
        if mark is not None:
            what += f" (column {mark.column + 1})"
        raise ProjectInvalid([issue(path, line, f"malformed YAML: {what}", root=root)]) from None
    except yaml.YAMLError as exc:
        raise ProjectInvalid([issue(path, 0, f"malformed YAML: {exc}", root=root)]) from None
    except RecursionError:  # the YAML parser recurses once per nesting level
        raise ProjectInvalid([issue(path, 0, "is nested too deeply to read", root=root)]) from None
    doc = YamlDoc(path)
    if data is None:
        return doc
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ProjectInvalid([issue(path, 1, "must be a mapping of keys to settings", root=root)])
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key in seen:
            warnings.append(
                issue(
                    path,
                    line,
                    f"'{key}' is defined twice; the last one wins (as in crewai)",
                    root=root,
                )
            )
        seen.add(key)
        doc.key_lines[key] = line
        if isinstance(value_node, yaml.MappingNode):
            for fk, _fv in value_node.value:
                doc.field_lines[(key, str(fk.value))] = fk.start_mark.line + 1
    for key, value in data.items():
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ProjectInvalid(
                [
                    issue(
                        path,
                        doc.key_lines.get(str(key), 0),
                        f"'{key}' must be a mapping of settings",
                        root=root,
                    )
                ]
            )
        doc.data[str(key)] = value
    return doc


def _plain_doc(path: Path, root: Path, text: str, warnings: list[Issue]) -> YamlDoc | None:
    """The document read line by line where its entries are plain (see yamlfast), the other
    entries through the YAML parser; None when it must be read as a whole (any doubt, any error,
    a key defined twice), so that every message stays the one of a whole-document read."""
    split = split_entries(text)
    if split is None:
        return None
    lines, entries = split
    if len({e.key for e in entries}) != len(entries):
        return None
    parsed = _parse_entries(lines, [e for e in entries if not e.plain])
    if parsed is None:
        return None
    doc = YamlDoc(path)
    for entry in entries:
        doc.key_lines[entry.key] = entry.line
        for name, line in entry.field_lines.items():
            doc.field_lines[(entry.key, name)] = line
    for entry in entries:
        value = entry.value if entry.plain else parsed[entry.key]
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ProjectInvalid(
                [issue(path, entry.line, f"'{entry.key}' must be a mapping of settings", root=root)]
            )
        doc.data[entry.key] = value
    return doc


def _parse_entries(lines: list[str], entries: list[Entry]) -> dict[str, Any] | None:
    """The values of ``entries`` parsed as one YAML document made of their own lines; their
    field lines are filled in. None when that document does not hold exactly those keys."""
    if not entries:
        return {}
    chunks: list[str] = []
    origin: list[int] = []
    for e in entries:
        # an entry that is not the last of the file was followed by a line break
        chunks.append("\n".join(lines[e.start : e.end]) + ("\n" if e.end < len(lines) else ""))
        origin.extend(range(e.start, e.end))
    try:
        node, data = parse_yaml("".join(chunks))
    except (yaml.YAMLError, RecursionError):
        return None
    if (
        not isinstance(node, yaml.MappingNode)
        or not isinstance(data, dict)
        or len(node.value) != len(entries)
    ):
        return None
    for e, (key_node, value_node) in zip(entries, node.value, strict=True):
        row = key_node.start_mark.line
        if (
            str(key_node.value) != e.key
            or row >= len(origin)
            or origin[row] != e.start
            or e.key not in data
        ):
            return None
        if isinstance(value_node, yaml.MappingNode):
            for fk, _fv in value_node.value:
                at = fk.start_mark.line
                e.field_lines[str(fk.value)] = origin[at] + 1 if at < len(origin) else 0
    return data


def exported_description(root: Path, crew_name: str | None) -> str | None:
    """The crew description a crewtui export keeps in README.md (between the title and the
    "Exported by crewtui" line); None for any other README."""
    path = root / "README.md"
    if crew_name is None or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    head = f"# {crew_name}\n\n"
    marker = "\nExported by crewtui ("
    if not text.startswith(head) or marker not in text:
        return None
    body = text[len(head) : text.index(marker)].strip()
    return body or None
