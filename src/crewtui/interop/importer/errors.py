"""Problems found while reading a crewai project: where they are (file, line) and what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...domain.errors import FieldProblem, ValidationFailed


@dataclass(frozen=True)
class Issue:
    """One problem or warning, located in a project file (line 1-based, 0 = whole file)."""

    path: str
    line: int
    message: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def issue(path: Path | str, line: int | None, message: str, *, root: Path | None = None) -> Issue:
    shown = str(path)
    if root is not None:
        try:
            shown = str(Path(path).resolve().relative_to(root.resolve()))
        except ValueError:
            shown = str(path)
    return Issue(shown, line or 0, message)


class ProjectInvalid(ValidationFailed):
    """The project cannot be imported as it is; nothing was written."""

    title = "Cannot import the project"

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        super().__init__([FieldProblem(i.where, i.message) for i in self.issues], title=self.title)
