"""The files of a project, read only inside the project folder and within the limits."""

from __future__ import annotations

from pathlib import Path

from ..sources import Unreadable, present, read_text
from .errors import Issue, ProjectInvalid, issue


def read_project_text(path: Path, root: Path) -> str:
    """The text of a file the import needs; ProjectInvalid naming it when it is missing,
    outside ``root``, not a regular file, too large or not UTF-8."""
    try:
        return read_text(path, root)
    except Unreadable as exc:
        raise ProjectInvalid([issue(path, 0, exc.reason, root=root)]) from None
    except FileNotFoundError:
        raise ProjectInvalid([issue(path, 0, "does not exist", root=root)]) from None


def optional_text(path: Path, root: Path, warnings: list[Issue] | None = None) -> str | None:
    """The text of a file the import can do without (README.md, .env.example, main.py): None
    when it is missing, and when it cannot be read, with a warning saying why."""
    if not present(path):
        return None
    try:
        return read_text(path, root)
    except (Unreadable, FileNotFoundError) as exc:
        if warnings is not None:
            why = exc.reason if isinstance(exc, Unreadable) else "does not exist"
            warnings.append(issue(path, 0, f"{why}; skipped", root=root))
        return None
