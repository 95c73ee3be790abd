"""The API the terminal UI, the CLI and the interop code call."""

from __future__ import annotations

from .facade import Services
from .store import Store
from .types import AgentSummary, AgentUsage, CrewRole, DemoReport

__all__ = ["AgentSummary", "AgentUsage", "CrewRole", "DemoReport", "Services", "Store"]
