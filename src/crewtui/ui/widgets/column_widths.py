"""How a table shares its width among its columns.

Each column asks for its *full* width: its header label with room for the sort mark, and the
widest value drawn so far (up to :data:`MAX_NATURAL` cells). When every column gets that, the
spare width goes first to values longer than that, then to the growing columns. When the
table is narrower, the columns give width back in steps, each step only when the one before
is not enough: the columns not marked ``keep`` down to their header labels, then the ``keep``
columns (a list's key) too, then every column down to its declared width (labels may be cut,
as in an 80-column terminal), then the growing columns to a few cells. Within a step the
widest columns give first, so one long value is cut before several short ones are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.cells import cell_len

#: no column asks for more cells than this for its values (the rest of a value is cut)
MAX_NATURAL = 48
#: the sort mark after a header label (" ▲")
SORT_MARK = 2


class ColumnLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def grow(self) -> int: ...
    @property
    def keep(self) -> bool: ...


def header_width(title: str) -> int:
    """Cells a header label takes with its sort mark."""
    return cell_len(title) + SORT_MARK if title else 0


def fit_widths(columns: Sequence[ColumnLike], natural: Sequence[int], width: int) -> list[int]:
    """The width of each column (without the one-cell gap before it) in ``width`` cells;
    ``natural`` is the widest value of each column seen so far."""
    room = max(width - len(columns), 0)
    values = _padded(natural, columns)
    declared = [c.width for c in columns]
    labelled = [max(c.width, header_width(c.title)) for c in columns]
    full = [max(w, min(n, MAX_NATURAL)) for w, n in zip(labelled, values, strict=True)]
    if sum(full) <= room:
        whole = [max(w, n) for w, n in zip(labelled, values, strict=True)]
        return _spread(columns, _level(whole, full, room), room)
    kept = [f if c.keep else w for c, f, w in zip(columns, full, labelled, strict=True)]
    smallest = [min(c.width, 3) if c.grow else c.width for c in columns]
    upper = full
    for lower in (kept, labelled, declared, smallest):
        if sum(lower) <= room:
            return _level(upper, lower, room)
        upper = lower
    return smallest


def _padded(natural: Sequence[int], columns: Sequence[ColumnLike]) -> list[int]:
    return [natural[i] if i < len(natural) else 0 for i in range(len(columns))]


def _spread(columns: Sequence[ColumnLike], widths: list[int], room: int) -> list[int]:
    """The spare room shared by the growing columns (leftovers to the first one)."""
    out = list(widths)
    spare = room - sum(out)
    total = sum(c.grow for c in columns)
    if not total or spare <= 0:
        return out
    for i, c in enumerate(columns):
        out[i] += spare * c.grow // total
    left = room - sum(out)
    first = next(i for i, c in enumerate(columns) if c.grow)
    out[first] += left
    return out


def _level(upper: list[int], lower: list[int], room: int) -> list[int]:
    """Between ``lower`` (which fits in ``room``) and ``upper``: every column at ``upper``
    capped at one level, the highest level that fits, each column at least at ``lower``."""

    def at(level: int) -> list[int]:
        return [max(lo, min(up, level)) for up, lo in zip(upper, lower, strict=True)]

    low, high = 0, max(upper, default=0)
    while low < high:  # the highest level whose widths fit
        mid = (low + high + 1) // 2
        if sum(at(mid)) <= room:
            low = mid
        else:
            high = mid - 1
    out = at(low)
    left = room - sum(out)
    for i, up in enumerate(upper):  # the cells left over: one more to columns still cut
        if left <= 0:
            break
        if out[i] < up:
            out[i] += 1
            left -= 1
    return out
