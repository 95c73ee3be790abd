"""What the generic list and editor screens add to each kind of record: the wizard's steps
and the choices of its reference fields. The service calls come from the one registry of
record kinds (:mod:`crewtui.services.kinds`), which the command line uses too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...domain.agent import AGENT_GROUPS
from ...domain.base import Record
from ...domain.fields import groups_of
from ...services import kinds as registry
from ..forms.editors import model_choices

if TYPE_CHECKING:
    from ...services import Services

Choices = dict[str, list[tuple[str, Any]]]


def _no_choices(_services: Services, _record: Record | None) -> Choices:
    return {}


@dataclass(frozen=True)
class RecordKind:
    """A kind of record as the editors show it; ``kind`` makes the service calls."""

    kind: registry.RecordKind[Any]
    #: the steps of the new-record wizard (the editor shows every group)
    wizard_groups: tuple[str, ...] = ()
    #: label/value pairs of reference and tag fields, loaded in a worker
    load_choices: Callable[[Services, Record | None], Choices] = _no_choices
    #: the list the screens show, where the registry reads it otherwise (agents: summaries)
    list_: Callable[[Services], Sequence[Any]] | None = None

    @property
    def model(self) -> type[Record]:
        return self.kind.model

    @property
    def noun(self) -> str:
        return self.kind.noun

    @property
    def versioned(self) -> bool:
        return self.kind.versioned

    @property
    def title(self) -> str:
        return self.kind.title

    def editor_groups(self) -> list[str]:
        return groups_of(self.model)

    def steps(self) -> list[str]:
        return list(self.wizard_groups) or [g for g in groups_of(self.model) if g != "Metadata"]

    def get(self, services: Services, key: str) -> Record:
        record: Record = self.kind.get(services, key)
        return record

    def create(self, services: Services, values: dict[str, Any]) -> Record:
        record: Record = self.kind.create(services, values)
        return record

    def update(
        self, services: Services, key: str, changes: dict[str, Any], version: int | None
    ) -> Record:
        """``version`` is the one the change was made on; unversioned kinds ignore it."""
        record: Record = self.kind.update(services, key, changes, version)
        return record

    def delete(self, services: Services, key: str) -> None:
        self.kind.delete(services, key)

    def list_all(self, services: Services) -> Sequence[Any]:
        return self.list_(services) if self.list_ is not None else self.kind.list_all(services)


def _agent_choices(services: Services, _record: Record | None) -> Choices:
    tool_keys = [t.tool_key for t in services.list_tools() if t.status != "deprecated"]
    classes = [c for c in services.tool_class_suggestions() if c not in tool_keys]
    return {
        "department_id": [
            (f"{d.name} ({d.department_key})", d.id) for d in services.list_departments()
        ],
        "memory_config_id": [(m.name, m.id) for m in services.list_memory_configs()],
        # the registry's tool keys, then crewai_tools class names
        "tools": [(k, k) for k in [*tool_keys, *classes]],
        # suggestions as you type; any name is accepted
        **model_choices(services.model_suggestions()),
    }


def _department_choices(services: Services, record: Record | None) -> Choices:
    own = record.id if record is not None else None
    return {
        "parent_department_id": [
            (f"{d.name} ({d.department_key})", d.id)
            for d in services.list_departments()
            if d.id != own
        ]
    }


AGENT = RecordKind(
    registry.AGENT,
    wizard_groups=AGENT_GROUPS,
    load_choices=_agent_choices,
    list_=lambda s: s.list_agents(),
)
MEMORY_CONFIG = RecordKind(registry.MEMORY_CONFIG)
DEPARTMENT = RecordKind(registry.DEPARTMENT, load_choices=_department_choices)
TOOL = RecordKind(registry.TOOL)
FLOW = RecordKind(registry.FLOW, wizard_groups=("Basic",))
