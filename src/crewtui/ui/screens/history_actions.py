"""What every editor offers for the record in front of it: its history (``h``, or
``alt+h`` while typing in a field), undoing its last saved change (``alt+z``) and cloning
it (``alt+c``: an agent, a task, or a crew with its tasks)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding
from textual.screen import Screen

from ...domain.errors import CrewtuiError
from ..workers import call_db


class HistoryActions(Screen[Any]):
    BINDINGS = [
        Binding("h,alt+h", "history", "History", show=False),
        Binding("alt+z", "undo_saved", "Undo last save", show=False),
        Binding("alt+c", "clone", "Clone", show=False),
    ]

    def history_target(self) -> tuple[str, str] | None:
        """(kind, key) of the record shown; None while it is not saved yet."""
        return None

    def history_version(self) -> int | None:
        """The version the screen shows (an undo against a newer one is a conflict)."""
        return None

    async def reload_record(self) -> None:
        """Show the stored record again (after a restore changed it)."""

    def _usable_target(self) -> tuple[str, str] | None:
        target = self.history_target()
        if target is None:
            self.notify("Save the record first: it has no history yet.", severity="warning")
            return None
        if getattr(self, "has_unsaved_changes", lambda: False)():
            self.notify("Save or discard your changes first.", severity="warning")
            return None
        return target

    def action_history(self) -> None:
        target = self._usable_target()
        if target is None:
            return
        from .history import HistoryScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.run_worker(self.reload_record(), group="history-reload")

        self.app.push_screen(HistoryScreen(*target), closed)

    def action_undo_saved(self) -> None:
        target = self._usable_target()
        if target is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._undo(target)

        from ..modals import ConfirmModal  # dialogs load when first asked, not at start

        self.app.push_screen(
            ConfirmModal(
                "Undo the last saved change?",
                f"{target[0].replace('_', ' ')} {target[1]}: its last saved change is reverted "
                "(a new recorded change).",
                confirm="Undo",
            ),
            answered,
        )

    def action_clone(self) -> None:
        target = self.history_target()
        if target is None or target[0] not in ("agent", "crew", "task"):
            self.notify("Only a saved agent, crew or task can be cloned.", severity="warning")
            return
        from .history_clone import CloneModal, clone_call

        def answered(answer: dict[str, Any] | None) -> None:
            if answer:
                self._clone(clone_call(*target, answer), target[0], answer["new"])

        self.app.push_screen(CloneModal(*target), answered)

    @work(group="history-clone")
    async def _clone(self, call: Any, kind: str, new: str) -> None:
        try:
            await call_db(self, call)
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"Cloned as {kind} {new}.")

    @work(group="history-undo")
    async def _undo(self, target: tuple[str, str]) -> None:
        kind, key = target
        version = self.history_version()
        try:
            report = await call_db(self, lambda s: s.undo_last(kind, key, expected_version=version))
        except CrewtuiError as exc:
            self.notify(exc.message, title=exc.title, severity="error")
            return
        self.notify(f"{report.action}: {kind.replace('_', ' ')} {report.key}")
        await self.reload_record()
