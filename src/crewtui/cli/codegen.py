"""``crewtui generate``, ``crewtui deployments ...`` and ``crewtui scan``."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..domain.deployment import Deployment
from ..settings import Settings, current_user
from .common import db_option, echo_json, handle_errors, read_command, resolve_db

ENV_TEMPLATE_DIR = "CREWTUI_TEMPLATE_DIR"

as_option = click.option(
    "--as",
    "user",
    metavar="USER",
    default=None,
    help="Act as USER (default: CREWTUI_USER, else the OS user).",
)


@contextmanager
def open_deployments(db_url: str | None) -> Iterator[Any]:
    from ..services.deployments import Deployments
    from ..services.store import Store

    ctx = click.get_current_context()
    with handle_errors():
        url = resolve_db(ctx, db_url)
        settings = Settings.from_env(url)
        store = Store.open(url)
        try:
            yield Deployments(
                store,
                reviewers=settings.reviewers,
                deploy_dir=settings.deploy_dir,
                known_users=(settings.user, current_user()),
            )
        finally:
            store.dispose()


def _json(d: Deployment, svc: Any, *, code: bool = True) -> dict[str, Any]:
    data = d.model_dump(mode="json")
    if not code:
        data.pop("generated_code")
    # the table keeps user ids; show the names crewtui knows next to them
    data["generated_by_name"] = svc.user_name(d.generated_by)
    data["reviewer_name"] = svc.user_name(d.reviewer_id)
    data["deployed_by_name"] = svc.user_name(d.deployed_by)
    return data


def _line(d: Deployment) -> str:
    active = "*" if d.is_active else " "
    when = d.generation_timestamp.strftime("%Y-%m-%d %H:%M") if d.generation_timestamp else "-"
    return f"{active} {str(d.id)[:8]}  {d.agent_key:<30} {d.deployment_status:<15} {d.review_status:<9} {d.template_version or '-':<8} {when}"


@click.command()
@click.argument("agent_key")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the code to FILE.",
)
@click.option(
    "--template",
    "template_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help=f"A template directory with agent.py.j2 (else {ENV_TEMPLATE_DIR}, else the built-in one).",
)
@as_option
@db_option
def generate(
    agent_key: str,
    out: Path | None,
    template_dir: Path | None,
    user: str | None,
    db_url: str | None,
) -> None:
    """Generate the agent's Python module and store it for review; prints the deployment id."""
    from ..interop.codegen import user_template

    with open_deployments(db_url) as svc:
        directory = template_dir or (
            Path(os.environ[ENV_TEMPLATE_DIR]) if os.environ.get(ENV_TEMPLATE_DIR) else None
        )
        template = user_template(directory) if directory else None
        dep = svc.generate(agent_key, user or current_user(), template=template)
        click.echo(str(dep.id))
        if out is not None and dep.generated_code:
            out.write_text(dep.generated_code, encoding="utf-8")
        if dep.deployment_status == "failed":
            click.echo("error: the generated code failed validation (stored as failed):", err=True)
            for e in dep.ast_validation_errors or []:
                click.echo(f"  syntax: line {e.get('line')}: {e.get('message')}", err=True)
            for i in dep.security_issues or []:
                click.echo(
                    f"  security: line {i.get('line', '-')}: {i.get('message')} [{i.get('rule')}]",
                    err=True,
                )
            sys.exit(1)


@click.group()
def deployments() -> None:
    """Generated code: list, show, approve, reject, deploy, roll back."""


def _list_text(_svc: Any, rows: list[Deployment]) -> None:
    if rows:
        click.echo(
            f"  {'ID':<8}  {'AGENT':<30} {'STATUS':<15} {'REVIEW':<9} {'TEMPLATE':<8} GENERATED"
        )
    for d in rows:
        click.echo(_line(d))


list_ = read_command(
    deployments,
    "list",
    argument="AGENT_KEY",
    optional=True,
    help="Deployments, of one agent or of all (* marks the active one).",
    json_help="Print JSON.",
    open_=open_deployments,
    fetch=lambda svc, agent_key: svc.list(agent_key),
    to_json=lambda svc, rows: [_json(d, svc, code=False) for d in rows],
    to_text=_list_text,
)


def _show_text(svc: Any, d: Deployment) -> None:
    click.echo(
        f"id:         {d.id}\nagent:      {d.agent_key}\nstatus:     {d.deployment_status} (review {d.review_status})"
    )
    click.echo(
        f"template:   {d.template_version}\ngenerated:  {d.generation_timestamp} by {svc.user_name(d.generated_by)}"
    )
    click.echo(
        f"validation: ast {'ok' if d.ast_validation_passed else 'FAILED'}, security {'ok' if d.security_scan_passed else 'FAILED'}"
    )
    for i in [*(d.ast_validation_errors or []), *(d.security_issues or [])]:
        click.echo(f"  - line {i.get('line', '-')}: {i.get('message')}")
    if d.reviewer_id:
        click.echo(
            f"reviewed:   {d.reviewed_at} by {svc.user_name(d.reviewer_id)}"
            + (f": {d.review_comments}" if d.review_comments else "")
        )
    if d.deployment_path:
        click.echo(
            f"deployed:   {d.deployment_timestamp} by {svc.user_name(d.deployed_by)} to {d.deployment_path}"
        )
        click.echo(f"git:        {d.git_commit_hash or '-'} on {d.git_branch or '-'}")
    click.echo(
        f"active:     {'yes' if d.is_active else 'no'}"
        + (f" (replaced by {d.replaced_by})" if d.replaced_by else "")
    )
    click.echo("")
    click.echo(d.generated_code, nl=False)


show = read_command(
    deployments,
    "show",
    argument="DEPLOYMENT_ID",
    help="One deployment: status, validation, review, git, and the code.",
    json_help="Print JSON (with the code).",
    open_=open_deployments,
    fetch=lambda svc, deployment_id: svc.get(deployment_id),
    to_json=lambda svc, d: _json(d, svc),
    to_text=_show_text,
)


@deployments.command()
@click.argument("old_id")
@click.argument("new_id")
@db_option
def diff(old_id: str, new_id: str, db_url: str | None) -> None:
    """Unified diff between the code of two deployments."""
    with open_deployments(db_url) as svc:
        a, b = svc.get(old_id), svc.get(new_id)
        lines = difflib.unified_diff(
            a.generated_code.splitlines(keepends=True),
            b.generated_code.splitlines(keepends=True),
            fromfile=f"{a.agent_key}@{str(a.id)[:8]}",
            tofile=f"{b.agent_key}@{str(b.id)[:8]}",
        )
        click.echo("".join(lines), nl=False)


def _review_command(action: str, help: str, comment_help: str) -> click.Command:
    """``approve`` or ``reject``: the service method of that name, by USER, with a comment."""

    @deployments.command(action, help=help)
    @click.argument("deployment_id")
    @click.option("--comment", default=None, help=comment_help)
    @as_option
    @db_option
    def review(
        deployment_id: str, comment: str | None, user: str | None, db_url: str | None
    ) -> None:
        with open_deployments(db_url) as svc:
            d = getattr(svc, action)(deployment_id, user or current_user(), comment=comment)
            click.echo(f"{d.id} {d.deployment_status} (review {d.review_status})")

    return review


approve = _review_command(
    "approve",
    "Approve code for deployment (not your own; a reviewer when CREWTUI_REVIEWERS is set).",
    "Review comment.",
)
reject = _review_command(
    "reject", "Reject code: it can no longer be approved or deployed.", "Why it is rejected."
)


@deployments.command()
@click.argument("deployment_id")
@click.option(
    "--deploy-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory to write the module to (else CREWTUI_DEPLOY_DIR).",
)
@as_option
@db_option
def deploy(
    deployment_id: str, deploy_dir: Path | None, user: str | None, db_url: str | None
) -> None:
    """Write approved code, make it the agent's active deployment, commit it in git."""
    with open_deployments(db_url) as svc:
        d = svc.deploy(deployment_id, user or current_user(), deploy_dir=deploy_dir)
        git = f" (commit {d.git_commit_hash[:12]} on {d.git_branch})" if d.git_commit_hash else ""
        click.echo(f"{d.id} deployed to {d.deployment_path}{git}")


@deployments.command()
@click.argument("agent_key")
@as_option
@db_option
def rollback(agent_key: str, user: str | None, db_url: str | None) -> None:
    """Retire the agent's active deployment and re-activate the previous one."""
    with open_deployments(db_url) as svc:
        d = svc.rollback(agent_key, user or current_user())
        click.echo(f"{agent_key}: {d.id} is active again ({d.deployment_path})")


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
        f"{head}{report.files} files; {len(report.registered)} registered, {len(report.updated)} updated, "
        f"{len(report.skipped)} skipped, {len(report.problems)} problems"
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
