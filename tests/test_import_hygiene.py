"""Start-up stays fast: each front end imports only what it uses.

- the domain, db, services and interop layers never import Textual;
- CLI commands that open no screen do not import Textual;
- opening the TUI on an up-to-date SQLite database imports neither psycopg, nor Alembic,
  nor Jinja2, nor YAML.

Every check runs in a fresh interpreter, so nothing imported by the test run counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import crewtui
from crewtui.services import Services, Store

from .conftest import build_demo
from .dbutil import sqlite_url

SRC = str(Path(crewtui.__file__).resolve().parents[1])
WATCHED = ("textual", "psycopg", "alembic", "jinja2", "yaml", "rich")
MARK = "@@modules@@"


def _run(script: str, cwd: Path) -> tuple[dict[str, list[str]], str]:
    footer = textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _roots = sorted({{m.split(".")[0] for m in _sys.modules}} & set({WATCHED!r}))
        print({MARK!r} + _json.dumps(_roots))
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "CREWTUI_DATA_DIR": str(cwd / "data"),
    }
    env.pop("CREWTUI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script) + footer],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(li for li in reversed(proc.stdout.splitlines()) if li.startswith(MARK))
    return {"modules": json.loads(line[len(MARK) :])}, proc.stdout + proc.stderr


def _modules(script: str, cwd: Path) -> set[str]:
    result, _ = _run(script, cwd)
    return set(result["modules"])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An up-to-date SQLite database with the demo crews in it."""
    return build_demo(sqlite_url(tmp_path_factory.mktemp("hygiene")))


def test_lower_layers_never_import_textual(tmp_path: Path) -> None:
    loaded = _modules(
        """
        import importlib, pkgutil
        import crewtui
        for pkg in ("domain", "db", "services", "interop"):
            mod = importlib.import_module(f"crewtui.{pkg}")
            for info in pkgutil.walk_packages(mod.__path__, f"crewtui.{pkg}."):
                if ".migrations.versions" in info.name or info.name.endswith(".migrations.env"):
                    continue  # run by Alembic itself, not importable on their own
                importlib.import_module(info.name)
        """,
        tmp_path,
    )
    assert "textual" not in loaded


def _cli(args: list[str]) -> str:
    return f"""
        from crewtui.cli import main
        try:
            main({args!r})
        except SystemExit as exc:
            assert exc.code in (0, None), f"exit code {{exc.code}}"
        """


def _crew_and_agent(url: str) -> tuple[str, str]:
    store = Store.open(url)
    try:
        services = Services(store, user="tester")
        crew = services.list_crews()[0].crew_name
        agent = services.list_agents()[0].agent_key
        return crew, agent
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["agents", "list"],
        ["agents", "show", "{agent}"],
        ["crews", "list"],
        ["tasks", "list", "{crew}"],
        ["db", "current"],
        ["lint", "{crew}"],
        ["export", "{crew}", "--out", "{tmp}/out"],
        ["generate", "{agent}"],
        ["deployments", "list"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_commands_that_open_no_screen_do_not_import_textual(
    command: list[str], demo_db: str, tmp_path: Path
) -> None:
    crew, agent = _crew_and_agent(demo_db)
    args = [a.format(crew=crew, agent=agent, tmp=tmp_path) for a in command]
    if args != ["--help"]:
        args += ["--db", demo_db]
    loaded = _modules(_cli(args), tmp_path)
    assert "textual" not in loaded
    assert "rich" not in loaded  # Textual's renderer: a sign something reached for the UI


def test_the_tui_on_sqlite_imports_no_driver_migrations_templates_or_yaml(
    demo_db: str, tmp_path: Path
) -> None:
    result, output = _run(
        f"""
        import asyncio
        from crewtui.settings import Settings
        from crewtui.ui.app import make_app
        from crewtui.ui.screens.agents import AgentsSection

        async def main() -> int:
            app = make_app(Settings(database_url={demo_db!r}, deterministic=True, user="tester"))
            async with app.run_test(size=(100, 30)) as pilot:
                for _ in range(600):
                    await pilot.pause(0.02)
                    sections = app.screen.query(AgentsSection)
                    if sections and sections.first().table.rows:
                        return len(sections.first().table.rows)
            return 0

        rows = asyncio.run(main())
        assert rows > 0, "the agents list never filled"
        print("rows", rows)
        """,
        tmp_path,
    )
    loaded = set(result["modules"])
    assert "textual" in loaded and "rows" in output  # the app really ran
    assert loaded.isdisjoint({"psycopg", "alembic", "jinja2", "yaml"}), sorted(loaded)


def _imported_crewtui_modules(path: Path) -> set[str]:
    """The crewtui modules ``path`` imports (anywhere in it, lazily or not), resolved."""
    import ast

    package = ".".join(path.relative_to(Path(SRC)).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + ".__init__"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("crewtui"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.startswith("crewtui"):
                out.add(module)
                out.update(f"{module}.{a.name}" for a in node.names)
    return out


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("db", "services"),
        ("db", "ui"),
        ("db", "cli"),
        ("domain", "db"),
        ("domain", "services"),
        ("domain", "interop"),
        ("interop", "services"),
        ("interop", "ui"),
        ("services", "ui"),
        ("services", "cli"),
        ("ui", "db"),
        ("ui", "interop"),
    ],
)
def test_a_lower_layer_never_imports_a_higher_one(layer: str, forbidden: str) -> None:
    """Checked in the source, so an import inside a function counts too."""
    root = Path(SRC) / "crewtui" / layer
    offenders = {
        f"{path.relative_to(SRC)} -> {module}"
        for path in root.rglob("*.py")
        for module in _imported_crewtui_modules(path)
        if module == f"crewtui.{forbidden}" or module.startswith(f"crewtui.{forbidden}.")
    }
    assert not offenders, sorted(offenders)


def test_the_interface_loads_no_models_orm_or_dialogs_before_its_first_frame(
    tmp_path: Path,
) -> None:
    """What ``crewtui`` imports before the first frame: the app's modules and Textual;
    pydantic, SQLAlchemy and the dialogs load after it."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, crewtui.cli, crewtui.ui.app\n"
            "print(sorted(m for m in ('click', 'pydantic', 'sqlalchemy', 'crewtui.ui.modals',"
            " 'crewtui.domain.fields') if m in sys.modules))",
        ],
        env={**os.environ, "PYTHONPATH": SRC, "CREWTUI_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "[]"
