"""Run a flow from its editor: the Run screen's live view over a flow.

The form holds the flow's state fields (its defaults first; a number, boolean, list or
object field is read as JSON). ``ctrl+r`` runs, ``c`` cancels. Each method shows running /
done / failed as it goes, with the tasks of the crews it kicks off; the final state ends in
the output pane. Below, the flow's past runs.
"""

from __future__ import annotations

import json
import time
from typing import Any

from textual import work
from textual.widgets import DataTable, Label, Markdown

from ...domain.errors import CrewtuiError
from ..workers import db_work, services_for
from .run import RunScreen

_METHOD = {
    "method_execution_started": "running",
    "method_execution_finished": "done",
    "method_execution_failed": "failed",
}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class FlowRunScreen(RunScreen):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.flow_key = key

    def on_mount(self) -> None:
        # Textual calls the Run screen's handlers after these (unless prevented)
        self.query_one("#run-title", Label).update(f"Run flow '{self.flow_key}'")

    @db_work(group="run-load")
    def load(self) -> None:
        s = services_for(self)
        state = s.get_flow(self.flow_key).definition.state
        names = list(dict.fromkeys([*state.fields, *state.default]))
        inputs = {n: _text(state.default[n]) if n in state.default else "" for n in names}
        runs = [
            r for r in s.list_runs() if r.crew_name == self.flow_key and r.export_format == "flow"
        ]
        self.post_message(self.Loaded(inputs, runs))

    @work(thread=True, exclusive=True, group="run-crew", exit_on_error=False)
    def _run(self, inputs: dict[str, str]) -> None:
        s = services_for(self)
        given = {k: v for k, v in inputs.items() if v != ""}
        try:
            handle = s.start_flow_run(
                self.flow_key,
                s.flow_inputs(self.flow_key, given),
                on_event=lambda e: self.post_message(self.Event(e)),
            )
        except CrewtuiError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.handle = handle
        result = handle.wait()
        self.post_message(self.Finished(result.run))

    def on_run_screen_event(self, message: RunScreen.Event) -> None:
        e = message.event
        state = _METHOD.get(e["kind"])
        method = (e.get("payload") or {}).get("method_name")
        if state is None or not method:
            if e["kind"] == "flow_result":
                final = (e.get("payload") or {}).get("state")
                self.final = f"```json\n{json.dumps(final, indent=2, default=str)}\n```"
                self.query_one("#run-output", Markdown).update(self.final)
            return
        message.prevent_default()
        self.events_seen += 1
        table = self.query_one("#run-tasks", DataTable)
        key = f"method {method}"
        if key not in table.rows:
            table.add_row(key, "pending", "", "", key=key)
        if state == "running":
            self.started[key] = time.monotonic()
        else:
            secs = time.monotonic() - self.started.get(key, time.monotonic())
            table.update_cell(key, "secs", f"{secs:.1f}")
        table.update_cell(key, "state", state)
        self._status(f"running: {self.events_seen} events")
