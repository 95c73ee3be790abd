"""Each everyday command loads only what it needs: counted in a fresh interpreter, so a
heavy import that creeps back in fails here (the timings are in bench/cli_bench.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import crewtui

from ..conftest import build_demo
from ..dbutil import sqlite_url

SRC = str(Path(crewtui.__file__).resolve().parents[1])
#: never needed by a command that reads or writes one record
HEAVY = {"alembic", "jinja2", "yaml", "textual", "rich", "psycopg"}
#: a command that reads with the bare driver loads neither the ORM nor the models
MODELS = {"sqlalchemy", "pydantic", "pydantic_core"}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_demo(sqlite_url(tmp_path_factory.mktemp("cli-imports")))


def _loaded(args: list[str], tmp_path: Path) -> tuple[set[str], int]:
    """(top-level packages, number of modules) after ``crewtui ARGS`` ran to its end."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from crewtui.cli import main
        try:
            main({args!r})
        except SystemExit as exc:
            assert exc.code in (0, None), exc.code
        mods = list(sys.modules)
        print("@@" + json.dumps([sorted({{m.split(".")[0] for m in mods}}), mods]))
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC, "CREWTUI_DATA_DIR": str(tmp_path)}
    env.pop("CREWTUI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(li for li in proc.stdout.splitlines() if li.startswith("@@"))
    roots, modules = json.loads(line[2:])
    return set(roots), len(modules)


@pytest.mark.parametrize(
    "args",
    [["agents", "show", "senior-market-analyst", "--json"], ["crews", "list", "--json"]],
    ids=["agents show --json", "crews list --json"],
)
def test_quick_reads_load_no_orm_and_no_models(
    args: list[str], demo_url: str, tmp_path: Path
) -> None:
    roots, count = _loaded([*args, "--db", demo_url], tmp_path)
    assert roots.isdisjoint(HEAVY | MODELS), sorted(roots & (HEAVY | MODELS))
    # a click command printing one row as JSON loads about 100 modules
    assert count <= 160, count


def test_setting_a_plain_field_loads_no_orm_and_no_models(demo_url: str, tmp_path: Path) -> None:
    """``agents set`` of a number, a switch or a line of text writes with the bare driver."""
    roots, count = _loaded(
        [
            "agents",
            "set",
            "senior-market-analyst",
            "max_iter=7",
            "temperature=0.4",
            "--db",
            demo_url,
        ],
        tmp_path,
    )
    assert roots.isdisjoint(HEAVY | MODELS), sorted(roots & (HEAVY | MODELS))
    assert count <= 170, count


def test_setting_a_checked_field_loads_no_migrations_templates_or_interface(
    demo_url: str, tmp_path: Path
) -> None:
    """A field with a check of its own (tools) takes the models' way, and no more."""
    roots, count = _loaded(
        ["agents", "set", "senior-market-analyst", "tools=web_search", "--db", demo_url], tmp_path
    )
    assert roots.isdisjoint(HEAVY), sorted(roots & HEAVY)
    assert "sqlalchemy" in roots
    assert count <= 520, count  # the click group is a module of its own (the bare command skips it)
