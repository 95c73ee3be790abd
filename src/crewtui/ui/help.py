"""The keys of what has the focus (the widget, its panel, the screen, everywhere), read from
the active bindings so they cannot drift from them; every screen's keys below that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from .reserved_keys import free_first, reserved
from .sections import SECTIONS, SectionUnavailable, load_section_class

#: headings of the parts of the focus chain, by class name (others: the class name in words)
HEADINGS = {"CrewtuiApp": "Everywhere", "MainScreen": "Main screen"}


def _app() -> type[DOMNode]:
    from .app import CrewtuiApp

    return CrewtuiApp


def _main() -> type[DOMNode]:
    from .main_screen import MainScreen

    return MainScreen


def _agent_editor() -> type[DOMNode]:
    from .screens.agent_editor import AgentEditorScreen

    return AgentEditorScreen


def _agent_wizard() -> type[DOMNode]:
    from .screens.agent_editor import AgentWizardScreen

    return AgentWizardScreen


def _task_editor() -> type[DOMNode]:
    from .screens.tasks_editor import TaskEditor

    return TaskEditor


def _crew_builder() -> type[DOMNode]:
    from .screens.crews_builder import CrewBuilder

    return CrewBuilder


#: (heading, loader) of the screens whose keys the help lists, besides the sections
SCREENS: tuple[tuple[str, Callable[[], type[DOMNode]]], ...] = (
    ("Everywhere", _app),
    ("Main screen", _main),
    ("Agent editor", _agent_editor),
    ("New agent wizard", _agent_wizard),
    ("Crew builder", _crew_builder),
    ("Task editor", _task_editor),
)

FORM_KEYS: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "next / previous field"),
    ("enter", "open a choice list; add a tag"),
    ("backspace", "in an empty tag input: remove the last tag"),
    ("ctrl+p", "command palette: sections, new records, jump to any agent, crew or task"),
)


def _bindings(cls: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for klass in reversed(cls.__mro__):
        for item in getattr(klass, "BINDINGS", []) if "BINDINGS" in vars(klass) else []:
            binding = _as_binding(item)
            if binding is None or not binding.description:
                continue
            keys = binding.key_display or " / ".join(free_first(binding.key.split(",")))
            if keys in seen:
                continue
            seen.add(keys)
            out.append((keys.replace("question_mark", "?"), binding.description))
    return out


def _as_binding(item: BindingType) -> Binding | None:
    if isinstance(item, Binding):
        return item
    if isinstance(item, tuple) and len(item) >= 3:
        return Binding(item[0], item[1], item[2])
    return None


def _load(load: Callable[[], type[DOMNode]]) -> Any:
    try:
        return load()
    except Exception:
        return None


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for heading, target in SCREENS[:2]:
        cls = _load(target)
        if cls is not None:
            groups.append((heading, _bindings(cls)))
    for info in SECTIONS:
        try:
            cls = load_section_class(info)
        except SectionUnavailable:
            continue
        rows = _bindings(cls)
        if rows:
            groups.append((f"{info.title} section", rows))
    for heading, target in SCREENS[2:]:
        cls = _load(target)
        if cls is not None:
            groups.append((heading, _bindings(cls)))
    groups.append(("Forms", list(FORM_KEYS)))
    return groups


def _heading(node: DOMNode) -> str:
    name = type(node).__name__
    if name in HEADINGS:
        return HEADINGS[name]
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
    return words[:1].upper() + words[1:]


#: Textual's scroll actions, by what a widget must allow for them to act: a widget that
#: cannot scroll that way passes the key on (ctrl+PgDn in a field reaches the editor)
SCROLLS = {
    "scroll_left": "allow_horizontal_scroll",
    "scroll_right": "allow_horizontal_scroll",
    "page_left": "allow_horizontal_scroll",
    "page_right": "allow_horizontal_scroll",
    "scroll_up": "allow_vertical_scroll",
    "scroll_down": "allow_vertical_scroll",
    "page_up": "allow_vertical_scroll",
    "page_down": "allow_vertical_scroll",
}


def _passes_on(node: DOMNode, binding: Binding) -> bool:
    allowed = SCROLLS.get(binding.action)
    return allowed is not None and isinstance(node, Widget) and not getattr(node, allowed)


def _acting_bindings(screen: Screen[Any]) -> list[tuple[DOMNode, Binding]]:
    """For each key, the binding that acts on it now: the screen's active bindings, except
    that a scroll key of a widget that cannot scroll goes to the next binding of the key."""
    chain = getattr(screen, "_modal_binding_chain", None)
    check = getattr(screen.app, "_check_action_state", None)
    if chain is None or check is None:
        return [(a.node, a.binding) for a in screen.active_bindings.values()]
    acting: dict[str, tuple[DOMNode, Binding]] = {}
    for node, bindings in chain:
        for key, binding in bindings:
            if check(binding.action, node) is False or _passes_on(node, binding):
                continue
            if key not in acting or (binding.priority and not acting[key][1].priority):
                acting[key] = (node, binding)
    return list(acting.values())


def focus_rows(screen: Screen[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys that work now on ``screen``, grouped by where they are bound: the focused
    widget first, then its panels, the screen, and the keys that work everywhere."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    seen: set[tuple[str, str]] = set()
    chain = [*screen.focused.ancestors_with_self] if screen.focused is not None else []
    order = {id(node): i for i, node in enumerate(chain)}
    for node, binding in _acting_bindings(screen):
        if not binding.description:
            continue
        keys = (binding.key_display or binding.key).replace("question_mark", "?")
        row = (keys, binding.description)
        if row in seen:
            continue
        seen.add(row)
        groups.setdefault(id(node), (_heading(node), []))[1].append(row)
    ranked = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    out = [(heading, _free_keys_first(rows)) for _, (heading, rows) in ranked]
    if screen.focused is not None and any(
        type(n).__name__ == "RecordForm" for n in screen.focused.ancestors_with_self
    ):
        out.insert(1, ("Forms", list(FORM_KEYS)))
    return out


def _free_keys_first(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``rows`` in their order, except that a key terminals take (ctrl+PgDn) goes after the
    free key that does the same (alt+down)."""
    place: list[float] = []
    for i, (key, description) in enumerate(rows):
        later = [
            j
            for j, (other, same) in enumerate(rows)
            if j > i and same == description and reserved(other) is None
        ]
        place.append(later[-1] + 0.5 if reserved(key) is not None and later else float(i))
    return [rows[i] for i in sorted(range(len(rows)), key=lambda i: place[i])]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below and the widget in focus there; every screen's keys after
    them."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def __init__(self, here: list[tuple[str, list[tuple[str, str]]]] | None = None) -> None:
        super().__init__()
        self._here = here or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -help") as box:
            box.border_title = "Keys here"
            with VerticalScroll():
                for heading, rows in self._here:
                    lines = [f"[b]{escape(heading)}[/]"]
                    lines += [f"  [b $accent]{escape(k):<16}[/] {escape(d)}" for k, d in rows]
                    yield Static("\n".join(lines), classes="help-group -here")
                if self._here:
                    yield Static("[dim]── every screen ──[/]", classes="help-group")
                for heading, rows in help_rows():
                    lines = [f"[b]{escape(heading)}[/]"]
                    lines += [f"  [b $accent]{escape(k):<16}[/] {escape(d)}" for k, d in rows]
                    yield Static("\n".join(lines), classes="help-group")
            yield Static(
                "[dim]escape closes · the mouse works too: click tabs, rows, fields, buttons[/]"
            )

    def action_close(self) -> None:
        self.dismiss(None)
