"""Shown instead of the layout while the terminal is smaller than the app can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 16


class TooSmallScreen(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                f"The terminal is too small for crewtui.\n"
                f"Make it at least {MIN_WIDTH}x{MIN_HEIGHT} (80x24 is best).\n\nctrl+q quits.",
                id="too-small-message",
            )

    def on_resize(self) -> None:
        self.query_one("#too-small-message", Static).refresh()
