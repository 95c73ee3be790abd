"""Find CrewAI agents in Python projects by reading source, never importing or running it."""

from __future__ import annotations

import ast
from pathlib import Path

from .model import FoundAgent, Problem, ScanResult, kebab
from .python import FileScanner

__all__ = ["FoundAgent", "Problem", "ScanResult", "kebab", "scan_path", "scan_source"]

_SKIP_DIRS = {"__pycache__", "node_modules", "site-packages", "venv", ".venv", "build", "dist"}


def _python_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    out = []
    for p in sorted(root.rglob("*.py")):
        parts = p.relative_to(root).parts[:-1]
        if any(part in _SKIP_DIRS or part.startswith(".") for part in parts):
            continue
        out.append(p)
    return out


def scan_source(
    source: str, path: str, file: Path | None = None
) -> tuple[list[FoundAgent], list[Problem]]:
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return [], [Problem(path, exc.lineno, f"does not parse ({exc.msg}): skipped")]
    except (RecursionError, ValueError):
        return [], [Problem(path, None, "is nested too deeply to read: skipped")]
    scanner = FileScanner(tree, path, file or Path(path))
    try:
        scanner.run()
    except RecursionError:  # a parseable but very deep expression
        return [], [Problem(path, None, "is nested too deeply to read: skipped")]
    return scanner.agents, scanner.problems


def scan_path(root: Path) -> ScanResult:
    """Every agent definition under ``root``; a key found twice is kept once, first by path."""
    result = ScanResult()
    base = root.parent if root.is_file() else root
    seen: dict[str, FoundAgent] = {}
    for file in _python_files(root):
        rel = file.relative_to(base).as_posix()
        result.files += 1
        try:
            source = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.problems.append(Problem(rel, None, f"cannot be read ({exc}): skipped"))
            continue
        agents, problems = scan_source(source, rel, file)
        result.problems.extend(problems)
        for found in agents:
            first = seen.get(found.agent_key)
            if first is not None:
                result.problems.append(
                    Problem(
                        found.path,
                        found.line,
                        f"'{found.agent_key}' is already defined at {first.where}: this one is not registered",
                    )
                )
                continue
            seen[found.agent_key] = found
            result.agents.append(found)
    return result
