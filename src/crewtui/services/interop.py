"""Lint and export a stored crew (the import side lives in ``services/importer.py``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain.bundle import CrewBundle
from ..domain.crew import Crew
from ..domain.errors import CrewtuiError
from ..domain.lint import LintIssue, has_errors
from ..domain.task import Task
from ..interop.export import ExportFormat, render_project, write_project
from ..interop.lint import lint_bundle
from ..interop.releases import RELEASES, Release, resolve_target
from .facade import Services
from .gcpause import paused_gc
from .progress import EXPORT_STEPS, Progress, Steps

__all__ = [
    "ExportFormat",
    "ExportResult",
    "LintFailed",
    "Release",
    "default_release",
    "export_crew",
    "export_releases",
    "format_issue",
    "formats_for",
    "lint_all",
    "lint_crew",
]


def export_releases() -> list[Release]:
    """The crewai releases an export can be written for, oldest first."""
    return sorted(RELEASES.values(), key=lambda r: r.version)


def default_release() -> Release:
    """The release an export is written for unless told: the run-time environment's crewai,
    else the newest."""
    return resolve_target()


def formats_for(release: Release) -> list[ExportFormat]:
    """The project formats ``release`` runs: YAML always, JSON-first where it has it."""
    return ["yaml", "json"] if release.json_first else ["yaml"]


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
    """What an export wrote: the files (relative to ``out_dir``) and the lint warnings."""

    crew: str
    out_dir: Path
    format: ExportFormat
    files: list[str]
    warnings: list[LintIssue] = field(default_factory=list)
    #: the crewai release the project was written for
    target: Release | None = None


def format_issue(issue: LintIssue) -> str:
    """``error    task 'brief'  context_task_ids  context names ...`` (one line)."""
    where = f"{issue.object_kind} '{issue.object_name}'"
    return f"{issue.severity:<8} {where:<40} {issue.field or '-':<22} {issue.message}"


def lint_crew(
    services: Services,
    name: str,
    *,
    inputs: Collection[str] | None = None,
    crew: Crew | None = None,
    target: Release | None = None,
) -> list[LintIssue]:
    """The crew's issues for the crewai release ``target`` (None: see ``resolve_target``);
    with ``crew``, of the crew as an editor shows it (unsaved settings and members), the rest
    as stored."""
    bundle = services.load_bundle(name, shown=crew)
    return lint_bundle(bundle, inputs=inputs, target=target or resolve_target())


def lint_shown(
    bundle: CrewBundle,
    *,
    tasks: Sequence[Task] | None = None,
    inputs: Collection[str] | None = None,
    target: Release | None = None,
) -> list[LintIssue]:
    """The issues of a crew already read, with its tasks as shown (moved, not yet saved):
    the same rules as :func:`lint_crew`, without a database round trip."""
    if tasks is not None:
        bundle = replace(bundle, tasks=sorted(tasks, key=lambda t: t.sequence_order))
    return lint_bundle(bundle, inputs=inputs, target=target or resolve_target())


def lint_all(services: Services, *, target: Release | None = None) -> dict[str, list[LintIssue]]:
    """Every crew's issues, by crew name (sorted)."""
    names = sorted(c.crew_name for c in services.list_crews())
    return {n: lint_crew(services, n, target=target) for n in names}


def export_crew(
    services: Services,
    name: str,
    out_dir: Path | str,
    *,
    format: ExportFormat = "yaml",
    force: bool = False,
    progress: Progress | None = None,
    target: Release | None = None,
) -> ExportResult:
    """Lint, render, then write the crewai project: the one export for the app and the
    command line, ``progress`` hearing each step. Lint errors raise LintFailed (with the
    issues) before anything is written; a folder that cannot be written raises a
    CrewtuiError naming it."""
    steps = Steps(EXPORT_STEPS, progress)
    steps.enter("lint")
    with paused_gc():
        bundle = services.load_bundle(name)
    return _lint_render_write(bundle, name, out_dir, format, force, steps, target)


def export_bundle(
    bundle: CrewBundle,
    name: str,
    out_dir: Path | str,
    *,
    format: ExportFormat = "yaml",
    force: bool = False,
    progress: Progress | None = None,
    target: Release | None = None,
) -> ExportResult:
    """Lint, render and write ``bundle`` (a stored crew, or one a release froze), as
    :func:`export_crew` does."""
    steps = Steps(EXPORT_STEPS, progress)
    steps.enter("lint")
    return _lint_render_write(bundle, name, out_dir, format, force, steps, target)


def _lint_render_write(
    bundle: CrewBundle,
    name: str,
    out_dir: Path | str,
    format: ExportFormat,
    force: bool,
    steps: Steps,
    target: Release | None,
) -> ExportResult:
    """``target`` None: the run-time environment's release, else the newest."""
    release = target or resolve_target()
    with paused_gc():
        issues = lint_bundle(bundle, target=release, format=format)
        if has_errors(issues):
            raise LintFailed(name, issues)
        steps.enter("render")
        files = render_project(bundle, format=format, target=release)
    steps.enter("write")
    try:
        write_project(files, out_dir, force=force)
    except OSError as exc:
        raise CrewtuiError(
            f"{out_dir} could not be written: {exc.strerror or exc}", title="Export failed"
        ) from exc
    return ExportResult(
        crew=name,
        out_dir=Path(out_dir),
        format=format,
        files=list(files),
        warnings=[i for i in issues if i.severity == "warning"],
        target=release,
    )
