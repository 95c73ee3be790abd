"""UI fixtures: a demo database per test and the app made by the CLI's own factory.

The demo database is built once per session through the real migrations and services, then
copied for each test, so every test starts from the same 30 agents, 5 crews and their tasks.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from crewtui.services import Services, Store
from crewtui.settings import Settings
from crewtui.ui.app import CrewtuiApp, make_app

from ..conftest import build_demo
from ..dbutil import sqlite_url

DEMO_FILE = "demo.db"


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drafts of unsaved edits go to a folder of the test's own, never the user's."""
    monkeypatch.setenv("CREWTUI_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-template")
    url = sqlite_url(folder, DEMO_FILE)
    build_demo(url)
    return folder / DEMO_FILE


@pytest.fixture
def demo_url(_demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the demo database, opened by a relative URL so titles are stable."""
    shutil.copy(_demo_template, tmp_path / DEMO_FILE)
    monkeypatch.chdir(tmp_path)
    return f"sqlite:///{DEMO_FILE}"


@pytest.fixture
def services(demo_url: str) -> Iterator[Services]:
    """Services on the test's database: the test reads and changes rows behind the app."""
    store = Store.open(demo_url)
    yield Services(store, user="someone-else")
    store.dispose()


def app_for(url: str) -> CrewtuiApp:
    return make_app(Settings(database_url=url, deterministic=True, user="tester"))


@pytest.fixture
def app(demo_url: str) -> CrewtuiApp:
    return app_for(demo_url)


async def settle(pilot: Pilot[Any], rounds: int = 200) -> None:
    """Let database threads finish and their messages land (flows waiting on a dialog stay)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        busy = [
            w
            for w in app.workers
            if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and getattr(w, "_thread_worker", False)
        ]
        if not busy:
            break
        for worker in busy:
            with contextlib.suppress(Exception):  # failures are the app's to report
                await worker.wait()
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


@pytest.fixture(autouse=True)
def _private_config_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preferences go to a folder of the test's own, never the user's."""
    monkeypatch.setenv("CREWTUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
