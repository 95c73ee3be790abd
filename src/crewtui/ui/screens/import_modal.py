"""Import a crewai project: a dry run first, shown per object and field; then the user decides.

The modal only reads (the dry run rolls back). It answers an :class:`ImportRequest` when the
user confirms; the screen that opened it writes the import, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, LoadingIndicator, Static

from ...domain.errors import CrewtuiError
from ...services.files import show_value
from ..workers import cancelled, db_work, services_for
from .crews_lint import ERROR, WARNING

if TYPE_CHECKING:
    from ...services.importer import ImportReport

ACTION_STYLE = {
    "create": "$text-success",
    "update": "$text-warning",
    "delete": ERROR,
    "unchanged": "dim",
}
ACTION_WORD = {"create": "create", "update": "update", "delete": "delete", "unchanged": "unchanged"}


@dataclass(frozen=True)
class ImportRequest:
    """What the user confirmed: import the project at ``path`` as crew ``crew_name``."""

    path: Path
    crew_name: str


def plan_text(report: ImportReport) -> Content:
    """Every object with its action; the fields of creations and updates (old → new)."""
    plan = report.plan
    n = report.counts()
    summary = f"{n['create']} to create · {n['update']} to update · {n['unchanged']} unchanged"
    if n["delete"]:
        summary += f" · {n['delete']} to delete"
    parts: list[str | tuple[str, str]] = [(f"crew '{plan.crew_name}': ", "bold"), summary]
    for change in plan.changes:
        parts += [
            "\n",
            (f"{ACTION_WORD[change.action]:<9} ", ACTION_STYLE[change.action]),
            (f"{change.kind} ", "bold"),
            change.key,
        ]
        if change.action in ("unchanged", "delete"):
            continue
        for f in change.fields:
            if change.action == "create":
                parts.append(f"\n    {f.field}: {show_value(f.new)}")
            else:
                parts += [
                    f"\n    {f.field}: ",
                    (show_value(f.old), "dim"),
                    " → ",
                    show_value(f.new),
                ]
    if plan.inputs:
        parts.append("\nkickoff inputs in main.py: " + ", ".join(sorted(plan.inputs)))
    for warning in report.warnings:
        parts += ["\n", ("! ", WARNING), (warning.where, "bold"), f": {warning.message}"]
    return Content.assemble(*parts)


def errors_text(exc: CrewtuiError) -> Content:
    """A project that cannot be imported: each problem with its file and line."""
    issues = getattr(exc, "issues", None)
    parts: list[str | tuple[str, str]] = [(f"✗ {exc.title}; nothing would be written", ERROR)]
    if issues:
        for issue in issues:
            parts += ["\n", ("✗ ", ERROR), (issue.where, "bold"), f": {issue.message}"]
    else:
        parts.append(f"\n{exc.message}")
    return Content.assemble(*parts)


class ImportModal(ModalScreen[ImportRequest | None]):
    """Ask for a project path, show the dry run, answer the request the user confirms."""

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    ImportModal #import-box { width: 100; }
    ImportModal .import-row { height: auto; margin-bottom: 1; }
    ImportModal .import-row Label { width: 8; padding-top: 1; }
    ImportModal #import-path { width: 1fr; }
    ImportModal #import-plan { height: auto; margin-bottom: 1; }
    ImportModal #import-loading { height: 3; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    #: rows the box needs besides the plan (border, padding, path, buttons)
    FIXED_ROWS = 12

    class Planned(Message):
        def __init__(
            self, path: Path, report: ImportReport | None, error: CrewtuiError | None = None
        ) -> None:
            super().__init__()
            self.path = path
            self.report = report
            self.error = error

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._initial = path
        #: the dry run shown, when it succeeded
        self.report: ImportReport | None = None
        self._planned_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="dialog-box") as box:
            box.border_title = "Import a crewai project"
            with Horizontal(classes="import-row"):
                yield Label("Path")
                yield Input(
                    self._initial,
                    placeholder="project folder, package folder or crew.jsonc",
                    id="import-path",
                )
                yield Button("Preview", id="preview")
            yield LoadingIndicator(id="import-loading")
            with VerticalScroll(id="import-plan"):
                yield Static(
                    "Give the path and press enter: a dry run shows what would change; nothing "
                    "is written yet.",
                    id="import-plan-text",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", id="import", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one(LoadingIndicator).display = False
        self.query_one("#import-path", Input).focus()
        if self._initial:
            self._preview()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """The plan scrolls so the buttons stay on screen."""
        room = height * 9 // 10  # dialog boxes take at most 90% of the screen
        self.query_one("#import-plan").styles.max_height = max(3, room - self.FIXED_ROWS)

    # ---- the dry run

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Give the path of a crewai project.", severity="error")
            return
        self.report = None
        self.query_one("#import", Button).disabled = True
        self.query_one(LoadingIndicator).display = True
        self.query_one("#import-plan-text", Static).update("Reading the project (dry run)…")
        self.dry_run(Path(text).expanduser())

    @db_work(group="import-dry-run")
    def dry_run(self, path: Path) -> None:
        from ...services.importer import import_project

        try:
            report = import_project(services_for(self), path, dry_run=True)
        except CrewtuiError as exc:
            if not cancelled():
                self.post_message(self.Planned(path, None, exc))
            return
        if not cancelled():
            self.post_message(self.Planned(path, report))

    @on(Planned)
    def _planned(self, event: Planned) -> None:
        self.query_one(LoadingIndicator).display = False
        shown = self.query_one("#import-plan-text", Static)
        button = self.query_one("#import", Button)
        if event.report is None:
            assert event.error is not None
            shown.update(errors_text(event.error))
            button.disabled = True
            return
        self.report = event.report
        self._planned_path = event.path
        shown.update(plan_text(event.report))
        button.disabled = not event.report.plan.has_changes
        if event.report.plan.has_changes:
            button.focus()

    # ---- answers

    @on(Button.Pressed, "#import")
    def _confirm(self) -> None:
        if (
            self.report is not None
            and self._planned_path is not None
            and self.report.plan.has_changes
        ):
            self.dismiss(ImportRequest(self._planned_path, self.report.plan.crew_name))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
