"""``crewtui run CREW`` kicks a crew off in the crewai runtime and prints it live;
``crewtui runs list|show|diff|rerun`` read the run history; ``crewtui runtime`` sets up the
Python that runs crews."""

from __future__ import annotations

from typing import Any

import click

from .common import db_option, echo_json, handle_errors, read_command, say
from .records import open_services, table

_LIVE = {
    "task_started": "started",
    "task_completed": "done",
    "task_failed": "FAILED",
    "tool_usage_started": "tool",
    "tool_usage_error": "tool error",
    "runner_error": "error",
    "cancelled": "cancelled",
}


def _inputs(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--input")
        out[name.strip()] = value
    return out


def _live(event: dict[str, Any]) -> None:
    label = _LIVE.get(event["kind"])
    if label is None:
        return
    payload = event.get("payload") or {}
    what = event.get("task") or ""
    if event["kind"].startswith("tool"):
        what = f"{payload.get('tool_name', '')} ({event.get('agent') or ''})"
    elif event.get("agent"):
        what = f"{what} ({event['agent']})"
    if event["kind"] == "runner_error":
        what = str(payload.get("error", ""))
    say(f"  {label:<10} {what}".rstrip(), err=True)


def _finish(info: Any, as_json: bool) -> None:
    if as_json:
        echo_json(info.as_json())
    else:
        tokens = info.total_tokens if info.total_tokens is not None else "-"
        secs = f"{info.seconds:.1f}s" if info.seconds is not None else "-"
        say(f"run {info.short_id} {info.status} in {secs}, {tokens} tokens")
        if info.final_output:
            say(info.final_output)
        if info.error:
            say(info.error, err=True)
    if info.status != "succeeded":
        raise SystemExit(1)


def _follow(handle: Any, as_json: bool) -> None:
    try:
        info = handle.wait()
    except KeyboardInterrupt:
        say("cancelling...", err=True)
        handle.cancel()
        info = handle.wait()
    _finish(info, as_json)


@click.command("run")
@click.argument("crew", metavar="CREW")
@click.option("--input", "inputs", multiple=True, metavar="NAME=VALUE", help="A kickoff input.")
@click.option("--release", default=None, metavar="NAME", help="Run this release of the crew.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.option("--python", default=None, metavar="PATH", help="The Python that has crewai.")
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON at the end.")
@db_option
def run(
    crew: str,
    inputs: tuple[str, ...],
    release: str | None,
    fmt: str,
    python: str | None,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Kick CREW off (exported as `crewtui export` would) and keep the run."""
    values = _inputs(inputs)
    with open_services(db_url) as s, handle_errors():
        handle = s.start_run(
            crew,
            values,
            release=release,
            python=python,
            format=fmt,
            on_event=None if as_json else _live,
        )
        if not as_json:
            say(f"run {str(handle.run_id)[:8]} of crew '{crew}' started", err=True)
        _follow(handle, as_json)


@click.group("runs")
def runs() -> None:
    """The run history: list, show, diff, rerun."""


def _runs_table(_: Any, infos: list[Any]) -> None:
    rows = [
        (
            i.short_id,
            i.crew_name,
            i.release_name or "",
            i.status,
            i.started_by,
            i.started_at,
            f"{i.seconds:.1f}" if i.seconds is not None else "",
            i.total_tokens,
        )
        for i in infos
    ]
    say(table(("run", "crew", "release", "status", "by", "started", "secs", "tokens"), rows))


read_command(
    runs,
    "list",
    help="Every run (of CREW), newest first.",
    json_help="Print JSON.",
    open_=open_services,
    fetch=lambda s, crew: s.list_runs(crew),
    to_json=lambda _, infos: [i.as_json() for i in infos],
    to_text=_runs_table,
    argument="CREW",
    optional=True,
)


@runs.command("show")
@click.argument("run_id", metavar="RUN")
@click.option("--events", is_flag=True, help="Also list every event.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with the events).")
@db_option
def runs_show(run_id: str, events: bool, as_json: bool, db_url: str | None) -> None:
    """A run: inputs, status, outputs of every task, final output (and its events)."""
    with open_services(db_url) as s:
        d = s.show_run(run_id, events=events or as_json)
        i = d.info
        if as_json:
            echo_json({**i.as_json(), "events": [e.as_json() for e in d.events]})
            return
        release = f" (release {i.release_name})" if i.release_name else ""
        say(f"run {i.id} of crew '{i.crew_name}'{release}: {i.status}")
        say(f"  by {i.started_by} at {i.started_at}, crewai {i.crewai_version}")
        if i.edited_since:
            say("  the crew has been edited since this run")
        say("  inputs: " + ", ".join(f"{k}={v}" for k, v in i.inputs.items()))
        say(f"  tokens: {i.total_tokens} ({i.prompt_tokens} in, {i.completion_tokens} out)")
        for t in i.task_outputs:
            say(f"\n## {t.get('name')} ({t.get('agent')})\n{t.get('raw')}")
        if i.final_output:
            say(f"\n## final output\n{i.final_output}")
        if i.error:
            say(f"\nerror: {i.error}")
        for e in d.events:
            say(f"{e.seq:>5} {e.kind:<28} {e.task or '':<24} {e.agent or ''}")


@runs.command("diff")
@click.argument("left", metavar="RUN")
@click.argument("right", metavar="OTHER")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def runs_diff(left: str, right: str, as_json: bool, db_url: str | None) -> None:
    """Compare the inputs and every task's output of two runs."""
    import difflib

    with open_services(db_url) as s:
        d = s.diff_runs(left, right)
        if as_json:
            echo_json(d.as_json())
            return
        say(f"runs {d.left.short_id} -> {d.right.short_id}")
        for k, (a, b) in d.inputs_changed.items():
            say(f"  input {k}: {a!r} -> {b!r}")
        for t in d.tasks:
            if t.same:
                say(f"  {t.task}: same output")
                continue
            say(f"  {t.task}: output differs")
            lines = difflib.unified_diff(
                (t.left or "").splitlines(), (t.right or "").splitlines(), lineterm="", n=1
            )
            for line in list(lines)[2:]:
                say(f"    {line}")


@runs.command("rerun")
@click.argument("run_id", metavar="RUN")
@click.option("--python", default=None, metavar="PATH", help="The Python that has crewai.")
@click.option("--json", "as_json", is_flag=True, help="Print the new run as JSON at the end.")
@db_option
def runs_rerun(run_id: str, python: str | None, as_json: bool, db_url: str | None) -> None:
    """Run the same crew (or release) again with the same inputs."""
    with open_services(db_url) as s, handle_errors():
        handle = s.rerun(run_id, python=python, on_event=None if as_json else _live)
        _follow(handle, as_json)


@click.group("runtime")
def runtime() -> None:
    """The Python that runs crews (crewtui never imports crewai itself)."""


@runtime.command("show")
@click.option("--python", default=None, metavar="PATH")
def runtime_show(python: str | None) -> None:
    """Which Python runs crews and what it has."""
    from ..runtime.env import probe

    with handle_errors():
        r = _probe(probe, python)
        mods = ", ".join(r.modules) or "none"
        say(f"{r.python}: crewai {r.crewai_version}, Python {r.python_version}")
        say(f"provider modules: {mods}")


@runtime.command("use")
@click.argument("python", metavar="PATH")
def runtime_use(python: str) -> None:
    """Run crews with the Python at PATH (it must have crewai)."""
    from pathlib import Path

    from ..runtime.env import probe, save_python

    with handle_errors():
        r = _probe(probe, python)
        save_python(Path(python))
        say(f"crews run with {r.python} (crewai {r.crewai_version})")


@runtime.command("install")
@click.option("--crewai", "version", default=None, metavar="VERSION", help="Default: 1.3.0.")
def runtime_install(version: str | None) -> None:
    """Create the runtime virtualenv in the data directory and install crewai into it."""
    from ..runtime.env import DEFAULT_CREWAI, install

    with handle_errors():
        r = _probe(lambda _p: install(version or DEFAULT_CREWAI, say=click.echo), None)
        say(f"runtime ready: {r.python} (crewai {r.crewai_version})")


def _probe(fn: Any, python: str | None) -> Any:
    from ..domain.errors import CrewtuiError
    from ..runtime.env import RuntimeMissing

    try:
        return fn(python)
    except RuntimeMissing as exc:
        raise CrewtuiError(str(exc), title="No crewai runtime") from exc
