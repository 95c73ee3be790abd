"""The section names on one line and a bar under the current one.

It looks like Textual's ``Tabs`` but is one widget drawn line by line: a row of ``Tab``
widgets costs a widget (styles, layout, messages) per section, and the bar is on screen from
the very first frame.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget


class SectionBar(Widget):
    """``items`` are (section id, label) pairs; ``active`` is the current section's id."""

    DEFAULT_CSS = """
    SectionBar {
        width: 1fr;
        height: 2;
        & > .section-bar--label {
            color: $foreground 50%;
        }
        & > .section-bar--hover {
            color: $foreground;
        }
        & > .section-bar--active {
            color: $foreground;
        }
        & > .section-bar--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            & > .section-bar--label {
                text-style: dim;
            }
            & > .section-bar--active {
                text-style: not dim bold;
            }
            & > .section-bar--bar {
                color: $block-cursor-background;
                background: $border-blurred;
            }
        }
    }
    """
    COMPONENT_CLASSES = {
        "section-bar--label",
        "section-bar--hover",
        "section-bar--active",
        "section-bar--bar",
    }
    ALLOW_SELECT = False

    #: cells left and right of each label
    PADDING = 1

    active: reactive[str] = reactive("", repaint=True)
    _hover: reactive[int] = reactive(-1, repaint=True)

    class Selected(Message):
        """A section was clicked."""

        def __init__(self, bar: SectionBar, section_id: str) -> None:
            super().__init__()
            self.bar = bar
            self.section_id = section_id

        @property
        def control(self) -> SectionBar:
            return self.bar

    def __init__(
        self, items: Sequence[tuple[str, str]], *, active: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.items = tuple(items)
        spans: list[tuple[int, int]] = []
        x = 0
        for _, label in self.items:
            width = len(label) + 2 * self.PADDING
            spans.append((x, x + width))
            x += width
        #: (start, end) cell of each item, padding included
        self.spans = tuple(spans)
        self.set_reactive(SectionBar.active, active)

    def index_at(self, x: int) -> int:
        """The item drawn at column ``x`` (-1: none)."""
        for i, (start, end) in enumerate(self.spans):
            if start <= x < end:
                return i
        return -1

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._labels(width)
        if y == 1:
            return self._bar(width)
        return Strip.blank(width, self.rich_style)

    def _labels(self, width: int) -> Strip:
        base = self.rich_style
        label_style = self.get_component_rich_style("section-bar--label")
        hover_style = self.get_component_rich_style("section-bar--hover")
        active_style = self.get_component_rich_style("section-bar--active")
        pad = Segment(" " * self.PADDING, base)
        segments = []
        for i, (section_id, label) in enumerate(self.items):
            style = (
                active_style
                if section_id == self.active
                else hover_style
                if i == self._hover
                else label_style
            )
            segments += [pad, Segment(label, style), pad]
        return Strip(Segment.simplify(segments)).adjust_cell_length(width, base)

    def _bar(self, width: int) -> Strip:
        bar_style = self.get_component_rich_style("section-bar--bar")
        start, end = 0, 0
        for (section_id, _), (left, right) in zip(self.items, self.spans, strict=True):
            if section_id == self.active:
                start, end = left + self.PADDING, right - self.PADDING
        bar = Bar(
            highlight_range=(start, end),
            highlight_style=Style.from_color(bar_style.color),
            background_style=Style.from_color(bar_style.bgcolor),
        )
        lines = self.app.console.render_lines(
            bar, self.app.console.options.update_width(width), style=self.rich_style
        )
        return (
            Strip(Segment.simplify(lines[0])).adjust_cell_length(width, self.rich_style)
            if lines
            else Strip.blank(width)
        )

    def on_click(self, event: events.Click) -> None:
        index = self.index_at(event.x) if event.y == 0 else -1
        if index >= 0:
            event.stop()
            self.post_message(self.Selected(self, self.items[index][0]))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self.index_at(event.x) if event.y == 0 else -1

    def on_leave(self, event: events.Leave) -> None:
        self._hover = -1
