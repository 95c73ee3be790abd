"""``crewtui flows ...``: flows over the crews crewtui keeps; check, draw, export, import."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..services.kinds import FLOW, Key
from .common import db_option
from .entity import Entity, Show, entity_group
from .records import open_services, record_json

if TYPE_CHECKING:
    from ..domain.flow import Flow
    from ..services import Services


def _graph_more(s: Services, _key: Key, flow: Flow) -> list[str]:
    from ..domain.flow_view import graph_lines

    problems = s.check_flow(flow.flow_key)
    return ["[Graph]", *(f"  {line.text}" for line in graph_lines(flow.definition, problems))]


def _flow_json(s: Services, flow: Flow) -> dict[str, Any]:
    data = record_json(flow)
    data["problems"] = [
        {"code": p.code, "severity": p.severity, "method": p.method, "message": p.message}
        for p in s.check_flow(flow.flow_key)
    ]
    return data


flows = entity_group(
    Entity(
        FLOW,
        "Flows: methods over a shared state that run kept crews, agents, tools and "
        "expressions, started, chained and routed like crewai flows.",
        headers=("key", "name", "methods", "status", "version"),
        row=lambda f: (
            f.flow_key,
            f.name,
            len(f.definition.methods),
            f.status,
            f.version,
        ),
        helps={
            "show": "Every field of a flow, then its graph with its problems marked.",
            "set": "Change fields; flow_definition takes the whole definition as JSON.",
        },
        show=Show(
            json_help="Every column plus the problems the check finds.",
            more=_graph_more,
            as_json=_flow_json,
        ),
    )
)


@flows.command("check")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@db_option
def flows_check(key: str, as_json: bool, db_url: str | None) -> None:
    """The problems crewai would raise loading or running flow KEY (exit 2 on an error)."""
    with open_services(db_url) as s:
        problems = s.check_flow(key)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "code": p.code,
                        "severity": p.severity,
                        "method": p.method,
                        "message": p.message,
                    }
                    for p in problems
                ],
                indent=2,
            )
        )
    else:
        for p in problems:
            click.echo(str(p))
        if not problems:
            click.echo(f"flow '{key}': no problems")
        if not any(p.severity == "error" for p in problems):
            from ..services.flows_interop import python_blockers

            with open_services(db_url) as s:
                for why in python_blockers(s, key):
                    click.echo(f"note [python] {why}")
    if any(p.severity == "error" for p in problems):
        raise SystemExit(2)


@flows.command("graph")
@click.argument("key")
@db_option
def flows_graph(key: str, db_url: str | None) -> None:
    """Draw flow KEY: methods by depth, their triggers, actions, edges and problems."""
    from ..domain.flow_view import graph_text

    with open_services(db_url) as s:
        flow = s.get_flow(key)
        click.echo(graph_text(flow.definition, s.check_flow(key)))


@flows.command("export")
@click.argument("key")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT when it is not empty.")
@click.option(
    "--python",
    "python",
    is_flag=True,
    help="Write a Python Flow class for crewai 1.3 instead (refused, saying why, when the "
    "flow cannot be one).",
)
@db_option
def flows_export(key: str, out: str, force: bool, python: bool, db_url: str | None) -> None:
    """Write flow KEY as a crewai project in OUT: flow.yaml (crewai.flow/v1), the crews it
    runs as JSON declarations, and a pyproject.toml `crewai run` reads (crewai 1.15+).
    Refused, nothing written, while the flow or one of its crews has errors."""
    from ..services.flows_interop import export_flow

    with open_services(db_url) as s:
        result = export_flow(s, key, out, force=force, python=python)
    for p in result.warnings:
        click.echo(str(p), err=True)
    click.echo(f"exported flow '{key}' to {result.out_dir} ({len(result.files)} files)")


@flows.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--key", "flow_key", default=None, help="Keep the flow under KEY (default: from its name)."
)
@click.option("--dry-run", is_flag=True, help="Read and check; write nothing.")
@db_option
def flows_import(path: str, flow_key: str | None, dry_run: bool, db_url: str | None) -> None:
    """Import a flow from a crewai.flow/v1 file (YAML or JSON) or a Python module with a Flow
    class (read, never run), with the crews it runs; one transaction."""
    from ..services.flows_interop import import_flow

    with open_services(db_url) as s:
        report = import_flow(s, path, flow_key=flow_key, dry_run=dry_run)
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)
    verb = "would import" if dry_run else "imported"
    crews = ", ".join(f"{n} ({a})" for n, a in report.crews.items()) or "none"
    click.echo(
        f"{verb} flow '{report.flow}' ({'new' if report.created else 'replaced'}); crews: {crews}"
    )
    for p in report.problems:
        click.echo(str(p))


@flows.command("executions")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the executions as JSON.")
@click.option("--limit", type=int, default=20, show_default=True, help="At most N, newest first.")
@db_option
def flows_executions(key: str, as_json: bool, limit: int, db_url: str | None) -> None:
    """The stored executions of flow KEY, newest first: status, timing, each method's status."""
    from ..services.flows_runs import list_executions
    from .records import table

    with open_services(db_url) as s:
        found = list_executions(s, key, limit)
    if as_json:
        click.echo(json.dumps([e.as_json() for e in found], indent=2, default=str))
        return
    click.echo(
        table(
            ("id", "status", "started", "ms", "methods"),
            [
                (
                    str(e.id)[:8],
                    e.status,
                    e.started_at.isoformat(timespec="seconds") if e.started_at else "-",
                    e.duration_ms,
                    ", ".join(f"{m}:{v.get('status')}" for m, v in e.methods.items()),
                )
                for e in found
            ],
        )
    )


_FLOW_LIVE = {
    "method_execution_started": "method",
    "method_execution_finished": "done",
    "method_execution_failed": "FAILED",
    "crew_kickoff_started": "crew",
}


def _flow_live(event: dict[str, Any]) -> None:
    from .common import say
    from .run import _live

    label = _FLOW_LIVE.get(event["kind"])
    if label is None:
        _live(event)
        return
    payload = event.get("payload") or {}
    what = payload.get("method_name") or payload.get("crew_name") or ""
    say(f"  {label:<10} {what}".rstrip(), err=True)


@flows.command("run")
@click.argument("key")
@click.option(
    "--input",
    "inputs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A state field's starting value (JSON for a number, boolean, list or object field).",
)
@click.option("--python", default=None, metavar="PATH", help="The Python that has crewai.")
@click.option("--json", "as_json", is_flag=True, help="Print the execution and run as JSON.")
@db_option
def flows_run(
    key: str, inputs: tuple[str, ...], python: str | None, as_json: bool, db_url: str | None
) -> None:
    """Run flow KEY in the crewai runtime (1.15 or newer) and keep its execution: the state
    before and after, each method's status, the crew runs it started and every event."""
    from .common import echo_json, handle_errors, say
    from .run import _inputs

    given = _inputs(inputs)
    with open_services(db_url) as s, handle_errors():
        values = s.flow_inputs(key, given)
        handle = s.start_flow_run(
            key, values, python=python, on_event=None if as_json else _flow_live
        )
        if not as_json:
            say(f"run {str(handle.execution_id)[:8]} of flow '{key}' started", err=True)
        try:
            result = handle.wait()
        except KeyboardInterrupt:
            say("cancelling...", err=True)
            handle.cancel()
            result = handle.wait()
    ex = result.execution
    if as_json:
        echo_json(result.as_json())
    else:
        secs = f"{ex.duration_ms / 1000:.1f}s" if ex.duration_ms is not None else "-"
        say(f"flow '{key}' {ex.status} in {secs} (run {result.run.short_id})")
        for method, entry in ex.methods.items():
            runs = ", ".join(r[:8] for r in entry.get("runs", []))
            say(f"  {method:<20} {entry.get('status')}" + (f"  crew run {runs}" if runs else ""))
        if ex.output_state is not None:
            say(json.dumps(ex.output_state, indent=2, default=str))
        if ex.error_message:
            say(ex.error_message, err=True)
    if ex.status != "completed":
        raise SystemExit(1)
