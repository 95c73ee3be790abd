"""Flow executions as the run machinery records them, on both databases: the start state
from the defaults and the inputs, each method's status and crew runs, the end, the
counters, and the listing."""

from __future__ import annotations

import uuid

import pytest

from crewtui.domain.errors import NotFound, ValidationFailed
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.flows_runs import (
    finish_execution,
    initial_state,
    list_executions,
    method_update,
    start_execution,
)
from tests.cli.conftest import Run, as_json

KEY = "venture-to-board"


@pytest.fixture
def demo(db_url: str) -> Services:
    s = Services(Store.open(db_url), user="ana")
    load_demo(s)
    return s


def test_execution_is_recorded_from_start_to_end(demo: Services, db_url: str) -> None:
    assert initial_state(demo, KEY, {"topic": "drones"}) == {
        "topic": "drones",
        "min_brief_chars": 200,
    }
    with pytest.raises(ValidationFailed, match="'colour' is not a state field"):
        start_execution(demo, KEY, {"colour": "red"})
    with pytest.raises(ValidationFailed, match="'topic' is required"):
        start_execution(demo, KEY, {"topic": None})

    ex = start_execution(demo, KEY, {"topic": "drones"})
    assert ex.status == "running" and ex.input_state["topic"] == "drones"
    run_id = uuid.uuid4()
    method_update(demo, ex.id, "research", "running", run_id=run_id)
    method_update(demo, ex.id, "research", "completed")
    with pytest.raises(ValidationFailed, match="has no 'nope'"):
        method_update(demo, ex.id, "nope", "running")
    done = finish_execution(demo, ex.id, "completed", output_state={"topic": "drones", "ok": True})
    assert done.status == "completed" and done.duration_ms is not None and done.duration_ms >= 0
    assert done.methods["research"]["status"] == "completed"
    assert done.methods["research"]["runs"] == [str(run_id)]
    with pytest.raises(ValidationFailed, match="already ended"):
        finish_execution(demo, ex.id, "failed")

    failed = start_execution(demo, KEY, {})
    finish_execution(demo, failed.id, "failed", error="model unreachable")
    listed = list_executions(demo, KEY)
    assert [e.status for e in listed] == ["failed", "completed"]
    assert listed[0].error_message == "model unreachable"

    flow = demo.get_flow(KEY)
    assert flow.execution_count == 2 and flow.last_executed_at is not None
    assert flow.version == 1  # counting runs is not an edit of the flow
    with pytest.raises(NotFound):
        finish_execution(demo, uuid.uuid4(), "failed")


def test_executions_command(demo: Services, run: Run) -> None:
    ex = start_execution(demo, KEY, {})
    method_update(demo, ex.id, "research", "running")
    data = as_json(run("flows", "executions", KEY, "--json"))
    assert [e["status"] for e in data] == ["running"]
    assert data[0]["methods"]["research"]["status"] == "running"
    text = run("flows", "executions", KEY).stdout
    assert "running" in text and "research:running" in text
