"""Which crews a project holds: one package, several ``@CrewBase`` classes (the crews of a
flow, ``src/<pkg>/crews/<name>/<name>.py`` each with its config/), or ``Crew(...)`` objects
built at module level by a script. Files are parsed, never run.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..limits import Deadline
from ..pysyntax import decorator_names
from ..sources import PythonUnreadable, Unreadable, parse_python, present, read_text
from .context import snake
from .errors import ProjectInvalid, issue
from .locate import Location, locate
from .scriptproject import script_crews

SourceKind = Literal["package", "class", "script"]

#: folders never searched for crews (environments, caches, tests, build output)
_SKIPPED = frozenset(
    {"venv", "env", "node_modules", "__pycache__", "tests", "test", "build", "dist", "docs"}
)
#: how deep and how many Python files the search for crews reads
MAX_DEPTH = 8
MAX_FILES = 2000
#: names of script files that say nothing about their crew (the folder names it instead)
_PLAIN_STEMS = frozenset({"main", "crew", "app", "run", "script", "__main__"})


@dataclass(frozen=True)
class CrewSource:
    """One crew a project holds, and where."""

    #: the crew name it is imported under (unless the user gives another)
    name: str
    kind: SourceKind
    #: the project folder messages are relative to
    root: Path
    #: the folder of the crew's config/ (package), of its class or of its script
    package_dir: Path
    #: the file of the class or script (None for a package read as it is)
    path: Path | None = None
    #: the @CrewBase class, or the variable the script assigns Crew(...) to
    symbol: str | None = None
    #: how a package is laid out (a JSON-first package has crew.jsonc)
    layout: Literal["yaml", "json"] = "yaml"

    def describe(self) -> str:
        if self.path is None or self.symbol is None:
            return self.name
        try:
            where = str(self.path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            where = str(self.path)
        return f"{self.name} ({self.symbol} in {where})"

    def matches(self, wanted: str) -> bool:
        w = wanted.strip().lower()
        names = {self.name.lower()}
        if self.symbol:
            names |= {self.symbol.lower(), snake(self.symbol)}
        return w in names


class SeveralCrews(ProjectInvalid):
    """The project holds several crews and none was chosen (or a chosen one is missing)."""

    title = "Several crews in the project"

    def __init__(self, root: Path, sources: list[CrewSource], unknown: Sequence[str] = ()) -> None:
        self.sources = sources
        listed = "; ".join(s.describe() for s in sources)
        if unknown:
            self.title = "No such crew in the project"
            message = f"has no crew {', '.join(repr(u) for u in unknown)}; its crews: {listed}"
        else:
            message = f"holds {len(sources)} crews: {listed}; choose one or more, or all"
        super().__init__([issue(root, 0, message)])


def find_crews(path: Path) -> list[CrewSource]:
    """Every crew at ``path`` (a project root, package folder, crew file or crew.jsonc)."""
    path = path.expanduser()
    if path.is_file() and path.suffix == ".py":
        found = _in_file(path, path.parent)
        if found:
            return found
    try:
        loc = locate(path)
    except ProjectInvalid:
        folder = path if path.is_dir() else path.parent
        found = _unique(list(_search(folder)))
        if found:
            return found
        raise
    return _in_package(loc)


def _in_package(loc: Location) -> list[CrewSource]:
    package = CrewSource(
        loc.package_dir.name, "package", loc.root, loc.package_dir, layout=loc.layout
    )
    if loc.layout == "json":
        return [package]
    classes: list[CrewSource] = []
    scripts: list[CrewSource] = []
    files = sorted(loc.package_dir.glob("*.py"), key=lambda p: (p.name != "crew.py", p.name))
    for file in files:
        for src in _in_file(file, loc.root):
            (classes if src.kind == "class" else scripts).append(src)
    if len(classes) > 1:
        return _unique(
            [
                CrewSource(
                    snake(c.symbol or c.name), "class", c.root, c.package_dir, c.path, c.symbol
                )
                for c in classes
            ]
        )
    if classes or not scripts:
        return [package]
    return _unique(scripts)


def _text(path: Path, root: Path) -> str | None:
    try:
        return read_text(path, root)
    except (Unreadable, FileNotFoundError, OSError):
        return None


def _in_file(path: Path, root: Path) -> list[CrewSource]:
    text = _text(path, root)
    if text is None or ("CrewBase" not in text and "Crew(" not in text):
        return []
    try:
        tree = parse_python(text, str(path))
    except PythonUnreadable:
        return []
    classes = [
        n for n in tree.body if isinstance(n, ast.ClassDef) and "CrewBase" in decorator_names(n)
    ]
    folder = path.parent
    if classes:
        if len(classes) == 1 and folder.name != "src":
            return [CrewSource(folder.name, "class", root, folder, path, classes[0].name)]
        return [CrewSource(snake(c.name), "class", root, folder, path, c.name) for c in classes]
    variables = script_crews(tree)
    if not variables:
        return []
    if len(variables) == 1:
        name = folder.name if path.stem in _PLAIN_STEMS else path.stem
        return [CrewSource(name, "script", root, folder, path, variables[0])]
    return [CrewSource(v, "script", root, folder, path, v) for v in variables]


def _search(folder: Path) -> Iterator[CrewSource]:
    """The crews of the Python files under ``folder`` (src/ first when there is one), within
    :data:`MAX_DEPTH`, :data:`MAX_FILES` and the time one read may take."""
    start = folder / "src" if (folder / "src").is_dir() else folder
    files = 0
    deadline = Deadline()
    for here, dirs, names in os.walk(start):
        deadline.check()
        depth = len(Path(here).relative_to(start).parts)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d not in _SKIPPED and depth < MAX_DEPTH
        )
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            files += 1
            if files > MAX_FILES:
                return
            path = Path(here) / name
            if not present(path) or path.is_symlink():
                continue
            yield from _in_file(path, folder)


def _unique(sources: list[CrewSource]) -> list[CrewSource]:
    """The same name twice (two folders called ``crew``) is told apart by the symbol."""
    out: list[CrewSource] = []
    taken: set[str] = set()
    for s in sources:
        name = s.name
        if name in taken and s.symbol:
            name = snake(s.symbol)
        n = 1
        base = name
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        out.append(CrewSource(name, s.kind, s.root, s.package_dir, s.path, s.symbol))
    return out
