"""Screens that may hold unsaved changes, and the one question asked before leaving them.

Every way out (escape, a palette jump, switching section, quitting) goes through
:func:`confirm_leave`, which asks Save / Discard / Cancel when the screen is dirty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual._context import active_app
from textual.binding import Binding
from textual.screen import Screen

from .screens.history_actions import HistoryActions
from .styles import editor_css_paths, read_editor_styles
from .type_ahead import hold_keys, keys_ready

if TYPE_CHECKING:
    from .drafts import Draft


def _css_sources() -> int | None:
    try:
        return len(active_app.get().stylesheet.source)
    except LookupError:
        return None


def with_editor_styles() -> None:
    """The editors' stylesheets in the running app's (see :func:`read_editor_styles`)."""
    try:
        app = active_app.get()
    except LookupError:
        return  # no app yet: Textual reads the screen's CSS_PATH when it is pushed
    read_editor_styles(app.stylesheet)


#: the keys that switch sections (wizard steps) in every editor; none is a tmux or screen
#: prefix, and alt+arrow comes first because GNOME Terminal and Konsole keep ctrl+PgUp/PgDn
#: for their tabs (see reserved_keys.py)
NEXT_SECTION = "alt+down,ctrl+pagedown"
PREVIOUS_SECTION = "alt+up,ctrl+pageup"


class EditorScreen(HistoryActions):
    """Base of screens that edit records. Subclasses implement the four hooks."""

    # the editors' stylesheets are read when the first editor is made, not at start-up
    CSS_PATH = editor_css_paths()  # type: ignore[assignment]
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        with_editor_styles()
        #: how many stylesheets the app had when the screen was made (see below)
        self._css_sources_made = _css_sources()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every node of a screen when it is pushed. A screen just built
        was styled node by node as it was mounted; only stylesheets that arrived meanwhile
        (widgets shown for the first time bring theirs) may need it applied again."""
        if self._css_sources_made is not None:
            if self._css_sources_made == _css_sources():
                event.refresh_styles = False
            self._css_sources_made = None

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

    # ---- drafts kept on disk while changes are unsaved (see recovery.py)

    def draft_identity(self) -> tuple[str, str] | None:
        """(kind, key) naming this editor's draft; None: this screen keeps no draft."""
        return None

    def make_draft(self) -> Draft | None:
        """The unsaved changes as a draft (called only while there are some)."""
        return None

    def on_unmount(self) -> None:
        from .recovery import keeper_of

        keys_ready(self)
        keeper = keeper_of(self)
        if keeper is not None:
            keeper.closed(self)

    def action_back(self) -> None:
        self.run_worker(self._back(), exclusive=True, group="leave")

    async def _back(self) -> None:
        if await confirm_leave(self):
            self.dismiss(None)

    def action_save(self) -> None:
        # keys typed while saving (esc to leave) act on the saved screen
        hold_keys(self)
        self.run_worker(self._save_and_capture(), exclusive=True, group="save")

    async def _save_and_capture(self) -> None:
        from .recovery import capture

        try:
            await self.save_changes()
        finally:
            keys_ready(self)
        capture(self)  # saved: the draft goes; still dirty: it is kept up to date


async def confirm_leave(screen: Screen[Any]) -> bool:
    """True when ``screen`` may close: clean, saved, or its changes discarded.

    Call from a worker (it waits for the user's answer).
    """
    if not isinstance(screen, EditorScreen) or not screen.has_unsaved_changes():
        return True
    if screen is not screen.app.screen:
        # bring it to the front so the user sees what the question is about
        return False
    from .modals import SaveDiscardCancel  # loaded with the first editor that asks

    answer = await screen.app.push_screen_wait(SaveDiscardCancel(screen.unsaved_description()))
    from .recovery import forget

    if answer == "save":
        saved = await screen.save_changes()
        if saved:
            forget(screen)
        return saved
    if answer == "discard":
        forget(screen)
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
