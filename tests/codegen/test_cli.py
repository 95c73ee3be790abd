"""``crewtui generate``, ``crewtui deployments ...`` and ``crewtui scan`` through click."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from crewtui.cli import cli
from crewtui.interop.codegen import builtin_template
from crewtui.services import Services, Store

from .conftest import MARKER, basic_values, git, git_repo


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for var in ("CREWTUI_REVIEWERS", "CREWTUI_DEPLOY_DIR", "CREWTUI_TEMPLATE_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CREWTUI_USER", "alice")
    return CliRunner()


def _run(runner: CliRunner, url: str, *args: str, code: int = 0) -> str:
    result = runner.invoke(cli, ["--db", url, *args])
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


def test_review_and_deploy_flow(runner: CliRunner, sqlite_db_url: str, tmp_path: Path) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("writer"))
    store.dispose()
    url = sqlite_db_url
    out_file = tmp_path / "writer.py"
    dep_id = _run(runner, url, "generate", "writer", "--out", str(out_file)).strip()
    uuid.UUID(dep_id)
    assert "class Writer:" in out_file.read_text()

    assert "cannot approve" in _run(runner, url, "deployments", "approve", dep_id, code=6)
    assert "approved" in _run(
        runner, url, "deployments", "approve", dep_id[:8], "--as", "bob", "--comment", "ok"
    )
    repo = git_repo(tmp_path / "repo")
    out = _run(
        runner, url, "deployments", "deploy", dep_id, "--deploy-dir", str(repo), "--as", "bob"
    )
    assert "deployed to" in out and git(repo, "rev-parse", "HEAD")[:12] in out

    listed = json.loads(_run(runner, url, "deployments", "list", "writer", "--json"))
    assert [d["id"] for d in listed] == [dep_id] and listed[0]["is_active"]
    assert listed[0]["generated_by_name"] == "alice" and "generated_code" not in listed[0]
    shown = json.loads(_run(runner, url, "deployments", "show", dep_id, "--json"))
    assert (
        shown["deployment_status"] == "deployed" and shown["generated_code"] == out_file.read_text()
    )
    assert shown["git_branch"] == "main"
    text = _run(runner, url, "deployments", "show", dep_id)
    assert "status:     deployed" in text and "class Writer:" in text

    store = Store.open(url)
    Services(store).update_agent("writer", {"goal": "New goal"})
    store.dispose()
    second = _run(runner, url, "generate", "writer").strip()
    diff = _run(runner, url, "deployments", "diff", dep_id, second)
    assert "-    goal = 'Goal'" in diff and "+    goal = 'New goal'" in diff
    _run(runner, url, "deployments", "approve", second, "--as", "bob")
    _run(runner, url, "deployments", "deploy", second, "--deploy-dir", str(repo))
    assert dep_id in _run(
        runner, url, "deployments", "rollback", "writer", "--deploy-dir", str(repo)
    )
    assert "rolled_back" in _run(runner, url, "deployments", "list")
    assert "no earlier deployment" in _run(
        runner, url, "deployments", "rollback", "writer", "--deploy-dir", str(repo), code=2
    )


def test_reviewers_from_the_environment(
    runner: CliRunner, sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("writer"))
    store.dispose()
    dep_id = _run(runner, sqlite_db_url, "generate", "writer").strip()
    monkeypatch.setenv("CREWTUI_REVIEWERS", "carol, dave")
    assert "not a reviewer" in _run(
        runner, sqlite_db_url, "deployments", "approve", dep_id, "--as", "bob", code=6
    )
    _run(runner, sqlite_db_url, "deployments", "approve", dep_id, "--as", "dave")


def test_generate_with_a_failing_template(
    runner: CliRunner, sqlite_db_url: str, tmp_path: Path
) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("writer"))
    store.dispose()
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "agent.py.j2").write_text(
        builtin_template()
        .source()
        .replace("import crewai\n", "import crewai\nimport subprocess\n", 1)
    )
    result = runner.invoke(
        cli, ["--db", sqlite_db_url, "generate", "writer", "--template", str(tpl)]
    )
    assert result.exit_code == 1
    dep_id = result.stdout.strip()
    assert "import of 'subprocess' is not allowed" in result.stderr
    shown = json.loads(_run(runner, sqlite_db_url, "deployments", "show", dep_id, "--json"))
    assert shown["deployment_status"] == "failed" and shown["template_version"] == "custom"


def test_scan_command(corpus: Path, runner: CliRunner, sqlite_db_url: str) -> None:
    MARKER.unlink(missing_ok=True)
    report = json.loads(_run(runner, sqlite_db_url, "scan", str(corpus), "--dry-run", "--json"))
    assert report["dry_run"] and "senior-market-analyst" in report["registered"]
    assert not MARKER.exists()
    text = _run(runner, sqlite_db_url, "scan", str(corpus / "research"))
    assert "4 registered" in text and "problem     broken_syntax.py:4" in text
    assert "skipped     senior-market-analyst: already in the database" in _run(
        runner, sqlite_db_url, "scan", str(corpus / "research")
    )
    assert "updated     senior-market-analyst" in _run(
        runner, sqlite_db_url, "scan", str(corpus / "research"), "--update"
    )
    assert len(json.loads(_run(runner, sqlite_db_url, "deployments", "list", "--json"))) == 8


def test_missing_things(runner: CliRunner, sqlite_db_url: str) -> None:
    assert "No agent 'nobody'" in _run(runner, sqlite_db_url, "generate", "nobody", code=4)
    assert "No deployment" in _run(runner, sqlite_db_url, "deployments", "show", "ffffffff", code=4)
    assert "deployment directory" in _run(
        runner,
        sqlite_db_url,
        "deployments",
        "deploy",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        code=2,
    )
