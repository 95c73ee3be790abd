"""What every subcommand shares: the --db option, error reporting and exit codes.

Exit codes: 0 done; 2 invalid input (nothing written); 3 stale --if-version (nothing
written); 4 not found; 5 still referenced; 6 not allowed; 7 database unavailable; 8 schema
out of date; 1 anything else.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from . import handle_errors as handle_errors  # where the commands find it

F = TypeVar("F", bound=Callable[..., Any])
S = TypeVar("S")
T = TypeVar("T")


@dataclass
class CliContext:
    db_url: str | None = None
    #: ``crewtui --as USER``: who the changes are recorded for
    user: str | None = None


def db_option(func: F) -> F:
    """Add ``--db URL`` to a command; it falls back to the group's ``--db``."""
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="Database URL (else CREWTUI_DATABASE_URL, else the embedded SQLite file).",
    )(func)


def resolve_db(ctx: click.Context, db_url: str | None) -> str:
    from ..settings import resolve_url

    if db_url is None:
        obj = ctx.find_object(CliContext)
        db_url = obj.db_url if obj else None
    return resolve_url(db_url)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Human-readable output: stored, imported or model-written text is shown with its
    escape sequences and controls escaped, never acted on by the terminal."""
    from ..services.values import printable

    click.echo(printable(text), err=err, nl=nl)


def echo_json(data: Any) -> None:
    from .jsonout import dumps  # commands that print no JSON (and the app) never load it

    click.echo(dumps(data))


def read_command(
    group: click.Group,
    name: str,
    *,
    help: str,
    json_help: str,
    open_: Callable[[str | None], AbstractContextManager[S]],
    fetch: Callable[[S, str | None], T],
    to_json: Callable[[S, T], Any],
    to_text: Callable[[S, T], None],
    argument: str | None = None,
    optional: bool = False,
    quick_json: Callable[[str, str | None], Any | None] | None = None,
) -> click.Command:
    """Add ``NAME [ARGUMENT] [--json] [--db URL]`` to ``group``: fetch, then print JSON or text.

    ``open_`` gives the services of the database; ``fetch`` reads what to print, given the
    argument (how usage and errors name it: ``KEY``, ``CREW/TASK``, ...; None without one).
    ``quick_json(url, argument)``, when given, is tried first for ``--json``: the same JSON
    read without opening the services, or None to take the normal way.
    """

    def command(as_json: bool, db_url: str | None, key: str | None = None) -> None:
        if as_json and quick_json is not None:
            data = quick_json(resolve_db(click.get_current_context(), db_url), key)
            if data is not None:
                echo_json(data)
                return
        with open_(db_url) as services:
            item = fetch(services, key)
            if as_json:
                echo_json(to_json(services, item))
            else:
                to_text(services, item)

    command = click.option("--json", "as_json", is_flag=True, help=json_help)(db_option(command))
    if argument is not None:
        metavar = f"[{argument}]" if optional else argument
        command = click.argument("key", metavar=metavar, required=not optional)(command)
    return group.command(name, help=help)(command)
