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
    "--crew",
    "crews",
    metavar="NAME",
    multiple=True,
    help="The crew to import, of a project that holds several (repeatable).",
)
@click.option("--all", "all_crews", is_flag=True, help="Import every crew the project holds.")
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
    crews: tuple[str, ...],
    all_crews: bool,
    crew_name: str | None,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Import the crewai project at PATH (project root, package folder, crew file or
    crew.jsonc).

    A project may hold several crews (the crews of a flow, several @CrewBase classes, a script
    building several Crew objects): choose with --crew NAME (repeatable) or --all; on a
    terminal you are asked. Python files are read, never run. Everything is written in one
    transaction: on any error nothing is written.
    """
    if crews and all_crews:
        raise click.UsageError("give --crew NAME or --all, not both")
    with handle_errors():
        from ..services.importer import import_crews, import_project, project_crews
        from ..services.store import Store

        chosen: list[str] | None = list(crews) if crews else None
        several = all_crews or len(crews) > 1
        if not crews and not all_crews:
            sources = project_crews(path)
            if len(sources) > 1:
                chosen = _choose_crews(path, sources, interactive=not as_json)
                several = chosen is None or len(chosen) > 1
        if several and crew_name is not None:
            raise click.UsageError("--crew-name names one crew: choose one crew with --crew")
        store = Store.open(resolve_db(ctx, db_url))
        try:
            with terminal_progress() as progress:
                if several:
                    reports = import_crews(
                        store, path, dry_run=dry_run, crews=chosen, progress=progress
                    )
                else:
                    one = chosen[0] if chosen else None
                    reports = [
                        import_project(
                            store,
                            path,
                            dry_run=dry_run,
                            crew_name=crew_name,
                            crew=one,
                            progress=progress,
                        )
                    ]
        finally:
            store.dispose()
    if as_json:
        if len(reports) == 1 and not several:
            echo_json(_report_json(reports[0], dry_run))
        else:
            echo_json({"crews": [_report_json(r, dry_run) for r in reports]})
        return
    lines: list[str] = []
    for report in reports:
        lines += _report_lines(report, path, dry_run)
    click.echo("\n".join(lines))


def _choose_crews(path: Path, sources: list[Any], *, interactive: bool) -> list[str] | None:
    """Ask which crews to import (a terminal), else stop with the list of crews."""
    import sys

    listing = [f"  {i}. {s.describe()}" for i, s in enumerate(sources, start=1)]
    if not (interactive and sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(f"error: {path} holds {len(sources)} crews:", err=True)
        for line in listing:
            click.echo(line, err=True)
        click.echo("choose with --crew NAME (repeatable) or --all", err=True)
        sys.exit(2)
    click.echo(f"{path} holds {len(sources)} crews:")
    for line in listing:
        click.echo(line)
    while True:
        answer = click.prompt("Import which (numbers or names, comma separated, or 'all')")
        if answer.strip().lower() == "all":
            return None
        picked: list[str] = []
        for part in (p.strip() for p in answer.split(",") if p.strip()):
            if part.isdigit() and 1 <= int(part) <= len(sources):
                picked.append(sources[int(part) - 1].name)
            elif any(s.matches(part) for s in sources):
                picked.append(part)
            else:
                picked = []
                click.echo(f"no crew '{part}'")
                break
        if picked:
            return picked


def _report_json(report: Any, dry_run: bool) -> dict[str, Any]:
    plan = report.plan
    return {
        "crew": plan.crew_name,
        "dry_run": dry_run,
        "written": report.written,
        "changes": [
            {
                "kind": c.kind,
                "key": c.key,
                "action": c.action,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
            }
            for c in plan.changes
        ],
        "run_inputs": plan.inputs,
        "warnings": [str(w) for w in report.warnings],
    }


def _report_lines(report: Any, path: Path, dry_run: bool) -> list[str]:
    plan = report.plan
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
        lines.append(
            "run inputs from the project: "
            + ", ".join(f"{k}={show_value(v) if v else '(empty)'}" for k, v in plan.inputs.items())
        )
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
    return lines


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
