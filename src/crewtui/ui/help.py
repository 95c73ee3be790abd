"""Every key, screen by screen, read from the bindings so it cannot drift from them."""

from __future__ import annotations

import importlib
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from .sections import SECTIONS, SectionUnavailable, load_section_class

#: (heading, "module:Class") of the screens whose keys the help lists, besides the sections
SCREENS: tuple[tuple[str, str], ...] = (
    ("Everywhere", "crewtui.ui.app:CrewtuiApp"),
    ("Main screen", "crewtui.ui.main_screen:MainScreen"),
    ("Agent editor", "crewtui.ui.screens.agent_editor:AgentEditorScreen"),
    ("New agent wizard", "crewtui.ui.screens.agent_editor:AgentWizardScreen"),
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
            keys = binding.key_display or binding.key
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


def _load(target: str) -> Any:
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr, None)
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


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -help") as box:
            box.border_title = "Keys"
            with VerticalScroll():
                for heading, rows in help_rows():
                    lines = [f"[b]{escape(heading)}[/]"]
                    lines += [f"  [b $accent]{escape(k):<16}[/] {escape(d)}" for k, d in rows]
                    yield Static("\n".join(lines), classes="help-group")
            yield Static(
                "[dim]escape closes · the mouse works too: click tabs, rows, fields, buttons[/]"
            )

    def action_close(self) -> None:
        self.dismiss(None)
