"""``read_project``: a crewai project on disk -> :class:`ProjectSpec`, without running its code."""

from __future__ import annotations

from pathlib import Path

from ..limits import TimeUp
from .errors import ProjectInvalid, issue
from .jsonproject import read_json_project
from .locate import locate
from .spec import ProjectSpec
from .yamlproject import read_yaml_project


def read_project(path: Path) -> ProjectSpec:
    """Read the project at ``path`` (root, package folder, crew.py or crew.jsonc).

    Raises :class:`~.errors.ProjectInvalid` (file and line of each problem) when the project
    cannot be imported as it is, or when reading it takes longer than
    :data:`~..limits.READ_SECONDS`; warnings travel on the returned spec.
    """
    try:
        loc = locate(Path(path))
        if loc.layout == "json":
            return read_json_project(loc)
        return read_yaml_project(loc)
    except TimeUp as exc:
        raise ProjectInvalid([issue(path, 0, f"reading the project {exc}")]) from None
    except RecursionError:  # a safety net: every reader has its own nesting limit
        raise ProjectInvalid([issue(path, 0, "is nested too deeply to read")]) from None
