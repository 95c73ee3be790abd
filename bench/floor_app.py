"""The floor: the smallest Textual app (a header, one line, a footer).

Every figure of the benchmark is also given as a multiple of this app's figure measured the
same way in the same run. ``x`` rewrites the line (the floor for "a key, then the screen
shows the result").
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class FloorApp(App[None]):
    TITLE = "floor"
    BINDINGS = [
        Binding("x", "bump", "Bump", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("floor ready", id="line")
        yield Footer()

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#line", Static).update(f"floor bumped {self.count}")


if __name__ == "__main__":
    FloorApp().run()
