"""Runs that do not end well: cancelled, runner killed, crewtui killed, a missing key, a
tool that raises. Each keeps every event received and says what happened."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from crewtui.services import Services
from crewtui.services.interop import LintFailed

from ..standin.server import StandIn
from .conftest import crewai_python, events_of, run_env

CREW = "quick-check"


def _start_then(
    services: Services, standin: StandIn, tmp_path: Path, action: str
) -> tuple[Any, Any]:
    started = threading.Event()

    def watch(e: dict[str, Any]) -> None:
        if e["kind"] == "task_started":
            started.set()

    handle = services.start_run(
        CREW,
        {"subject": "the fridge"},
        python=crewai_python("1.3.0"),
        env=run_env(standin, tmp_path),
        on_event=watch,
    )
    assert started.wait(300), "the first task never started"
    if action == "cancel":
        handle.cancel()
    else:
        assert handle.process is not None
        handle.process.kill()
    return handle, handle.wait(120)


@pytest.mark.crewai
@pytest.mark.slow
def test_cancel_mid_run(services: Services, standin: StandIn, tmp_path: Path) -> None:
    _, info = _start_then(services, standin, tmp_path, "cancel")
    assert info.status == "cancelled"
    kinds = [e.kind for e in events_of(services, info.id)]
    assert "task_started" in kinds and kinds[-1] == "cancelled"
    task = next(t for t in services.load_bundle(CREW).tasks if t.name == "wait_first")
    assert task.status == "failed" and task.error_message == "run cancelled"


@pytest.mark.crewai
@pytest.mark.slow
def test_runner_killed_mid_run(services: Services, standin: StandIn, tmp_path: Path) -> None:
    _, info = _start_then(services, standin, tmp_path, "kill")
    assert info.status == "interrupted"
    assert "without a result" in (info.error or "")
    assert "task_started" in [e.kind for e in events_of(services, info.id)]


@pytest.mark.crewai
@pytest.mark.slow
def test_crewtui_killed_mid_run(
    services: Services, standin: StandIn, tmp_path: Path, run_db: str
) -> None:
    python = crewai_python("1.3.0")
    env = {**run_env(standin, tmp_path), "CREWTUI_USER": "killed"}
    cmd = [sys.executable, "-m", "crewtui", "run", CREW, "--input", "subject=x"]
    cmd += ["--python", str(python), "--db", run_db]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        run = None
        while time.monotonic() < deadline:
            runs = [r for r in services.list_runs(CREW) if r.started_by == "killed"]
            if runs and any(e.kind == "task_started" for e in events_of(services, runs[0].id)):
                run = runs[0]
                break
            time.sleep(0.5)
        assert run is not None, "the run never started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    after = next(r for r in services.list_runs(CREW) if r.id == run.id)
    assert after.status == "interrupted"
    assert after.error == "crewtui stopped while the crew ran"
    assert any(e.kind == "task_started" for e in events_of(services, run.id))


@pytest.mark.crewai
def test_missing_key_refuses_before_anything_runs(
    services: Services, standin: StandIn, tmp_path: Path
) -> None:
    before = len(services.list_runs())
    env = run_env(standin, tmp_path)
    del env["OPENAI_API_KEY"]
    with pytest.raises(LintFailed) as caught:
        services.start_run(CREW, {"subject": "x"}, python=crewai_python("1.3.0"), env=env)
    assert "api-key-missing" in {i.rule for i in caught.value.issues}
    assert "OPENAI_API_KEY" in str(caught.value)
    assert len(services.list_runs()) == before


@pytest.mark.crewai
@pytest.mark.slow
def test_tool_that_raises_is_recorded(services: Services, standin: StandIn, tmp_path: Path) -> None:
    env = run_env(standin, tmp_path)
    info = services.run_crew(
        CREW, {"subject": "the fridge"}, python=crewai_python("1.3.0"), env=env
    )
    events = events_of(services, info.id)
    errors = [e for e in events if e.kind == "tool_usage_error"]
    assert errors, [
        (e.kind, e.task, str(e.payload)[:300]) for e in events if e.task != "wait_first"
    ]
    assert "NotImplementedError" in str(errors[0].payload) or "Complete the tool" in str(
        errors[0].payload
    )
    # crewai hands the error to the agent, which still answers
    assert info.status == "succeeded", info.error
