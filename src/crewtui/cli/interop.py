"""``crewtui import`` (a crewai project into the database), ``lint`` and ``export``
(a crew out to crewai)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..interop.importer.plan import show_value
from .common import db_option, echo_json, handle_errors, resolve_db
from .progress import terminal_progress

if TYPE_CHECKING:
    from ..interop.export import ExportFormat


@click.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Show per object and field what would change; write nothing."
)
@click.option(
    "--crew-name",
    metavar="NAME",
    default=None,
    help="Name of the crew to create or update (else Crew(name=...) or the package folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@db_option
@click.pass_context
def import_(
    ctx: click.Context,
    path: Path,
    dry_run: bool,
    crew_name: str | None,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Import the crewai project at PATH (project root, package folder or crew.jsonc).

    Python files are read, never run. Everything is written in one transaction: on any
    error nothing is written.
    """
    with handle_errors():
        from ..services.importer import import_project
        from ..services.store import Store

        store = Store.open(resolve_db(ctx, db_url))
        try:
            with terminal_progress() as progress:
                report = import_project(
                    store, path, dry_run=dry_run, crew_name=crew_name, progress=progress
                )
        finally:
            store.dispose()
    plan = report.plan
    if as_json:
        echo_json(
            {
                "crew": plan.crew_name,
                "dry_run": dry_run,
                "written": report.written,
                "changes": [
                    {
                        "kind": c.kind,
                        "key": c.key,
                        "action": c.action,
                        "fields": [
                            {"field": f.field, "old": f.old, "new": f.new} for f in c.fields
                        ],
                    }
                    for c in plan.changes
                ],
                "warnings": [str(w) for w in report.warnings],
            }
        )
        return
    head = (
        "dry run, nothing written"
        if dry_run
        else ("written" if report.written else "nothing to change")
    )
    # one write for the whole report: a big project lists tens of thousands of lines
    lines = [f"crew '{plan.crew_name}' from {path} ({head})"]
    for c in plan.changes:
        lines.append(f"{c.kind:<6} {c.key:<32} {c.action}")
        if c.action in ("unchanged", "delete"):
            continue
        for f in c.fields:
            if c.action == "create":
                lines.append(f"    {f.field}: {show_value(f.new)}")
            else:
                lines.append(f"    {f.field}: {show_value(f.old)} -> {show_value(f.new)}")
    if plan.inputs:
        lines.append("kickoff inputs in main.py: " + ", ".join(sorted(plan.inputs)))
    if report.warnings:
        lines.append("warnings:")
        lines.extend(f"  {w}" for w in report.warnings)
    n = report.counts()
    lines.append(
        f"{n['create']} to create, {n['update']} to update, {n['unchanged']} unchanged, "
        f"{n['delete']} to delete"
        if dry_run
        else (
            f"{n['create']} created, {n['update']} updated, {n['unchanged']} unchanged, "
            f"{n['delete']} deleted"
        )
    )
    click.echo("\n".join(lines))


# ---------------------------------------------------------------- lint and export


def _issue_json(issue: Any) -> dict[str, Any]:
    return {
        "severity": issue.severity,
        "rule": issue.rule,
        "object_kind": issue.object_kind,
        "object_name": issue.object_name,
        "field": issue.field,
        "message": issue.message,
    }


crewai_option = click.option(
    "--crewai",
    "crewai_release",
    metavar="RELEASE",
    default=None,
    help="crewai release to target: 1.3 or latest (default: the run-time environment's "
    "crewai, else the newest release crewtui knows).",
)


@click.command("lint")
@click.argument("crew", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the issues as JSON.")
@crewai_option
@db_option
@click.pass_context
def lint(
    ctx: click.Context,
    crew: str | None,
    as_json: bool,
    crewai_release: str | None,
    db_url: str | None,
) -> None:
    """Check CREW (or every crew) for what crewai would reject or get wrong.

    Exit code 1 when there is at least one error; warnings alone exit 0.
    """
    import sys

    with handle_errors():
        from ..interop.releases import resolve_target
        from ..services import Services, Store
        from ..services.interop import lint_all, lint_crew

        target = resolve_target(crewai_release)
        store = Store.open(resolve_db(ctx, db_url))
        try:
            services = Services(store)
            results = (
                {crew: lint_crew(services, crew, target=target)}
                if crew
                else lint_all(services, target=target)
            )
        finally:
            store.dispose()
    errors = sum(1 for issues in results.values() for i in issues if i.severity == "error")
    warnings = sum(1 for issues in results.values() for i in issues if i.severity == "warning")
    if as_json:
        echo_json(
            {
                "crews": {
                    name: [_issue_json(i) for i in issues] for name, issues in results.items()
                },
                "errors": errors,
                "warnings": warnings,
                "crewai": target.version_text,
            }
        )
    else:
        _print_lint(results, errors, warnings)
    if errors:
        sys.exit(1)


def _print_lint(results: dict[str, list[Any]], errors: int, warnings: int) -> None:
    from ..services.interop import format_issue

    for name, issues in results.items():
        if len(results) > 1:
            click.echo(f"crew '{name}'")
        for issue in issues:
            click.echo(format_issue(issue))
    crews = f"{len(results)} crew{'s' if len(results) != 1 else ''}"
    click.echo(
        f"{crews}: {errors} error{'s' if errors != 1 else ''}, {warnings} "
        f"warning{'s' if warnings != 1 else ''}"
    )


@click.command("export")
@click.argument("crew")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the crewai project into (must be empty unless --force).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: crew.py + config/*.yaml (every release); json: JSON-first project (crewai 1.15+).",
)
@crewai_option
@click.option("--force", is_flag=True, help="Replace a non-empty output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--release",
    metavar="NAME",
    default=None,
    help="Export release NAME of CREW (its frozen values).",
)
@db_option
@click.pass_context
def export(
    ctx: click.Context,
    crew: str,
    out_dir: Path,
    fmt: str,
    force: bool,
    as_json: bool,
    release: str | None,
    crewai_release: str | None,
    db_url: str | None,
) -> None:
    """Write CREW as a crewai project that `crewai run` accepts.

    The crew is linted first: with lint errors nothing is written and the errors are shown
    (exit code 1).
    """
    import sys

    from ..services.interop import LintFailed, format_issue

    with handle_errors():
        from ..interop.releases import resolve_target
        from ..services import Services, Store
        from ..services.interop import export_crew

        target = resolve_target(crewai_release)
        store = Store.open(resolve_db(ctx, db_url))
        try:
            try:
                with terminal_progress() as progress:
                    if release is not None:
                        result = Services(store).export_release(
                            crew,
                            release,
                            out_dir,
                            format=cast("ExportFormat", fmt),
                            force=force,
                            progress=progress,
                            target=target,
                        )
                    else:
                        result = export_crew(
                            Services(store),
                            crew,
                            out_dir,
                            format=cast("ExportFormat", fmt),
                            force=force,
                            progress=progress,
                            target=target,
                        )
            except LintFailed as exc:
                if as_json:
                    echo_json(
                        {
                            "crew": crew,
                            "written": False,
                            "issues": [_issue_json(i) for i in exc.issues],
                        }
                    )
                else:
                    click.echo(
                        f"error: crew '{crew}' has lint errors; nothing was written", err=True
                    )
                    for issue in exc.issues:
                        if issue.severity == "error":
                            click.echo(format_issue(issue), err=True)
                sys.exit(exc.exit_code)
        finally:
            store.dispose()
    if as_json:
        echo_json(
            {
                "crew": crew,
                "written": True,
                "out": str(result.out_dir),
                "format": result.format,
                "crewai": target.version_text,
                "files": result.files,
                "warnings": [_issue_json(i) for i in result.warnings],
            }
        )
        return
    for issue in result.warnings:
        click.echo(format_issue(issue))
    click.echo(
        f"exported crew '{crew}' ({result.format}, {target.label}) to {result.out_dir}: "
        f"{len(result.files)} files"
    )
