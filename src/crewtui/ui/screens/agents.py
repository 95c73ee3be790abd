"""The agent list: filter as you type, sort, a preview that follows the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from ...domain.errors import InUse
from ..modals import ConfirmModal, InfoModal
from ..search import SearchIndex, narrows, words_of
from ..section import Section
from ..widgets.record_table import Column, RecordTable, Row, RowView
from ..workers import app_of, call_db, cancelled, db_work, services_for
from .agent_editor import AgentEditorScreen, AgentWizardScreen

COLUMNS = (
    Column("agent_key", "KEY", 20, grow=2),
    Column("role", "ROLE", 14, grow=3),
    Column("department", "DEPT", 10, grow=1),
    Column("llm_model", "LLM", 14, grow=1),
    Column("status", "STATUS", 8),
    Column("flags", "⚑", 4),
)
#: rows fetched first so a large list shows at once
FIRST_PAGE = 200
#: lists longer than this are filtered when typing pauses
DEBOUNCE_ABOVE = 5000
SORTS = ("agent_key", "role", "department", "llm_model", "status", "flags")


def _sort_value(summary: Any, key: str) -> str:
    if key == "department":
        return (summary.department_name or "").lower()
    return (getattr(summary, key) or "").lower()


def _haystack(summary: Any) -> str:
    return " ".join(
        x for x in (summary.agent_key, summary.name, summary.role, summary.department_key, summary.department_name) if x
    ).lower()


def _short_llm(model: str | None) -> str:
    # OpenAI is crewai's default provider: its prefix says nothing in a narrow column
    if not model:
        return "—"
    return model.removeprefix("openai/")


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


class AgentsSection(Section):
    section_id = "agents"
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open", show=False),
        Binding("d", "delete", "Delete"),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
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
        #: the last filter and its result: typing forward narrows it instead of searching all
        self._last_words: list[str] | None = None
        self._last_hits: Sequence[int] = ()
        self._by_key: dict[str, Any] = {}
        self.sort_key = "agent_key"
        self.descending = False
        self._keep: str | None = None
        self._loaded = False
        self._complete = True
        self._usage_timer: Timer | None = None
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="agents-bar"):
            yield Input(placeholder="/ filter: key, name, role, department", id="agents-filter", compact=True)
            yield Static("", id="agents-count")
        table = RecordTable(COLUMNS, id="agents-table")
        table.set_sort(self.sort_key, self.descending)
        yield table
        yield Static("", id="agents-preview")

    @property
    def table(self) -> RecordTable:
        return self.query_one("#agents-table", RecordTable)

    def focus_default(self) -> None:
        self.table.focus()

    # ---- loading

    def refresh_data(self) -> None:
        current = self.table.current
        if current is not None and self._keep is None:
            self._keep = current.key
        self.load_rows()

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

    @on(Loaded)
    def _loaded_rows(self, event: Loaded) -> None:
        self.summaries = list(event.summaries)
        self._by_key = {s.agent_key: s for s in self.summaries}
        self._loaded = True
        self._complete = event.complete
        self._order()
        self.apply_view()

    def _order(self) -> None:
        key = self.sort_key
        self._ordered = sorted(self.summaries, key=lambda s: (_sort_value(s, key), s.agent_key), reverse=self.descending)
        self._index = SearchIndex([_haystack(s) for s in self._ordered])
        self._position = {s.agent_key: i for i, s in enumerate(self._ordered)}
        self._rows = {}
        self._last_words = None
        self._last_hits = ()

    def _row_at(self, position: int) -> Row:
        row = self._rows.get(position)
        if row is None:
            row = self._rows[position] = _row(self._ordered[position])
        return row

    def _matches(self, words: list[str]) -> Sequence[int]:
        if not words:
            self._last_words = None
            return range(len(self._ordered))
        within = self._last_hits if self._last_words is not None and narrows(self._last_words, words) else None
        hits = self._index.search(words, within)
        self._last_words, self._last_hits = words, hits
        return hits

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
        table.empty_text = "No agent matches the filter." if self.summaries else "No agents yet: press n to create one."
        table.set_rows(RowView(shown, self._row_at, self._position.get), keep=keep)
        total = len(self.summaries)
        count = f"{total} agent{'s' if total != 1 else ''}" + ("" if self._complete else "+ (loading)")
        if words:
            count += f" · {len(shown)} shown"
        # the count has a fixed width: no layout pass of the screen per key
        self.query_one("#agents-count", Static).update(count, layout=False)

    # ---- filter and sort

    @on(Input.Changed, "#agents-filter")
    def _filter_changed(self) -> None:
        if not self._loaded:
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if len(self.summaries) > DEBOUNCE_ABOVE and not app_of(self).settings.deterministic:
            # a big list is filtered once the typing pauses, not per key
            self._filter_timer = self.set_timer(0.12, lambda: self.apply_view(keep_cursor=False))
        else:
            self.apply_view(keep_cursor=False)

    @on(Input.Submitted, "#agents-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: Any) -> None:
        field = self.query_one("#agents-filter", Input)
        if not field.has_focus:
            return
        if event.key in ("down", "pagedown"):
            # into the list, on the best match
            self.table.focus()
            event.stop()
        elif event.key == "escape":
            if field.value:
                field.value = ""
            else:
                self.table.focus()
            event.stop()

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
        summary = self._summary(event.row.key) if event.row is not None else None
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
        flags = {"M": "memory", "R": "reasoning", "V": "multimodal", "C": "code execution"}
        title = summary.name if summary.name == summary.role else f"{summary.name} · {summary.role}"
        lines = [
            f"[b]{escape(title)}[/]  [dim]{escape(summary.llm_model or '')}[/]",
            f"[dim]Goal:[/] {escape(' '.join(summary.goal.split()))}",
        ]
        if usage is None:
            lines.append("[dim]…[/]")
        else:
            crews = ", ".join(
                f"{escape(c.crew_name)} ({escape(c.role_in_crew or 'member')}, #{c.position + 1})" for c in usage.crews
            ) or "none"
            managed = f"   [dim]Manages:[/] {escape(', '.join(usage.manager_of))}" if usage.manager_of else ""
            last = usage.last_executed_at.strftime("%Y-%m-%d") if usage.last_executed_at else "never"
            lines.append(f"[dim]Crews:[/] {crews}{managed}   [dim]Tasks:[/] {usage.task_count}   [dim]Last run:[/] {last}")
        on = [name for c, name in flags.items() if c in summary.flags]
        if on:
            lines.append(f"[dim]Flags:[/] {', '.join(on)}")
        # the preview has a fixed size: no layout pass per cursor move
        preview.update("\n".join(lines), layout=False)

    # ---- open, new, delete

    def action_open(self) -> None:
        current = self.table.current
        if current is not None:
            self.app.push_screen(AgentEditorScreen(current.key))

    @on(RecordTable.Selected, "#agents-table")
    def _selected(self, event: RecordTable.Selected) -> None:
        self.app.push_screen(AgentEditorScreen(event.row.key))

    def action_new(self) -> None:
        self.app.push_screen(AgentWizardScreen(), self._created)

    def _created(self, key: str | None) -> None:
        if key:
            self._keep = key
            self.refresh_data()

    async def open_record(self, key: str) -> None:
        self._keep = key
        self.refresh_data()
        await self.app.push_screen(AgentEditorScreen(key))

    async def new_record(self) -> None:
        self.action_new()

    def action_delete(self) -> None:
        current = self.table.current
        if current is not None:
            self._delete(current.key)

    @work(exclusive=True, group="agents-delete")
    async def _delete(self, key: str) -> None:
        app = app_of(self)
        try:
            refs = await call_db(self, lambda s: s.agent_references(key))
        except Exception as exc:
            app.report_error(exc)
            return
        if refs:
            listed = "\n".join(f"  • {r}" for r in refs)
            await app.push_screen_wait(
                InfoModal("Cannot delete", f"Agent '{key}' is still used by:\n{listed}\n\nRemove it from these first.")
            )
            return
        if not await app.push_screen_wait(
            ConfirmModal("Delete agent", f"Delete agent '{key}'? Nothing refers to it. This cannot be undone.", confirm="Delete", danger=True)
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
