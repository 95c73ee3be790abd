"""A one-line filter field whose typing repaints the field alone.

Textual's ``Input`` keeps its virtual width equal to the width of its text, and the virtual
size is a layout reactive: each key would lay out the whole screen again. A filter field has
a fixed size, so the new virtual width is set without that layout pass.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class FilterInput(Input):
    def _watch_value(self, value: str) -> None:
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            # Input's own watcher then finds the size already set and lays nothing out
            self.set_reactive(Input.virtual_size, size)
            if self.is_mounted:
                self._scroll_update(size)
        super()._watch_value(value)
