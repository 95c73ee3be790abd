"""Kicking exported projects off in the crewai virtualenvs against the stand-in model server,
and the table of what passed and how long it took.

Every model call goes to the stand-in (``OPENAI_BASE_URL``: chat completions, embeddings for
memory and knowledge); the stand-in is also every other HTTP(S) host's proxy, and refuses and
records what a project tries to reach beyond it (a webhook a callback posts to, an MCP
server). What does not go through a proxy finds no host: netguard/sitecustomize.py fails
every look-up of a name beyond 127.0.0.1 and writes the name down. crewai's telemetry,
tracing and version check are off, as far as crewai lets them be.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crewtui.domain.bundle import CrewBundle
from crewtui.interop import crewai_map as cm

from ..standin.server import StandIn
from .crewai_env import offline_env
from .test_latest_release import HERE, caused_by_export

STEPS = ("import", "export", "construct", "kickoff")


NETGUARD = HERE / "netguard"


def kickoff_env(tmp: Path, standin: StandIn) -> dict[str, str]:
    return {
        **offline_env(tmp),
        **standin.proxy_env(),
        "PYTHONPATH": str(NETGUARD),
        "CREWTUI_NETGUARD_LOG": str(tmp / "hosts-looked-up.log"),
        "OPENAI_BASE_URL": standin.url,
        "OPENAI_API_BASE": standin.url,
        "CREWAI_TRACING_ENABLED": "false",
        "CREWAI_DISABLE_VERSION_CHECK": "true",
    }


def sample_inputs(bundle: CrewBundle) -> dict[str, str]:
    """A value for every ``{placeholder}`` crewai fills at kickoff."""
    return {name: f"sample {name}" for name in cm.bundle_placeholders(bundle)}


@dataclass
class Outcome:
    """What one crewai process printed: ``built`` once constructed, ``report`` once kicked off."""

    built: dict[str, Any] | None
    report: dict[str, Any] | None
    seconds: float
    log: str


def _line(stdout: str, prefix: str) -> dict[str, Any] | None:
    line = next((ln for ln in stdout.splitlines() if ln.startswith(prefix + " ")), None)
    return json.loads(line[len(prefix) + 1 :]) if line else None


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[str, str, float]:
    started = time.monotonic()
    proc = subprocess.run(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.stdout, f"{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}", time.monotonic() - started


def kick_off_yaml(
    project: Path, tmp: Path, python: Path, inputs: dict[str, str], env: dict[str, str]
) -> Outcome:
    """Build the YAML project as ``crewai run`` does and kick it off (construct_project.py)."""
    stdout, log, seconds = _run(
        [
            str(python),
            str(HERE / "construct_project.py"),
            str(project),
            "--kickoff",
            json.dumps(inputs),
        ],
        project,  # crewai run runs in the project folder (relative paths: logs/, knowledge/)
        env,
    )
    return Outcome(_line(stdout, "CONSTRUCTED"), _line(stdout, "KICKOFF"), seconds, log)


def kick_off_json(
    project: Path, python: Path, inputs: dict[str, str], env: dict[str, str]
) -> Outcome:
    """Run the JSON-first project through ``crewai run``'s own dispatch (dispatch_json.py)."""
    stdout, log, seconds = _run(
        [str(python), str(HERE / "dispatch_json.py"), "--kickoff", json.dumps(inputs)],
        project,
        env,
    )
    report = _line(stdout, "DISPATCH")
    built = report if report and report.get("construct_seconds") is not None else None
    kicked = report if report and report.get("outputs") is not None else None
    return Outcome(built, kicked, seconds, log)


def kickoff_problems(report: dict[str, Any], tasks: list[str]) -> list[str]:
    """Why a kickoff does not count: a task without output, a deprecation the export caused."""
    problems = []
    outputs = report.get("outputs") or []
    if [o["name"] for o in outputs] != tasks:
        problems.append(f"task outputs {[o['name'] for o in outputs]} != tasks {tasks}")
    problems += [f"task {o['name']} has no output" for o in outputs if not str(o["raw"]).strip()]
    problems += [f"deprecated: {d}" for d in caused_by_export(report)]
    return problems


def record(row: Row, outcome: Outcome, tasks: list[str]) -> list[str]:
    """Put the construct and kickoff cells of ``outcome`` in ``row``; the kickoff's problems."""
    report = outcome.report or {}
    built_in = report.get("construct_seconds")
    row.cells["construct"] = (
        outcome.built is not None,
        built_in if isinstance(built_in, float | int) else outcome.seconds,
    )
    if outcome.built is None:
        return ["not constructed:\n" + outcome.log]
    if outcome.report is None:
        row.cells["kickoff"] = (False, None)
        return ["kickoff failed:\n" + outcome.log]
    problems = kickoff_problems(outcome.report, tasks)
    row.cells["kickoff"] = (not problems, outcome.report.get("kickoff_seconds"))
    return problems


@dataclass
class Row:
    project: str
    release: str
    cells: dict[str, tuple[bool, float | None]] = field(default_factory=dict)
    reached: str = ""


class Table:
    """Pass/fail and seconds per project, release and step; markdown at the end of the module."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def row(self, project: str, release: str) -> Row:
        self.rows.append(Row(project, release))
        return self.rows[-1]

    @staticmethod
    @contextmanager
    def step(row: Row, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        except BaseException:
            row.cells[name] = (False, time.monotonic() - started)
            raise
        row.cells.setdefault(name, (True, time.monotonic() - started))

    def markdown(self) -> str:
        lines = [
            "| project | release | " + " | ".join(STEPS) + " | model server saw |",
            "|---|---|" + "---|" * len(STEPS) + "---|",
        ]
        for r in self.rows:
            cells = []
            for s in STEPS:
                if s not in r.cells:
                    cells.append("not run")
                    continue
                ok, seconds = r.cells[s]
                took = "" if seconds is None else f" {seconds:.1f}s"
                cells.append(("pass" if ok else "**FAIL**") + took)
            lines.append(
                f"| {r.project} | {r.release} | " + " | ".join(cells) + f" | {r.reached} |"
            )
        return "\n".join(lines) + "\n"


def reached(standin: StandIn, refused_since: int, env: dict[str, str]) -> set[str]:
    """Hosts beyond 127.0.0.1 a process tried since the mark (refused by proxy or look-up);
    the look-up log is emptied."""
    hosts = {h.rsplit(":", 1)[0] for h in standin.refused[refused_since:]}
    log = Path(env["CREWTUI_NETGUARD_LOG"])
    if log.exists():
        hosts |= {ln.strip() for ln in log.read_text(encoding="utf-8").splitlines() if ln.strip()}
        log.unlink()
    return hosts


def traffic(standin: StandIn, since: int, hosts: set[str]) -> str:
    """What a project sent to the stand-in since the mark: chat calls, embeddings; and the
    hosts beyond it that were refused."""
    requests = standin.requests[since:]
    chat = sum(1 for r in requests if "messages" in r)
    embed = sum(1 for r in requests if "input" in r and "messages" not in r)
    text = f"chat {chat}" + (f", embeddings {embed}" if embed else "")
    return text + (f"; refused {', '.join(sorted(hosts))}" if hosts else "")


def write_table(table: Table) -> None:
    """Write the table where ``$CREWTUI_KICKOFF_TABLE`` says (nowhere when it is unset)."""
    target = os.environ.get("CREWTUI_KICKOFF_TABLE")
    if target and table.rows:
        Path(target).write_text(table.markdown(), encoding="utf-8")
