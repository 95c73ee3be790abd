"""``crewtui serve``: the terminal app in a web browser (for demos on a projector).

Each browser tab runs its own copy of the app on the same database, through textual-serve
(install it with ``pip install 'crewtui[web]'``). It listens on 127.0.0.1 unless told
otherwise: the app can change every record, so give it to others only behind your own
access control.
"""

from __future__ import annotations

import shlex
import sys

import click

from .common import CliContext


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--db", "db_url", metavar="URL", help="Database URL (else the group's --db).")
@click.pass_obj
def serve(obj: CliContext | None, host: str, port: int, db_url: str | None) -> None:
    """Serve the terminal app to web browsers (needs crewtui[web])."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise click.ClickException(
            "crewtui serve needs textual-serve: pip install 'crewtui[web]'"
        ) from None
    from ..settings import Settings

    url = db_url or (obj.db_url if obj is not None else None)
    settings = Settings.from_env(url)
    command = [sys.executable, "-m", "crewtui", "--db", settings.database_url]
    if obj is not None and obj.user:
        command += ["--as", obj.user]
    click.echo(f"Serving crewtui on http://{host}:{port} (database {settings.masked_url})")
    Server(shlex.join(command), host=host, port=port, title="crewtui").serve()
