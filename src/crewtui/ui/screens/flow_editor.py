"""Edit a flow: its definition (state and methods) as JSON on the left, its graph and the
problems crewai would raise on the right, checked again on every change; ctrl+s saves
against the version it was opened at; ctrl+r opens the saved flow's Run screen."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from ...domain.errors import Conflict, CrewtuiError
from ...domain.flow import Flow
from ...domain.flow_lint import FlowProblem, Known, lint_flow
from ...domain.flow_spec import FlowSpec
from ...services.flows_runs import FlowExecution, list_executions
from ..widgets.flow_graph import FlowGraph
from ..widgets.footer import KeysFooter
from ..workers import app_of, call_db


def definition_text(flow: Flow) -> str:
    return json.dumps(flow.flow_definition, indent=2, ensure_ascii=False)


def check_text(text: str, known: Known) -> tuple[FlowSpec | None, list[FlowProblem], str]:
    """The definition in ``text``, its problems, and what keeps it from being read ("")."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [], f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    try:
        spec = FlowSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        return None, [], f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
    return spec, lint_flow(spec, known), ""


def executions_text(executions: list[FlowExecution]) -> Text:
    """The last executions: status, start, duration and each method's status."""
    text = Text("\nExecutions\n", style="bold")
    if not executions:
        text.append("none yet", style="dim")
    for e in executions:
        started = e.started_at.strftime("%Y-%m-%d %H:%M") if e.started_at else "-"
        took = f" {e.duration_ms} ms" if e.duration_ms is not None else ""
        style = {"completed": "green", "failed": "red"}.get(e.status, "yellow")
        text.append(f"{e.status:<10}", style=style)
        text.append(f"{started}{took}  ")
        text.append(", ".join(f"{m}:{v.get('status')}" for m, v in e.methods.items()), style="dim")
        if e.error_message:
            text.append(f"  {e.error_message}", style="red")
        text.append("\n")
    return text


class FlowEditorScreen(Screen[None]):
    DEFAULT_CSS = """
    FlowEditorScreen #flow-body { height: 1fr; }
    FlowEditorScreen #flow-text { width: 1fr; min-width: 30; }
    FlowEditorScreen #flow-side { width: 1fr; border-left: solid $foreground 20%; }
    FlowEditorScreen #flow-title { height: 1; padding: 0 1; background: $boost; }
    FlowEditorScreen #flow-status { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "run", "Run", priority=True),
    ]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.flow: Flow | None = None
        self.known = Known()
        self.spec: FlowSpec | None = None
        self.problems: list[FlowProblem] = []
        self.unreadable = ""
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(f"Flow {escape(self.key)}", id="flow-title")
        with Horizontal(id="flow-body"):
            yield TextArea("", language="json", id="flow-text", show_line_numbers=True)
            with VerticalScroll(id="flow-side"):
                yield Static("", id="flow-status")
                yield FlowGraph(id="flow-graph")
                yield Static("", id="flow-executions")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, group="flow-load")
    async def _load(self) -> None:
        key = self.key

        def read(s: Any) -> tuple[Flow, Known, list[FlowExecution]]:
            return s.get_flow(key), s.flow_known_names(), list_executions(s, key, 5)

        try:
            flow, self.known, executions = await call_db(self, read)
        except Exception as exc:
            app_of(self).report_error(exc)
            self.dismiss(None)
            return
        self.flow = flow
        self.query_one("#flow-executions", Static).update(executions_text(executions))
        area = self.query_one(TextArea)
        area.load_text(definition_text(flow))
        self.dirty = False
        self._title()
        self.recheck()
        area.focus()

    def _title(self) -> None:
        if self.flow is None:
            return
        mark = " ●" if self.dirty else ""
        self.query_one("#flow-title", Static).update(
            escape(
                f"Flow {self.flow.flow_key} · {self.flow.name} · version {self.flow.version}{mark}"
            )
        )

    def recheck(self) -> None:
        """Read the text again and redraw the graph and the problems."""
        spec, problems, unreadable = check_text(self.query_one(TextArea).text, self.known)
        self.unreadable = unreadable
        status = self.query_one("#flow-status", Static)
        if spec is None:
            status.update(f"[bold red]✗ Cannot read the definition:[/] {escape(unreadable)}")
            return
        self.spec, self.problems = spec, problems
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        if not problems:
            status.update("[green]✓ No problems[/]")
        else:
            status.update(f"[bold red]{errors} error(s)[/] · [yellow]{warnings} warning(s)[/]")
        self.query_one(FlowGraph).show(spec, problems)

    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self.flow is None:
            return
        self.dirty = self.query_one(TextArea).text != definition_text(self.flow)
        self._title()
        self.recheck()

    def action_save(self) -> None:
        self._save()

    @work(exclusive=True, group="flow-save")
    async def _save(self) -> None:
        if self.flow is None:
            return
        if self.unreadable:
            self.notify(f"Not saved: {self.unreadable}", severity="error")
            return
        key, version = self.flow.flow_key, self.flow.version
        data = json.loads(self.query_one(TextArea).text)
        try:
            saved = await call_db(
                self,
                lambda s: s.update_flow(key, {"flow_definition": data}, expected_version=version),
            )
        except Conflict as exc:
            self.notify(f"Not saved: {exc.message}", severity="error", timeout=8)
            return
        except CrewtuiError as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=8)
            return
        self.flow = saved
        self.dirty = False
        app_of(self).data_changed()
        self._title()
        errors = sum(p.severity == "error" for p in self.problems)
        note = f" ({errors} error(s) to fix before export)" if errors else ""
        self.notify(f"Saved flow '{key}' (version {saved.version}){note}.")

    def action_run(self) -> None:
        from .flow_run import FlowRunScreen

        if self.dirty:
            self.notify("Save first (ctrl+s): the saved flow runs.", severity="warning")
            return
        self.app.push_screen(FlowRunScreen(self.key))

    def action_back(self) -> None:
        if self.dirty:
            self.notify("Unsaved changes: ctrl+s saves, escape again leaves.", severity="warning")
            self.dirty = False
            return
        self.dismiss(None)
