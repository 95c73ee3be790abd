"""Typed errors that services raise and every front end knows how to show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


class CrewtuiError(Exception):
    """Base of every error a user may see: it carries a short title and a message."""

    title = "Error"
    exit_code = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class NotFound(CrewtuiError):
    title = "Not found"
    exit_code = 4


class Conflict(CrewtuiError):
    """A save against a stale version: someone else changed the row meanwhile."""

    title = "Changed by someone else"
    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        expected_version: int | None = None,
        actual_version: int | None = None,
        theirs: dict[str, object] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(message, title=title)
        self.expected_version = expected_version
        self.actual_version = actual_version
        self.theirs = theirs or {}


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: its name (dotted for nested values) and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationFailed(CrewtuiError):
    title = "Invalid input"
    exit_code = 2

    def __init__(self, problems: Sequence[FieldProblem], *, title: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "invalid input", title=title)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        return cls([FieldProblem(field, message)])

    def by_field(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field, p.message)
        return out


@dataclass(frozen=True)
class Reference:
    """Something that still points at a row about to be deleted."""

    kind: str
    name: str
    via: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.name}' ({self.via})"


class InUse(CrewtuiError):
    title = "Still in use"
    exit_code = 5

    def __init__(self, what: str, references: Sequence[Reference]) -> None:
        self.references = list(references)
        listed = "\n".join(f"  - {r}" for r in self.references)
        super().__init__(f"{what} is still referenced by:\n{listed}")


class PermissionDenied(CrewtuiError):
    title = "Not allowed"
    exit_code = 6


class DatabaseUnavailable(CrewtuiError):
    title = "Database unavailable"
    exit_code = 7


class SchemaOutOfDate(CrewtuiError):
    title = "Database schema out of date"
    exit_code = 8


@dataclass
class ErrorList:
    """Collects FieldProblems and raises them together."""

    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(FieldProblem(field_name, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)
