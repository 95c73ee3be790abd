"""``crewtui generate`` and ``crewtui deployments ...``."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..domain.deployment import Deployment
from ..settings import Settings, current_user
from .common import db_option, handle_errors, read_command, resolve_db, say
from .progress import terminal_progress

if TYPE_CHECKING:
    from ..services.deployments import Deployments

ENV_TEMPLATE_DIR = "CREWTUI_TEMPLATE_DIR"

as_option = click.option(
    "--as",
    "user",
    metavar="USER",
    default=None,
    help="Act as USER (default: CREWTUI_USER, else the OS user).",
)


@contextmanager
def open_deployments(db_url: str | None) -> Iterator[Deployments]:
    from ..services.deployments import Deployments
    from ..services.store import Store

    ctx = click.get_current_context()
    with handle_errors():
        url = resolve_db(ctx, db_url)
        store = Store.open(url)
        try:
            yield Deployments.for_settings(store, Settings.from_env(url))
        finally:
            store.dispose()


def _json(d: Deployment, svc: Deployments, *, code: bool = True) -> dict[str, Any]:
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
    return (
        f"{active} {str(d.id)[:8]}  {d.agent_key:<30} {d.deployment_status:<15} "
        f"{d.review_status:<9} {d.template_version or '-':<8} {when}"
    )


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
@click.option(
    "--crewai",
    "crewai_release",
    metavar="RELEASE",
    default=None,
    help="crewai release the module is for: 1.3 or latest (default: the run-time "
    "environment's crewai, else the newest release crewtui knows).",
)
@as_option
@db_option
def generate(
    agent_key: str,
    out: Path | None,
    template_dir: Path | None,
    crewai_release: str | None,
    user: str | None,
    db_url: str | None,
) -> None:
    """Generate the agent's Python module and store it for review; prints the deployment id."""
    from ..interop.codegen import user_template
    from ..interop.releases import resolve_target
    from ..interop.safefiles import write_file

    target = resolve_target(crewai_release)

    with open_deployments(db_url) as svc:
        directory = template_dir or (
            Path(os.environ[ENV_TEMPLATE_DIR]) if os.environ.get(ENV_TEMPLATE_DIR) else None
        )
        template = user_template(directory) if directory else None
        with terminal_progress() as progress:
            dep = svc.generate(
                agent_key,
                user or current_user(),
                template=template,
                progress=progress,
                target=target,
            )
        say(str(dep.id))
        if out is not None and dep.generated_code:
            write_file(out.parent, out.name, dep.generated_code)
        if dep.deployment_status == "failed":
            say("error: the generated code failed validation (stored as failed):", err=True)
            for e in dep.ast_validation_errors or []:
                say(f"  syntax: line {e.get('line')}: {e.get('message')}", err=True)
            for i in dep.security_issues or []:
                say(
                    f"  security: line {i.get('line', '-')}: {i.get('message')} [{i.get('rule')}]",
                    err=True,
                )
            sys.exit(1)


@click.group()
def deployments() -> None:
    """Generated code: list, show, approve, reject, deploy, roll back."""


def _list_text(_svc: Deployments, rows: list[Deployment]) -> None:
    if rows:
        say(f"  {'ID':<8}  {'AGENT':<30} {'STATUS':<15} {'REVIEW':<9} {'TEMPLATE':<8} GENERATED")
    for d in rows:
        say(_line(d))


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


def _show_text(svc: Deployments, d: Deployment) -> None:
    say(
        f"id:         {d.id}\nagent:      {d.agent_key}\n"
        f"status:     {d.deployment_status} (review {d.review_status})"
    )
    say(
        f"template:   {d.template_version}\n"
        f"generated:  {d.generation_timestamp} by {svc.user_name(d.generated_by)}"
    )
    say(
        f"validation: ast {'ok' if d.ast_validation_passed else 'FAILED'}, security "
        f"{'ok' if d.security_scan_passed else 'FAILED'}"
    )
    for i in [*(d.ast_validation_errors or []), *(d.security_issues or [])]:
        say(f"  - line {i.get('line', '-')}: {i.get('message')}")
    if d.reviewer_id:
        say(
            f"reviewed:   {d.reviewed_at} by {svc.user_name(d.reviewer_id)}"
            + (f": {d.review_comments}" if d.review_comments else "")
        )
    if d.deployment_path:
        say(
            f"deployed:   {d.deployment_timestamp} by {svc.user_name(d.deployed_by)} to "
            f"{d.deployment_path}"
        )
        say(f"git:        {d.git_commit_hash or '-'} on {d.git_branch or '-'}")
    say(
        f"active:     {'yes' if d.is_active else 'no'}"
        + (f" (replaced by {d.replaced_by})" if d.replaced_by else "")
    )
    say("")
    say(d.generated_code, nl=False)


show = read_command(
    deployments,
    "show",
    argument="DEPLOYMENT_ID",
    help="One deployment: status, validation, review, git, and the code.",
    json_help="Print JSON (with the code).",
    open_=open_deployments,
    fetch=lambda svc, deployment_id: svc.get(deployment_id or ""),
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
        say("".join(lines), nl=False)


def _advisory_note(svc: Deployments) -> None:
    if not svc.review_enforced():
        from ..services.deployments import ADVISORY_REVIEW

        say(f"note: {ADVISORY_REVIEW}", err=True)


Review = Callable[["Deployments", str, str, str | None], Deployment]


def _review_command(action: str, review_: Review, help: str, comment_help: str) -> click.Command:
    """``approve`` or ``reject``: ``review_(deployments, id, user, comment)``."""

    @deployments.command(action, help=help)
    @click.argument("deployment_id")
    @click.option("--comment", default=None, help=comment_help)
    @as_option
    @db_option
    def review(
        deployment_id: str, comment: str | None, user: str | None, db_url: str | None
    ) -> None:
        with open_deployments(db_url) as svc:
            d = review_(svc, deployment_id, user or current_user(), comment)
            say(f"{d.id} {d.deployment_status} (review {d.review_status})")
            _advisory_note(svc)

    return review


approve = _review_command(
    "approve",
    lambda svc, ref, user, comment: svc.approve(ref, user, comment=comment),
    "Approve code for deployment (not your own; a reviewer when CREWTUI_REVIEWERS is set).",
    "Review comment.",
)
reject = _review_command(
    "reject",
    lambda svc, ref, user, comment: svc.reject(ref, user, comment=comment),
    "Reject code: it can no longer be approved or deployed.",
    "Why it is rejected.",
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
        with terminal_progress() as progress:
            d = svc.deploy(
                deployment_id, user or current_user(), deploy_dir=deploy_dir, progress=progress
            )
        git = f" (commit {d.git_commit_hash[:12]} on {d.git_branch})" if d.git_commit_hash else ""
        say(f"{d.id} deployed to {d.deployment_path}{git}")
        _advisory_note(svc)


@deployments.command()
@click.argument("agent_key")
@click.option(
    "--deploy-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The deployment directory (else CREWTUI_DEPLOY_DIR); nothing is written outside it.",
)
@as_option
@db_option
def rollback(agent_key: str, deploy_dir: Path | None, user: str | None, db_url: str | None) -> None:
    """Retire the agent's active deployment and re-activate the previous one."""
    with open_deployments(db_url) as svc:
        d = svc.rollback(agent_key, user or current_user(), deploy_dir=deploy_dir)
        say(f"{agent_key}: {d.id} is active again ({d.deployment_path})")
