"""The API the terminal UI, the CLI and the interop code call.

The names are imported on first use: importing a submodule such as
``crewtui.services.values`` must not load the whole service layer and the ORM models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .facade import Services
    from .store import Store
    from .types import AgentSummary, AgentUsage, CrewRole, DemoReport

_WHERE = {
    "Services": ".facade",
    "Store": ".store",
    "AgentSummary": ".types",
    "AgentUsage": ".types",
    "CrewRole": ".types",
    "DemoReport": ".types",
}

__all__ = ["AgentSummary", "AgentUsage", "CrewRole", "DemoReport", "Services", "Store"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
