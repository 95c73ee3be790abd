"""The agent list: filter as you type, sort, a preview that follows the cursor."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from ...domain.errors import InUse
from ...services.first_page import FIRST_PAGE
from ..search import RecentResults, SearchIndex, words_of
from ..section import TableSection
from ..widgets.filter_input import FilterInput
from ..widgets.record_table import Column, RecordTable, Row, RowView
from ..workers import app_of, call_db, cancelled, db_work, push_when_read, services_for
from .agent_preview import preview_markup

if TYPE_CHECKING:
    from .agent_editor import AgentEditorScreen

COLUMNS = (
    Column("agent_key", "KEY", 20, grow=2, keep=True),
    Column("role", "ROLE", 14, grow=3, keep=True),
    Column("department", "DEPT", 10, grow=1),
    Column("llm_model", "LLM", 14, grow=1),
    Column("status", "STATUS", 8),
    Column("flags", "⚑", 4),
)
SORTS = ("agent_key", "role", "department", "llm_model", "status", "flags")


def _sort_value(summary: Any, key: str) -> str:
    if key == "department":
        return (summary.department_name or "").lower()
    return (getattr(summary, key) or "").lower()


def _haystack(summary: Any) -> str:
    return " ".join(
        x
        for x in (
            summary.agent_key,
            summary.name,
            summary.role,
            summary.department_key,
            summary.department_name,
        )
        if x
    ).lower()


def _short_llm(model: str | None) -> str:
    # OpenAI is crewai's default provider: its prefix says nothing in a narrow column
    if not model:
        return "—"
    return model.removeprefix("openai/")


def _editor(key: str, preloaded: Any = None) -> AgentEditorScreen:
    # the editor and its pydantic models load when first opened, not before the first frame
    from .agent_editor import AgentEditorScreen

    return AgentEditorScreen(key, preloaded)


def _row(summary: Any) -> Row:
    return Row(
        summary.agent_key,
        (
            summary.agent_key,
            summary.role,
            summary.department_name or "—",
            _short_llm(summary.llm_model),
            summary.status,
            summary.flags,
        ),
    )


class AgentsSection(TableSection):
    section_id = "agents"
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open", show=False),
        Binding("d", "delete", "Delete"),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
        Binding("c", "generate", "Generate code"),
    ]

    class Loaded(Message):
        def __init__(self, summaries: Sequence[Any], *, complete: bool = True) -> None:
            super().__init__()
            self.summaries = summaries
            self.complete = complete

    class UsageLoaded(Message):
        def __init__(self, key: str, usage: Any) -> None:
            super().__init__()
            self.key = key
            self.usage = usage

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: list[Any] = []
        #: the summaries in display order: sorted once per sort order, filtered per key
        self._ordered: list[Any] = []
        self._index = SearchIndex([])
        #: agent_key -> position in ``_ordered``
        self._position: dict[str, int] = {}
        #: table rows by position, built when first drawn
        self._rows: dict[int, Row] = {}
        #: recent filters and their results: erasing a key finds its result here, and typing
        #: forward narrows a result instead of searching all
        self._results = RecentResults(0)
        self._by_key: dict[str, Any] = {}
        self.sort_key = "agent_key"
        self.descending = False
        self._loaded = False
        self._complete = True
        self._usage_timer: Timer | None = None
        #: the row key the preview shows, in a tuple (a key may be None: no row); None when the
        #: preview must be drawn again
        self._previewed: tuple[str | None] | None = None
        self._preview_pending = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="agents-bar"):
            yield FilterInput(
                placeholder="/ filter: key, name, role, department",
                id="agents-filter",
                compact=True,
            )
            yield Static("", id="agents-count", markup=False)
        table = RecordTable(COLUMNS, id="agents-table")
        table.set_sort(self.sort_key, self.descending)
        yield table
        yield Static("", id="agents-preview")

    # ---- loading

    @db_work(group="agents-list")
    def load_rows(self) -> None:
        services = services_for(self)
        if not self._loaded:
            # a first screenful at once; a large list follows in the same worker
            first = services.list_agents(limit=FIRST_PAGE)
            if len(first) < FIRST_PAGE:
                self.post_message(self.Loaded(first))
                return
            self.post_message(self.Loaded(first, complete=False))
        summaries = services.list_agents()
        if not cancelled():
            self.post_message(self.Loaded(summaries))

    def show_first_page(self, summaries: Sequence[Any], *, complete: bool) -> bool:
        """Rows read before the database was fully open (the first page in key order); the
        complete list replaces them. False when the list already has its rows."""
        if self._loaded or self.sort_key != "agent_key" or self.descending:
            return False
        self._loaded_rows(self.Loaded(summaries, complete=complete))
        return True

    @on(Loaded)
    def _loaded_rows(self, event: Loaded) -> None:
        self.summaries = list(event.summaries)
        self._by_key = {s.agent_key: s for s in self.summaries}
        self._loaded = True
        self._complete = event.complete
        if event.complete:
            # the list lives as long as the screen: the cycle collector need not walk it
            # again and again (at 100,000 agents a full collection took half a second)
            gc.freeze()
        # the agent under the cursor may have changed: its preview and usage are read again
        self._previewed = None
        self._order()
        self.apply_view()

    def _order(self) -> None:
        key = self.sort_key
        self._ordered = sorted(
            self.summaries,
            key=lambda s: (_sort_value(s, key), s.agent_key),
            reverse=self.descending,
        )
        self._index = SearchIndex([_haystack(s) for s in self._ordered])
        self._position = {s.agent_key: i for i, s in enumerate(self._ordered)}
        self._rows = {}
        # positions change with the order: at most twice the list's length is held
        self._results = RecentResults(2 * len(self._ordered))

    def _row_at(self, position: int) -> Row:
        row = self._rows.get(position)
        if row is None:
            row = self._rows[position] = _row(self._ordered[position])
        return row

    def _matches(self, words: list[str]) -> Sequence[int]:
        if not words:
            return range(len(self._ordered))
        return self._results.find(self._index, words)

    def apply_view(self, *, keep_cursor: bool = True) -> None:
        """Filter the sorted rows into the table (in memory: fast at 100k).

        A new filter puts the cursor on the best (first) match; a reload keeps it where it was.
        """
        words = words_of(self.query_one("#agents-filter", Input).value)
        shown = self._matches(words)
        table = self.table
        current = table.current
        keep = self._keep or (current.key if current is not None and keep_cursor else None)
        self._keep = None
        table.empty_text = (
            "No agent matches the filter."
            if self.summaries
            else "No agents yet: press n to create one."
        )
        table.set_rows(RowView(shown, self._row_at, self._position.get), keep=keep)
        self.data_shown()
        total = len(self.summaries)
        count = f"{total} agent{'s' if total != 1 else ''}" + (
            "" if self._complete else "+ (loading)"
        )
        if words:
            count += f" · {len(shown)} shown"
        # the count has a fixed width: no layout pass of the screen per key
        self.query_one("#agents-count", Static).update(count, layout=False)

    # ---- filter and sort

    def on_mount(self) -> None:
        # the list follows the text in the handler of the key itself (a Changed message is
        # handled after the screen drew the field alone: the rows would come a frame later)
        self.watch(
            self.query_one("#agents-filter", Input), "value", self._filter_changed, init=False
        )

    def _filter_changed(self) -> None:
        # every key is filtered at once, whatever the list's length (a few ms at 100,000)
        if self._loaded:
            self.apply_view(keep_cursor=False)

    def on_key(self, event: Any) -> None:
        self.filter_key(self.query_one("#agents-filter", Input), event)

    def action_generate(self) -> None:
        current = self.table.current
        if current is not None:
            app_of(self).generate_code(current.key)

    def action_filter(self) -> None:
        self.query_one("#agents-filter", Input).focus()

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.descending = False
        self._sorted()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._sorted()

    @on(RecordTable.HeaderClicked, "#agents-table")
    def _header_clicked(self, event: RecordTable.HeaderClicked) -> None:
        if event.column.key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key, self.descending = event.column.key, False
        self._sorted()

    def _sorted(self) -> None:
        self.table.set_sort(self.sort_key, self.descending)
        self._order()
        self.apply_view()

    # ---- preview

    @on(RecordTable.Highlighted, "#agents-table")
    def _highlighted(self, event: RecordTable.Highlighted) -> None:
        if self._preview_pending:
            return
        # after the frame that shows the rows and the count: a key shows its result first,
        # and several highlights before that frame make one preview
        self._preview_pending = True
        self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._preview_pending = False
        current = self.table.current
        key = current.key if current is not None else None
        if self._previewed == (key,):
            return  # the preview shows this row already (a new filter with the same first match)
        self._previewed = (key,)
        summary = self._summary(key) if key is not None else None
        self._show_preview(summary, None)
        if self._usage_timer is not None:
            self._usage_timer.stop()
            self._usage_timer = None
        if summary is not None:
            # holding an arrow key should not queue a query per row passed
            if app_of(self).settings.deterministic:
                self.load_usage(summary.agent_key)
            else:
                self._usage_timer = self.set_timer(0.15, lambda: self.load_usage(summary.agent_key))

    def _summary(self, key: str) -> Any:
        return self._by_key.get(key)

    @db_work(group="agents-preview")
    def load_usage(self, key: str) -> None:
        usage = services_for(self).agent_usage(key)
        if not cancelled():
            self.post_message(self.UsageLoaded(key, usage))

    @on(UsageLoaded)
    def _usage_loaded(self, event: UsageLoaded) -> None:
        current = self.table.current
        if current is not None and current.key == event.key:
            self._show_preview(self._summary(event.key), event.usage)

    def _show_preview(self, summary: Any, usage: Any) -> None:
        preview = self.query_one("#agents-preview", Static)
        if summary is None:
            preview.update("", layout=False)
            return
        # the preview has a fixed size: no layout pass per cursor move
        preview.update(preview_markup(summary, usage), layout=False)

    # ---- open, new, delete

    def action_open(self) -> None:
        current = self.table.current
        if current is not None:
            self._open(current.key)

    @on(RecordTable.Selected, "#agents-table")
    def _selected(self, event: RecordTable.Selected) -> None:
        self._open(event.row.key)

    def _open(self, key: str) -> None:
        from .kinds import AGENT

        def fetch(services: Any) -> tuple[Any, Any]:
            record = AGENT.get(services, key)
            return record, AGENT.load_choices(services, record)

        # the agent is read before the editor is pushed, so its first frame shows the fields
        push_when_read(
            self, self.table, fetch, lambda loaded: _editor(key, loaded), group="agents-open"
        )

    def action_new(self) -> None:
        from .agent_editor import AgentWizardScreen

        self.app.push_screen(AgentWizardScreen(), self._created)

    def _created(self, key: str | None) -> None:
        if key:
            self._keep = key
            self.refresh_data()

    async def open_record(self, key: str) -> None:
        self._keep = key
        self.refresh_data()
        await self.app.push_screen(_editor(key))

    async def new_record(self) -> None:
        self.action_new()

    def action_delete(self) -> None:
        current = self.table.current
        if current is not None:
            self._delete(current.key)

    @work(exclusive=True, group="agents-delete")
    async def _delete(self, key: str) -> None:
        from ..modals import ConfirmModal, InfoModal  # loaded when first needed

        app = app_of(self)
        try:
            refs = await call_db(self, lambda s: s.agent_references(key))
        except Exception as exc:
            app.report_error(exc)
            return
        if refs:
            listed = "\n".join(f"  • {r}" for r in refs)
            await app.push_screen_wait(
                InfoModal(
                    "Cannot delete",
                    f"Agent '{key}' is still used by:\n{listed}\n\nRemove it from these first.",
                )
            )
            return
        if not await app.push_screen_wait(
            ConfirmModal(
                "Delete agent",
                f"Delete agent '{key}'? Nothing refers to it. This cannot be undone.",
                confirm="Delete",
                danger=True,
            )
        ):
            return
        try:
            await call_db(self, lambda s: s.delete_agent(key))
        except InUse as exc:
            await app.push_screen_wait(InfoModal("Cannot delete", exc.message))
            return
        except Exception as exc:
            app.report_error(exc)
            return
        self.notify(f"Deleted agent '{key}'.")
        self.refresh_data()
