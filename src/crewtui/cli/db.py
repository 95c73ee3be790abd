"""``crewtui db upgrade|rollback|current|verify``: the schema and its history."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

import click
from sqlalchemy.exc import InterfaceError, OperationalError

from ..db import migrate
from ..db.migrations.legacy import parse_process_map
from ..domain.errors import DatabaseUnavailable
from .common import db_option, echo_json, fail, handle_errors, resolve_db


@contextmanager
def db_errors() -> Iterator[None]:
    """Typed errors as messages; a database that cannot be reached or used is one too."""
    with handle_errors():
        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            text = str(getattr(exc, "orig", None) or exc).strip()
            first = text.splitlines()[0] if text else type(exc).__name__
            # every command runs in one transaction, so a failure leaves nothing behind
            raise DatabaseUnavailable(
                f"The database could not be used: {first}. Nothing was changed."
            ) from exc


@click.group()
def db() -> None:
    """Create, upgrade, roll back and check the database schema."""


@db.command()
@db_option
@click.option(
    "--map-process",
    "map_process",
    multiple=True,
    metavar="OLD=NEW",
    help="Map a legacy crew_type crewai does not know (e.g. parallel=sequential); recorded, "
    "and undone by a rollback. Repeatable.",
)
@click.option(
    "--with-rls",
    is_flag=True,
    help="PostgreSQL: also apply the row-level security policies (done anyway when the "
    "crewtui roles exist).",
)
@click.option(
    "--with-ownership",
    is_flag=True,
    help="PostgreSQL, with --with-rls: agents, crews and tasks get an owner (the role that "
    "creates them); only owners and maintainers change them. Stays on once on.",
)
@click.option(
    "--user",
    "users",
    multiple=True,
    metavar="ROLE",
    help="PostgreSQL, with --with-rls: a person's login role, created when missing and made a "
    "crewtui user. Repeatable.",
)
@click.option(
    "--maintainer",
    "maintainers",
    multiple=True,
    metavar="ROLE",
    help="Like --user, and a maintainer (changes anyone's records; implies --with-ownership). "
    "Repeatable.",
)
@click.option(
    "--reviewer",
    "reviewers",
    multiple=True,
    metavar="ROLE",
    help="Like --user, and a reviewer: once there are reviewers, only they approve code. "
    "Repeatable.",
)
@click.pass_context
def upgrade(
    ctx: click.Context,
    db_url: str | None,
    map_process: tuple[str, ...],
    with_rls: bool,
    with_ownership: bool,
    users: tuple[str, ...],
    maintainers: tuple[str, ...],
    reviewers: tuple[str, ...],
) -> None:
    """Create the schema, or upgrade it (a legacy database is recognised) to the current one.

    On PostgreSQL, one command sets up two-person review and owners for a team:
    ``crewtui db upgrade --with-rls --user alice --user bob --maintainer carol``.
    """
    url = resolve_db(ctx, db_url)
    extras = with_ownership or users or maintainers or reviewers
    if (with_rls or extras) and not url.startswith("postgresql"):
        fail("--with-rls: row-level security exists only on PostgreSQL; nothing was changed", 2)
    if extras and not with_rls:
        fail("--with-ownership, --user, --maintainer and --reviewer go with --with-rls", 2)
    try:
        mapping = parse_process_map(map_process)
    except ValueError as exc:
        fail(f"--map-process {exc}", 2)
    with db_errors():
        report = migrate.upgrade(url, process_map=mapping)
    click.echo(f"Database: {report.database}")
    _report_upgrade(report)
    _row_level_security(
        url, with_rls, with_ownership or bool(maintainers), users, maintainers, reviewers
    )


def _report_upgrade(report: migrate.UpgradeReport) -> None:
    if not report.changed:
        click.echo(f"Already at the current schema ({report.revision_after}); nothing to do.")
        return
    found = {
        "empty": "an empty database",
        "legacy": "the legacy schema without migration history",
        "outdated": f"schema revision {report.revision_before}",
    }.get(report.state_before, report.state_before)
    click.echo(f"Found {found}; upgraded to {report.revision_after}.")
    if report.normalised:
        click.echo(
            f"Normalised {len(report.normalised)} legacy value(s); originals kept for rollback:"
        )
        for n in report.normalised:
            click.echo(
                f"  crew '{n.row_name}' (id {n.row_id}): {n.column} {n.original!r} -> {n.new!r} "
                f"({n.reason})"
            )
    if report.counts_before:
        click.echo("Rows (before -> after):")
        width = max(len(t) for t in report.counts_after)
        for table, after in report.counts_after.items():
            before = report.counts_before.get(table)
            shown = "new table" if before is None else f"{before} -> {after}"
            click.echo(f"  {table.ljust(width)}  {shown}")


def _row_level_security(
    url: str,
    forced: bool,
    ownership: bool = False,
    users: tuple[str, ...] = (),
    maintainers: tuple[str, ...] = (),
    reviewers: tuple[str, ...] = (),
) -> None:
    if not url.startswith("postgresql"):
        return
    from ..db import rls
    from ..db.engine import make_engine
    from ..db.rls_owners import add_people

    engine = make_engine(url)
    try:
        with db_errors(), engine.begin() as conn:
            if not forced and not rls.roles_exist(conn):
                return
            report = rls.apply_rls(conn, ownership=ownership)
            roles = rls.RlsRoles()
            people = add_people(
                conn,
                authenticated=roles.authenticated,
                maintainers_role=roles.maintainers,
                users=users,
                maintainers=maintainers,
                reviewers_role=roles.reviewers,
                reviewers=reviewers,
            )
            if users or maintainers or reviewers:
                report.registered_roles = rls.register_roles(conn, roles)
            summary = report.summary()
    finally:
        engine.dispose()
    click.echo(f"Applied {summary}.")
    if people:
        click.echo(
            f"Roles created: {', '.join(people)} (no password: set one with ALTER ROLE "
            "... PASSWORD, or let pg_hba.conf decide how they log in)."
        )


@db.command()
@db_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def rollback(ctx: click.Context, db_url: str | None, yes: bool) -> None:
    """Go back to the legacy schema (the design's rollback plan)."""
    url = resolve_db(ctx, db_url)
    with db_errors():
        preview = migrate.rollback_preview(url)
    click.echo(f"Database: {preview.database}")
    if preview.state == "legacy":
        click.echo("Already at the legacy schema; nothing to do.")
        return
    if preview.state not in ("current", "outdated"):
        fail(f"cannot roll back a database in state '{preview.state}'", 8)
    if preview.blockers:
        click.echo("Rollback not possible yet; these rows do not fit the legacy schema:", err=True)
        for b in preview.blockers:
            click.echo(f"  - {b}", err=True)
        click.echo(
            "Change or clear their task_type, then roll back again. Nothing was changed.", err=True
        )
        sys.exit(2)
    counts = preview.counts
    click.echo(
        "Rolling back drops every column and table the upgrade added: "
        f"{counts.get('agent_memory_configs', 0)} memory config(s), "
        f"{counts.get('agent_code_deployments', 0)} code deployment(s), task names and order, "
        "and all agent, crew and task settings beyond the legacy ones."
    )
    if preview.restorable:
        click.echo(f"{preview.restorable} recorded legacy value(s) will be put back.")
    if not yes and not click.confirm("Roll back?", default=False):
        click.echo("Nothing was changed.")
        sys.exit(1)
    with db_errors():
        migrate.rollback(url)
    click.echo("Rolled back to the legacy schema. `crewtui db upgrade` upgrades it again.")


@db.command()
@db_option
@click.pass_context
def current(ctx: click.Context, db_url: str | None) -> None:
    """Show the schema revision of the database."""
    url = resolve_db(ctx, db_url)
    with db_errors():
        info = migrate.describe_state(url)
    label = {
        "current": "the current schema",
        "outdated": f"behind; run `crewtui db upgrade` to reach {migrate.HEAD_REVISION}",
        "legacy": "legacy schema without migration history; `crewtui db upgrade` upgrades it",
        "empty": "no schema yet; `crewtui db upgrade` creates it",
        "ahead": "written by a newer crewtui",
        "unknown": f"unrecognised ({info.detail})",
    }[info.state]
    click.echo(f"{info.revision or '(none)'}  {label}")


@db.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_context
def verify(ctx: click.Context, db_url: str | None, as_json: bool) -> None:
    """Run the validation queries; exit 1 if any check fails."""
    url = resolve_db(ctx, db_url)
    with db_errors():
        checks = migrate.verify(url)
    if as_json:
        echo_json([asdict(c) for c in checks])
    else:
        for c in checks:
            click.echo(f"{'ok  ' if c.passed else 'FAIL'}  {c.name}: {c.detail}")
    if not all(c.passed for c in checks):
        sys.exit(1)
