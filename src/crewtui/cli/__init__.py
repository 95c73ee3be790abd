"""The ``crewtui`` command: with no subcommand it opens the app; subcommands script it.

Subcommands live in their own modules and are imported only when used, so that a command
that opens no screen never imports Textual (and start-up stays fast).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .common import CliContext, handle_errors

#: subcommand name -> "module:attribute" of a click command or group
LAZY_COMMANDS: dict[str, str] = {
    "db": "crewtui.cli.db:db",
    "agents": "crewtui.cli.crud:agents",
    "crews": "crewtui.cli.crud:crews",
    "tasks": "crewtui.cli.crud:tasks",
    "memory-configs": "crewtui.cli.crud:memory_configs",
    "departments": "crewtui.cli.crud:departments",
    "tools": "crewtui.cli.crud:tools",
    "demo": "crewtui.cli.crud:demo",
    "lint": "crewtui.cli.interop:lint",
    "export": "crewtui.cli.interop:export",
    "import": "crewtui.cli.interop:import_",
    "generate": "crewtui.cli.codegen:generate",
    "deployments": "crewtui.cli.codegen:deployments",
    "scan": "crewtui.cli.codegen:scan",
    "history": "crewtui.cli.history:history",
    "clone": "crewtui.cli.clone:clone",
    "release": "crewtui.cli.release:release",
    "releases": "crewtui.cli.release:releases",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    return None
                raise
            cmd = getattr(module, attr, None)
            return cmd if isinstance(cmd, click.Command) else None
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (else CREWTUI_DATABASE_URL, else the embedded SQLite file).",
)
@click.option(
    "--demo", is_flag=True, help="Load the demo data first (only into an empty database)."
)
@click.option(
    "--as",
    "user",
    metavar="USER",
    default=None,
    help="Who makes the changes, as history records it (default: CREWTUI_USER, else the OS user).",
)
@click.version_option(package_name="crewtui")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, demo: bool, user: str | None) -> None:
    """crewtui: build and keep CrewAI crews in a database.

    With no command it opens the terminal app.
    """
    ctx.obj = CliContext(db_url=db_url, user=user)
    if ctx.invoked_subcommand is None:
        with handle_errors():
            from ..settings import Settings

            settings = Settings.from_env(db_url, demo=demo)
            from ..db.first_page import FirstPage

            # the agent list's first rows are read while the interface loads
            first_page = FirstPage(settings.database_url).start_early()
            from ..ui.app import run_app

            run_app(settings, first_page)


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="crewtui")
