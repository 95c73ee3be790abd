"""``read_project``: a crewai project on disk -> :class:`ProjectSpec`, without running its code.

A project may hold several crews (the crews of a flow, several ``@CrewBase`` classes, a script
building several ``Crew(...)``): :func:`find_crews` lists them, :func:`read_project` reads one
(the only one, or the one asked for) and :func:`read_crews` several, agents shared by key
between them told apart (see :mod:`.shared`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ..limits import TimeUp
from .discover import CrewSource, SeveralCrews, find_crews
from .errors import ProjectInvalid, issue
from .jsonproject import read_json_project
from .locate import Location
from .scriptproject import read_script_project
from .shared import share_agents
from .spec import ProjectSpec
from .yamlproject import read_yaml_project

T = TypeVar("T")

__all__ = [
    "CrewSource",
    "SeveralCrews",
    "find_crews",
    "list_crews",
    "read_crews",
    "read_project",
]


def read_project(path: Path, crew: str | None = None) -> ProjectSpec:
    """Read the project at ``path`` (root, package folder, crew file or crew.jsonc).

    ``crew`` names one of the project's crews (see :func:`find_crews`); without it a project
    of several crews raises :class:`~.discover.SeveralCrews`, which lists them. Raises
    :class:`~.errors.ProjectInvalid` (file and line of each problem) when the project cannot be
    imported as it is, or when reading it takes longer than :data:`~..limits.READ_SECONDS`;
    warnings travel on the returned spec.
    """
    return _guarded(path, lambda: _read_one(path, crew))


def list_crews(path: Path) -> list[CrewSource]:
    """The crews of the project at ``path`` (see :func:`find_crews`), within the read limits."""
    return _guarded(path, lambda: find_crews(Path(path)))


def read_crews(path: Path, crews: Sequence[str] | None = None) -> list[ProjectSpec]:
    """The crews named (all of the project's when ``crews`` is None), in the project's order."""

    return _guarded(path, lambda: _read_chosen(path, find_crews(Path(path)), crews))


def _read_chosen(
    path: Path, sources: list[CrewSource], crews: Sequence[str] | None
) -> list[ProjectSpec]:
    """The chosen crews, their shared agents told apart as when every crew is imported: the
    keys do not depend on the choice (a crew that cannot be read is left out of the sharing
    unless it is chosen)."""
    chosen = sources if crews is None else _choose(path, sources, crews)
    if len(sources) == 1:
        return [_read(sources[0])]
    specs: list[tuple[CrewSource, ProjectSpec]] = []
    for s in sources:
        try:
            specs.append((s, _read(s)))
        except ProjectInvalid:
            if s in chosen:
                raise
    share_agents([spec for _, spec in specs])
    by_source = dict(specs)
    return [by_source[s] for s in chosen]


def _guarded(path: Path, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except TimeUp as exc:
        raise ProjectInvalid([issue(path, 0, f"reading the project {exc}")]) from None
    except RecursionError:  # a safety net: every reader has its own nesting limit
        raise ProjectInvalid([issue(path, 0, "is nested too deeply to read")]) from None


def _choose(path: Path, sources: list[CrewSource], names: Sequence[str]) -> list[CrewSource]:
    chosen: list[CrewSource] = []
    unknown: list[str] = []
    for name in names:
        found = next((s for s in sources if s.matches(name)), None)
        if found is None:
            unknown.append(name)
        elif found not in chosen:
            chosen.append(found)
    if unknown:
        raise SeveralCrews(Path(path), sources, unknown)
    return chosen


def _read_one(path: Path, crew: str | None) -> ProjectSpec:
    sources = find_crews(Path(path))
    if crew is None and len(sources) > 1:
        raise SeveralCrews(Path(path), sources)
    return _read_chosen(path, sources, None if crew is None else [crew])[0]


def _read(source: CrewSource) -> ProjectSpec:
    if source.kind == "script":
        assert source.path is not None and source.symbol is not None
        return read_script_project(source.root, source.path, source.symbol, source.name)
    if source.kind == "class":
        loc = Location(source.root, source.package_dir, "yaml")
        return read_yaml_project(loc, source.symbol, source.name)
    loc = Location(source.root, source.package_dir, source.layout)
    if loc.layout == "json":
        return read_json_project(loc)
    return read_yaml_project(loc)
