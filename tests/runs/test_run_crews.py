"""Every demo crew kicked off under crewai 1.3.0 and the newest release, in both export
formats, against the stand-in server; what is stored afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.services import Services

from ..standin.server import StandIn
from .conftest import SECRET, crewai_python, events_of, run_env

pytestmark = [pytest.mark.crewai, pytest.mark.slow]

CASES = [
    ("1.3.0", "yaml", "venture-research"),
    ("1.3.0", "yaml", "board-briefing"),
    ("latest", "yaml", "venture-research"),
    ("latest", "yaml", "board-briefing"),
    ("latest", "json", "venture-research"),
    ("latest", "json", "board-briefing"),
]


@pytest.mark.parametrize(("version", "fmt", "crew"), CASES)
def test_demo_crew_runs_and_is_kept(
    services: Services, standin: StandIn, tmp_path: Path, version: str, fmt: str, crew: str
) -> None:
    python = crewai_python(version)
    seen: list[str] = []
    info = services.run_crew(
        crew,
        {"topic": "AI tutoring"},
        python=python,
        format=fmt,
        env=run_env(standin, tmp_path),
        on_event=lambda e: seen.append(e["kind"]),
    )
    assert info.status == "succeeded", info.error
    assert info.crewai_version and (version == "latest" or info.crewai_version == version)
    assert info.final_output
    assert info.total_tokens and info.total_tokens > 0
    assert info.successful_requests and info.successful_requests > 0
    assert info.inputs["topic"] == "AI tutoring"
    assert info.started_by == "tester"
    assert info.edited_since is False

    bundle = services.load_bundle(crew)
    events = events_of(services, info.id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert seen == [e.kind for e in events]  # every event was handed on as it was stored
    kinds = {e.kind for e in events}
    assert {"runner_started", "crew_kickoff_started", "task_started", "task_completed"} <= kinds, [
        (e.kind, e.task) for e in events
    ]
    assert "crew_result" in kinds
    completed = {e.task for e in events if e.kind == "task_completed"}
    # planning and delegation add crewai's own tasks
    assert {t.name for t in bundle.tasks} <= completed
    assert SECRET not in str([e.payload for e in events])

    for t in bundle.tasks:  # the design's tracking columns
        assert t.status == "completed", t.name
        assert t.result and t.result["run_id"] == str(info.id) and t.result["raw"]
        assert t.execution_time_ms is not None and t.execution_time_ms >= 0
        assert t.error_message is None
    assigned = {t.assigned_agent_id for t in bundle.tasks}
    for a in bundle.agents.values():
        if a.id in assigned:
            assert a.execution_count >= 1 and a.last_executed_at is not None, a.agent_key

    structured = [t for t in info.task_outputs if t.get("json")]
    if crew == "venture-research":
        assert structured and structured[0]["json"]["tam_usd"] == 1.5
    assert info.id in {r.id for r in services.list_runs(crew)}
    # no host beyond the stand-in was looked up (crewai 1.3 would start a trace batch on
    # app.crewai.com, tracing off or not)
    looked_up = tmp_path / "hosts-looked-up.log"
    assert not looked_up.exists(), looked_up.read_text()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_streaming_crew_runs_to_its_end(
    services: Services, standin: StandIn, tmp_path: Path, fmt: str
) -> None:
    """A crew set to stream (newest crewai) runs only while its chunks are read: the runner
    reads them and stores the crew's result, not the stream object."""
    name = f"streamed-{fmt}"
    services.create_crew(
        {"crew_name": name, "process_type": "sequential", "crewai_settings": {"stream": True}}
    )
    services.add_member(name, "quick-checker")
    services.create_task(
        name,
        {
            "name": "check",
            "agent": "quick-checker",
            "description": "Check {subject}.",
            "expected_output": "A check.",
        },
    )
    info = services.run_crew(
        name,
        {"subject": "the kettle"},
        python=crewai_python("latest"),
        format=fmt,
        env=run_env(standin, tmp_path),
    )
    assert info.status == "succeeded", info.error
    assert info.final_output and "STANDIN ANSWER" in info.final_output
    assert [t["name"] for t in info.task_outputs] == ["check"]
    assert services.load_bundle(name).tasks[0].status == "completed"
