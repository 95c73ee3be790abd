"""The base of every section panel on the main screen."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Input

from .type_ahead import hold_keys, keys_ready
from .widgets.record_table import RecordTable


class Section(Vertical):
    """A panel of the main screen (Agents, Crews, ...).

    The main screen mounts it the first time it is shown and then calls:

    - :meth:`refresh_data` each time the section is shown and after other screens saved
      something (load rows in a ``@db_work`` thread worker, never in the handler);
    - :meth:`open_record` when the palette jumps to one of its records;
    - :meth:`new_record` for the palette's "New ..." command.

    ``BINDINGS`` of a section show in the footer and on the help screen.
    """

    DEFAULT_CLASSES = "section"
    #: the id in :data:`crewtui.ui.sections.SECTIONS`
    section_id: ClassVar[str] = ""
    #: keys typed while the rows load wait for them (the section calls :meth:`data_shown`)
    holds_keys: ClassVar[bool] = False

    def refresh_data(self) -> None:
        """Reload what the section shows."""

    def reload(self) -> None:
        """:meth:`refresh_data`, with the keys typed meanwhile kept until the data is shown."""
        if self.holds_keys:
            hold_keys(self)
        self.refresh_data()

    def data_shown(self) -> None:
        """The rows are on screen: keys typed ahead go on to them."""
        keys_ready(self)

    async def open_record(self, key: str) -> None:
        """Show (open) the record named ``key``: an agent_key, a crew_name, ``crew/task`` for a
        task, a memory config name, a department_key or a tool_key."""

    async def new_record(self) -> None:
        """Start creating a record of this section's kind."""

    def focus_default(self) -> None:
        """Put the focus where the user starts typing."""
        self.focus()


class TableSection(Section):
    """A section built around one :class:`RecordTable`.

    A reload keeps the cursor on the record it was on, or on ``_keep`` when whoever asked
    for the reload named a record (one just created, one the palette jumps to); the
    section's ``apply_view`` hands it to :meth:`RecordTable.set_rows` and clears it.
    """

    _keep: str | None = None
    holds_keys = True

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    def focus_default(self) -> None:
        self.table.focus()

    def refresh_data(self) -> None:
        current = self.table.current
        if current is not None and self._keep is None:
            self._keep = current.key
        self.load_rows()

    def load_rows(self) -> object:
        """Start loading the rows (a ``@db_work`` thread worker)."""
        raise NotImplementedError

    def filter_key(self, field: Input, event: Key) -> None:
        """The keys of the filter field: enter, down and pagedown go into the list on the
        best match; escape clears the filter and goes back to the list.

        The focus moves before the next key is taken (``Widget.focus`` would move it after
        the keys already typed): "enter enter" typed at once opens the best match."""
        if not field.has_focus or event.key not in ("enter", "down", "pagedown", "escape"):
            return
        if event.key == "escape":
            field.value = ""
        event.stop()
        event.prevent_default()
        self.screen.set_focus(self.table, scroll_visible=False)
