"""PostgreSQL drops the app's connections (a restart): the app says so and carries on."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.ui.modals import ErrorModal
from crewtui.ui.screens.agents import AgentsSection

from ..conftest import build_schema
from ..dbutil import pg_base_url
from .conftest import app_for, settle


def drop_connections(url: str) -> int:
    """What a server restart does to the app: every session of its database is killed."""
    name = make_url(url).database
    admin = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                ":n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        ).scalar_one()
    admin.dispose()
    return int(killed)


async def test_lost_connections_are_survived(pg_url: str) -> None:
    build_schema(pg_url)
    store = Store.open(pg_url)
    load_demo(Services(store, user="tester"))
    count = Services(store).count_agents()
    store.dispose()
    app = app_for(pg_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        assert len(section.table.rows) == count
        assert drop_connections(pg_url) >= 1
        other = Services(Store.open(pg_url), user="someone-else")
        other.update_agent("account-strategist", {"name": "After restart"})
        other.store.dispose()
        await pilot.press("2", "1")
        await settle(pilot)
        if isinstance(pilot.app.screen, ErrorModal):
            # the query that met the dead connection failed: say so, offer retry
            await pilot.click("#retry")
            await settle(pilot)
        assert not isinstance(pilot.app.screen, ErrorModal)
        names = {s.agent_key: s.name for s in section.summaries}
        assert names["account-strategist"] == "After restart"
        assert pilot.app.return_code is None
