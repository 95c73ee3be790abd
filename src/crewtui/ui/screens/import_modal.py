"""Import a crewai project: a dry run first, shown per object and field; then the user decides.

The modal only reads (the dry run rolls back). A project that holds several crews (the crews of
a flow, several @CrewBase classes, a script building several crews) shows them as a list to
tick: all are ticked at first, the dry run follows the choice. It answers an
:class:`ImportRequest` when the user confirms; the screen that opened it writes the import, in
one transaction.
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
from textual.widgets import Button, Input, Label, LoadingIndicator, SelectionList, Static

from ...domain.errors import CrewtuiError
from ...services.files import show_value
from ..workers import cancelled, db_work, services_for
from .crews_lint import ERROR, WARNING

if TYPE_CHECKING:
    from ...services.importer import CrewSource, ImportReport

ACTION_STYLE = {
    "create": "$text-success",
    "update": "$text-warning",
    "delete": ERROR,
    "unchanged": "dim",
}
ACTION_WORD = {"create": "create", "update": "update", "delete": "delete", "unchanged": "unchanged"}


@dataclass(frozen=True)
class ImportRequest:
    """What the user confirmed: import the project at ``path`` as crew ``crew_name``; of a
    project with several crews, the ``crews`` chosen (``crew_name`` is the first)."""

    path: Path
    crew_name: str
    crews: tuple[str, ...] = ()


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
        shown = ", ".join(
            f"{k}={show_value(v) if v else '(empty)'}" for k, v in plan.inputs.items()
        )
        parts.append(f"\nrun inputs from the project: {shown}")
    for warning in report.warnings:
        parts += ["\n", ("! ", WARNING), (warning.where, "bold"), f": {warning.message}"]
    return Content.assemble(*parts)


def plans_text(reports: list[ImportReport]) -> Content:
    """The plans of several crews, one after the other."""
    return Content("\n\n").join(plan_text(r) for r in reports)


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
    ImportModal #import-crews { height: auto; max-height: 8; margin-bottom: 1; }
    ImportModal #import-loading { height: 3; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    #: rows the box needs besides the plan (border, padding, path, buttons)
    FIXED_ROWS = 12

    class Planned(Message):
        def __init__(
            self,
            path: Path,
            reports: list[ImportReport] | None,
            error: CrewtuiError | None = None,
            crews: list[CrewSource] | None = None,
        ) -> None:
            super().__init__()
            self.path = path
            self.reports = reports
            self.error = error
            #: the crews of a project that holds several, when first read
            self.crews = crews

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self._initial = path
        #: the dry run shown, when it succeeded (one report per crew chosen)
        self.reports: list[ImportReport] = []
        self._planned_path: Path | None = None
        #: the crews of the project, when it holds several
        self.crews: list[CrewSource] = []

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
            yield SelectionList[str](id="import-crews")
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
        self.query_one("#import-crews", SelectionList).display = False
        self.query_one("#import-path", Input).focus()
        if self._initial:
            self._preview()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """The plan scrolls so the buttons stay on screen."""
        room = height * 9 // 10  # dialog boxes take at most 90% of the screen
        # the list of crews, when shown: its rows (at most 8, borders included) and margin
        crews = min(len(self.crews) + 2, 8) + 1 if self.crews else 0
        self.query_one("#import-plan").styles.max_height = max(3, room - self.FIXED_ROWS - crews)

    # ---- the dry run

    @property
    def report(self) -> ImportReport | None:
        """The dry run of the first crew chosen."""
        return self.reports[0] if self.reports else None

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#preview")
    def _preview(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.notify("Give the path of a crewai project.", severity="error")
            return
        self.crews = []
        crews = self.query_one("#import-crews", SelectionList)
        crews.clear_options()
        crews.display = False
        self._start(Path(text).expanduser(), None)

    def _start(self, path: Path, chosen: list[str] | None) -> None:
        self.reports = []
        self.query_one("#import", Button).disabled = True
        self.query_one(LoadingIndicator).display = True
        self.query_one("#import-plan-text", Static).update("Reading the project (dry run)…")
        self.dry_run(path, chosen)

    @on(SelectionList.SelectedChanged, "#import-crews")
    def _chosen(self) -> None:
        if not self.crews or self._planned_path is None:
            return
        chosen = list(self.query_one("#import-crews", SelectionList).selected)
        if not chosen:
            self.reports = []
            self.query_one("#import", Button).disabled = True
            self.query_one("#import-plan-text", Static).update("Tick at least one crew.")
            return
        self._start(self._planned_path, chosen)

    @db_work(group="import-dry-run")
    def dry_run(self, path: Path, chosen: list[str] | None) -> None:
        from ...services.importer import import_crews, import_project, project_crews

        services = services_for(self)
        found: list[CrewSource] | None = None
        try:
            if chosen is None:
                sources = project_crews(path)
                if len(sources) > 1:
                    found = sources
                    chosen = [s.name for s in sources]
            if chosen is None:
                reports = [import_project(services, path, dry_run=True)]
            elif len(chosen) == 1:
                reports = [import_project(services, path, dry_run=True, crew=chosen[0])]
            else:
                reports = import_crews(services, path, dry_run=True, crews=chosen)
        except CrewtuiError as exc:
            if not cancelled():
                self.post_message(self.Planned(path, None, exc, found))
            return
        if not cancelled():
            self.post_message(self.Planned(path, reports, crews=found))

    @on(Planned)
    def _planned(self, event: Planned) -> None:
        self.query_one(LoadingIndicator).display = False
        shown = self.query_one("#import-plan-text", Static)
        button = self.query_one("#import", Button)
        self._planned_path = event.path
        if event.crews:
            self.crews = event.crews
            crews = self.query_one("#import-crews", SelectionList)
            with crews.prevent(SelectionList.SelectedChanged):
                crews.clear_options()
                crews.add_options([(s.describe(), s.name, True) for s in event.crews])
            crews.border_title = f"{len(event.crews)} crews in the project: tick the ones to import"
            crews.display = True
            self._fit(self.app.size.height)
        if event.reports is None:
            assert event.error is not None
            shown.update(errors_text(event.error))
            button.disabled = True
            return
        self.reports = event.reports
        shown.update(plans_text(event.reports))
        changes = any(r.plan.has_changes for r in event.reports)
        button.disabled = not changes
        if changes and not event.crews:
            button.focus()

    # ---- answers

    @on(Button.Pressed, "#import")
    def _confirm(self) -> None:
        if (
            self.reports
            and self._planned_path is not None
            and any(r.plan.has_changes for r in self.reports)
        ):
            chosen = tuple(self.query_one("#import-crews", SelectionList).selected)
            self.dismiss(
                ImportRequest(
                    self._planned_path,
                    self.reports[0].plan.crew_name,
                    chosen if self.crews else (),
                )
            )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
