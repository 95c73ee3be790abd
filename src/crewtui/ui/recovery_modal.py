"""Offer the drafts of an earlier session back: restore, discard, or decide later."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..domain.errors import NotFound
from .drafts import Draft
from .modals import ConfirmModal, _Dialog
from .workers import call_db

if TYPE_CHECKING:
    from .app import CrewtuiApp
    from .recovery import DraftKeeper

#: kind of draft -> (section that opens it, how to fetch the stored record)
OPENERS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "agent": ("agents", lambda s, k: s.get_agent(k)),
    "crew": ("crews", lambda s, k: s.get_crew(k)),
    "task": ("tasks", lambda s, k: s.get_task(*k.split("/", 1))),
    "memory config": ("memory", lambda s, k: s.get_memory_config(k)),
    "department": ("departments", lambda s, k: s.get_department(k)),
    "tool": ("tools", lambda s, k: s.get_tool(k)),
}


#: what a crew draft keeps besides the form's fields, with the names the dialog gives them
EXTRAS = (("chat_llm", "Chat LLM"), ("members", "members"))


def describe(draft: Draft) -> str:
    what = f"new {draft.kind}" if draft.is_new else f"{draft.kind} '{draft.key}'"
    when = draft.when.strftime("%Y-%m-%d %H:%M UTC") if draft.when is not None else "unknown time"
    labels = _labels(draft.kind)
    names = sorted(labels.get(n, n) for n in draft.fields)
    # what a crew draft keeps besides the form's fields
    names += [label for key, label in EXTRAS if draft.extra.get(key) is not None]
    fields = ", ".join(names) or "—"
    return f"[b]{escape(what)}[/] · {escape(when)}\n[dim]changed:[/] {escape(fields)}"


def _labels(kind: str) -> dict[str, str]:
    from ..domain.agent import Agent
    from ..domain.catalog import Department, MemoryConfig, Tool
    from ..domain.crew import Crew
    from ..domain.fields import field_map
    from ..domain.task import Task

    models: dict[str, Any] = {
        "agent": Agent,
        "crew": Crew,
        "task": Task,
        "memory config": MemoryConfig,
        "department": Department,
        "tool": Tool,
    }
    model = models.get(kind)
    return (
        {name: spec.label for name, spec in field_map(model).items()} if model is not None else {}
    )


class RecoveryModal(_Dialog[Draft | None]):
    """One row per draft with Restore / Discard; Later (or escape) keeps them all."""

    DEFAULT_CSS = """
    RecoveryModal .draft-list { height: auto; max-height: 20; }
    RecoveryModal .draft-row { height: auto; margin-bottom: 1; }
    RecoveryModal .draft-text { width: 1fr; }
    """

    def __init__(self, drafts: list[Draft], keeper: DraftKeeper) -> None:
        super().__init__()
        self.drafts = drafts
        self.keeper = keeper

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Unsaved changes from an earlier session"
            with VerticalScroll(classes="draft-list"):
                for i, draft in enumerate(self.drafts):
                    with Horizontal(classes="draft-row", id=f"draft-{i}"):
                        yield Static(describe(draft), classes="draft-text")
                        yield Button("Restore", id=f"restore-{i}", variant="primary", compact=True)
                        yield Button("Discard", id=f"discard-{i}", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Later", id="later")

    def on_mount(self) -> None:
        self.query_one("#restore-0", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        action, _, index = (event.button.id or "").partition("-")
        if action == "restore":
            self.dismiss(self.drafts[int(index)])
        elif action == "discard":
            draft = self.drafts[int(index)]
            self.keeper.store.remove(draft.kind, draft.key)
            self.query_one(f"#draft-{index}").remove()
            self.drafts[int(index)] = _GONE
            left = [d for d in self.drafts if d is not _GONE]
            if not left:
                self.dismiss(None)
            else:
                self.call_after_refresh(self._focus_next)
        else:
            self.dismiss(None)

    def _focus_next(self) -> None:
        buttons = self.query(".draft-row Button")
        if buttons:
            buttons.first().focus()


_GONE = Draft(kind="", key="", version=None, fields={})


async def offer_drafts(app: CrewtuiApp) -> None:
    """After start-up: show this database's drafts, and restore the one chosen."""
    keeper = app.drafts
    if keeper is None or keeper.offered:
        return
    keeper.offered = True
    drafts = [d for d in keeper.store.load_all() if d.kind in OPENERS]
    if not drafts:
        return
    chosen = await app.push_screen_wait(RecoveryModal(drafts, keeper))
    if chosen is not None:
        await restore(app, chosen)


async def restore(app: CrewtuiApp, draft: Draft) -> None:
    """Open the draft's editor with the drafted values on top of the stored record."""
    keeper = app.drafts
    assert keeper is not None
    section, fetch = OPENERS[draft.kind]
    if draft.is_new:
        _open_new(app, keeper, draft)
        return
    try:
        await call_db(app, lambda s: fetch(s, draft.key), group="drafts-fetch")
    except NotFound:
        again = await app.push_screen_wait(
            ConfirmModal(
                "Record no longer exists",
                f"The {draft.kind} '{draft.key}' was deleted since this draft. Restore the draft "
                f"as a new {draft.kind}?",
                confirm="Restore as new",
            )
        )
        if not again:
            keeper.store.remove(draft.kind, draft.key)
            return
        _open_new(app, keeper, draft)
        return
    except Exception as exc:
        app.report_error(exc)
        return
    keeper.want_restore(draft, (draft.kind, draft.key))
    app.goto(section, draft.key)


def _open_new(app: CrewtuiApp, keeper: DraftKeeper, draft: Draft) -> None:
    """The next new-record editor of the draft's kind opens with the draft in it."""
    keeper.want_restore(draft, (draft.kind, "new"))
    section = OPENERS[draft.kind][0]
    if draft.kind == "task":
        # a new task belongs to a crew: show the crew's tasks, the user starts the task there
        crew = str(draft.extra.get("crew") or draft.key.partition("/")[0])
        app.goto(section, crew)
        app.notify(
            f"Press n to reopen the new task of crew '{crew}' from its draft.", title="Draft"
        )
        return
    app.goto(section, new=True)
