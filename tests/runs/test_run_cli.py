"""``crewtui run``, ``crewtui runs list|show|diff|rerun`` and running a release, end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crewtui.cli import cli

from ..standin.server import StandIn
from .conftest import crewai_python, run_env

pytestmark = [pytest.mark.crewai, pytest.mark.slow]


def _cli(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result


def test_run_history_diff_rerun_and_release(run_db: str, standin: StandIn, tmp_path: Path) -> None:
    python = str(crewai_python("1.3.0"))
    env = {**run_env(standin, tmp_path), "CREWTUI_USER": "cli-user"}
    saved = dict(os.environ)
    os.environ.update(env)  # the runner inherits the process environment
    try:
        first = _cli(
            [
                "run",
                "quick-check",
                "--input",
                "subject=kettle",
                "--python",
                python,
                "--json",
                "--db",
                run_db,
            ],
            env,
        )
        assert first.exit_code == 0, first.output
        one = json.loads(first.output)
        assert one["status"] == "succeeded" and one["inputs"] == {"subject": "kettle"}
        assert one["started_by"] == "cli-user" and one["tokens"]["total"] > 0

        again = _cli(
            ["runs", "rerun", one["id"][:8], "--python", python, "--json", "--db", run_db], env
        )
        assert again.exit_code == 0, again.output
        two = json.loads(again.output)
        assert two["inputs"] == one["inputs"] and two["id"] != one["id"]

        released = _cli(["release", "quick-check", "r1", "--db", run_db], env)
        assert released.exit_code == 0, released.output
        third = _cli(
            [
                "run",
                "quick-check",
                "--release",
                "r1",
                "--input",
                "subject=oven",
                "--python",
                python,
                "--json",
                "--db",
                run_db,
            ],
            env,
        )
        assert third.exit_code == 0, third.output
        three = json.loads(third.output)
        assert three["release"] == "r1"

        listed = _cli(["runs", "list", "quick-check", "--db", run_db], env)
        assert listed.exit_code == 0
        assert "r1" in listed.output and one["id"][:8] in listed.output
        shown = _cli(["runs", "show", one["id"][:8], "--events", "--db", run_db], env)
        assert "task_started" in shown.output and "## wait_first" in shown.output
        diff = _cli(["runs", "diff", one["id"][:8], three["id"][:8], "--json", "--db", run_db], env)
        d = json.loads(diff.output)
        assert d["inputs_changed"] == {"subject": ["kettle", "oven"]}
        assert {t["task"] for t in d["tasks"]} == {"wait_first", "use_tool"}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_run_names_what_is_missing(run_db: str, standin: StandIn, tmp_path: Path) -> None:
    env = run_env(standin, tmp_path)
    out = _cli(["run", "quick-check", "--python", str(crewai_python("1.3.0")), "--db", run_db], env)
    assert out.exit_code != 0 and "missing subject" in out.output
    bad = _cli(["run", "quick-check", "--input", "novalue", "--db", run_db], env)
    assert bad.exit_code != 0 and "NAME=VALUE" in bad.output
