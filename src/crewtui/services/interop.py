"""Lint and export a stored crew (the import side lives in ``services/importer.py``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.bundle import CrewBundle
from ..domain.errors import CrewtuiError
from ..domain.lint import LintIssue, has_errors
from ..interop.export import ExportFormat, render_project, write_project
from ..interop.lint import lint_bundle
from .facade import Services
from .gcpause import paused_gc


class LintFailed(CrewtuiError):
    """The crew has lint errors, so it is not exported (nothing is written)."""

    title = "Crew has lint errors"
    exit_code = 1

    def __init__(self, crew: str, issues: list[LintIssue]) -> None:
        self.crew = crew
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        lines = "\n".join(f"  {format_issue(i)}" for i in errors)
        super().__init__(
            f"crew '{crew}' has {len(errors)} lint error(s); nothing was written:\n{lines}"
        )


@dataclass(frozen=True)
class ExportResult:
    crew: str
    out_dir: Path
    format: ExportFormat
    files: list[str]
    warnings: list[LintIssue] = field(default_factory=list)


def format_issue(issue: LintIssue) -> str:
    """``error    task 'brief'  context_task_ids  context names ...`` (one line)."""
    where = f"{issue.object_kind} '{issue.object_name}'"
    return f"{issue.severity:<8} {where:<40} {issue.field or '-':<22} {issue.message}"


def lint_crew(
    services: Services, name: str, *, inputs: Collection[str] | None = None
) -> list[LintIssue]:
    return lint_bundle(services.load_bundle(name), inputs=inputs)


def lint_all(services: Services) -> dict[str, list[LintIssue]]:
    """Every crew's issues, by crew name (sorted)."""
    names = sorted(c.crew_name for c in services.list_crews())
    return {n: lint_crew(services, n) for n in names}


def export_crew(
    services: Services,
    name: str,
    out_dir: Path | str,
    *,
    format: ExportFormat = "yaml",
    force: bool = False,
) -> ExportResult:
    """Lint, then write the crewai project; lint errors raise LintFailed before anything is written."""
    with paused_gc():
        bundle = services.load_bundle(name)
    return export_bundle(bundle, name, out_dir, format=format, force=force)


def export_bundle(
    bundle: CrewBundle,
    name: str,
    out_dir: Path | str,
    *,
    format: ExportFormat = "yaml",
    force: bool = False,
) -> ExportResult:
    """Lint and write ``bundle`` (a stored crew, or one a release froze)."""
    with paused_gc():
        issues = lint_bundle(bundle)
        if has_errors(issues):
            raise LintFailed(name, issues)
        files = render_project(bundle, format=format)
    write_project(files, out_dir, force=force)
    return ExportResult(
        crew=name,
        out_dir=Path(out_dir),
        format=format,
        files=list(files),
        warnings=[i for i in issues if i.severity == "warning"],
    )
