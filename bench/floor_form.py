"""The floor for opening a screen: the smallest app that pushes a form of N plain Inputs.

``o`` pushes a screen with a header, ``N`` labelled Inputs (the first focused) and a
footer; ``escape`` pops it. The screen's last line reads ``form N ready`` so a measurement
can wait for the frame that shows it.

    python bench/floor_form.py N
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static


class FormScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, fields: int, opened: int) -> None:
        super().__init__()
        self.fields = fields
        self.opened = opened

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            for i in range(self.fields):
                with Horizontal(classes="row"):
                    yield Label(f"Field {i}", classes="label")
                    yield Input(f"value {i}", compact=True)
        yield Static(f"form {self.opened} ready")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()


class FloorFormApp(App[None]):
    TITLE = "floor"
    CSS = ".row { height: 1; } .label { width: 20; }"
    BINDINGS = [
        Binding("o", "open", "Open"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, fields: int) -> None:
        super().__init__()
        self.fields = fields
        self.opened = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("floor ready")
        yield Footer()

    def action_open(self) -> None:
        self.opened += 1
        self.push_screen(FormScreen(self.fields, self.opened))


if __name__ == "__main__":
    FloorFormApp(int(sys.argv[1]) if len(sys.argv) > 1 else 8).run()
