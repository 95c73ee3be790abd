"""Small read-only views the services return besides the domain records."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.views import AgentSummary, AgentUsage, CrewRole

__all__ = ["AgentSummary", "AgentUsage", "CrewRole", "DemoReport"]


def _noun(plural: str, n: int) -> str:
    """``crews`` -> ``crew`` for one ("1 flow", "1 memory config", "1 department")."""
    return plural.removesuffix("s") if n == 1 else plural


@dataclass
class DemoReport:
    """What ``load_demo`` added; all zeros when the demo data was already there."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values())

    def summary(self) -> str:
        parts = [f"{n} {_noun(kind, n)}" for kind, n in self.created.items() if n]
        return (
            ("added " + ", ".join(parts)) if parts else "demo data already present; nothing changed"
        )
