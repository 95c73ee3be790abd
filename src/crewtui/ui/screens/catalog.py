"""Memory configs, departments and tools: a list each, edited with the shared record editor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from ...domain.catalog import Department, MemoryConfig, Tool
from ...domain.errors import InUse
from ..modals import ConfirmModal, InfoModal
from ..section import TableSection
from ..widgets.record_table import Column, RecordTable, Row
from ..workers import app_of, call_db, cancelled, db_work, services_for
from .kinds import DEPARTMENT, MEMORY_CONFIG, TOOL, RecordKind
from .record_editor import RecordEditorScreen, RecordWizardScreen


class CatalogSection(TableSection):
    """A filterable list of one kind of record; enter edits, n creates, d deletes."""

    kind: ClassVar[RecordKind]
    columns: ClassVar[tuple[Column, ...]]
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open", show=False),
        Binding("d", "delete", "Delete"),
    ]

    class Loaded(Message):
        def __init__(self, records: Sequence[Any]) -> None:
            super().__init__()
            self.records = records

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: list[Any] = []

    def cells(self, record: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def describe(self, record: Any) -> str:
        return ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="catalog-bar"):
            yield Input(
                placeholder=f"/ filter {self.kind.noun}s", classes="catalog-filter", compact=True
            )
            yield Static("", classes="catalog-count")
        yield RecordTable(self.columns, classes="catalog-table")
        yield Static("", classes="catalog-preview")

    @db_work(group="catalog-list")
    def load_rows(self) -> None:
        records = self.kind.list_all(services_for(self))
        if not cancelled():
            self.post_message(self.Loaded(records))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.records = list(event.records)
        self.apply_view()

    def apply_view(self) -> None:
        words = self.query_one(".catalog-filter", Input).value.lower().split()
        rows = [Row(r.key, self.cells(r)) for r in self.records]
        if words:
            rows = [r for r in rows if all(w in " ".join(r.cells).lower() for w in words)]
        table = self.table
        table.empty_text = (
            f"No {self.kind.noun}s yet: press n to create one."
            if not self.records
            else "Nothing matches the filter."
        )
        keep, self._keep = self._keep, None
        table.set_rows(rows, keep=keep)
        self.data_shown()
        n = len(self.records)
        count = f"{n} {self.kind.noun}{'s' if n != 1 else ''}"
        if words:
            count += f" · {len(rows)} shown"
        self.query_one(".catalog-count", Static).update(count)

    @on(Input.Changed, ".catalog-filter")
    def _filter_changed(self) -> None:
        self.apply_view()

    def on_key(self, event: Any) -> None:
        self.filter_key(self.query_one(".catalog-filter", Input), event)

    def action_filter(self) -> None:
        self.query_one(".catalog-filter", Input).focus()

    @on(RecordTable.Highlighted)
    def _highlighted(self, event: RecordTable.Highlighted) -> None:
        record = next(
            (r for r in self.records if event.row is not None and r.key == event.row.key), None
        )
        self.query_one(".catalog-preview", Static).update(
            escape(self.describe(record)) if record else ""
        )

    def editor_for(self, key: str) -> Screen[Any]:
        """The screen that edits the record ``key``."""
        return RecordEditorScreen(self.kind, key)

    @on(RecordTable.Selected)
    def _selected(self, event: RecordTable.Selected) -> None:
        self.app.push_screen(self.editor_for(event.row.key))

    def action_open(self) -> None:
        current = self.table.current
        if current is not None:
            self.app.push_screen(self.editor_for(current.key))

    def action_new(self) -> None:
        self.app.push_screen(RecordWizardScreen(self.kind), self._created)

    def _created(self, key: str | None) -> None:
        if key:
            self._keep = key
            self.refresh_data()

    async def open_record(self, key: str) -> None:
        self._keep = key
        await self.app.push_screen(self.editor_for(key))

    async def new_record(self) -> None:
        self.action_new()

    def action_delete(self) -> None:
        current = self.table.current
        if current is not None:
            self._delete(current.key)

    @work(exclusive=True, group="catalog-delete")
    async def _delete(self, key: str) -> None:
        app = app_of(self)
        what = f"{self.kind.title} '{key}'"
        if not await app.push_screen_wait(
            ConfirmModal(
                f"Delete {self.kind.noun}",
                f"Delete {what}? This cannot be undone.",
                confirm="Delete",
                danger=True,
            )
        ):
            return
        kind = self.kind
        try:
            await call_db(self, lambda s: kind.delete(s, key))
        except InUse as exc:
            await app.push_screen_wait(
                InfoModal("Cannot delete", f"{exc.message}\n\nChange those first.")
            )
            return
        except Exception as exc:
            app.report_error(exc)
            return
        self.notify(f"Deleted {what}.")
        self.refresh_data()


class MemoryConfigsSection(CatalogSection):
    section_id = "memory"
    kind = MEMORY_CONFIG
    columns = (
        Column("name", "NAME", 16, grow=2, keep=True),
        Column("storage", "STORAGE", 10),
        Column("embedder", "EMBEDDER", 16, grow=1),
        Column("types", "MEMORY TYPES", 20, grow=1),
    )

    def cells(self, record: MemoryConfig) -> tuple[str, ...]:
        types = [
            name
            for name, on in (
                ("short", record.short_term_enabled),
                ("long", record.long_term_enabled),
                ("entity", record.entity_enabled),
                ("context", record.contextual_enabled),
                ("user", record.user_enabled),
            )
            if on
        ]
        return (
            record.name,
            record.storage_type,
            f"{record.embedder_provider}/{record.embedder_model}",
            ", ".join(types) or "—",
        )

    def describe(self, record: MemoryConfig) -> str:
        return (
            f"Storage: {record.storage_type} · "
            f"{record.storage_connection_string or 'no connection set'} · dimensions "
            f"{record.embedder_dimensions}"
        )


class DepartmentsSection(CatalogSection):
    section_id = "departments"
    kind = DEPARTMENT
    columns = (
        Column("department_key", "KEY", 14, grow=1, keep=True),
        Column("name", "NAME", 18, grow=1),
        Column("parent", "PARENT", 12),
        Column("description", "DESCRIPTION", 16, grow=3),
    )

    def cells(self, record: Department) -> tuple[str, ...]:
        parents = {r.id: r.department_key for r in self.records}
        parent = (
            parents.get(record.parent_department_id, "—") if record.parent_department_id else "—"
        )
        return (record.department_key, record.name, parent, record.description or "")

    def describe(self, record: Department) -> str:
        return record.description or ""


class ToolsSection(CatalogSection):
    section_id = "tools"
    kind = TOOL
    columns = (
        Column("tool_key", "KEY", 16, grow=1, keep=True),
        Column("name", "NAME", 16, grow=1),
        Column("tool_class", "CLASS", 16, grow=1),
        Column("status", "STATUS", 10),
        Column("key", "API KEY", 7),
    )

    def cells(self, record: Tool) -> tuple[str, ...]:
        return (
            record.tool_key,
            record.name,
            record.tool_class or "—",
            record.status,
            "needs" if record.requires_api_key else "",
        )

    def describe(self, record: Tool) -> str:
        return record.description or ""
