"""Pausing Python's cycle collector while a big import or export builds its objects.

Reading or writing a project of thousands of agents makes millions of short-lived objects
(YAML nodes, settings, records). None of them form cycles that must be freed before the
work ends, yet the collector keeps walking them all as they pile up, which costs about as
much as the work itself. Reference counting still frees everything as usual meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cycle collector off for the block (left as it was found when it was already off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
