"""The fixtures of tests/cli (the flow commands) and tests/ui (the demo database and the
app, for the Pilot tests); modules that build their own ``services`` override it."""

from __future__ import annotations

from tests.cli.conftest import query, run
from tests.ui.conftest import _demo_template, _private_data_dir, app, demo_url, services

__all__ = ["_demo_template", "_private_data_dir", "app", "demo_url", "query", "run", "services"]
