"""The sections of the main screen, in tab order (number keys 1-8 follow it).

A section is a widget class named by a function that imports it, so it loads only when
first shown and one missing or broken module costs only its own panel. To add one, write
the loader and append a line::

    def _crews() -> type[Section]:
        from .screens.crews import CrewsSection

        return CrewsSection

    SectionInfo("crews", "Crews", _crews, "crew"),

The class should subclass :class:`crewtui.ui.section.Section` (see there what the main
screen calls on it: ``refresh_data()`` when shown or when data changed, ``open_record(key)``
for the palette's jump-to, ``new_record()``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .section import Section


@dataclass(frozen=True)
class SectionInfo:
    id: str
    title: str
    #: imports and returns the section's widget class
    load: Callable[[], type[Section]]
    #: what the palette's jump-to finds in this section ("agent", "crew", "task") if anything
    record_kind: str = ""
    #: the name in the section bar when the title is too long to fit 80 columns
    bar_label: str = ""

    @property
    def label(self) -> str:
        return self.bar_label or self.title


def _agents() -> type[Section]:
    from .screens.agents import AgentsSection

    return AgentsSection


def _crews() -> type[Section]:
    from .screens.crews import CrewsSection

    return CrewsSection


def _tasks() -> type[Section]:
    from .screens.tasks import TasksSection

    return TasksSection


def _memory() -> type[Section]:
    from .screens.catalog import MemoryConfigsSection

    return MemoryConfigsSection


def _departments() -> type[Section]:
    from .screens.catalog import DepartmentsSection

    return DepartmentsSection


def _tools() -> type[Section]:
    from .screens.catalog import ToolsSection

    return ToolsSection


def _deployments() -> type[Section]:
    from .screens.deployments import DeploymentsSection

    return DeploymentsSection


def _flows() -> type[Section]:
    from .screens.flows import FlowsSection

    return FlowsSection


SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo("agents", "Agents", _agents, "agent"),
    SectionInfo("crews", "Crews", _crews, "crew"),
    SectionInfo("tasks", "Tasks", _tasks, "task"),
    SectionInfo("memory", "Memory", _memory, "memory config"),
    SectionInfo("departments", "Departments", _departments, "department", bar_label="Depts"),
    SectionInfo("tools", "Tools", _tools, "tool"),
    SectionInfo("deployments", "Deployments", _deployments, bar_label="Deploys"),
    SectionInfo("flows", "Flows", _flows, "flow"),
)


def section(section_id: str) -> SectionInfo:
    for info in SECTIONS:
        if info.id == section_id:
            return info
    raise KeyError(section_id)


class SectionUnavailable(Exception):
    """The section's module is not part of this build (or failed to import)."""


def load_section_class(info: SectionInfo) -> type[Section]:
    """Import the section's widget class; SectionUnavailable says why it cannot be shown."""
    try:
        return info.load()
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("crewtui.ui.screens"):
            raise SectionUnavailable(f"{info.title} is not available in this version.") from None
        raise SectionUnavailable(f"{info.title} could not be loaded: {exc}") from exc
    except Exception as exc:  # a broken module must not take the whole app down
        raise SectionUnavailable(
            f"{info.title} could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc
