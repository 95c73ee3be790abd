"""Reading config/agents.yaml and config/tasks.yaml as crewai does (``yaml.safe_load``), within
the limits of :mod:`..limits`, keeping the line of every key and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..yamlload import YamlProblem, load_yaml
from .errors import Issue, ProjectInvalid, issue
from .files import optional_text, read_project_text


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


def load_yaml_doc(path: Path, root: Path, warnings: list[Issue]) -> YamlDoc:
    """Parse ``path``; malformed YAML, or YAML past the limits, raises ProjectInvalid naming
    the file and line."""
    text = read_project_text(path, root)
    try:
        loaded = load_yaml(text)
    except YamlProblem as exc:
        raise ProjectInvalid([issue(path, exc.line, exc.message, root=root)]) from None
    doc = YamlDoc(path, key_lines=loaded.key_lines, field_lines=loaded.field_lines)
    for key, line in loaded.repeated:
        warnings.append(
            issue(
                path, line, f"'{key}' is defined twice; the last one wins (as in crewai)", root=root
            )
        )
    data = loaded.data
    if data is None:
        return doc
    if not isinstance(data, dict):
        raise ProjectInvalid([issue(path, 1, "must be a mapping of keys to settings", root=root)])
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


def exported_description(
    root: Path, crew_name: str | None, warnings: list[Issue] | None = None
) -> str | None:
    """The crew description a crewtui export keeps in README.md (between the title and the
    "Exported by crewtui" line); None for any other README."""
    if crew_name is None:
        return None
    text = optional_text(root / "README.md", root, warnings)
    if text is None:
        return None
    head = f"# {crew_name}\n\n"
    marker = "\nExported by crewtui ("
    if not text.startswith(head) or marker not in text:
        return None
    body = text[len(head) : text.index(marker)].strip()
    return body or None
