"""Finding the level of a crewai project a path points at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..sources import present
from .errors import ProjectInvalid, issue


@dataclass
class Location:
    #: the folder paths in messages are relative to
    root: Path
    #: the folder that holds config/ (YAML) or crew.jsonc (JSON-first)
    package_dir: Path
    layout: Literal["yaml", "json"]


def _is_package(folder: Path) -> bool:
    config = folder / "config"
    return (
        present(config / "agents.yaml")
        or present(config / "tasks.yaml")
        or present(folder / "crew.py")
    )


def locate(path: Path) -> Location:
    """Project root (with ``src/<package>/``), package folder, crew.py or crew.jsonc."""
    path = path.expanduser()
    if not path.exists():
        raise ProjectInvalid([issue(path, 0, "does not exist")])
    if path.is_file():
        if path.name.endswith(".jsonc") or path.name.endswith(".json"):
            return Location(path.parent, path.parent, "json")
        path = path.parent
        if path.name == "config":
            path = path.parent
    if present(path / "crew.jsonc") or present(path / "crew.json"):
        return Location(path, path, "json")
    if _is_package(path):
        return Location(path, path, "yaml")
    if path.name == "config" and _is_package(path.parent):
        return Location(path.parent, path.parent, "yaml")
    src = path / "src"
    candidates = (
        sorted(p for p in src.iterdir() if p.is_dir() and _is_package(p)) if src.is_dir() else []
    )
    if not candidates:
        candidates = sorted(
            p
            for p in path.iterdir()
            if p.is_dir() and not p.name.startswith(".") and _is_package(p)
        )
    if len(candidates) == 1:
        return Location(path, candidates[0], "yaml")
    if len(candidates) > 1:
        names = ", ".join(str(c.relative_to(path)) for c in candidates)
        raise ProjectInvalid(
            [issue(path, 0, f"holds several crew packages ({names}); import one of them")]
        )
    raise ProjectInvalid(
        [
            issue(
                path,
                0,
                "is not a crewai project: no config/agents.yaml, config/tasks.yaml or crew.py here "
                "or in src/<package>/, and no crew.jsonc",
            )
        ]
    )
