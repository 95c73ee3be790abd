"""A virtualised table: only the visible lines are drawn, so 100,000 rows cost nothing more.

Rows are plain tuples of strings set all at once (``set_rows``), either a list or a
:class:`RowView` that builds each row when it is first drawn; the header is the first line
and stays put while the body scrolls. Keys: arrows, page up/down, home/end, enter; a click
on a row moves the cursor, a double click or enter selects, a click on a header sorts.

New rows cost no layout pass of the screen: the scrollbar is drawn again only when its thumb
moves, and when it must come or go (the content width changes) the layout follows the frame
that shows the rows.

Why not Textual's DataTable: a filter must show its rows within 16 ms at 10,000 agents.
``bench/table_bench.py`` (10,000 rows, six filters three times, each with its repaint)
measured this table at 26 ms median / 43 ms p95 and DataTable (clear, then add_rows) at
2,857 ms median / 5,383 ms p95 on the same busy 2-core machine in the same run: DataTable
builds and measures every row it is given, this table only the ~35 it draws.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from ...services.values import printable
from .column_widths import fit_widths


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    #: fixed width, or the minimum width when ``grow`` > 0
    width: int
    #: share of the spare width this column takes
    grow: int = 0
    #: its values are cut only after the other columns' (a list's key)
    keep: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[str, ...]


class RowView(Sequence[Row]):
    """Some rows of a long ordered list, built only when asked for (drawn, or the current row).

    ``positions`` are ascending positions in the full list; ``make`` builds the row at a
    position; ``position_of`` gives a row key's position in the full list (or None), so
    finding a key is a binary search instead of building every row.
    """

    def __init__(
        self,
        positions: Sequence[int],
        make: Callable[[int], Row],
        position_of: Callable[[str], int | None],
    ) -> None:
        self.positions = positions
        self._make = make
        self._position_of = position_of

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self._make(p) for p in self.positions[index]]
        return self._make(self.positions[index])

    def __iter__(self) -> Iterator[Row]:
        make = self._make
        return (make(p) for p in self.positions)

    def index_of(self, key: str) -> int | None:
        position = self._position_of(key)
        if position is None:
            return None
        i = bisect_left(self.positions, position)
        return i if i < len(self.positions) and self.positions[i] == position else None


class _Drawing(NamedTuple):
    """What every line of one drawing pass shares."""

    width: int
    widths: list[int]
    base: Style


def _thumb(bar: ScrollBar, virtual_height: int) -> list[Segment]:
    """The cells a vertical scrollbar draws for ``virtual_height`` lines (colours aside)."""
    window = bar.window_size if bar.window_size < virtual_height else 0
    drawn = ScrollBarRender.render_bar(
        size=bar.size.height, virtual_size=virtual_height, window_size=window, position=bar.position
    )
    return list(drawn.segments)


class RecordTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    RecordTable { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    RecordTable > .record-table--header { text-style: bold; color: $text-primary; }
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    RecordTable > .record-table--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"record-table--header", "record-table--cursor", "record-table--empty"}
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    #: index of the highlighted row
    cursor: reactive[int] = reactive(0, init=False, repaint=False)

    class _TableMessage(Message):
        """A message about this table (``@on(..., "#id")`` selects by the table)."""

        def __init__(self, table: RecordTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> RecordTable:
            return self.table

    class Highlighted(_TableMessage):
        def __init__(self, table: RecordTable, row: Row | None) -> None:
            super().__init__(table)
            self.row = row

    class Selected(_TableMessage):
        def __init__(self, table: RecordTable, row: Row) -> None:
            super().__init__(table)
            self.row = row

    class HeaderClicked(_TableMessage):
        def __init__(self, table: RecordTable, column: Column) -> None:
            super().__init__(table)
            self.column = column

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.rows: Sequence[Row] = []
        self.empty_text = "Loading…"
        self.sort_key: str | None = None
        self.sort_descending = False
        #: drawn rows by (row, is cursor, width): a cursor move redraws two rows, and a row
        #: still on screen after a new filter is not drawn again
        self._cache: dict[tuple[Row, bool, int], Strip] = {}
        self._relayout_pending = False
        self._drawing: _Drawing | None = None
        #: the widest value of each column drawn so far: the columns are sized to fit them
        self._natural = [0] * len(self.columns)

    # ---- data

    def set_rows(self, rows: Sequence[Row], *, keep: str | None = None) -> None:
        """Replace every row; the cursor stays on ``keep`` (a row key) when it is still there.

        Only the lines whose content changed are redrawn.
        """
        before = self._visible_rows()
        was_empty = not self.rows
        self.rows = rows if isinstance(rows, RowView) else list(rows)
        index = 0
        if keep is not None:
            if isinstance(self.rows, RowView):
                index = self.rows.index_of(keep) or 0
            else:
                index = next((i for i, r in enumerate(self.rows) if r.key == keep), 0)
        top = int(self.scroll_offset.y)
        self._set_height(len(self.rows) + 1)
        self.set_reactive(RecordTable.cursor, min(index, max(len(self.rows) - 1, 0)))
        # at once, so that the lines compared below are the lines shown
        self._scroll_to_cursor(immediate=True)
        self._cursor_moved()
        if int(self.scroll_offset.y) != top or was_empty or not self.rows:
            self.refresh()
            return
        after = self._visible_rows()
        if self._note_widths(row for row, _ in after):
            self.refresh()  # the columns are wider now: every line is drawn again
            return
        run = 0  # changed lines in a row, ending before line y: one region each
        lines = max(len(before), len(after))
        for y in range(lines + 1):
            old = before[y] if y < len(before) else None
            new = after[y] if y < len(after) else None
            if y < lines and old != new:
                run += 1
            elif run:
                self.refresh_lines(top + y - run + 1, run)  # virtual line 0 is the header
                run = 0

    def _note_widths(self, rows: Iterator[Row]) -> bool:
        """Remember the widest value of each column among ``rows``; True when one is wider
        than before (the drawn lines are then forgotten)."""
        natural = self._natural
        wider = False
        for row in rows:
            for i, cell in enumerate(row.cells[: len(natural)]):
                n = cell_len(cell)
                if n > natural[i]:
                    natural[i] = n
                    wider = True
        if wider:
            self._cache.clear()
        return wider

    def _visible_rows(self) -> list[tuple[Row, bool]]:
        top = int(self.scroll_offset.y)
        end = min(top + self._page, len(self.rows))
        return [(self.rows[i], i == self.cursor) for i in range(top, end)]

    def _set_height(self, height: int) -> None:
        size = Size(0, height)
        if size == self.virtual_size:
            return
        shows = self.styles.overflow_y == "scroll" or (
            self.styles.overflow_y == "auto" and height > self.container_size.height
        )
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        # virtual_size is a layout reactive: set it without a layout pass of the screen
        self.set_reactive(ScrollView.virtual_size, size)
        if shows != self.show_vertical_scrollbar:
            # the scrollbar comes or goes, and the content width with it: that takes a layout
            # pass, done after the frame that shows the new rows (drawn at the old width)
            if not self._relayout_pending:
                self._relayout_pending = True
                self.call_after_refresh(self._relayout)
            return
        # the same scrollbar, another length: it is drawn again only when its thumb changed
        bar = self.vertical_scrollbar
        if shows and _thumb(bar, height) != _thumb(bar, bar.window_virtual_size):
            bar.window_virtual_size = height
        else:
            bar.set_reactive(ScrollBar.window_virtual_size, height)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _relayout(self) -> None:
        self._relayout_pending = False
        self._scroll_update(self.virtual_size)
        self.refresh(layout=True)

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_sort(self, key: str | None, descending: bool) -> None:
        self.sort_key = key
        self.sort_descending = descending
        self._cache.clear()
        self.refresh()

    # ---- drawing

    def _widths(self, width: int) -> list[int]:
        """Each column's width in ``width`` cells (one space before each column)."""
        return fit_widths(self.columns, self._natural, max(width, 1))

    def _line(self, cells: Sequence[str], widths: Sequence[int], style: Style) -> list[Segment]:
        parts = []
        for cell, width in zip(cells, widths, strict=False):
            text = " ".join(cell.split()) if "\n" in cell else cell
            if not text.isprintable():  # a stored escape sequence is shown, never acted on
                text = printable(text)
            if cell_len(text) > width:
                text = set_cell_size(text, max(width - 1, 0)) + "…"
            parts.append(" " + set_cell_size(text, width))
        return [Segment("".join(parts), style)]

    def _measure(self) -> _Drawing:
        width = self.scrollable_content_region.width
        return _Drawing(width, self._widths(width), self.rich_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        # the width, the column widths and the base style are the same for every line drawn,
        # and each walks the styles of the ancestors: measured once per pass
        top = int(self.scroll_offset.y) - 1  # virtual line 0 is the header
        first, end = max(top + crop.y, 0), min(top + crop.bottom, len(self.rows))
        if first < end and self._note_widths(iter(self.rows[first:end])):
            self.call_after_refresh(self.refresh)  # lines outside ``crop`` are drawn again
        self._drawing = self._measure()
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        width, widths, base = self._drawing or self._measure()
        if y == 0:
            style = base + self.get_component_rich_style("record-table--header")
            titles = []
            for c in self.columns:
                mark = ""
                if c.key == self.sort_key:
                    mark = " ▼" if self.sort_descending else " ▲"
                titles.append(c.title + mark)
            return Strip(self._line(titles, widths, style)).adjust_cell_length(width, style)
        index = int(self.scroll_offset.y) + y - 1
        if not self.rows:
            if y == 1:
                style = base + self.get_component_rich_style("record-table--empty")
                return Strip([Segment(f" {self.empty_text}", style)]).adjust_cell_length(
                    width, style
                )
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        row = self.rows[index]
        cache_key = (row, is_cursor, width)
        strip = self._cache.get(cache_key)
        if strip is None:
            style = (
                base + self.get_component_rich_style("record-table--cursor") if is_cursor else base
            )
            strip = Strip(self._line(row.cells, widths, style)).adjust_cell_length(width, style)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[cache_key] = strip
        return strip

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self.rows) + 1)
        self._scroll_to_cursor()

    # ---- cursor

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self) -> None:
        self._cache.clear()

    def on_blur(self) -> None:
        self._cache.clear()

    def watch_cursor(self, old: int, new: int) -> None:
        # only the two rows whose cursor style changed are redrawn (a full repaint writes
        # every visible row to the terminal: about 8 KB at 120x40), unless the view scrolled
        top = int(self.scroll_offset.y)
        self._scroll_to_cursor()
        self._cursor_moved()
        if int(self.scroll_offset.y) != top:
            self.refresh()
            return
        for index in (old, new):
            self.refresh_line(index + 1)  # virtual line 0 is the header

    def _cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self, *, immediate: bool = False) -> None:
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=immediate)
        elif self.cursor >= top + self._page:
            self.scroll_to(y=self.cursor - self._page + 1, animate=False, immediate=immediate)

    def _move_to(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(index, len(self.rows) - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * self._page)

    def action_jump(self, where: int) -> None:
        self._move_to(where if where >= 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    # ---- mouse

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column))
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def _column_at(self, x: int) -> Column | None:
        left = 0
        for column, width in zip(
            self.columns, self._widths(self.scrollable_content_region.width), strict=False
        ):
            if left <= x < left + width + 1:
                return column
            left += width + 1
        return None
