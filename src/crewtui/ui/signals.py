"""A dropped SSH session (SIGHUP) or a polite kill (SIGTERM) writes the drafts, then ends the
app. Kept apart from the drafts machinery so that start-up installs it without loading that."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import CrewtuiApp

ENV_INTERVAL = "CREWTUI_DRAFT_INTERVAL"
ENV_DEBOUNCE = "CREWTUI_DRAFT_DEBOUNCE"


def draft_interval() -> float:
    """Seconds between draft writes (CREWTUI_DRAFT_INTERVAL, default 30)."""
    try:
        return max(0.05, float(os.environ.get(ENV_INTERVAL, "30")))
    except ValueError:
        return 30.0


def draft_debounce() -> float:
    """Seconds from an edit to its draft being on disk (CREWTUI_DRAFT_DEBOUNCE, default
    0.25): the journal that survives a SIGKILL, written once per pause, not per keystroke."""
    try:
        return max(0.01, float(os.environ.get(ENV_DEBOUNCE, "0.25")))
    except ValueError:
        return 0.25


def install_signal_handlers(app: CrewtuiApp) -> Callable[[], None]:
    """SIGHUP/SIGTERM write the drafts, then end the app; returns a function that undoes it."""
    previous: dict[int, Any] = {}
    caught = {"count": 0}

    def handler(signum: int, _frame: FrameType | None) -> None:
        caught["count"] += 1
        keeper = app.drafts
        if keeper is not None:
            keeper.emergency()
        loop = app.draft_loop
        if caught["count"] > 1 or loop is None or loop.is_closed():
            os._exit(128 + signum)
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, old)

    return restore
