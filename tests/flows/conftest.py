"""The command-line fixtures of tests/cli, for the flow commands."""

from __future__ import annotations

from tests.cli.conftest import query, run

__all__ = ["query", "run"]
