"""Find CrewAI agents in Python projects by reading source, never importing or running it."""

from __future__ import annotations

from pathlib import Path

from ...domain.agent import Agent
from ..limits import Deadline
from ..sources import PythonUnreadable, Unreadable, parse_python, python_files, read_text
from ..storable import out_of_range, unstorable
from .model import FoundAgent, Problem, ScanResult, kebab
from .python import FileScanner

__all__ = ["FoundAgent", "Problem", "ScanResult", "kebab", "scan_path", "scan_source"]

_SKIP_DIRS = frozenset(
    {"__pycache__", "node_modules", "site-packages", "venv", ".venv", "build", "dist"}
)


def scan_source(
    source: str, path: str, file: Path | None = None, root: Path | None = None
) -> tuple[list[FoundAgent], list[Problem]]:
    """The agents one module defines; ``root`` is the folder config files must be in."""
    try:
        tree = parse_python(source, path)
    except PythonUnreadable as exc:
        why = f"does not parse ({exc.syntax})" if exc.syntax else exc.reason
        return [], [Problem(path, exc.line, f"{why}: skipped")]
    scanner = FileScanner(tree, path, file or Path(path), root)
    try:
        scanner.run()
    except (RecursionError, MemoryError):  # a parseable but very deep expression
        return [], [Problem(path, None, "is nested too deeply to read: skipped")]
    for found in scanner.agents:
        _drop_unstorable(found)
    return scanner.agents, scanner.problems


def _drop_unstorable(found: FoundAgent) -> None:
    """Values no database column holds (NUL, lone surrogates, integers past 32 bits) are
    left out, with the reason."""
    for column, value in list(found.values.items()):
        why = unstorable(value) or out_of_range(Agent, column, value)
        if why is not None:
            del found.values[column]
            found.unresolved[column] = why


def scan_path(root: Path) -> ScanResult:
    """Every agent definition under ``root``; a key found twice is kept once, first by path.

    Only regular files inside ``root`` are read, each within the limits of
    :mod:`..limits`; a file that cannot be read is a problem of that file and the others are
    still scanned, until the scan's time (:data:`~..limits.READ_SECONDS`) is up."""
    result = ScanResult()
    base = root.parent if root.is_file() else root
    files = [root] if root.is_file() else python_files(root, _SKIP_DIRS)
    seen: dict[str, FoundAgent] = {}
    deadline = Deadline()
    for n, file in enumerate(files):
        if deadline.passed:
            result.problems.append(
                Problem(
                    root.name or str(root),
                    None,
                    f"time limit ({deadline.seconds:g} s) reached: "
                    f"{len(files) - n} of {len(files)} files not scanned",
                )
            )
            break
        rel = file.relative_to(base).as_posix()
        result.files += 1
        try:
            source = read_text(file, base, folder="scanned")
        except (Unreadable, OSError) as exc:
            why = exc.reason if isinstance(exc, Unreadable) else f"cannot be read ({exc})"
            result.problems.append(Problem(rel, None, f"{why.removesuffix(': not read')}: skipped"))
            continue
        agents, problems = scan_source(source, rel, file, base)
        result.problems.extend(problems)
        _keep_first(result, seen, agents)
    return result


def _keep_first(result: ScanResult, seen: dict[str, FoundAgent], agents: list[FoundAgent]) -> None:
    for found in agents:
        first = seen.get(found.agent_key)
        if first is not None:
            result.problems.append(
                Problem(
                    found.path,
                    found.line,
                    f"'{found.agent_key}' is already defined at {first.where}: this one is not "
                    "registered",
                )
            )
            continue
        seen[found.agent_key] = found
        result.agents.append(found)
