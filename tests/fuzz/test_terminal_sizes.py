"""200 random terminal sizes, down to 1x1, with a few keys pressed at each: nothing raises."""

from __future__ import annotations

import contextlib
import gc
import random
import warnings
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from crewtui.settings import Settings
from crewtui.ui.app import make_app

from ..conftest import build_demo
from ..dbutil import sqlite_url

SIZES = 200
SEED = 20251014
#: keys go in at every few sizes: each press re-renders the whole screen
PRESS_EVERY = 4
KEYS = ["tab", "down", "up", "right", "left", "pagedown", "home", "escape", "shift+tab", "f1"]


def _sizes() -> list[tuple[int, int]]:
    rng = random.Random(SEED)
    fixed = [(1, 1), (200, 60), (1, 60), (200, 1), (59, 15), (60, 16), (80, 24)]
    return fixed + [(rng.randint(1, 200), rng.randint(1, 60)) for _ in range(SIZES - len(fixed))]


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    return build_demo(sqlite_url(tmp_path))


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    for worker in list(pilot.app.workers):
        if worker.state in (WorkerState.PENDING, WorkerState.RUNNING) and getattr(
            worker, "_thread_worker", False
        ):
            with contextlib.suppress(
                Exception
            ):  # reported by the app; an unhandled one fails the test
                await worker.wait()
    await pilot.pause()


@pytest.mark.slow
async def test_random_terminal_sizes_raise_nothing(demo_url: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        await _resize_around(demo_url)
        gc.collect()
    # a key handler that drops a coroutine does nothing, silently: that counts as raising
    dropped = [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert dropped == []


async def _resize_around(demo_url: str) -> None:
    app = make_app(Settings(database_url=demo_url, deterministic=True, user="tester"))
    rng = random.Random(SEED + 1)
    sizes = _sizes()
    assert len(sizes) == SIZES and min(sizes) == (1, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        for i, (width, height) in enumerate(sizes):
            await pilot.resize_terminal(width, height)  # waits for the resize to land
            if i % PRESS_EVERY == 0:
                await pilot.press(*rng.sample(KEYS, 2))
            assert app.is_running, f"the app stopped at {width}x{height}"
            assert app.size == (width, height)
        await pilot.resize_terminal(100, 30)
        await _settle(pilot)
        assert app.is_running
    # run_test re-raises any exception the app met; reaching here means there was none
    assert app.return_code in (None, 0)
