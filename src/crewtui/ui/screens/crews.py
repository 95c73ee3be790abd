"""The Crews section: every crew with its process and size; enter opens the crew builder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ...domain.crew import Crew
from ...domain.errors import CrewtuiError
from ..modals import ConfirmModal
from ..section import Section
from ..widgets.record_table import Column, RecordTable, Row
from ..workers import app_of, call_db, cancelled, db_work, push_when_read, services_for
from .export_modal import ExportModal
from .import_modal import ImportModal, ImportRequest

if TYPE_CHECKING:
    from ...services import Services

COLUMNS = [
    Column("crew_name", "CREW", 20, grow=2, keep=True),
    Column("process_type", "PROCESS", 13),
    Column("members", "MEMBERS", 8),
    Column("status", "STATUS", 9),
    Column("description", "DESCRIPTION", 10, grow=3),
]


def crew_row(crew: Crew) -> Row:
    process = crew.process_type if crew.runnable else f"{crew.process_type} ✗"
    return Row(
        crew.crew_name,
        (crew.crew_name, process, str(len(crew.members)), crew.status, crew.description or ""),
    )


class CrewsSection(Section):
    """The list of crews."""

    holds_keys = True
    section_id = "crews"
    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open"),
        Binding("t", "tasks", "Tasks"),
        Binding("d", "delete", "Delete"),
        Binding("e", "export", "Export"),
        Binding("i", "import", "Import"),
        Binding("ctrl+r", "run", "Run", show=False),
    ]

    class Loaded(Message):
        def __init__(self, crews: list[Crew]) -> None:
            super().__init__()
            self.crews = crews

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.crews: dict[str, Crew] = {}

    def compose(self) -> ComposeResult:
        yield RecordTable(COLUMNS, id="crews-table")
        yield Static("", id="crews-preview", markup=False)

    def focus_default(self) -> None:
        self.query_one(RecordTable).focus()

    # ---- loading

    def refresh_data(self) -> None:
        self.load()

    @db_work(group="crews-list")
    def load(self) -> None:
        crews = services_for(self).list_crews()
        if not cancelled():
            self.post_message(self.Loaded(crews))

    def on_crews_section_loaded(self, message: CrewsSection.Loaded) -> None:
        self.crews = {c.crew_name: c for c in message.crews}
        table = self.query_one(RecordTable)
        keep = table.current.key if table.current else None
        table.empty_text = "No crews yet: n creates one."
        table.set_rows([crew_row(c) for c in message.crews], keep=keep)
        self.data_shown()

    @on(RecordTable.Highlighted, "#crews-table")
    def _preview(self, event: RecordTable.Highlighted) -> None:
        crew = self.crews.get(event.row.key) if event.row else None
        preview = self.query_one("#crews-preview", Static)
        if crew is None:
            preview.update("")
            return
        order = (
            "  ".join(f"{m.sequence_order}. {m.agent_key}" for m in crew.members) or "no members"
        )
        manager = ""
        if crew.process_type == "hierarchical":
            manager = (
                f"   Manager: {crew.manager_llm or 'agent'}"
                if (crew.manager_agent_id or crew.manager_llm)
                else "   Manager: ✗ none"
            )
        preview.update(f"Members: {order}{manager}")

    @on(RecordTable.Selected, "#crews-table")
    def _selected(self, event: RecordTable.Selected) -> None:
        self._open(event.row.key)

    # ---- actions

    def _current(self) -> str | None:
        row = self.query_one(RecordTable).current
        return row.key if row else None

    def _open(self, name: str | None) -> None:
        from .crews_builder import CrewBuilder, fetch_builder

        # the crew is read before the builder is pushed, so its first frame shows it
        push_when_read(
            self,
            self.query_one(RecordTable),
            lambda s: fetch_builder(s, name),
            lambda data: CrewBuilder(name, data),
            group="crews-open",
        )

    def action_open(self) -> None:
        name = self._current()
        if name is not None:
            self._open(name)

    def action_new(self) -> None:
        self._open(None)

    def action_run(self) -> None:
        from .run import RunScreen

        name = self._current()
        if name is not None:
            self.app.push_screen(RunScreen(name))

    def action_tasks(self) -> None:
        name = self._current()
        if name is not None:
            app_of(self).goto("tasks", name)

    async def open_record(self, key: str) -> None:
        self._open(key)

    async def new_record(self) -> None:
        self._open(None)

    def action_delete(self) -> None:
        name = self._current()
        if name is not None:
            self._delete(name)

    @work(exclusive=True, group="crews-delete")
    async def _delete(self, name: str) -> None:
        sure = await self.app.push_screen_wait(
            ConfirmModal(
                "Delete crew",
                f"Delete crew '{name}' with its tasks and memberships? The agents stay.",
                confirm="Delete",
                danger=True,
            )
        )
        if not sure:
            return
        try:
            await call_db(self, lambda s: s.delete_crew(name))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Crew '{name}' deleted.")
        self.load()

    # ---- export and import

    def action_export(self) -> None:
        name = self._current()
        if name is None:
            self.notify("No crew to export.", severity="warning")
            return
        self.app.push_screen(ExportModal(name), self._exported)

    def _exported(self, out_dir: Path | None) -> None:
        if out_dir is not None:
            self.notify(f"Exported to {out_dir}.")

    def action_import(self) -> None:
        self._import()

    @work(exclusive=True, group="crews-import")
    async def _import(self) -> None:
        request = await self.app.push_screen_wait(ImportModal())
        if request is None:
            return
        try:
            counts = await call_db(self, lambda s: apply_import(s, request))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error", timeout=8)
            return
        self.load()
        app_of(self).data_changed()
        done = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
        if await self.app.push_screen_wait(
            ConfirmModal(
                "Imported",
                f"Crews {', '.join(repr(c) for c in request.crews)} imported "
                f"({done or 'nothing changed'}). Open '{request.crew_name}'?"
                if len(request.crews) > 1
                else f"Crew '{request.crew_name}' imported ({done or 'nothing changed'}). Open it?",
                confirm="Open",
            )
        ):
            self._open(request.crew_name)


def apply_import(services: Services, request: ImportRequest) -> dict[str, int]:
    """Write the import in one transaction; created/updated/... counts. Worker threads only."""
    from ...services.importer import import_crews, import_project

    if len(request.crews) > 1:
        reports = import_crews(services, request.path, dry_run=False, crews=request.crews)
    else:
        crew = request.crews[0] if request.crews else None
        reports = [
            import_project(
                services, request.path, dry_run=False, crew_name=request.crew_name, crew=crew
            )
        ]
    n = {"create": 0, "update": 0, "unchanged": 0, "delete": 0}
    for report in reports:
        for action, count in report.counts().items():
            n[action] += count
    return {
        "created": n["create"],
        "updated": n["update"],
        "unchanged": n["unchanged"],
        "deleted": n["delete"],
    }


def palette_action(app: App[Any], action: str) -> None:
    """Export (the crew being edited, else the highlighted one) or import, from the palette."""
    from ..editing import leave_all_editors
    from .crews_builder import CrewBuilder

    async def run() -> None:
        if action == "export" and isinstance(app.screen, CrewBuilder):
            app.screen.action_export()
            return
        if not await leave_all_editors(app):
            return
        main = getattr(app, "get_screen_main", lambda: None)()
        section = await main.show_section("crews") if main is not None else None
        if isinstance(section, CrewsSection) and action == "export":
            section.action_export()
        elif isinstance(section, CrewsSection):
            section.action_import()

    app.run_worker(run(), exclusive=True, group="goto")
