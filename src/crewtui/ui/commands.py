"""Command palette: go to a section, start a new record, jump to any agent, crew or task."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .sections import SECTIONS

#: the palette shows at most this many jump hits, best first
MAX_JUMP_HITS = 40


def _app(provider: Provider) -> Any:
    return provider.app


def _crews_action(app: Any, action: str) -> None:
    from .screens.crews import palette_action  # sections load on first use

    palette_action(app, action)


class SectionCommands(Provider):
    """``Agents``, ``Crews``, ... and ``New agent``, ``Help``."""

    def _commands(self) -> list[tuple[str, Any, str]]:
        app = _app(self)
        out: list[tuple[str, Any, str]] = []
        for n, info in enumerate(SECTIONS, start=1):
            out.append(
                (
                    info.title if info.title != "Memory" else "Memory configs",
                    partial(app.goto, info.id),
                    f"Show the {info.title} section (key {n})",
                )
            )
        for info in SECTIONS:
            if info.record_kind and info.id != "tasks":
                out.append(
                    (
                        f"New {info.record_kind}",
                        partial(app.goto, info.id, new=True),
                        f"Create a {info.record_kind}",
                    )
                )
        out.append(
            (
                "Export crew",
                partial(_crews_action, app, "export"),
                "Write the crew being edited (or highlighted) as a crewai project",
            )
        )
        out.append(
            (
                "Import crewai project",
                partial(_crews_action, app, "import"),
                "Preview what would change, then import a crewai project",
            )
        )
        out.append(("Help", app.action_help, "Every key, screen by screen"))
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)


@dataclass(frozen=True)
class JumpTarget:
    section: str
    key: str
    label: str
    #: extra words that match (an agent's role)
    detail: str = ""


def load_targets(services: Any) -> list[JumpTarget]:
    """Every agent, crew and task by name; runs in a thread."""
    targets = [
        JumpTarget("agents", a.agent_key, f"agent {a.agent_key}", a.role)
        for a in services.list_agents()
    ]
    crews = services.list_crews()
    for crew in crews:
        targets.append(JumpTarget("crews", crew.crew_name, f"crew {crew.crew_name}"))
    for crew in crews:
        for task in services.list_tasks(crew.crew_name):
            targets.append(
                JumpTarget(
                    "tasks",
                    f"{crew.crew_name}/{task.name}",
                    f"task {task.name}",
                    f"in {crew.crew_name}",
                )
            )
    return targets


class JumpCommands(Provider):
    """Jump to an agent (by key or role), a crew or a task (by name)."""

    async def startup(self) -> None:
        # the targets load in a task of their own: a search cancelled by the next key (the
        # palette cancels the running search on every key) must not cancel the loading
        self._targets: list[JumpTarget] = []
        self._loading = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        app = _app(self)
        try:
            services = await asyncio.to_thread(app.services)
            self._targets = await asyncio.to_thread(load_targets, services)
        except Exception:
            # the palette still offers the sections; the list reports database trouble
            self._targets = []

    async def search(self, query: str) -> Hits:
        await asyncio.shield(self._loading)
        matcher = self.matcher(query)
        app = _app(self)
        needle = set(query.lower().replace(" ", ""))
        hits: list[Hit] = []
        for target in self._targets:
            text = f"{target.label} {target.detail}".strip()
            if not needle <= set(text.lower()):
                continue
            score = max(
                matcher.match(target.label),
                matcher.match(target.detail) * 0.9 if target.detail else 0,
            )
            if score > 0:
                hits.append(
                    Hit(
                        score,
                        matcher.highlight(target.label),
                        partial(app.goto, target.section, target.key),
                        text=target.label,
                        help=target.detail or None,
                    )
                )
        hits.sort(key=lambda h: h.score, reverse=True)
        for hit in hits[:MAX_JUMP_HITS]:
            yield hit
