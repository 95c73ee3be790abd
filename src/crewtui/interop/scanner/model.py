"""What a scan finds: agent definitions with their column values, and problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FoundAgent:
    agent_key: str
    #: crewai_agents column -> value, only what the source states
    values: dict[str, Any]
    path: str
    line: int
    #: "call" (Agent(...)), "class" (role/goal/backstory attributes) or "crewbase" (YAML config)
    kind: str
    #: column or argument -> why its value could not be read
    unresolved: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}{f':{self.line}' if self.line else ''}: {self.message}"


@dataclass
class ScanResult:
    agents: list[FoundAgent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    def by_key(self) -> dict[str, FoundAgent]:
        return {a.agent_key: a for a in self.agents}


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def kebab(name: str) -> str:
    """SeniorMarketAnalyst / senior_market_analyst -> senior-market-analyst."""
    text = _CAMEL.sub("-", name).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")
