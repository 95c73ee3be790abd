"""The sections of the main screen, in tab order (number keys 1-8 follow it).

A section is a widget class named by ``"module:Class"`` and imported only when first shown,
so one missing or broken module costs only its own panel. To add one, append a line::

    SectionInfo("crews", "Crews", "crewtui.ui.screens.crews:CrewsSection"),

The class should subclass :class:`crewtui.ui.section.Section` (see there what the main
screen calls on it: ``refresh_data()`` when shown or when data changed, ``open_record(key)``
for the palette's jump-to, ``new_record()``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.widget import Widget


@dataclass(frozen=True)
class SectionInfo:
    id: str
    title: str
    #: "package.module:ClassName" of the section widget
    target: str
    #: what the palette's jump-to finds in this section ("agent", "crew", "task") if anything
    record_kind: str = ""
    #: the name in the section bar when the title is too long to fit 80 columns
    bar_label: str = ""

    @property
    def label(self) -> str:
        return self.bar_label or self.title

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]


SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo("agents", "Agents", "crewtui.ui.screens.agents:AgentsSection", "agent"),
    SectionInfo("crews", "Crews", "crewtui.ui.screens.crews:CrewsSection", "crew"),
    SectionInfo("tasks", "Tasks", "crewtui.ui.screens.tasks:TasksSection", "task"),
    SectionInfo(
        "memory", "Memory", "crewtui.ui.screens.catalog:MemoryConfigsSection", "memory config"
    ),
    SectionInfo(
        "departments",
        "Departments",
        "crewtui.ui.screens.catalog:DepartmentsSection",
        "department",
        bar_label="Depts",
    ),
    SectionInfo("tools", "Tools", "crewtui.ui.screens.catalog:ToolsSection", "tool"),
    SectionInfo(
        "deployments",
        "Deployments",
        "crewtui.ui.screens.deployments:DeploymentsSection",
        bar_label="Deploys",
    ),
    SectionInfo("flows", "Flows", "crewtui.ui.screens.flows:FlowsSection", "flow"),
)


def section(section_id: str) -> SectionInfo:
    for info in SECTIONS:
        if info.id == section_id:
            return info
    raise KeyError(section_id)


class SectionUnavailable(Exception):
    """The section's module is not part of this build (or failed to import)."""


def load_section_class(info: SectionInfo) -> type[Widget]:
    """Import the section's widget class; SectionUnavailable says why it cannot be shown."""
    module_name, _, attr = info.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise SectionUnavailable(f"{info.title} is not available in this version.") from None
        raise SectionUnavailable(f"{info.title} could not be loaded: {exc}") from exc
    except Exception as exc:  # a broken module must not take the whole app down
        raise SectionUnavailable(
            f"{info.title} could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    cls = getattr(module, attr, None)
    if not (isinstance(cls, type) and issubclass(cls, Widget)):
        raise SectionUnavailable(
            f"{info.title} is not available in this version ({info.target} not found)."
        )
    return cls
