"""The number of SQL statements a screen needs must not grow with the number of rows.

Each screen is opened through the real app (Pilot) on a database holding 1, 100 and 10,000
agents (bulk-inserted with Core by the benchmark's data generator); a
``before_cursor_execute`` listener on the engine the app itself opens counts what it sends,
and each statement is booked to the service call that sent it. Crew ``crew-0000`` has
min(N, 50) members and min(N, 20) tasks, so a query per member or per task shows between
N=1 and N=100, and a query per agent between N=100 and N=10,000.

Asserted at every N:

- the first page of the agent list costs the same statements (the first ``list_agents``);
- every service call a screen makes sends the same number of statements;
- a screen makes the same kinds of calls. The agent list may fetch the rest of a long list
  in a second ``list_agents`` call: one more call, never one per row.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from bench.datagen import DataSize, populate
from sqlalchemy import event
from textual.pilot import Pilot
from textual.worker import WorkerState

from crewtui.db.engine import make_engine
from crewtui.services import Services, Store
from crewtui.settings import Settings
from crewtui.ui.app import CrewtuiApp, make_app
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agent_editor import AgentEditorScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.crews_builder import CrewBuilder

from .conftest import wipe

SIZES = (1, 100, 10_000)
OUTSIDE = "(no service call)"


async def settle(pilot: Pilot[Any], rounds: int = 300) -> None:
    """Let the database threads finish and their messages land."""
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
            await pilot.pause(0.3)  # debounced loads (the preview) start a little later
            busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            if not busy:
                break
        for worker in busy:
            with contextlib.suppress(Exception):  # a failure is reported by the app itself
                await worker.wait()
    await pilot.pause()


@dataclass
class Call:
    name: str
    statements: list[str] = field(default_factory=list)


class Recorder:
    """Books every statement to the outermost service call running on its thread."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.lock = threading.Lock()
        self.calls: list[Call] = []
        self.outside: list[str] = []

    def on_statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        call = getattr(self.local, "call", None)
        with self.lock:
            (call.statements if call is not None else self.outside).append(
                " ".join(statement.split())
            )

    def wrap(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def tagged(*args: Any, **kwargs: Any) -> Any:
            if getattr(self.local, "call", None) is not None:
                return method(*args, **kwargs)
            call = Call(name)
            self.local.call = call
            try:
                return method(*args, **kwargs)
            finally:
                self.local.call = None
                with self.lock:
                    self.calls.append(call)

        return tagged

    def take(self) -> tuple[list[Call], list[str]]:
        with self.lock:
            out = (self.calls, self.outside)
            self.calls, self.outside = [], []
        return out


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Recorder, list[Store]]]:
    """Tag every public Services method; listen on each engine Store.open makes."""
    rec = Recorder()
    opened: list[Store] = []
    for name in dir(Services):
        attr = getattr(Services, name)
        if not name.startswith("_") and callable(attr) and not isinstance(attr, type):
            monkeypatch.setattr(Services, name, rec.wrap(name, attr))
    original = Store.open.__func__  # type: ignore[attr-defined]

    def open_recorded(cls: type[Store], url: str, **kwargs: Any) -> Store:
        store = original(cls, url, **kwargs)
        event.listen(store.engine, "before_cursor_execute", rec.on_statement)
        opened.append(store)
        return store

    monkeypatch.setattr(Store, "open", classmethod(open_recorded))
    try:
        yield rec, opened
    finally:
        for store in opened:
            event.remove(store.engine, "before_cursor_execute", rec.on_statement)
            store.dispose()


def fill(url: str, n: int) -> None:
    engine = make_engine(url)
    wipe(engine)
    engine.dispose()
    populate(url, DataSize(agents=n, crews=1, tasks=min(n, 20), big_crew=50))


Screens = dict[str, tuple[list[Call], list[str]]]


def no_error(app: CrewtuiApp) -> None:
    """Fail with the app's own message when it is showing an error dialog."""
    screen = app.screen
    if isinstance(screen, ErrorModal):
        pytest.fail(
            f"the app shows an error: {screen._title}: {screen._message}\n{screen._details}"
        )


async def record_screens(url: str, monkeypatch: pytest.MonkeyPatch) -> Screens:
    """What the agent list, one agent editor and the crew builder each send to show themselves."""
    app: CrewtuiApp = make_app(Settings(database_url=url, deterministic=True, user="tester"))
    out: Screens = {}
    with recording(monkeypatch) as (rec, opened):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            no_error(app)
            section = app.screen.query_one(AgentsSection)
            assert section.table.rows, "the agent list shows no rows"
            out["agent list"] = rec.take()

            await pilot.press("enter")
            await settle(pilot)
            no_error(app)
            assert isinstance(app.screen, AgentEditorScreen)
            out["agent editor"] = rec.take()

            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            rec.take()
            await pilot.press("enter")
            await settle(pilot)
            no_error(app)
            assert isinstance(app.screen, CrewBuilder)
            assert app.screen.loaded
            out["crew builder"] = rec.take()
        assert len(opened) == 1, "the app opened the database more than once"
    return out


def _report(screen: str, by_size: dict[int, tuple[list[Call], list[str]]]) -> str:
    lines = [f"{screen}:"]
    for n, (calls, outside) in by_size.items():
        lines.append(f"  N={n}: {sum(len(c.statements) for c in calls) + len(outside)} statements")
        for c in calls:
            lines.append(f"    {c.name}: {len(c.statements)}")
            lines += [f"      {s[:130]}" for s in c.statements]
        if outside:
            lines.append(f"    {OUTSIDE}: {len(outside)}")
    return "\n".join(lines)


def check_screen(screen: str, by_size: dict[int, tuple[list[Call], list[str]]]) -> None:
    report = _report(screen, by_size)
    per_call: dict[str, set[int]] = {}
    kinds: dict[int, Counter[str]] = {}
    for n, (calls, _outside) in by_size.items():
        assert calls, f"{screen} made no service call at N={n}\n{report}"
        kinds[n] = Counter(c.name for c in calls)
        for c in calls:
            per_call.setdefault(c.name, set()).add(len(c.statements))
    for name, counts in per_call.items():
        assert len(counts) == 1, (
            f"{screen}: {name} sends {sorted(counts)} statements depending on N\n{report}"
        )
    names = {n: set(k) for n, k in kinds.items()}
    assert all(v == names[SIZES[0]] for v in names.values()), (
        f"{screen}: different calls by N: {names}\n{report}"
    )
    for n, k in kinds.items():
        for name, times in k.items():
            allowed = kinds[SIZES[0]][name] + (1 if name == "list_agents" else 0)
            # the start-up race (the list asked for twice) is reported by the benchmark, not here
            assert times <= allowed + (1 if screen == "agent list" else 0), (
                f"{screen}: {name} called {times} times at N={n}\n{report}"
            )
    if screen == "agent list":
        first = {
            n: len(next(c for c in calls if c.name == "list_agents").statements)
            for n, (calls, _) in by_size.items()
        }
        assert len(set(first.values())) == 1, f"first page statements by N: {first}\n{report}"


async def test_query_count_per_screen_does_not_grow_with_rows(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    screens: dict[str, dict[int, tuple[list[Call], list[str]]]] = {}
    for n in SIZES:
        fill(db_url, n)
        for screen, recorded in (await record_screens(db_url, monkeypatch)).items():
            screens.setdefault(screen, {})[n] = recorded
    for screen, by_size in screens.items():
        check_screen(screen, by_size)
