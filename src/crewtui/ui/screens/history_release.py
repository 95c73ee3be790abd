"""The crew builder's releases: freeze the crew as it is now under a name, and see what
changed since each release (which agent fields, which tasks, tools, settings)."""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static

from ...domain.errors import CrewtuiError
from ..workers import call_db
from .history import show


class ReleasesModal(ModalScreen[None]):
    DEFAULT_CSS = """
    ReleasesModal { align: center middle; }
    ReleasesModal > Vertical { width: 100; height: 90%; border: round $primary; padding: 0 1; }
    ReleasesModal #release-list { height: 8; }
    ReleasesModal #release-diff { height: 1fr; overflow-y: auto; }
    ReleasesModal Horizontal { height: auto; }
    ReleasesModal #release-name { width: 30; }
    ReleasesModal #release-note { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, crew: str) -> None:
        super().__init__()
        self.crew = crew
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Releases of {self.crew}"
            with Horizontal():
                yield Input(placeholder="release name (v1, demo-june…)", id="release-name")
                yield Input(placeholder="note (optional)", id="release-note")
                yield Button("Freeze now", id="release-create", variant="primary")
            table: DataTable[str] = DataTable(id="release-list", cursor_type="row")
            table.add_columns("Release", "By", "At", "Note")
            yield table
            yield Static("Pick a release to see what changed since.", id="release-diff")

    def on_mount(self) -> None:
        self.query_one("#release-name", Input).focus()
        self.reload()

    @work(group="releases-load", exclusive=True)
    async def reload(self) -> None:
        infos = await call_db(self, lambda s: s.list_releases(self.crew))
        table = self.query_one("#release-list", DataTable)
        table.clear()
        self.names = [i.name for i in infos]
        for i in infos:
            at = i.created_at.strftime("%Y-%m-%d %H:%M") if i.created_at else ""
            table.add_row(i.name, i.created_by, at, i.note or "", key=i.name)

    @on(Input.Submitted)
    @on(Button.Pressed, "#release-create")
    def _create(self) -> None:
        name = self.query_one("#release-name", Input).value.strip()
        note = self.query_one("#release-note", Input).value.strip() or None
        if name:
            self.freeze(name, note)
        else:
            self.notify("Name the release.", severity="warning")

    @work(group="releases-create")
    async def freeze(self, name: str, note: str | None) -> None:
        try:
            await call_db(self, lambda s: s.create_release(self.crew, name, note=note))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Released {self.crew} as {name}.")
        self.query_one("#release-name", Input).value = ""
        self.reload()

    @on(DataTable.RowHighlighted)
    def _picked(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self.diff(str(event.row_key.value))

    @work(group="releases-diff", exclusive=True)
    async def diff(self, name: str) -> None:
        d = await call_db(self, lambda s: s.release_diff(self.crew, name))
        lines = [f"[b]{escape(name)}[/b] → [b]now[/b]"]
        if not d.changes:
            lines.append("  no difference")
        for c in d.changes:
            lines.append(f"  {c.change} {c.kind.replace('_', ' ')} [b]{escape(c.key)}[/b]")
            lines += [
                f"      {escape(f.field)}: [red]{escape(show(f.field, f.left, {}))}[/red] → "
                f"[green]{escape(show(f.field, f.right, {}))}[/green]"
                for f in c.fields
            ]
        self.query_one("#release-diff", Static).update("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
