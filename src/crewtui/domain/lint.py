"""Lint issues, and the checks that need nothing but the domain models.

The crew lint itself (every rule, with its severity) is :func:`crewtui.interop.lint.lint_bundle`:
most rules depend on what crewai accepts, which :mod:`crewtui.interop` knows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import ValidationError

from .base import Record, problems_from

Severity = Literal["error", "warning"]
ObjectKind = Literal["crew", "agent", "task", "tool", "memory_config"]


@dataclass(frozen=True)
class LintIssue:
    severity: Severity
    rule: str
    object_kind: ObjectKind
    object_name: str
    field: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(issues: Collection[LintIssue]) -> bool:
    return any(i.severity == "error" for i in issues)


def bounds_issues(record: Record, kind: ObjectKind) -> list[LintIssue]:
    """Re-validate a stored record: rows written by older tools may break the model's bounds."""
    try:
        type(record).model_validate(record.model_dump())
    except ValidationError as exc:
        return [
            LintIssue("error", "bounds", kind, record.key, p.field, p.message)
            for p in problems_from(exc)
        ]
    return []


__all__ = ["LintIssue", "ObjectKind", "Severity", "bounds_issues", "has_errors"]
