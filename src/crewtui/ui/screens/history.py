"""A record's history: who changed it, when, through which path, and what, with a diff of
the highlighted revision against the current values (or against a marked revision).

``r`` restores the highlighted revision and ``u`` undoes the last change (both are new
recorded changes; a record changed since the screen loaded is a conflict), ``b`` brings a
deleted record back, ``m`` marks a revision to diff against, ``escape`` closes.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...domain.errors import CrewtuiError
from ...services.history_types import Diff, RecordHistory, RestoreReport
from ..modals import ConfirmModal
from ..widgets.footer import KeysFooter
from ..workers import call_db, db_work, services_for

PAGE = 200


def show(field: str, value: Any, names: dict[str, str], width: int = 50) -> str:
    if value is None:
        return "-"
    if field == "members":
        text = ", ".join(names.get(m[0], m[0]) + (f" ({m[1]})" if m[1] else "") for m in value)
        return text or "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(names.get(str(v), str(v)) for v in value) + "]"
    text = names.get(value, str(value)) if isinstance(value, str) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


class HistoryScreen(Screen[bool]):
    """Dismissed with True when a restore, undo or bring-back changed the record."""

    DEFAULT_CLASSES = "history-screen"
    DEFAULT_CSS = """
    HistoryScreen #history-title { height: 1; padding: 0 1; background: $boost; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-diff { height: 1fr; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("m", "mark", "Mark for diff"),
        Binding("r", "restore", "Restore"),
        Binding("u", "undo", "Undo last"),
        Binding("b", "bring_back", "Bring back", show=False),
    ]

    class Loaded(Message):
        def __init__(self, history: RecordHistory) -> None:
            super().__init__()
            self.history = history

    class DiffLoaded(Message):
        def __init__(self, diff: Diff | None, revision: int) -> None:
            super().__init__()
            self.diff = diff
            self.revision = revision

    def __init__(self, kind: str, key: str) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.history: RecordHistory | None = None
        self.marked: int | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Vertical():
            yield Static(
                f"History of {self.kind.replace('_', ' ')} {escape(self.key)}", id="history-title"
            )
            table: DataTable[str] = DataTable(
                id="history-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Rev", "When", "Who", "Via", "Action", "Changed")
            yield table
            yield Static("Loading…", id="history-diff")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    @db_work(group="history")
    def load(self) -> None:
        self.post_message(
            self.Loaded(services_for(self).record_history(self.kind, self.key, limit=PAGE))
        )

    def on_history_screen_loaded(self, message: Loaded) -> None:
        h = self.history = message.history
        state = "deleted" if not h.exists else (f"version {h.version}" if h.version else "")
        more = f", newest {len(h.revisions)} shown" if len(h.revisions) < h.total else ""
        self.query_one("#history-title", Static).update(
            f"History of {h.kind.replace('_', ' ')} {escape(h.key)}  ({state}; {h.total} "
            f"revisions{more})"
        )
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for r in h.revisions:
            changed = "all fields (kept)" if r.action == "delete" else ", ".join(r.changes) or "-"
            mark = "◆ " if r.id == self.marked else ""
            table.add_row(
                f"{mark}{r.id}",
                r.at.strftime("%Y-%m-%d %H:%M"),
                r.actor,
                r.via,
                r.action,
                changed,
                key=str(r.id),
            )
        table.focus()
        if h.revisions:
            self._show_diff(h.revisions[0].id)
        else:
            self.query_one("#history-diff", Static).update("No recorded change yet.")

    def _selected(self) -> int | None:
        table = self.query_one("#history-table", DataTable)
        if self.history is None or not self.history.revisions or table.row_count == 0:
            return None
        return self.history.revisions[min(table.cursor_row, len(self.history.revisions) - 1)].id

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        revision = self._selected()
        if revision is not None:
            self._show_diff(revision)

    def _show_diff(self, revision: int) -> None:
        assert self.history is not None
        if not self.history.exists and self.marked is None:
            self.diff_between(revision, None, current=False)
        else:
            self.diff_between(revision, self.marked, current=True)

    @db_work(group="history-diff")
    def diff_between(self, revision: int, other: int | None, current: bool) -> None:
        diff = (
            services_for(self).history_diff(self.kind, self.key, revision, other)
            if current
            else None
        )
        self.post_message(self.DiffLoaded(diff, revision))

    def on_history_screen_diff_loaded(self, message: DiffLoaded) -> None:
        pane = self.query_one("#history-diff", Static)
        d = message.diff
        if d is None:
            pane.update(f"Revision {message.revision}: deleted record; b brings it back.")
            return
        lines = [f"[b]{escape(d.left)}[/b] → [b]{escape(d.right)}[/b]"]
        if not d.fields:
            lines.append("  no difference")
        for f in d.fields:
            lines.append(
                f"  {escape(f.field)}: [red]{escape(show(f.field, f.left, d.names))}[/red] → "
                f"[green]{escape(show(f.field, f.right, d.names))}[/green]"
            )
        pane.update("\n".join(lines))

    # ---- actions

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_mark(self) -> None:
        revision = self._selected()
        self.marked = None if revision == self.marked else revision
        if self.history is not None:
            self.on_history_screen_loaded(self.Loaded(self.history))

    def action_restore(self) -> None:
        revision = self._selected()
        if revision is None or self.history is None:
            return
        version = self.history.version
        self._confirm_then(
            f"Restore revision {revision}?",
            "The record takes the values it had right after that revision (a new change).",
            lambda s: s.restore_revision(self.kind, self.key, revision, expected_version=version),
        )

    def action_undo(self) -> None:
        if self.history is None:
            return
        version = self.history.version
        self._confirm_then(
            "Undo the last saved change?",
            "An edit is reverted, a creation deleted, a deletion brought back.",
            lambda s: s.undo_last(self.kind, self.key, expected_version=version),
        )

    def action_bring_back(self) -> None:
        if self.history is not None and not self.history.exists:
            self._confirm_then(
                "Bring the record back?",
                "It is recreated from its last values, with the links that still exist.",
                lambda s: s.bring_back(self.kind, self.key),
            )

    def _confirm_then(self, title: str, message: str, call: Any) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(call)

        self.app.push_screen(ConfirmModal(title, message, confirm="Go ahead"), answered)

    @work(group="history-apply")
    async def _apply(self, call: Any) -> None:
        try:
            report: RestoreReport = await call_db(self, call)
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            self.load()
            return
        self.changed = True
        skipped = "; ".join(f"{f}: {why}" for f, why in report.skipped)
        self.notify(
            f"{report.action}: {report.kind.replace('_', ' ')} {report.key}"
            + (f". Not restored: {skipped}" if skipped else ""),
            severity="warning" if skipped else "information",
        )
        self.key = report.key if self.kind != "task" else self.key
        self.load()
