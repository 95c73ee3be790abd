"""``read_project``: a crewai project on disk -> :class:`ProjectSpec`, without running its code."""

from __future__ import annotations

from pathlib import Path

from .jsonproject import read_json_project
from .locate import locate
from .spec import ProjectSpec
from .yamlproject import read_yaml_project


def read_project(path: Path) -> ProjectSpec:
    """Read the project at ``path`` (root, package folder, crew.py or crew.jsonc).

    Raises :class:`~.errors.ProjectInvalid` (file and line of each problem) when the project
    cannot be imported as it is; warnings travel on the returned spec.
    """
    loc = locate(Path(path))
    if loc.layout == "json":
        return read_json_project(loc)
    return read_yaml_project(loc)
