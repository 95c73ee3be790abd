"""Bad input gets exit 2 and the field's name, alike on both databases; stored text never
reaches a terminal as escape sequences; no Python keyword becomes a method name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crewtui.cli import cli
from crewtui.services import Services, Store
from crewtui.services.values import printable
from crewtui.settings import Settings
from crewtui.ui.app import make_app
from crewtui.ui.widgets.record_table import RecordTable

from ..codegen.conftest import basic_values
from ..ui.conftest import settle

ESC_NAME = "x\x1b[31mRED\x1b]0;pwned\x07\u202egnp.exe"


def _run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    return result.exit_code, result.output


@pytest.fixture
def agent_url(db_url: str) -> str:
    store = Store.open(db_url)
    Services(store).create_agent(basic_values("target"))
    store.dispose()
    return db_url


@pytest.mark.parametrize(
    ("assignment", "field", "says"),
    [
        ("max_iter=99999999999999999999999", "max_iter", "out of range"),
        (f"max_rpm={2**63}", "max_rpm", "out of range"),
        ("max_tokens=2147483648", "max_tokens", "out of range"),
        ("max_execution_time=-2147483649", "max_execution_time", ""),
        ("embedder_config=" + "[" * 60_000 + "]" * 60_000, "embedder_config", "nested"),
        (
            'embedder_config={"provider": "openai", "config": {"deep": '
            + "[" * 150
            + "]" * 150
            + "}}",
            "embedder_config",
            "nested",
        ),
        ('knowledge_sources=["\\udc80"]', "knowledge_sources", "lone surrogate"),
        ('knowledge_sources=["a\\u0000b"]', "knowledge_sources", "NUL"),
        ("name=a\x00b", "name", "NUL"),
        ("role=\ud800", "role", ""),
    ],
)
def test_out_of_range_and_unstorable_values_exit_2_naming_the_field(
    agent_url: str, assignment: str, field: str, says: str
) -> None:
    code, out = _run(agent_url, "agents", "set", "target", assignment)
    assert code == 2, out
    assert field in out and says in out
    assert "Traceback" not in out and "value:" not in out
    code, out = _run(agent_url, "agents", "show", "target", "--json")
    assert code == 0 and json.loads(out)["version"] == 1  # nothing was written


def test_the_same_integer_bounds_on_both_databases(agent_url: str) -> None:
    assert _run(agent_url, "agents", "set", "target", "max_tokens=2147483647")[0] == 0
    assert _run(agent_url, "agents", "set", "target", "max_tokens=2147483648")[0] == 2


def test_escape_sequences_in_names_are_shown_not_acted_on(agent_url: str) -> None:
    assert _run(agent_url, "agents", "set", "target", f"name={ESC_NAME}")[0] == 0
    for args in (("agents", "list"), ("agents", "show", "target")):
        code, out = _run(agent_url, *args)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "x\\x1b[31mRED\\x1b]0;pwned\\x07\\u202egnp" in out
    code, out = _run(agent_url, "agents", "show", "target", "--json")
    assert json.loads(out)["name"] == ESC_NAME  # the value itself is kept as typed


def test_printable_keeps_ordinary_text() -> None:
    assert printable("Ünïcode — fine\tand\nlines") == "Ünïcode — fine\tand\nlines"
    assert printable("\x9b2J\x7f") == "\\x9b2J\\x7f"


async def test_the_app_shows_escape_sequences_escaped(sqlite_db_url: str) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent({**basic_values("target"), "role": ESC_NAME})
    store.dispose()
    app = make_app(Settings(database_url=sqlite_db_url, deterministic=True, user="u"))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(RecordTable)
        lines = [table.render_line(y).text for y in range(1, 4)]
        drawn = "".join(lines)
        assert "\\x1b[31mRED" in drawn and "\x1b" not in drawn


def test_python_keywords_as_keys_fail_lint_and_never_export_invalid_python(
    sqlite_db_url: str, tmp_path: Path
) -> None:
    url = sqlite_db_url
    assert (
        _run(url, "agents", "create", "import", "name=I", "role=r", "goal=g", "backstory=b")[0] == 0
    )
    assert _run(url, "crews", "create", "kw")[0] == 0
    assert _run(url, "crews", "add-member", "kw", "import")[0] == 0
    code, _ = _run(
        url, "tasks", "create", "kw/class", "description=d", "expected_output=o", "agent=import"
    )
    assert code == 0
    code, out = _run(url, "lint", "kw")
    assert code == 1 and "'import' is a Python keyword" in out and "'class'" in out
    code, out = _run(url, "export", "kw", "--out", str(tmp_path / "out"))
    assert code == 1 and "Python keyword" in out  # lint errors stop the export
    assert not (tmp_path / "out").exists()


def test_history_shows_escape_sequences_escaped(sqlite_db_url: str) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("target"))
    store.dispose()
    assert _run(sqlite_db_url, "agents", "set", "target", f"name={ESC_NAME}")[0] == 0
    for args in (("history", "agent", "target"), ("history", "agent", "target", "--diff", "1")):
        code, out = _run(sqlite_db_url, *args)
        assert code == 0, out
        assert "\x1b" not in out and "\x07" not in out and "x\\x1b[31mRED" in out


def test_deployment_output_shows_escape_sequences_escaped(sqlite_db_url: str) -> None:
    from crewtui.services.deployments import Deployments

    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("target"))
    svc = Deployments(store)
    dep = svc.generate("target", "alice")
    svc.reject(dep.id, "bob", comment=ESC_NAME)
    store.dispose()
    code, out = _run(sqlite_db_url, "deployments", "show", str(dep.id))
    assert code == 0, out
    assert "\x1b" not in out and "x\\x1b[31mRED" in out
