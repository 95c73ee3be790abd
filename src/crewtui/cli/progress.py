"""The steps of a long command, shown on the terminal while it runs (and gone after)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..services.progress import Progress, Step


@contextmanager
def terminal_progress() -> Iterator[Progress | None]:
    """A progress callback that shows the current step on standard error, when that is a
    terminal (pipes, files and tests see nothing); the line is cleared when the block ends."""
    if not sys.stderr.isatty():
        yield None
        return
    shown = False

    def show(step: Step) -> None:
        nonlocal shown
        shown = True
        click.echo(f"\r\x1b[K{step.name}… ({step.index}/{step.total})", err=True, nl=False)

    try:
        yield show
    finally:
        if shown:
            click.echo("\r\x1b[K", err=True, nl=False)
