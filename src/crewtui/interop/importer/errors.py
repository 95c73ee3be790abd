"""Problems found while reading a crewai project: where they are (file, line) and what."""

from __future__ import annotations

import os
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
        # the name inside the project (a link keeps its own name), else where it leads
        for p, r in (
            (Path(os.path.abspath(path)), Path(os.path.abspath(root))),
            (Path(path).resolve(), root.resolve()),
        ):
            try:
                shown = str(p.relative_to(r))
                break
            except ValueError:
                continue
    return Issue(shown, line or 0, message)


class ProjectInvalid(ValidationFailed):
    """The project cannot be imported as it is; nothing was written."""

    title = "Cannot import the project"

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        super().__init__([FieldProblem(i.where, i.message) for i in self.issues], title=self.title)
