"""Runs kick crews off in the cached crewai virtualenvs against the stand-in model server.

``run_db`` is one SQLite database for the whole session: the demo, every agent and crew
pointed at the stand-in through its model endpoint, and a small crew ``quick-check`` whose
first task waits (cancel and kill tests) and whose second calls a tool that raises.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.db.migrate import upgrade_to_head
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo

from ..standin.conftest import standin  # noqa: F401
from ..standin.server import StandIn

NETGUARD = Path(__file__).parents[1] / "compat" / "netguard"
VENVS = {
    "1.3.0": ("CREWTUI_CREWAI_VENV", "crewai-1.3.0"),
    "latest": ("CREWTUI_CREWAI_LATEST_VENV", "crewai-latest"),
}
SECRET = "sk-standin-secret-value-123"


def crewai_python(version: str) -> Path:
    env, folder = VENVS[version]
    venv = Path(os.environ.get(env) or Path.home() / ".cache" / "crewtui" / folder)
    python = venv / "bin" / "python"
    if not python.exists():
        msg = f"no crewai {version} virtualenv at {venv} (set {env})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + "; under CI=true this is a failure", pytrace=False)
        pytest.skip(msg)
    return python


def run_env(server: StandIn, tmp: Path, **extra: str) -> dict[str, str]:
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        # nothing beyond the stand-in is reached: other hosts are refused by it as their
        # proxy, or (what ignores proxies) finds no address
        **server.proxy_env(),
        "PYTHONPATH": str(NETGUARD),
        "CREWTUI_NETGUARD_LOG": str(tmp / "hosts-looked-up.log"),
        "OPENAI_API_KEY": SECRET,
        "OPENAI_BASE_URL": server.url,
        "CREWAI_TESTING": "true",
        **extra,
    }


def _quick_crew(s: Services, base_url: str) -> None:
    s.create_tool({"tool_key": "broken_lookup", "name": "broken_lookup", "description": "Looks up"})
    s.create_agent(
        {
            "agent_key": "quick-checker",
            "name": "Quick checker",
            "role": "Quick Checker",
            "goal": "Check {subject}",
            "backstory": "You check things.",
            "llm_model": "openai/gpt-4o-mini",
            "llm_base_url": base_url,
            "tools": ["broken_lookup"],
            "max_iter": 2,
        }
    )
    s.create_crew({"crew_name": "quick-check", "process_type": "sequential"})
    s.add_member("quick-check", "quick-checker")
    s.create_task(
        "quick-check",
        {
            "name": "wait_first",
            "agent": "quick-checker",
            "description": "Wait, then check {subject}. SLOW:4",
            "expected_output": "A check.",
        },
    )
    s.create_task(
        "quick-check",
        {
            "name": "use_tool",
            "agent": "quick-checker",
            "description": "Look {subject} up with the tool. CALL_TOOL:broken_lookup",
            "expected_output": "What the tool said.",
            "context_task_ids": [],
        },
    )


@pytest.fixture(scope="session")
def run_db(tmp_path_factory: pytest.TempPathFactory, standin: StandIn) -> Iterator[str]:  # noqa: F811
    path = tmp_path_factory.mktemp("runs") / "runs.db"
    url = f"sqlite:///{path}"
    upgrade_to_head(url)
    store = Store.open(url)
    try:
        s = Services(store, user="tester")
        load_demo(s)
        for a in s.list_agents():
            s.update_agent(a.agent_key, {"llm_base_url": standin.url})
        for c in s.list_crews():
            s.update_crew(c.crew_name, {"llm_base_url": standin.url})
        _quick_crew(s, standin.url)
    finally:
        store.dispose()
    yield url


@pytest.fixture
def services(run_db: str) -> Iterator[Services]:
    store = Store.open(run_db)
    try:
        yield Services(store, user="tester", via="cli")
    finally:
        store.dispose()


def events_of(s: Services, run_id: Any) -> list[Any]:
    return s.show_run(str(run_id)).events
