"""Export a crew to a crewai project: ``render_project`` (pure) and ``write_project``.

``render_project(bundle, format="yaml")`` gives the crewai 1.3 project described in
:mod:`.yaml_project`; ``format="json"`` the JSON-first project of crewai 1.15+ described in
:mod:`.json_project`. Both map stored values as :mod:`crewtui.interop.crewai_map` says, and
the result is deterministic: the same bundle gives the same bytes (no timestamps, no ids,
keys in a fixed order).
"""

from __future__ import annotations

from typing import Literal

from ...domain.bundle import CrewBundle
from ...domain.errors import CrewtuiError
from ..releases import NEWEST, OLDEST, Release
from .json_project import render_json_project
from .model import ProjectModel, build_model
from .writer import write_project
from .yaml_project import render_yaml_project

ExportFormat = Literal["yaml", "json"]
FORMATS: tuple[ExportFormat, ...] = ("yaml", "json")


def default_target(format: ExportFormat) -> Release:
    """The release a format was first written for: YAML 1.3, JSON-first the newest."""
    return OLDEST if format == "yaml" else NEWEST


def render_project(
    bundle: CrewBundle, *, format: ExportFormat = "yaml", target: Release | None = None
) -> dict[str, str]:
    """Relative path -> file text, sorted by path, for the crewai release ``target``."""
    target = target or default_target(format)
    if format == "json" and not target.json_first:
        raise CrewtuiError(
            f"{target.label} has no JSON-first projects: export --format yaml for it",
            title="Export format",
        )
    model = build_model(bundle, target)
    if format == "yaml":
        files = render_yaml_project(model)
    elif format == "json":
        files = render_json_project(model)
    else:
        raise ValueError(f"unknown export format {format!r}")
    return dict(sorted(files.items()))


__all__ = [
    "FORMATS",
    "ExportFormat",
    "ProjectModel",
    "build_model",
    "default_target",
    "render_project",
    "write_project",
]
