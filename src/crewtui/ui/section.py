"""The base of every section panel on the main screen."""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical


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

    def refresh_data(self) -> None:
        """Reload what the section shows."""

    async def open_record(self, key: str) -> None:
        """Show (open) the record named ``key``: an agent_key, a crew_name, ``crew/task`` for a
        task, a memory config name, a department_key or a tool_key."""

    async def new_record(self) -> None:
        """Start creating a record of this section's kind."""

    def focus_default(self) -> None:
        """Put the focus where the user starts typing."""
        self.focus()
