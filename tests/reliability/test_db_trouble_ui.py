"""The app when PostgreSQL goes away and comes back: a clear dialog with Retry, no crash,
and the retry loads the data once the database answers again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from textual.pilot import Pilot

from crewtui.services import Services, Store
from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agents import AgentsSection

from ..conftest import build_schema, require_postgres
from ..dbutil import pg_base_url, scratch_postgres


def _agent(key: str) -> dict[str, Any]:
    return {"agent_key": key, "name": key.title(), "role": "r", "goal": "g", "backstory": "b"}


async def _until(pilot: Pilot[Any], done: Any, rounds: int = 300) -> bool:
    for _ in range(rounds):
        await pilot.pause(0.02)
        if done():
            return True
    return False


def _rows(app: Any) -> list[str]:
    if not app.screen_stack:
        return []
    sections = app.screen_stack[0].query(AgentsSection)
    return [r.key for r in sections.first().table.rows] if sections else []


async def test_the_app_survives_the_database_going_away_and_retries() -> None:
    require_postgres()
    with scratch_postgres("trouble_ui") as url:
        build_schema(url)
        database = make_url(url).database
        store = Store.open(url)
        Services(store, user="tester").create_agent(_agent("first"))
        admin = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")

        def allow(on: bool) -> None:
            with admin.connect() as conn:
                conn.execute(
                    text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(on).lower()}')
                )
                if not on:
                    conn.execute(
                        text(
                            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE "
                            "datname = :d AND pid <> pg_backend_pid()"
                        ),
                        {"d": database},
                    )

        app = make_app(Settings(database_url=url, deterministic=True, user="tester"))
        try:
            async with app.run_test(size=(120, 30)) as pilot:
                assert await _until(pilot, lambda: _rows(app) == ["first"])
                allow(False)
                app.data_changed()  # the visible list reloads, as after any save
                assert await _until(pilot, lambda: isinstance(app.screen, ErrorModal))
                modal = app.screen
                assert modal.query_one(".dialog-box").border_title == "Database unavailable"
                assert not modal.query(".dialog-details"), (
                    "a database outage is a message, not a traceback"
                )

                allow(True)
                Services(store, user="tester").create_agent(_agent("second"))
                await pilot.press("enter")  # Retry has the focus
                assert await _until(pilot, lambda: _rows(app) == ["first", "second"])
                assert not isinstance(app.screen, ErrorModal)
                assert app.is_running
        finally:
            allow(True)
            store.dispose()
            admin.dispose()
            services = getattr(app, "_services", None)
            if services is not None:
                services.store.dispose()
