"""Screens that may hold unsaved changes, and the one question asked before leaving them.

Every way out (escape, a palette jump, switching section, quitting) goes through
:func:`confirm_leave`, which asks Save / Discard / Cancel when the screen is dirty.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from .modals import SaveDiscardCancel


class EditorScreen(Screen[Any]):
    """Base of screens that edit records. Subclasses implement the four hooks."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def has_unsaved_changes(self) -> bool:
        return False

    def unsaved_description(self) -> str:
        """Names what is being edited, for the question ("Agent 'x'")."""
        return "This screen"

    async def save_changes(self) -> bool:
        """Save; True when saved (False leaves the user on the screen to fix things)."""
        return True

    def discard_changes(self) -> None:
        """Forget the edits (the screen is about to close)."""

    def action_back(self) -> None:
        self.run_worker(self._back(), exclusive=True, group="leave")

    async def _back(self) -> None:
        if await confirm_leave(self):
            self.dismiss(None)

    def action_save(self) -> None:
        self.run_worker(self.save_changes(), exclusive=True, group="save")


async def confirm_leave(screen: Screen[Any]) -> bool:
    """True when ``screen`` may close: clean, saved, or its changes discarded.

    Call from a worker (it waits for the user's answer).
    """
    if not isinstance(screen, EditorScreen) or not screen.has_unsaved_changes():
        return True
    if screen is not screen.app.screen:
        # bring it to the front so the user sees what the question is about
        return False
    answer = await screen.app.push_screen_wait(SaveDiscardCancel(screen.unsaved_description()))
    if answer == "save":
        return await screen.save_changes()
    if answer == "discard":
        screen.discard_changes()
        return True
    return False


async def leave_all_editors(app: Any) -> bool:
    """Close every editor on the stack, top first, asking about each dirty one."""
    while isinstance(app.screen, EditorScreen):
        screen = app.screen
        if not await confirm_leave(screen):
            return False
        await app.pop_screen()
    return True
