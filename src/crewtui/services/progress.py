"""How a long action tells its caller where it is: one callback type for the app and the CLI.

Every orchestration (export, import, generate, deploy) takes ``progress: Progress | None``
and calls it with a :class:`Step` as it enters each of its steps, in order. The app moves a
progress bar (from a worker thread: post a message, do not touch widgets); the command line
shows the step on a terminal. A callback must not raise; it runs inside the action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """The action entered step ``name``, number ``index`` (from 1) of ``total``."""

    name: str
    index: int
    total: int

    @property
    def fraction_done(self) -> float:
        """The share of the steps before this one (0.0 as the first step starts)."""
        return (self.index - 1) / self.total


Progress = Callable[[Step], None]

EXPORT_STEPS = ("lint", "render", "write")
IMPORT_STEPS = ("read", "plan", "write")
GENERATE_STEPS = ("read", "generate", "store")
DEPLOY_STEPS = ("check", "write", "commit")


class Steps:
    """Reports the steps of one action, in the order they are declared."""

    def __init__(self, names: Sequence[str], progress: Progress | None) -> None:
        self.names = tuple(names)
        self.progress = progress

    def enter(self, name: str) -> None:
        if self.progress is not None:
            self.progress(Step(name, self.names.index(name) + 1, len(self.names)))
