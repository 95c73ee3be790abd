"""No secrets at rest or on screen: API keys by environment-variable name only, exports carry
names not values, and database passwords are masked in titles, messages and logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import URL, make_url

import crewtui
from crewtui.domain.catalog import MemoryConfig, Tool
from crewtui.domain.errors import ValidationFailed
from crewtui.interop.export import render_project
from crewtui.services import Services, Store
from crewtui.settings import Settings, mask_url

from ..conftest import build_schema, require_postgres
from ..dbutil import scratch_postgres

SECRET = "s3cret"
DEAD_URL = f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x"
SRC = str(Path(crewtui.__file__).resolve().parents[1])

# ---------------------------------------------------------------- masking


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=10)
passwords = st.text(min_size=1, max_size=16).map(lambda s: "PW!" + s)


@given(
    user=st.just("") | words,
    password=passwords,
    host=words,
    port=st.none() | st.integers(1, 65535),
    database=words,
)
def test_mask_url_hides_any_password(
    user: str, password: str, host: str, port: int | None, database: str
) -> None:
    url = URL.create(
        "postgresql+psycopg",
        username=user or None,
        password=password,
        host=host,
        port=port,
        database=database,
    )
    shown = mask_url(url.render_as_string(hide_password=False))
    assert "PW!" not in shown and "PW%21" not in shown
    assert make_url(shown).host == host  # the rest stays readable


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://:{SECRET}@h/db",
        f"postgresql://u@h/db?sslmode=require&password={SECRET}",
        f"postgres://u:{SECRET}@h:5432/db",
    ],
)
def test_mask_url_hides_passwords_in_every_place_libpq_reads_them(url: str) -> None:
    assert SECRET not in mask_url(url)


# ---------------------------------------------------------------- CLI output and logs


def _crewtui(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(
        f"""
        import logging
        logging.basicConfig(level=logging.DEBUG)  # everything any library logs goes to stderr
        logging.getLogger("sqlalchemy").setLevel(logging.DEBUG)
        from crewtui.cli import main
        main({args!r})
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC, "CREWTUI_DATA_DIR": str(cwd)}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["agents", "list"],
        ["crews", "show", "x"],
        ["db", "current"],
        ["db", "upgrade"],
        ["lint", "x"],
        ["deployments", "list"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_failing_connection_never_prints_the_password(args: list[str], tmp_path: Path) -> None:
    proc = _crewtui([*args, "--db", DEAD_URL], tmp_path)
    output = proc.stdout + proc.stderr
    assert SECRET not in output
    assert "Traceback" not in output, output[-2000:]
    assert proc.returncode == 7, output[-2000:]  # DatabaseUnavailable, as documented


def test_a_working_connection_logs_no_password(tmp_path: Path) -> None:
    require_postgres()
    with scratch_postgres("secrets") as url:
        build_schema(url)
        with_password = make_url(url).set(password=SECRET).render_as_string(hide_password=False)
        proc = _crewtui(
            ["agents", "list", "--db", with_password], tmp_path
        )  # trust auth ignores it
        proc_db = _crewtui(["db", "current", "--db", with_password], tmp_path)
    for p in (proc, proc_db):
        assert p.returncode == 0, p.stderr[-2000:]
        assert SECRET not in p.stdout + p.stderr
    assert "sqlalchemy" in proc.stderr.lower()  # the logging really was on


# ---------------------------------------------------------------- the app


@pytest.fixture
def log_records() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(old)


def _screen_text(app: Any) -> str:
    return str(app.export_screenshot()) + " " + str(app.title) + " " + str(app.sub_title)


async def test_the_app_masks_the_password_in_its_header(
    log_records: list[logging.LogRecord],
) -> None:
    require_postgres()
    from textual.widgets import Header

    from crewtui.ui.app import make_app

    with scratch_postgres("secrets_ui") as url:
        build_schema(url)
        with_password = make_url(url).set(password=SECRET).render_as_string(hide_password=False)
        app = make_app(Settings(database_url=with_password, deterministic=True, user="tester"))
        async with app.run_test(size=(160, 30)) as pilot:
            for _ in range(50):
                await pilot.pause()
                if app.services_ready:
                    break
            await pilot.pause()
            assert app.services_ready
            assert app.screen.query(Header), "the header is on screen"
            assert "****" in str(app.export_screenshot())  # the masked URL is shown
            assert SECRET not in _screen_text(app)
        app._services.store.dispose()  # type: ignore[attr-defined]
    assert all(SECRET not in r.getMessage() for r in log_records)


async def test_the_app_masks_the_password_when_the_database_is_down(
    log_records: list[logging.LogRecord],
) -> None:
    from crewtui.ui.app import make_app
    from crewtui.ui.modals import ErrorModal

    app = make_app(Settings(database_url=DEAD_URL, deterministic=True, user="tester"))
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, ErrorModal):
                break
        assert isinstance(app.screen, ErrorModal), app.screen
        text = _screen_text(app)
        assert "127.0.0.1" in text  # the message is there, and names the server
        assert SECRET not in text
    assert all(SECRET not in r.getMessage() for r in log_records)


# ---------------------------------------------------------------- at rest and in exports


def test_config_columns_refuse_secret_values() -> None:
    with pytest.raises(ValidationFailed) as caught:
        Tool.validated(
            {"tool_key": "serper", "name": "Serper", "config": {"api_key": "sk-live-123"}}
        )
    assert "config" in caught.value.by_field()
    Tool.validated(
        {"tool_key": "serper", "name": "Serper", "config": {"api_key_env": "SERPER_API_KEY"}}
    )


def test_memory_config_refuses_a_connection_string_with_a_password() -> None:
    with pytest.raises(ValidationFailed):
        MemoryConfig.validated(
            {"name": "m", "storage_connection_string": f"postgresql://u:{SECRET}@h/db"}
        )


@pytest.fixture
def crew_with_keys(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setenv("SERPER_API_KEY", "serper-LIVE-value")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-LIVE-value")
    services = Services(Store.open(db_url), user="tester")
    services.create_tool(
        {
            "tool_key": "web_search",
            "name": "Web search",
            "tool_class": "SerperDevTool",
            "config": {"api_key_env": "SERPER_API_KEY", "n_results": 3},
            "requires_api_key": True,
        }
    )
    services.create_agent(
        {
            "agent_key": "analyst",
            "name": "Analyst",
            "role": "r",
            "goal": "g",
            "backstory": "b",
            "tools": ["web_search"],
            "llm_model": "openai/gpt-4o-mini",
            "embedder_config": {
                "provider": "openai",
                "config": {"model_name": "text-embedding-3-small", "api_key_env": "OPENAI_API_KEY"},
            },
        }
    )
    services.create_crew({"crew_name": "research"})
    services.set_members("research", [("analyst", None)])
    services.create_task(
        "research",
        {"name": "gather", "description": "d", "expected_output": "o", "agent": "analyst"},
    )
    yield services
    services.store.dispose()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_exports_carry_env_var_names_not_values(crew_with_keys: Services, fmt: str) -> None:
    files = render_project(crew_with_keys.load_bundle("research"), format=fmt)  # type: ignore[arg-type]
    everything = "\n".join(files.values())
    assert "SERPER_API_KEY" in everything
    assert "OPENAI_API_KEY" in everything
    assert "LIVE-value" not in everything
    env_example = next(text for path, text in files.items() if path.endswith(".env.example"))
    assert "SERPER_API_KEY" in env_example and "LIVE" not in env_example
