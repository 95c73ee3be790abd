"""The Textual app: one main screen with the sections, editors pushed on top of it."""

from __future__ import annotations

import asyncio
import gc
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerState

from ..domain.errors import CrewtuiError, DatabaseUnavailable, SchemaOutOfDate
from ..settings import Settings
from .editing import EditorScreen, confirm_leave, leave_all_editors
from .main_screen import MainScreen
from .styles import css_paths
from .too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from .type_ahead import TypeAhead
from .workers import db_work

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.timer import Timer

    from ..services import Services
    from ..services.first_page import FirstPage
    from .forms.record_form import RecordForm
    from .preferences import Preferences
    from .recovery import DraftKeeper

TITLE = "crewtui"
#: seconds the start-up worker waits for the first rows to be drawn before loading on
FIRST_PAGE_WAIT = 0.5
#: seconds between quiet tries to reach a database that was out of date or unreachable
RECOVER_INTERVAL = 3.0
#: the class of containers that show whether the focus is inside them (as ``-focus``)
FOCUS_FRAME = "focus-frame"
#: keys that may move the focus out of a text field (a filter's enter goes to its list)
LEAVES_A_FIELD = frozenset({"enter", "escape", "down", "pagedown", "tab", "shift+tab"})
#: holds typed keys while the palette's jump finds its section and record
_JUMPING = object()


def _section_commands() -> type[Provider]:
    from .commands import SectionCommands

    return SectionCommands


def _jump_commands() -> type[Provider]:
    from .commands import JumpCommands

    return JumpCommands


class CrewtuiApp(App[None]):
    TITLE = TITLE
    CSS_PATH = css_paths()  # type: ignore[assignment]
    # the palette's providers load when the palette first opens
    COMMANDS = App.COMMANDS | {_section_commands, _jump_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1,question_mark", "help", "Help", key_display="?/F1", show=False),
        Binding("f5", "retry", "Retry", show=False),
    ]

    def __init__(self, settings: Settings, first_page: FirstPage | None = None) -> None:
        super().__init__()
        self.settings = settings
        from ..services.first_page import FirstPage

        #: the agent list's first rows, read with the bare driver (maybe before the first frame)
        self.first_page = first_page or FirstPage(settings.database_url)
        self.sub_title = settings.masked_url
        self._services: Services | None = None
        self._open_lock = threading.Lock()
        #: set once start-up finished: sections shown before that load when it does
        self._started_up = False
        self._retries: list[Callable[[], Any]] = []
        self._error_shown = False
        #: after a database dialog was closed: what still has to load, tried again quietly
        self._waiting: list[Callable[[], Any]] = []
        self._recovering = False
        self._recover_timer: Timer | None = None
        #: seconds between quiet tries while the database is out of date or unreachable
        self.recover_interval = RECOVER_INTERVAL
        if settings.deterministic:
            self.animation_level = "none"
        from .signals import draft_debounce, draft_interval

        #: seconds between writes of unsaved edits to the drafts folder
        self.draft_interval = draft_interval()
        #: seconds from an edit to its draft on disk (a journal that survives SIGKILL)
        self.draft_debounce = draft_debounce()
        self._draft_timer: Timer | None = None
        self.drafts: DraftKeeper | None = None
        self.draft_loop: asyncio.AbstractEventLoop | None = None
        #: keys typed while a screen or section gets ready wait for it, in order
        self.type_ahead = TypeAhead(self)
        #: the user's preferences, read after the first frame
        self.preferences: Preferences | None = None
        #: the containers marked as holding the focus (see _mark_focus_frames)
        self._focus_frames: list[DOMNode] = []
        # until the first section shows its rows
        self.type_ahead.hold(self)

    # ---- keys

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event.key in ("enter", "down") and not self.type_ahead.holding:
                self._palette_enter()
            if self.type_ahead.intercept(event):
                return
            focused = self.focused
            await super().on_event(event)
            if event.key in LEAVES_A_FIELD and isinstance(focused, Input):
                self._hold_until_handled(focused)
            return
        await super().on_event(event)

    def _hold_until_handled(self, field: Widget) -> None:
        """Keys after one that may move the focus out of ``field`` wait until it is
        handled: Textual hands a key to the widget focused when the key is read, so a key
        read before the focus moved would go to the field it left."""
        self.type_ahead.hold(field)

        async def handled() -> None:
            from .type_ahead import settled

            try:
                await settled(field)
            finally:
                self.type_ahead.release(field)

        self.run_worker(handled(), group="type-ahead-field")

    def _palette_enter(self) -> None:
        """Enter or Down in the palette picks from the results of all typed before it."""
        from textual.command import CommandPalette

        palette = self.screen
        if isinstance(palette, CommandPalette):
            self.type_ahead.hold(palette)
            self.run_worker(self._palette_settled(palette), group="type-ahead-palette")

    async def _palette_settled(self, palette: Screen[Any]) -> None:
        from .type_ahead import settled

        try:
            await settled(palette.focused or palette)
            for _ in range(500):
                if not any(
                    w.node is palette and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                    for w in self.workers
                ):
                    break
                await asyncio.sleep(0.01)
        finally:
            self.type_ahead.release(palette)

    async def dispatch_typed_key(self, event: events.Key) -> None:
        """Hand on a key typed ahead, as if it arrived now."""
        await super().on_event(event)

    # ---- database

    def services(self) -> Services:
        """The Services facade, opening the database on first use. Worker threads only."""
        with self._open_lock:
            if self._services is None:
                from ..services import Services, Store

                store = Store.open(self.settings.database_url)
                self._services = Services(store, user=self.settings.user, via="app")
            return self._services

    @property
    def services_ready(self) -> bool:
        """Start-up is over: a section shown now loads its rows itself (before, ``_started``
        loads the visible one, so the list is loaded once)."""
        return self._started_up

    def on_mount(self) -> None:
        # the database and the drafts folder open after the first frame is on screen
        self.call_after_refresh(self.start_up)
        self.call_after_refresh(self._keep_drafts)
        self.call_after_refresh(self._apply_preferences)
        self.call_after_refresh(gc.enable)  # held off by the bare command until now

    def _apply_preferences(self) -> None:
        """The theme chosen last time; a new choice is saved (see preferences.py)."""
        from .preferences import Preferences

        self.preferences = Preferences.load()
        if self.preferences.theme in self.available_themes:
            self.theme = self.preferences.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)

    def _theme_chosen(self, theme: Any) -> None:
        if self.preferences is not None and self.preferences.theme != theme.name:
            self.preferences.theme = theme.name
            self.preferences.save()

    def _keep_drafts(self) -> None:
        from .drafts import DraftStore
        from .recovery import DraftKeeper

        self.drafts = DraftKeeper(DraftStore(self.settings.database_url))
        self.draft_loop = asyncio.get_running_loop()
        self.set_interval(self.draft_interval, self.write_drafts, name="drafts")

    def write_drafts(self) -> None:
        """Bring every open editor's draft up to date on disk."""
        if self.drafts is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):
                self.drafts.capture(screen)
        self.drafts.flush()

    def on_record_form_changed(self, event: RecordForm.Changed) -> None:
        # every edit refreshes the draft held in memory, so a signal only has to write bytes
        screen = event.form.screen
        if self.drafts is not None and isinstance(screen, EditorScreen):
            self.drafts.capture(screen)
            if self._draft_timer is None:  # one write per pause in typing, not per key
                self._draft_timer = self.set_timer(self.draft_debounce, self._journal)

    def _journal(self) -> None:
        self._draft_timer = None
        if self.drafts is not None:
            self.drafts.flush()

    @db_work(group="startup")
    def start_up(self) -> None:
        """Open the database (and load the demo when asked) without holding up the first frame."""
        self._first_page()
        services = self.services()
        message = ""
        if self.settings.demo:
            from ..services.demo import is_empty, load_demo

            if is_empty(services):
                message = "Demo data loaded: " + load_demo(services).summary()
        self.call_from_thread(self._started, message)

    def _first_page(self) -> None:
        """Show the agent list's first rows (read with the bare driver) before the service
        layer loads (worker thread). Waits briefly until they are drawn: the imports that
        follow would otherwise slow the drawing down."""
        rows = self.first_page.rows()
        if not rows:
            return
        drawn = threading.Event()
        if self.call_from_thread(self._show_first_page, rows, drawn.set):
            drawn.wait(FIRST_PAGE_WAIT)

    def show_ready_first_page(self) -> None:
        """The first rows, when they were read before the first frame (UI thread)."""
        if self.first_page.ready:
            rows = self.first_page.rows()
            if rows:
                self._show_first_page(rows, None)

    def _show_first_page(self, rows: list[Any], drawn: Callable[[], None] | None) -> bool:
        main = self.get_screen_main()
        if main is None or main.current != "agents" or self._started_up:
            return False
        from .screens.agents import AgentsSection

        section = main.section_widget("agents")
        if not isinstance(section, AgentsSection) or not section.show_first_page(
            rows, complete=len(rows) < self.first_page.limit
        ):
            return False
        if drawn is not None:
            self.call_after_refresh(drawn)
        return True

    def _started(self, message: str) -> None:
        self._started_up = True
        if message:
            self.notify(message, title="Demo")
        self.data_changed()
        # from here on the section shown holds the keys itself until its rows are there
        self.type_ahead.release(self)
        from .recovery_modal import offer_drafts

        self.run_worker(offer_drafts(self), group="drafts-offer", exclusive=True)

    def data_changed(self) -> None:
        """Something was saved: the visible section reloads."""
        main = self.get_screen_main()
        if main is not None:
            main.refresh_current()

    def get_screen_main(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def format_title(self, title: str, sub_title: str) -> Content:
        if not sub_title:
            return Content(title)
        return Content.assemble((title, "bold"), (" · ", "dim"), sub_title)

    # ---- errors

    def report_error(self, exc: BaseException, retry: Callable[[], Any] | None = None) -> None:
        """The one place unhandled worker errors end up; the app keeps running."""
        if self._recovering and (isinstance(exc, SchemaOutOfDate) or _is_unreachable(exc)):
            # the user closed the dialog: keep trying quietly until the database is usable
            if retry is not None:
                self._waiting.append(retry)
            return
        if isinstance(exc, SchemaOutOfDate):
            if retry is not None:
                self._retries.append(retry)
            self._show_error_modal(
                exc.title,
                f"{exc.message}\n\nUpgrade it (crewtui db upgrade), then retry.",
                retry=True,
            )
        elif _is_unreachable(exc):
            if retry is not None:
                self._retries.append(retry)
            self._show_error_modal(
                "Database unavailable",
                f"{_message(exc)}\n\nThe database at {self.settings.masked_url} did not answer. "
                "Check that it is running, then retry.",
                retry=True,
            )
        elif isinstance(exc, CrewtuiError):
            self.notify(exc.message, title=exc.title, severity="error", timeout=8)
        else:
            self._show_error_modal(
                "Unexpected error",
                f"{type(exc).__name__}: {exc}",
                details="".join(traceback.format_exception(exc)),
            )

    def _show_error_modal(
        self, title: str, message: str, *, details: str = "", retry: bool = False
    ) -> None:
        if self._error_shown:
            return
        self._error_shown = True
        # keys typed ahead answer the dialog, not the screen that could not load
        self.type_ahead.release_all()

        def done(answer: str | None) -> None:
            self._error_shown = False
            retries, self._retries = self._retries, []
            if answer == "retry":
                for again in retries:
                    again()
            elif retries:
                # closed: what could not load is tried again every few seconds (and on F5),
                # so an upgrade or a restart of the database elsewhere is picked up
                self._waiting += retries
                self._recover_later()

        from .modals import ErrorModal

        self.push_screen(ErrorModal(title, message, details=details, retry=retry), done)

    def _recover_later(self) -> None:
        self._recovering = True
        self.notify(
            "Trying again every few seconds; F5 tries now.",
            title="Waiting for the database",
            severity="warning",
        )
        if self._recover_timer is None:
            self._recover_timer = self.set_interval(self.recover_interval, self.action_retry)

    def action_retry(self) -> None:
        """Run again what could not load; stop once nothing failed since the last try."""
        if self._error_shown:
            return
        waiting, self._waiting = self._waiting, []
        if not waiting:
            self._recovering = False
            if self._recover_timer is not None:
                self._recover_timer.stop()
                self._recover_timer = None
            return
        for again in waiting:
            again()

    # ---- navigation

    def action_help(self) -> None:
        from .help import HelpScreen, focus_rows

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(focus_rows(self.screen)))

    def goto(self, section_id: str, key: str | None = None, *, new: bool = False) -> None:
        """Show a section (and open one of its records), leaving editors first. Keys typed
        meanwhile go to where the jump lands."""
        self.type_ahead.hold(_JUMPING)
        self._goto(section_id, key, new)

    @work(exclusive=True, group="goto")
    async def _goto(self, section_id: str, key: str | None, new: bool) -> None:
        try:
            if not await leave_all_editors(self):
                return
            main = self.get_screen_main()
            if main is None:
                return
            section = await main.show_section(section_id)
            if section is None:
                return
            if key is not None:
                await section.open_record(key)
            elif new:
                await section.new_record()
        finally:
            self.type_ahead.release(_JUMPING)

    def generate_code(self, agent_key: str) -> None:
        """Generate the agent's code and show it in Deployments (from the list or editor)."""
        self._generate(agent_key)

    @work(exclusive=True, group="generate")
    async def _generate(self, agent_key: str) -> None:
        if not await leave_all_editors(self):
            return
        main = self.get_screen_main()
        section = await main.show_section("deployments") if main is not None else None
        if section is None:
            return
        await section.open_record(agent_key)
        generate = getattr(section, "action_generate", None)
        if generate is not None:
            generate()

    async def action_quit(self) -> None:
        self._quit()

    @work(exclusive=True, group="quit")
    async def _quit(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, EditorScreen) and screen.has_unsaved_changes():
                while self.screen is not screen:
                    await self.pop_screen()
                if not await confirm_leave(screen):
                    return
        self.exit()

    # ---- terminal size and determinism

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.settings.deterministic and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False
        self._mark_focus_frames(event.widget)

    def _mark_focus_frames(self, widget: Widget) -> None:
        """Containers with the class ``focus-frame`` get ``-focus`` while the focus is inside
        them. CSS ``:focus-within`` would restyle the whole of the outermost such container
        on every focus change (each Tab in a form); a class changes only where it changes."""
        now = [node for node in widget.ancestors_with_self if node.has_class(FOCUS_FRAME)]
        for node in self._focus_frames:
            if node not in now:
                self._set_focus_mark(node, False)
        for node in now:
            if node not in self._focus_frames:
                self._set_focus_mark(node, True)
        self._focus_frames = now

    def _set_focus_mark(self, node: DOMNode, focus: bool) -> None:
        """A frame whose class names the descendants its ``-focus`` styles (``FOCUS_STYLED``,
        a selector) restyles itself and those only; any other frame, its whole subtree."""
        styled: str | None = getattr(node, "FOCUS_STYLED", None)
        if styled is None:
            node.set_class(focus, "-focus")
            return
        node.set_class(focus, "-focus", update=False)
        self.stylesheet.update_nodes([node, *node.query(styled)], animate=True)


def _is_unreachable(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError  # only when it failed

    return isinstance(exc, (DatabaseUnavailable, OperationalError, InterfaceError)) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


def _message(exc: BaseException) -> str:
    if isinstance(exc, CrewtuiError):
        return exc.message
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def make_app(settings: Settings, first_page: FirstPage | None = None) -> CrewtuiApp:
    """The app the CLI runs and the tests drive."""
    return CrewtuiApp(settings, first_page)


def run_app(settings: Settings, first_page: FirstPage | None = None) -> None:
    from .signals import install_signal_handlers

    app = make_app(settings, first_page)
    undo = install_signal_handlers(app)
    try:
        app.run()
    finally:
        undo()
    if app.return_code:  # 128 + the signal after SIGTERM or SIGHUP, as a shell expects
        raise SystemExit(app.return_code)
