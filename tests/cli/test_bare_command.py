"""``crewtui`` with only the group's options opens the app without click, reading the
options exactly as click does; anything else is click's."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import crewtui
from crewtui.cli import bare_options, cli

SRC = str(Path(crewtui.__file__).resolve().parents[1])

BARE = [
    [],
    ["--db", "sqlite:///x.db"],
    ["--db=sqlite:///x.db"],
    ["--demo"],
    ["--db", "postgresql://u@h/d", "--demo", "--as", "bob"],
    ["--as=bob", "--db=sqlite:///y.db"],
]
NOT_BARE = [
    ["--help"],
    ["-h"],
    ["--version"],
    ["agents", "list"],
    ["--db", "x", "agents"],
    ["--db"],
    ["--db="],
    ["--db", "--demo"],
    ["--demo", "--demo"],
    ["--db", "a", "--db", "b"],
    ["--bogus"],
    ["--dem"],
    ["--", "--demo"],
]


@pytest.mark.parametrize("args", BARE, ids=" ".join)
def test_the_bare_command_reads_its_options_as_click_does(args: list[str]) -> None:
    found = bare_options(args)
    assert found is not None
    ctx = cli.make_context("crewtui", list(args))
    with warnings.catch_warnings():  # click 8.2 renames what is left over
        warnings.simplefilter("ignore", DeprecationWarning)
        assert not ctx.protected_args and not ctx.args
    params = {k: v for k, v in ctx.params.items() if v not in (None, False)}
    assert found == params


@pytest.mark.parametrize("args", NOT_BARE, ids=" ".join)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert bare_options(args) is None


def test_the_bare_command_imports_no_click(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        import crewtui.cli as cli
        opened = []
        cli.open_app = lambda db_url, demo, user: opened.append((db_url, demo, user))
        cli.main(["--db", "sqlite:///x.db", "--demo", "--as", "bob"])
        assert opened == [("sqlite:///x.db", True, "bob")], opened
        print("click" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": SRC, "CREWTUI_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["False"]


def test_the_app_changes_as_the_user_given_with_as(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--as USER`` names who the app's changes are recorded for, both ways in."""
    import crewtui.cli as cli_module
    from crewtui.settings import Settings

    opened: list[tuple[str | None, bool, str | None]] = []
    monkeypatch.setattr(
        cli_module, "open_app", lambda db_url, demo, user=None: opened.append((db_url, demo, user))
    )
    cli.main(args=["--as", "carol"], prog_name="crewtui", standalone_mode=False)  # click's way
    assert opened == [(None, False, "carol")]
    monkeypatch.setenv("CREWTUI_USER", "from-env")
    assert Settings.from_env("sqlite:///x.db", user="carol").user == "carol"
    assert Settings.from_env("sqlite:///x.db").user == "from-env"


def test_the_collector_waits_for_the_first_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bare command opens the app with Python's cycle collector off (start-up makes many
    objects and little garbage); the app turns it on once its first frame is drawn."""
    import gc

    import crewtui.cli as cli_module

    seen: list[bool] = []
    monkeypatch.setattr(cli_module, "open_app", lambda *_a, **_k: seen.append(gc.isenabled()))
    try:
        cli_module.main(["--db", "sqlite:////nonexistent/x.db"])
    finally:
        gc.enable()
    assert seen == [False]


async def test_the_app_turns_the_collector_on_after_its_first_frame(tmp_path: Path) -> None:
    import gc

    from crewtui.settings import Settings
    from crewtui.ui.app import make_app

    app = make_app(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}", deterministic=True))
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(20):
                await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
