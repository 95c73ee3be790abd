"""The crew builder's lint panel text, and the hierarchical-manager rule checked as you type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.content import Content

from ...domain.lint import LintIssue

ERROR = "$text-error bold"
WARNING = "$text-warning"
MANAGER_MISSING = "a hierarchical crew needs a manager agent or a manager LLM"
#: after an agent in the manager picker that has tools (crewai refuses it at kickoff)
TOOLS_MARK = "  ⚠ has tools: crewai refuses it as manager"

#: the process choices, with the one crewai cannot run marked as such
PROCESS_CHOICES: list[tuple[str, str]] = [
    ("sequential", "sequential"),
    ("hierarchical", "hierarchical"),
    ("consensual (not runnable by crewai)", "consensual"),
]


def manager_problem(values: Mapping[str, Any]) -> str | None:
    """The inline error of the manager fields, or None when the crew may be saved."""
    if values.get("process_type") != "hierarchical":
        return None
    if values.get("manager_agent_id") or (values.get("manager_llm") or "").strip():
        return None
    return MANAGER_MISSING


def lint_text(issues: Sequence[LintIssue]) -> Content:
    """Errors first, then warnings, each naming what it is about (styled with theme colours)."""
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity != "error"]
    parts: list[str | tuple[str, str]] = []
    if not errors:
        parts.append(("✓ 0 errors", "$text-success bold"))
    else:
        parts.append((f"✗ {len(errors)} error{'s' if len(errors) != 1 else ''}", ERROR))
    if warnings:
        parts.append((f"  ! {len(warnings)} warning{'s' if len(warnings) != 1 else ''}", WARNING))
    for issue in [*errors, *warnings]:
        mark, style = ("✗", ERROR) if issue.severity == "error" else ("!", WARNING)
        about = (
            issue.object_kind
            if issue.object_kind == "crew"
            else f"{issue.object_kind} '{issue.object_name}'"
        )
        parts += ["\n", (f"{mark} ", style), (f"{about}: ", "bold"), issue.message]
    return Content.assemble(*parts)
