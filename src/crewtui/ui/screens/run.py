"""The Run screen: kick a crew off, watch it live, read and compare its past runs.

A form holds the crew's ``{placeholders}`` (last run's values first). ``ctrl+r`` runs, ``c``
cancels. While it runs, each task shows pending / running / done / failed with its agent
and time, the agents' steps stream into the log, and the highlighted task's output (else the
final output) is shown as Markdown. Below, the crew's run history: ``enter`` opens a past
run, ``m`` marks one and ``x`` compares the highlighted run with it. ``i`` installs the
runtime when there is none. Events arrive on a worker thread and are posted as messages.
"""

from __future__ import annotations

import difflib
import time
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Markdown, RichLog, Static

from ...domain.errors import CrewtuiError
from ..widgets.footer import KeysFooter
from ..workers import db_work, services_for

_STEP = {
    "agent_execution_started": "▶ {agent} works on {task}",
    "tool_usage_started": "🔧 {agent} uses {tool}",
    "tool_usage_finished": "  ↳ {tool} answered",
    "tool_usage_error": "  ✗ {tool} failed: {error}",
    "agent_logs_execution": "💭 {agent}: {thought}",
    "task_failed": "✗ {task} failed: {error}",
    "runner_error": "✗ {error}",
    "cancelled": "■ cancelled",
}


def step_text(event: dict[str, Any]) -> str | None:
    template = _STEP.get(event["kind"])
    if template is None:
        return None
    p = event.get("payload") or {}
    thought = str(p.get("formatted_answer", ""))[:160].replace("\n", " ")
    return template.format(
        agent=event.get("agent") or "agent",
        task=event.get("task") or "",
        tool=p.get("tool_name", "tool"),
        error=str(p.get("error", ""))[:200],
        thought=thought,
    )


class RunScreen(Screen[None]):
    DEFAULT_CSS = """
    RunScreen #run-top { height: 40%; }
    RunScreen #run-form { width: 40%; border: round $primary; padding: 0 1; }
    RunScreen #run-live { width: 60%; }
    RunScreen #run-status { height: 1; padding: 0 1; }
    RunScreen #run-middle { height: 1fr; }
    RunScreen #run-log { width: 50%; border: round $secondary; }
    RunScreen #run-output-box { width: 50%; border: round $secondary; }
    RunScreen #run-history { height: 8; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "run", "Run"),
        Binding("c", "cancel", "Cancel"),
        Binding("m", "mark", "Mark"),
        Binding("x", "compare", "Compare"),
        Binding("i", "install", "Install runtime", show=False),
    ]

    class Event(Message):
        def __init__(self, event: dict[str, Any]) -> None:
            super().__init__()
            self.event = event

    class Finished(Message):
        def __init__(self, info: Any) -> None:
            super().__init__()
            self.info = info

    class Loaded(Message):
        def __init__(self, inputs: dict[str, str], runs: list[Any]) -> None:
            super().__init__()
            self.inputs = inputs
            self.runs = runs

    def __init__(self, crew: str) -> None:
        super().__init__()
        self.crew = crew
        self.handle: Any = None
        self.outputs: dict[str, str] = {}
        self.final = ""
        self.started: dict[str, float] = {}
        self.runs: dict[str, Any] = {}
        self.marked: str | None = None
        self.events_seen = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="run-top"):
            with VerticalScroll(id="run-form"):
                yield Label(f"Run crew '{self.crew}'", id="run-title")
            with Vertical(id="run-live"):
                yield Static("idle", id="run-status", markup=False)
                yield DataTable(id="run-tasks", cursor_type="row")
        with Horizontal(id="run-middle"):
            yield RichLog(id="run-log", wrap=True, markup=False, max_lines=2000)
            with VerticalScroll(id="run-output-box"):
                yield Markdown("", id="run-output")
        yield DataTable(id="run-history", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        tasks = self.query_one("#run-tasks", DataTable)
        for label in ("TASK", "STATE", "AGENT", "SECS"):
            tasks.add_column(label, key=label.lower())
        history = self.query_one("#run-history", DataTable)
        history.add_columns("RUN", "STATUS", "RELEASE", "BY", "STARTED", "SECS", "TOKENS")
        self.load()

    @db_work(group="run-load")
    def load(self) -> None:
        s = services_for(self)
        self.post_message(self.Loaded(s.run_inputs(self.crew), s.list_runs(self.crew)))

    def on_run_screen_loaded(self, message: RunScreen.Loaded) -> None:
        form = self.query_one("#run-form", VerticalScroll)
        if not self.query("#run-form Input"):
            for name, value in message.inputs.items():
                form.mount(Label(name))
                form.mount(Input(value, id=f"input-{name}", name=name))
            if not message.inputs:
                form.mount(Label("This crew takes no inputs."))
        history = self.query_one("#run-history", DataTable)
        history.clear()
        self.runs = {}
        for r in message.runs:
            self.runs[r.short_id] = r
            secs = f"{r.seconds:.1f}" if r.seconds is not None else ""
            started = r.started_at.strftime("%Y-%m-%d %H:%M") if r.started_at else ""
            row = (r.short_id, r.status, r.release_name or "", r.started_by, started, secs)
            history.add_row(*row, str(r.total_tokens or ""), key=r.short_id)

    # ---- running

    def _inputs(self) -> dict[str, str]:
        return {str(i.name): i.value for i in self.query("#run-form Input").results(Input)}

    def action_run(self) -> None:
        if self.handle is not None:
            self.notify("A run is in progress.", severity="warning")
            return
        self.outputs, self.final, self.started, self.events_seen = {}, "", {}, 0
        self.query_one("#run-tasks", DataTable).clear()
        self.query_one("#run-log", RichLog).clear()
        self.query_one("#run-output", Markdown).update("")
        self._status("starting…")
        self._run(self._inputs())

    @work(thread=True, exclusive=True, group="run-crew", exit_on_error=False)
    def _run(self, inputs: dict[str, str]) -> None:
        try:
            handle = services_for(self).start_run(
                self.crew, inputs, on_event=lambda e: self.post_message(self.Event(e))
            )
        except CrewtuiError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.handle = handle
        info = handle.wait()
        self.post_message(self.Finished(info))

    def _refused(self, exc: CrewtuiError) -> None:
        hint = " Press i to install the runtime." if "runtime install" in exc.message else ""
        self._status(f"{exc.title}: {exc.message}{hint}")
        self.notify(exc.message + hint, title=exc.title, severity="error", timeout=10)

    def on_run_screen_event(self, message: RunScreen.Event) -> None:
        e = message.event
        self.events_seen += 1
        kind, task = e["kind"], e.get("task")
        table = self.query_one("#run-tasks", DataTable)
        if kind == "crew_built":
            for t in (e.get("payload") or {}).get("tasks", []):
                if t.get("name") and t["name"] not in table.rows:
                    table.add_row(t["name"], "pending", t.get("agent") or "", "", key=t["name"])
        elif kind in ("task_started", "task_completed", "task_failed") and task:
            if task not in table.rows:
                table.add_row(task, "pending", e.get("agent") or "", "", key=task)
            state = {"task_started": "running", "task_completed": "done"}.get(kind, "failed")
            if kind == "task_started":
                self.started[task] = time.monotonic()
            secs = time.monotonic() - self.started.get(task, time.monotonic())
            table.update_cell(task, "state", state)
            if kind != "task_started":
                table.update_cell(task, "secs", f"{secs:.1f}")
            out = (e.get("payload") or {}).get("output")
            if isinstance(out, dict) and out.get("raw"):
                self.outputs[task] = str(out["raw"])
                self.query_one("#run-output", Markdown).update(self.outputs[task])
        elif kind == "crew_result":
            self.final = str((e.get("payload") or {}).get("raw") or "")
        line = step_text(e)
        if line:
            self.query_one("#run-log", RichLog).write(line)
        self._status(f"running: {self.events_seen} events")

    def on_run_screen_finished(self, message: RunScreen.Finished) -> None:
        info = message.info
        self.handle = None
        secs = f"{info.seconds:.1f}s" if info.seconds is not None else "-"
        self._status(f"{info.status} in {secs}, {info.total_tokens or 0} tokens")
        if info.final_output:
            self.query_one("#run-output", Markdown).update(info.final_output)
        if info.error and info.status != "succeeded":
            self.query_one("#run-log", RichLog).write(f"✗ {info.error}")
        self.load()

    def action_cancel(self) -> None:
        if self.handle is not None:
            self._status("cancelling…")
            self.handle.cancel()

    def _status(self, text: str) -> None:
        self.query_one("#run-status", Static).update(text)

    @on(DataTable.RowHighlighted, "#run-tasks")
    def _task_output(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        if key in self.outputs:
            self.query_one("#run-output", Markdown).update(self.outputs[key])

    # ---- history

    def _current_run(self) -> str | None:
        table = self.query_one("#run-history", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected, "#run-history")
    def _open_run(self, event: DataTable.RowSelected) -> None:
        info = self.runs.get(str(event.row_key.value))
        if info is None:
            return
        parts = [f"# Run {info.short_id}: {info.status}", ""]
        parts += [f"- **{k}**: {v}" for k, v in info.inputs.items()]
        for t in info.task_outputs:
            parts += ["", f"## {t.get('name')}", "", str(t.get("raw") or "")]
        if info.error:
            parts += ["", "## Error", "", f"```\n{info.error}\n```"]
        self.query_one("#run-output", Markdown).update("\n".join(parts))

    def action_mark(self) -> None:
        self.marked = self._current_run()
        if self.marked:
            self.notify(f"Run {self.marked} marked: x compares another run with it.")

    def action_compare(self) -> None:
        other = self._current_run()
        if not self.marked or not other or other == self.marked:
            self.notify("Mark a run with m, then highlight another and press x.")
            return
        self._compare(self.marked, other)

    @db_work(group="run-compare")
    def _compare(self, left: str, right: str) -> None:
        d = services_for(self).diff_runs(self.runs[left].id.hex, self.runs[right].id.hex)
        lines = [f"# Run {left} → {right}", ""]
        for k, (a, b) in d.inputs_changed.items():
            lines.append(f"- input **{k}**: `{a}` → `{b}`")
        for t in d.tasks:
            lines += ["", f"## {t.task}: {'same' if t.same else 'differs'}"]
            if not t.same:
                diff = difflib.unified_diff(
                    (t.left or "").splitlines(), (t.right or "").splitlines(), lineterm=""
                )
                lines += ["```diff", *list(diff)[2:], "```"]
        self.app.call_from_thread(self.query_one("#run-output", Markdown).update, "\n".join(lines))

    # ---- runtime

    def action_install(self) -> None:
        self._status("installing the runtime…")
        self._install()

    @work(thread=True, exclusive=True, group="run-install", exit_on_error=False)
    def _install(self) -> None:
        log = self.query_one("#run-log", RichLog)

        def say(line: str) -> None:
            self.app.call_from_thread(log.write, escape(line))

        try:
            python = services_for(self).install_runtime(None, say)
        except CrewtuiError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self._status, f"runtime ready: {python}")

    def action_back(self) -> None:
        if self.handle is not None:
            self.notify("The run continues in the background; c cancels it.", timeout=4)
        self.app.pop_screen()
