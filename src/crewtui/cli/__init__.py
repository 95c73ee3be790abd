"""The ``crewtui`` command: with no subcommand it opens the app; subcommands script it.

The command line is click's (:mod:`.group`). The bare command that opens the app, with
only the group's own options (``--db URL``, ``--demo``, ``--as USER``), is read here
without importing click, which would take a tenth of the floor app's start-up; anything
else (a subcommand, ``--help``, ``--version``, a mistake) goes to click, which reads it as
it always did. Both ways open the app through :func:`open_app`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..domain.errors import CrewtuiError, ValidationFailed

#: the group's options that take a value, by name -> the parameter they set
_VALUED = {"--db": "db_url", "--as": "user"}


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn typed errors into a message on stderr and the documented exit code (click is
    imported only to report one)."""
    try:
        yield
    except ValidationFailed as exc:
        import click

        click.echo(f"error: {exc.title}", err=True)
        for p in exc.problems:
            click.echo(f"  {p.field}: {p.message}", err=True)
        sys.exit(exc.exit_code)
    except CrewtuiError as exc:
        import click

        click.echo(f"error: {exc.title}: {exc.message}", err=True)
        sys.exit(exc.exit_code)


def open_app(db_url: str | None, demo: bool, user: str | None = None) -> None:
    """``crewtui [--db URL] [--demo] [--as USER]``: the terminal app, changing as ``user``."""
    with handle_errors():
        from ..settings import Settings

        settings = Settings.from_env(db_url, demo=demo, user=user)
        from ..services.first_page import FirstPage

        # the agent list's first rows are read while the interface loads
        first_page = FirstPage(settings.database_url).start_early()
        from ..ui.app import run_app

        run_app(settings, first_page)


def bare_options(args: list[str]) -> dict[str, Any] | None:
    """The group's options when ``args`` are only those, each at most once, as click
    reads them; None for anything else (click then reads ``args``)."""
    found: dict[str, Any] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name == "--demo" and not eq and "demo" not in found:
            found["demo"] = True
        elif name in _VALUED and _VALUED[name] not in found:
            if not eq:
                if not rest:
                    return None
                value = rest.pop(0)
            if not value or value.startswith("-"):
                return None
            found[_VALUED[name]] = value
        else:
            return None
    return found


def main(argv: list[str] | None = None) -> Any:
    args = list(argv if argv is not None else sys.argv[1:])
    bare = bare_options(args)
    if bare is not None:
        import gc

        # start-up makes many objects and no garbage worth a collection: the collector waits
        # until the app's first frame is drawn (the app turns it on again then)
        gc.disable()
        try:
            open_app(bare.get("db_url"), bool(bare.get("demo")), bare.get("user"))
        except KeyboardInterrupt:  # as click reports it
            print("\nAborted!", file=sys.stderr)
            sys.exit(1)
        return None
    from .group import cli

    return cli.main(args=args, prog_name="crewtui")


def __getattr__(name: str) -> Any:
    # ``from crewtui.cli import cli``: the click group, loaded when asked for
    if name in ("cli", "LazyGroup", "LAZY_COMMANDS"):
        from . import group

        return getattr(group, name)
    raise AttributeError(name)
