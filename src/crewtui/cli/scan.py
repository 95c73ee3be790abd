"""``crewtui scan``: register the CrewAI agents found in Python files."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import current_user
from .codegen import as_option
from .common import db_option, echo_json, handle_errors, resolve_db


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would be registered; write nothing.")
@click.option(
    "--update", is_flag=True, help="Overwrite agents that already exist with what the source says."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@as_option
@db_option
def scan(
    path: Path, dry_run: bool, update: bool, as_json: bool, user: str | None, db_url: str | None
) -> None:
    """Find CrewAI agents in Python files (read, never run) and register them."""
    from ..services.scan import scan_and_register
    from ..services.store import Store

    ctx = click.get_current_context()
    with handle_errors():
        store = Store.open(resolve_db(ctx, db_url))
        try:
            report = scan_and_register(
                store, path, user=user or current_user(), update=update, dry_run=dry_run
            )
        finally:
            store.dispose()
    if as_json:
        echo_json(report.as_json())
        return
    head = "dry run: nothing written. " if dry_run else ""
    click.echo(
        f"{head}{report.files} files; {len(report.registered)} registered, {len(report.updated)} "
        f"updated, {len(report.skipped)} skipped, {len(report.problems)} problems"
    )
    for key in report.registered:
        click.echo(f"  registered  {key}")
    for key in report.updated:
        click.echo(f"  updated     {key}")
    for key, why in report.skipped:
        click.echo(f"  skipped     {key}: {why}")
    for key, fields in report.unresolved.items():
        for f, why in fields.items():
            click.echo(f"  unresolved  {key}.{f}: {why}")
    for p in report.problems:
        click.echo(f"  problem     {p}")
