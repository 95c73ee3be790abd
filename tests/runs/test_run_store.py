"""Storing a run's events and what they imply, on SQLite and PostgreSQL, with no crewai:
synthetic runner lines go through the same recorder a run uses."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crewtui.db.repos.runs import RunRepo
from crewtui.domain.errors import NotFound, ValidationFailed
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.runs import RunRefused, export_hash
from crewtui.services.runs_record import Recorder, redact


@pytest.fixture
def demo(db_url: str) -> Iterator[Services]:
    store = Store.open(db_url)
    try:
        s = Services(store, user="tester")
        load_demo(s)
        yield s
    finally:
        store.dispose()


def _line(
    seq: int, kind: str, task: str | None = None, at: datetime | None = None, **p: Any
) -> dict[str, Any]:
    when = at or datetime.now(UTC)
    return {
        "seq": seq,
        "at": when.isoformat(),
        "kind": kind,
        "task": task,
        "agent": None,
        "payload": p,
    }


def _new_run(s: Services, crew: str, pid: int | None = None) -> uuid.UUID:
    bundle = s.load_bundle(crew)

    def go(w: Any) -> uuid.UUID:
        row = RunRepo(w.session).add(
            crew_id=bundle.crew.id,
            crew_name=crew,
            started_by="tester",
            inputs={"topic": "x"},
            export_format="yaml",
            export_hash="0" * 64,
            status="running",
            host_pid=pid if pid is not None else os.getpid(),
        )
        return row.id

    return s._run(go)


def test_events_tracking_and_end_are_stored(demo: Services) -> None:
    crew = "venture-research"
    bundle = demo.load_bundle(crew)
    first, second = bundle.tasks[0], bundle.tasks[1]
    run_id = _new_run(demo, crew)
    seen: list[str] = []
    rec = Recorder(demo.store, run_id, bundle, ["sk-very-secret"], seen.append)  # type: ignore[arg-type]
    t0 = datetime.now(UTC)
    rec.receive(
        [
            _line(1, "runner_started", crewai_version="1.3.0"),
            _line(2, "task_started", first.name, t0),
        ]
    )
    assert demo.load_bundle(crew).tasks[0].status == "running"
    rec.receive(
        [
            _line(
                3,
                "task_completed",
                first.name,
                t0 + timedelta(milliseconds=1500),
                output={"raw": "# Done", "json": {"a": 1}},
            ),
            _line(4, "llm_call_completed", second.name, response="key sk-very-secret leaked"),
            _line(5, "task_started", second.name, t0 + timedelta(seconds=2)),
            _line(
                6,
                "crew_result",
                raw="final",
                tasks=[{"name": first.name, "raw": "# Done"}],
                usage={
                    "total_tokens": 42,
                    "prompt_tokens": 40,
                    "completion_tokens": 2,
                    "successful_requests": 3,
                },
            ),
        ]
    )
    rec.finish("succeeded", None)
    assert (
        seen
        == [
            f"{k}"
            for k in (
                "runner_started",
                "task_started",
                "task_completed",
                "llm_call_completed",
                "task_started",
                "crew_result",
            )
        ]
        or len(seen) == 6
    )

    info = demo.get_run(str(run_id)[:8])
    assert (info.status, info.total_tokens, info.final_output, info.crewai_version) == (
        "succeeded",
        42,
        "final",
        "1.3.0",
    )
    assert info.finished_at is not None
    events = demo.show_run(str(run_id)).events
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert "sk-very-secret" not in str([e.payload for e in events])
    assert "[redacted]" in str(events[3].payload)

    after = demo.load_bundle(crew)
    done = after.tasks[0]
    assert done.status == "completed" and done.execution_time_ms == 1500
    assert done.result == {"run_id": str(run_id), "raw": "# Done", "json": {"a": 1}}
    unfinished = after.tasks[1]
    assert unfinished.status == "failed" and unfinished.error_message == "run succeeded"
    agent = after.agents[first.assigned_agent_id]  # type: ignore[index]
    assert agent.execution_count == 1 and agent.avg_execution_time_ms == 1500
    assert agent.last_executed_at is not None
    # figures are results, not edits: the agent's version and history are untouched
    assert agent.version == bundle.agents[first.assigned_agent_id].version  # type: ignore[index]


def test_second_run_averages_agent_time(demo: Services) -> None:
    crew = "venture-research"
    bundle = demo.load_bundle(crew)
    task = bundle.tasks[0]
    for ms in (1000, 3000):
        run_id = _new_run(demo, crew)
        rec = Recorder(demo.store, run_id, bundle, [])
        t0 = datetime.now(UTC)
        rec.receive(
            [
                _line(1, "task_started", task.name, t0),
                _line(
                    2,
                    "task_completed",
                    task.name,
                    t0 + timedelta(milliseconds=ms),
                    output={"raw": "x"},
                ),
            ]
        )
        rec.finish("succeeded", None)
    agent = demo.load_bundle(crew).agents[task.assigned_agent_id]  # type: ignore[index]
    assert (agent.execution_count, agent.avg_execution_time_ms) == (2, 2000)


def test_run_of_a_dead_crewtui_is_interrupted(demo: Services) -> None:
    run_id = _new_run(demo, "board-briefing", pid=2**22 + 12345)  # no such process
    alive = _new_run(demo, "board-briefing")
    runs = {r.id: r for r in demo.list_runs("board-briefing")}
    assert runs[run_id].status == "interrupted"
    assert runs[run_id].error == "crewtui stopped while the crew ran"
    assert runs[alive].status == "running"


def test_diff_and_lookups(demo: Services) -> None:
    ids = []
    bundle = demo.load_bundle("board-briefing")
    for out in ("alpha\nbeta", "alpha\ngamma"):
        run_id = _new_run(demo, "board-briefing")
        rec = Recorder(demo.store, run_id, bundle, [])
        rec.receive([_line(1, "crew_result", raw=out, tasks=[{"name": "t", "raw": out}], usage={})])
        rec.finish("succeeded", None)
        ids.append(str(run_id))
    d = demo.diff_runs(ids[0], ids[1])
    assert [(t.task, t.same) for t in d.tasks] == [("t", False)]
    assert d.as_json()["final_same"] is False
    with pytest.raises(NotFound):
        demo.get_run("ffffffff")
    with pytest.raises(NotFound):
        demo.list_runs("no-such-crew")


def test_refusals_happen_before_anything_is_stored(demo: Services, tmp_path: Any) -> None:
    with pytest.raises(ValidationFailed, match="missing topic"):
        demo.start_run("venture-research", python=tmp_path / "none" / "python")
    with pytest.raises(RunRefused, match="no Python at"):
        demo.start_run("venture-research", {"topic": "x"}, python=tmp_path / "none" / "python")
    with pytest.raises(ValidationFailed):
        demo.start_run("venture-research", format="xml")
    assert demo.list_runs() == []


def test_redact_and_hash() -> None:
    events = [{"payload": {"text": 'a "sk-123456" b'}}]
    assert redact(events, ["sk-123456"]) == [{"payload": {"text": 'a "[redacted]" b'}}]
    assert export_hash({"a": "1", "b": "2"}) == export_hash({"b": "2", "a": "1"})
    assert export_hash({"a": "1"}) != export_hash({"a": "2"})
