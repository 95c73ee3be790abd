"""``crewtui history KIND KEY``: read, diff, restore, undo, bring back; ``--as`` records who."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from crewtui.cli import cli


def _run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)


def _setup(db_url: str) -> None:
    assert (
        _run(
            db_url, "agents", "create", "writer", "name=W", "role=R", "goal=G", "backstory=B"
        ).exit_code
        == 0
    )
    assert _run(db_url, "--as", "bob", "agents", "set", "writer", "temperature=0.2").exit_code == 0


def test_history_text_and_json(db_url: str) -> None:
    _setup(db_url)
    out = _run(db_url, "history", "agent", "writer").output
    assert "agent writer (version 2; 2 revisions, newest first)" in out
    assert "bob" in out and "temperature: 0.7 -> 0.2" in out
    data = json.loads(_run(db_url, "history", "agent", "writer", "--json").output)
    assert data["total"] == 2 and data["exists"] is True
    newest = data["revisions"][0]
    assert (newest["actor"], newest["via"], newest["action"]) == ("bob", "cli", "update")
    assert newest["changes"] == {"temperature": {"old": "0.7", "new": "0.2"}}


def test_diff_restore_undo_and_conflict(db_url: str) -> None:
    _setup(db_url)
    revs = json.loads(_run(db_url, "history", "agent", "writer", "--json").output)["revisions"]
    first = str(revs[-1]["revision"])
    diff = json.loads(_run(db_url, "history", "agent", "writer", "--diff", first, "--json").output)
    assert diff["fields"] == [{"field": "temperature", "left": "0.7", "right": "0.2"}]
    stale = _run(db_url, "history", "agent", "writer", "--restore", first, "--if-version", "1")
    assert stale.exit_code == 3
    done = _run(db_url, "history", "agent", "writer", "--restore", first, "--if-version", "2")
    assert done.exit_code == 0 and "restored agent 'writer' (version 3)" in done.output
    assert _run(db_url, "history", "agent", "writer", "--undo").exit_code == 0
    shown = json.loads(_run(db_url, "agents", "show", "writer", "--json").output)
    assert shown["temperature"] == "0.20" or float(shown["temperature"]) == 0.2
    newest = json.loads(_run(db_url, "history", "agent", "writer", "--json").output)
    assert newest["revisions"][0]["via"] == "restore"


def test_bring_back_and_errors(db_url: str) -> None:
    _setup(db_url)
    assert _run(db_url, "agents", "delete", "writer").exit_code == 0
    out = _run(db_url, "history", "agent", "writer").output
    assert "(deleted;" in out and "--bring-back" in out
    back = _run(db_url, "history", "agent", "writer", "--bring-back")
    assert back.exit_code == 0 and "brought back agent 'writer'" in back.output
    assert _run(db_url, "history", "agent", "nobody").exit_code == 4
    assert _run(db_url, "history", "task", "no-slash").exit_code == 2
    both = _run(db_url, "history", "agent", "writer", "--undo", "--bring-back")
    assert both.exit_code == 2
