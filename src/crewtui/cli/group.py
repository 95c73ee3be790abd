"""The ``crewtui`` click group: its options, and subcommands imported only when used, so
that a command that opens no screen never imports Textual (and start-up stays fast).
"""

from __future__ import annotations

from collections.abc import Callable

import click

from .common import CliContext


def _db() -> click.Command:
    from .db import db

    return db


def _agents() -> click.Command:
    from .agents import agents

    return agents


def _crews() -> click.Command:
    from .crews import crews

    return crews


def _tasks() -> click.Command:
    from .tasks import tasks

    return tasks


def _flows() -> click.Command:
    from .flows import flows

    return flows


def _memory_configs() -> click.Command:
    from .catalog import memory_configs

    return memory_configs


def _departments() -> click.Command:
    from .catalog import departments

    return departments


def _tools() -> click.Command:
    from .catalog import tools

    return tools


def _demo() -> click.Command:
    from .catalog import demo

    return demo


def _lint() -> click.Command:
    from .interop import lint

    return lint


def _export() -> click.Command:
    from .interop import export

    return export


def _import() -> click.Command:
    from .interop import import_

    return import_


def _generate() -> click.Command:
    from .codegen import generate

    return generate


def _deployments() -> click.Command:
    from .codegen import deployments

    return deployments


def _scan() -> click.Command:
    from .scan import scan

    return scan


def _history() -> click.Command:
    from .history import history

    return history


def _clone() -> click.Command:
    from .clone import clone

    return clone


def _release() -> click.Command:
    from .release import release

    return release


def _releases() -> click.Command:
    from .release import releases

    return releases


def _run() -> click.Command:
    from .run import run

    return run


def _runs() -> click.Command:
    from .run import runs

    return runs


def _runtime() -> click.Command:
    from .run import runtime

    return runtime


def _serve() -> click.Command:
    from .serve import serve

    return serve


#: subcommand name -> the function that imports it (only the command run is imported)
LAZY_COMMANDS: dict[str, Callable[[], click.Command]] = {
    "db": _db,
    "agents": _agents,
    "crews": _crews,
    "tasks": _tasks,
    "flows": _flows,
    "memory-configs": _memory_configs,
    "departments": _departments,
    "tools": _tools,
    "demo": _demo,
    "lint": _lint,
    "export": _export,
    "import": _import,
    "generate": _generate,
    "deployments": _deployments,
    "scan": _scan,
    "history": _history,
    "clone": _clone,
    "release": _release,
    "releases": _releases,
    "run": _run,
    "runs": _runs,
    "runtime": _runtime,
    "serve": _serve,
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        load = LAZY_COMMANDS.get(cmd_name)
        if load is not None:
            return load()
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
        from . import open_app

        open_app(db_url, demo, user)
