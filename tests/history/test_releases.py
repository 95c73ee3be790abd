"""Crew releases: frozen, listed, exported from the frozen values, diffed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from crewtui.domain.errors import NotFound, ValidationFailed
from crewtui.services import Services
from crewtui.services.interop import export_crew

from .conftest import make_crew, task_values


def _crew(services: Services) -> None:
    make_crew(services, "crew", ["writer", "editor"])
    services.create_tool({"tool_key": "search", "name": "Search", "tool_class": "SerperDevTool"})
    services.update_agent("writer", {"tools": ["search"]})
    services.create_memory_config({"name": "mem"})
    services.update_agent("editor", {"memory_config_id": "mem", "memory_enabled": True})
    services.create_task("crew", task_values("draft", agent="writer"))
    services.create_task("crew", task_values("review", agent="editor", context=["draft"]))


def test_a_release_freezes_the_crew(services: Services) -> None:
    _crew(services)
    info = services.create_release("crew", "v1", note="demo")
    assert (info.crew_name, info.name, info.note, info.created_by) == (
        "crew",
        "v1",
        "demo",
        "alice",
    )
    services.update_agent("writer", {"temperature": Decimal("0.1"), "goal": "Changed"})
    services.update_memory_config("mem", {"long_term_enabled": True})
    services.update_task("crew", "review", {"expected_output": "Changed"})
    frozen = services.get_release("crew", "v1").bundle
    assert [a.agent_key for a in frozen.members] == ["writer", "editor"]
    writer = next(a for a in frozen.agents.values() if a.agent_key == "writer")
    assert writer.temperature == Decimal("0.70") and writer.goal.startswith("Do Writer")
    assert [t.name for t in frozen.tasks] == ["draft", "review"]
    assert frozen.tasks[1].expected_output == "A report"
    assert list(frozen.tools) == ["search"]
    assert [m.long_term_enabled for m in frozen.memory_configs.values()] == [False]
    assert [r.name for r in services.list_releases("crew")] == ["v1"]
    with pytest.raises(ValidationFailed):
        services.create_release("crew", "v1")


def test_diff_against_the_crew_now_and_another_release(services: Services) -> None:
    _crew(services)
    services.create_release("crew", "v1")
    services.update_agent("writer", {"temperature": Decimal("0.1")})
    services.update_task("crew", "review", {"agent": "writer"})
    services.create_task("crew", task_values("publish"))
    services.move_member("crew", "editor", 1)
    now = {(c.kind, c.key, c.change): c for c in services.release_diff("crew", "v1").changes}
    assert [(f.field, f.left, f.right) for f in now[("agent", "writer", "changed")].fields] == [
        ("temperature", "0.7", "0.1")
    ]
    review = now[("task", "review", "changed")]
    assert ("assigned_agent_id", "editor", "writer") in [
        (f.field, f.left, f.right) for f in review.fields
    ]
    assert ("task", "publish", "added") in now
    crew = now[("crew", "crew", "changed")]
    assert crew.fields[0].field == "members"
    services.create_release("crew", "v2")
    between = services.release_diff("crew", "v1", "v2")
    assert {(c.kind, c.key) for c in between.changes} == {(k, n) for k, n, _ in now}
    assert services.release_diff("crew", "v2").changes == []


def test_export_a_release_from_its_frozen_values(services: Services, tmp_path: Path) -> None:
    _crew(services)
    services.create_release("crew", "v1")
    export_crew(services, "crew", tmp_path / "now")
    services.update_agent("writer", {"goal": "Something else entirely"})
    services.export_release("crew", "v1", tmp_path / "v1")
    for path in sorted(p.relative_to(tmp_path / "now") for p in (tmp_path / "now").rglob("*")):
        if (tmp_path / "now" / path).is_file():
            assert (tmp_path / "v1" / path).read_bytes() == (tmp_path / "now" / path).read_bytes()


def test_releases_outlive_their_crew(services: Services) -> None:
    _crew(services)
    services.create_release("crew", "v1")
    services.delete_crew("crew")
    assert [r.name for r in services.list_releases("crew")] == ["v1"]
    assert services.get_release("crew", "v1").bundle.crew.crew_name == "crew"
    services.delete_release("crew", "v1")
    with pytest.raises(NotFound):
        services.get_release("crew", "v1")


def test_releases_from_the_command_line(db_url: str, services: Services, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from crewtui.cli import cli

    def run(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    _crew(services)
    assert "released crew 'crew' as 'v1'" in run("release", "crew", "v1", "--note", "demo")
    run("agents", "set", "writer", "temperature=0.1")
    assert [r["name"] for r in json.loads(run("releases", "list", "crew", "--json"))] == ["v1"]
    diff = run("releases", "diff", "crew", "v1")
    assert "changed  agent writer" in diff and "temperature: 0.7 -> 0.1" in diff
    assert "members: writer, editor" in run("releases", "show", "crew", "v1")
    out = run("export", "crew", "--out", str(tmp_path / "v1"), "--release", "v1")
    assert "exported crew 'crew'" in out
    crew_py = next((tmp_path / "v1").rglob("crew.py")).read_text()
    assert "temperature=0.7" in crew_py and "temperature=0.1" not in crew_py
    run("export", "crew", "--out", str(tmp_path / "x"), "--release", "nope", code=4)
    run("releases", "delete", "crew", "v1")
    assert json.loads(run("releases", "list", "--json")) == []
