"""Flows run through the crews' runner under the newest crewai, against the stand-in model
server: the execution, each method's status, the crew runs it started and its events are
kept; a crew that cannot reach its model ends the flow ``failed``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.db.repos.runs import RunRepo
from crewtui.services import Services, Store
from crewtui.services.flows_kickoff import run_flow
from crewtui.services.flows_runs import list_executions
from crewtui.services.runs import RunRefused

from ..runs.conftest import crewai_python, events_of, run_db, run_env  # noqa: F401
from ..standin.conftest import standin  # noqa: F401
from ..standin.server import StandIn

pytestmark = [pytest.mark.crewai, pytest.mark.slow]


@pytest.fixture
def services(run_db: str) -> Iterator[Services]:  # noqa: F811
    store = Store.open(run_db)
    try:
        yield Services(store, user="tester", via="cli")
    finally:
        store.dispose()


def test_demo_flow_runs_to_the_board(
    services: Services,
    standin: StandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    seen: list[str] = []
    before = services.get_flow("venture-to-board").execution_count or 0
    result = run_flow(
        services,
        "venture-to-board",
        {"topic": "home robotics", "min_brief_chars": 5},
        python=crewai_python("latest"),
        env=run_env(standin, tmp_path),
        on_event=lambda e: seen.append(e["kind"]),
    )
    ex = result.execution
    assert ex.status == "completed", (ex.error_message, result.run.error)
    assert ex.input_state == {"topic": "home robotics", "min_brief_chars": 5}
    assert ex.output_state is not None and ex.output_state.get("topic") == "home robotics"
    statuses = {m: v["status"] for m, v in ex.methods.items()}
    assert statuses == {"research": "completed", "decide": "completed", "brief_board": "completed"}
    assert "shelved" not in ex.methods
    # each crew method started one crew run, kept with its crew, output and status
    for method, crew in (("research", "venture-research"), ("brief_board", "board-briefing")):
        (run_id,) = ex.methods[method]["runs"]
        crew_run = services.get_run(run_id)
        assert crew_run.crew_name == crew and crew_run.export_format == "flow"
        assert crew_run.status == "succeeded" and crew_run.final_output
        assert crew_run.inputs.get("topic") == "home robotics"
    # the flow's run row is the execution's, with every event the runner streamed
    assert result.run.id == ex.id and result.run.status == "succeeded"
    assert result.run.crew_name == "venture-to-board"
    kinds = [e.kind for e in events_of(services, ex.id)]
    assert kinds[0] == "runner_started" and kinds[-1] == "flow_result"
    for kind in ("flow_started", "method_execution_started", "method_execution_finished"):
        assert kind in kinds
    assert kinds.count("crew_kickoff_started") == 2 and "task_completed" in kinds
    assert seen == kinds
    started = [
        e.payload["method_name"]
        for e in events_of(services, ex.id)
        if e.kind == "method_execution_started" and e.payload
    ]
    assert started == ["research", "decide", "brief_board"]
    assert services.get_flow("venture-to-board").execution_count == before + 1
    assert list_executions(services, "venture-to-board")[0].id == ex.id


def _broken_flow(s: Services) -> None:
    if any(f.flow_key == "offline-flow" for f in s.list_flows()):
        return
    s.create_agent(
        {
            "agent_key": "offline-agent",
            "name": "Offline agent",
            "role": "Offline Agent",
            "goal": "Answer about {subject}",
            "backstory": "Your model is not there.",
            "llm_model": "openai/gpt-4o-mini",
            "llm_base_url": "http://127.0.0.1:9/v1",
            "max_iter": 1,
            "max_retry_limit": 0,
        }
    )
    s.create_crew({"crew_name": "offline-crew", "process_type": "sequential"})
    s.add_member("offline-crew", "offline-agent")
    s.create_task(
        "offline-crew",
        {
            "name": "answer",
            "agent": "offline-agent",
            "description": "Answer about {subject}.",
            "expected_output": "An answer.",
        },
    )
    definition: dict[str, Any] = {
        "state": {"default": {"subject": "the fridge"}},
        "methods": [
            {
                "name": "ask",
                "start": True,
                "do": {
                    "call": "crew",
                    "crew": "offline-crew",
                    "inputs": {"subject": "${state.subject}"},
                },
            },
            {"name": "after", "listen": "ask", "do": {"call": "expression", "expr": "'done'"}},
        ],
    }
    s.create_flow(
        {"flow_key": "offline-flow", "name": "OfflineFlow", "flow_definition": definition}
    )


def test_flow_whose_crew_fails_is_recorded_failed(
    services: Services,
    standin: StandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    _broken_flow(services)
    result = run_flow(
        services,
        "offline-flow",
        {},
        python=crewai_python("latest"),
        env=run_env(standin, tmp_path),
    )
    ex = result.execution
    assert ex.status == "failed" and ex.error_message
    assert ex.methods["ask"]["status"] == "failed"
    assert "after" not in ex.methods
    (run_id,) = ex.methods["ask"]["runs"]
    crew_run = services.get_run(run_id)
    assert crew_run.crew_name == "offline-crew" and crew_run.status == "failed"
    assert result.run.status == "failed" and result.run.error == ex.error_message
    kinds = [e.kind for e in events_of(services, ex.id)]
    assert "method_execution_failed" in kinds and kinds[-1] == "runner_error"


def _cli(args: list[str], env: dict[str, str]) -> Any:
    from click.testing import CliRunner

    from crewtui.cli import cli

    saved = dict(os.environ)
    os.environ.update(env)  # the runner inherits the process environment
    try:
        return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_flows_run_cli(run_db: str, standin: StandIn, tmp_path: Path) -> None:  # noqa: F811
    python = str(crewai_python("latest"))
    env = run_env(standin, tmp_path)
    base = ["flows", "run", "venture-to-board", "--python", python, "--db", run_db]
    bad = _cli([*base, "--input", "min_brief_chars=many"], env)
    assert bad.exit_code != 0 and "min_brief_chars" in bad.output
    unknown = _cli([*base, "--input", "colour=red"], env)
    assert unknown.exit_code != 0 and "'colour' is not a state field" in unknown.output
    # a brief longer than any the stand-in writes: the router shelves the venture
    done = _cli(
        [*base, "--input", "topic=kettles", "--input", "min_brief_chars=100000", "--json"], env
    )
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    ex = data["execution"]
    assert ex["status"] == "completed" and ex["input_state"]["min_brief_chars"] == 100000
    assert {m: v["status"] for m, v in ex["methods"].items()} == {
        "research": "completed",
        "decide": "completed",
        "shelved": "completed",
    }
    assert data["run"]["id"] == ex["id"] and data["run"]["status"] == "succeeded"
    assert data["run"]["final_output"] == "shelved: kettles"
    text = _cli([*base, "--input", "topic=kettles", "--input", "min_brief_chars=100000"], env)
    assert text.exit_code == 0, text.output
    assert "flow 'venture-to-board' completed" in text.output
    assert "method     research" in text.output and "shelved" in text.output


def _slow_flow(s: Services) -> None:
    if any(f.flow_key == "slow-flow" for f in s.list_flows()):
        return
    definition: dict[str, Any] = {
        "state": {"default": {"subject": "the kettle"}},
        "methods": [
            {
                "name": "check",
                "start": True,
                "do": {
                    "call": "crew",
                    "crew": "quick-check",
                    "inputs": {"subject": "${state.subject}"},
                },
            }
        ],
    }
    s.create_flow({"flow_key": "slow-flow", "name": "SlowFlow", "flow_definition": definition})


def _started(services: Services, standin: StandIn, tmp_path: Path) -> Any:  # noqa: F811
    _slow_flow(services)
    started = threading.Event()

    def watch(e: dict[str, Any]) -> None:
        if e["kind"] == "task_started":
            started.set()

    handle = services.start_flow_run(
        "slow-flow",
        {},
        python=crewai_python("latest"),
        env=run_env(standin, tmp_path),
        on_event=watch,
    )
    assert started.wait(300), "the crew never started"
    return handle


def test_cancelled_flow_run(
    services: Services,
    standin: StandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    handle = _started(services, standin, tmp_path)
    handle.cancel()
    result = handle.wait(120)
    ex = result.execution
    assert ex.status == "cancelled" and result.run.status == "cancelled"
    assert ex.methods["check"]["status"] == "failed"
    (run_id,) = ex.methods["check"]["runs"]
    assert services.get_run(run_id).status == "cancelled"
    assert [e.kind for e in events_of(services, ex.id)][-1] == "cancelled"
    with pytest.raises(RunRefused, match="flows run"):
        services.rerun(run_id)


def test_flow_run_of_a_crewtui_gone_is_interrupted(
    services: Services,
    standin: StandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    handle = _started(services, standin, tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    services._run(
        lambda w: setattr(RunRepo(w.session).get(handle.execution_id), "host_pid", gone.pid)
    )
    assert services.recover_runs() == 1
    run = services.get_run(str(handle.execution_id))
    assert run.status == "interrupted" and run.error == "crewtui stopped while the flow ran"
    (ex,) = [e for e in list_executions(services, "slow-flow") if e.id == handle.execution_id]
    assert ex.status == "failed" and ex.error_message == "crewtui stopped while the flow ran"
    assert handle.process is not None and handle.process.wait(60) != 0  # its runner was stopped
    shutil.rmtree(handle.workdir, ignore_errors=True)
