"""The kinds of record people edit, and the service calls that read and write each of them.

One registry for every front end: the command line builds its ``list``/``show``/``create``/
``set``/``delete`` commands from it and the terminal app its lists and editors. Each kind
names its service calls as typed functions of :class:`~crewtui.services.Services` (no method
names put together from strings), and loads its domain model only when asked, so importing
the registry costs nothing at start-up.

A KEY names one record: the record's own key, or for a task ``CREW/TASK`` (the parts the
service calls take first).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ..domain.agent import Agent
    from ..domain.base import Record
    from ..domain.catalog import Department, MemoryConfig, Tool
    from ..domain.crew import Crew
    from ..domain.flow import Flow
    from ..domain.task import Task
    from .facade import Services

R = TypeVar("R", bound="Record")

#: the parts of a KEY: ``("venture-research",)``, ``("venture-research", "brief")``
Key = tuple[str, ...]
Values = dict[str, Any]


def whole_key(key: str) -> Key:
    return (key,)


def split_task(ref: str) -> tuple[str, str]:
    """``CREW/TASK`` -> ``(crew, task)``; a ValidationFailed naming ``task`` otherwise."""
    crew, sep, name = ref.partition("/")
    if not sep or not crew or not name:
        from ..domain.errors import ValidationFailed

        raise ValidationFailed.single("task", f"'{ref}' must be written CREW/TASK")
    return crew, name


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """One kind of record: what it is called, its model, and its service calls."""

    #: "agent", "memory config", ...
    noun: str
    #: the model class, imported when first asked for (pydantic is not cheap to load)
    load_model: Callable[[], type[R]]
    get_: Callable[[Services, Key], R]
    create_: Callable[[Services, Key, Values], R]
    update_: Callable[[Services, Key, Values, int | None], R]
    delete_: Callable[[Services, Key], None]
    #: every record of the kind; None where the list is read otherwise (tasks: those of one
    #: crew; agents: a page of summaries)
    list_: Callable[[Services], Sequence[R]] | None = None
    #: does the table carry a version column (a stale save is then a conflict)?
    versioned: bool = True
    #: how usage lines and messages name a KEY
    key_label: str = "KEY"
    split_key: Callable[[str], Key] = whole_key

    @property
    def model(self) -> type[R]:
        return self.load_model()

    @property
    def plural(self) -> str:
        return self.noun + "s"

    @property
    def title(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    # ---- the calls, a KEY given as the user writes it

    def get(self, services: Services, key: str) -> R:
        return self.get_(services, self.split_key(key))

    def create(self, services: Services, values: Values, *, parents: Key = ()) -> R:
        """A new record from ``values`` (its key field included); ``parents``: the KEY parts
        before the record's own (a task's crew)."""
        return self.create_(services, parents, values)

    def update(
        self, services: Services, key: str, changes: Values, version: int | None = None
    ) -> R:
        """``version``: the one the change was made on (unversioned kinds ignore it)."""
        return self.update_(services, self.split_key(key), changes, version)

    def delete(self, services: Services, key: str) -> None:
        self.delete_(services, self.split_key(key))

    def list_all(self, services: Services) -> Sequence[R]:
        if self.list_ is None:
            raise TypeError(f"{self.plural} are listed per parent, not all at once")
        return self.list_(services)


# ---- the models, loaded on first use


def _agent() -> type[Agent]:
    from ..domain.agent import Agent

    return Agent


def _crew() -> type[Crew]:
    from ..domain.crew import Crew

    return Crew


def _task() -> type[Task]:
    from ..domain.task import Task

    return Task


def _memory_config() -> type[MemoryConfig]:
    from ..domain.catalog import MemoryConfig

    return MemoryConfig


def _department() -> type[Department]:
    from ..domain.catalog import Department

    return Department


def _tool() -> type[Tool]:
    from ..domain.catalog import Tool

    return Tool


AGENT: RecordKind[Agent] = RecordKind(
    "agent",
    _agent,
    get_=lambda s, k: s.get_agent(k[0]),
    create_=lambda s, _p, v: s.create_agent(v),
    update_=lambda s, k, v, version: s.update_agent(k[0], v, expected_version=version),
    delete_=lambda s, k: s.delete_agent(k[0]),
    # the agent list is read a page of summaries at a time: Services.list_agents
)

CREW: RecordKind[Crew] = RecordKind(
    "crew",
    _crew,
    get_=lambda s, k: s.get_crew(k[0]),
    create_=lambda s, _p, v: s.create_crew(v),
    update_=lambda s, k, v, version: s.update_crew(k[0], v, expected_version=version),
    delete_=lambda s, k: s.delete_crew(k[0]),
    list_=lambda s: s.list_crews(),
    key_label="NAME",
)

TASK: RecordKind[Task] = RecordKind(
    "task",
    _task,
    get_=lambda s, k: s.get_task(k[0], k[1]),
    create_=lambda s, p, v: s.create_task(p[0], v),
    update_=lambda s, k, v, version: s.update_task(k[0], k[1], v, expected_version=version),
    delete_=lambda s, k: s.delete_task(k[0], k[1]),
    key_label="CREW/TASK",
    split_key=split_task,
)

MEMORY_CONFIG: RecordKind[MemoryConfig] = RecordKind(
    "memory config",
    _memory_config,
    get_=lambda s, k: s.get_memory_config(k[0]),
    create_=lambda s, _p, v: s.create_memory_config(v),
    update_=lambda s, k, v, version: s.update_memory_config(k[0], v, expected_version=version),
    delete_=lambda s, k: s.delete_memory_config(k[0]),
    list_=lambda s: s.list_memory_configs(),
)

DEPARTMENT: RecordKind[Department] = RecordKind(
    "department",
    _department,
    get_=lambda s, k: s.get_department(k[0]),
    create_=lambda s, _p, v: s.create_department(v),
    update_=lambda s, k, v, _version: s.update_department(k[0], v),
    delete_=lambda s, k: s.delete_department(k[0]),
    list_=lambda s: s.list_departments(),
    versioned=False,
)

TOOL: RecordKind[Tool] = RecordKind(
    "tool",
    _tool,
    get_=lambda s, k: s.get_tool(k[0]),
    create_=lambda s, _p, v: s.create_tool(v),
    update_=lambda s, k, v, _version: s.update_tool(k[0], v),
    delete_=lambda s, k: s.delete_tool(k[0]),
    list_=lambda s: s.list_tools(),
    versioned=False,
)


def _flow() -> type[Flow]:
    from ..domain.flow import Flow

    return Flow


FLOW: RecordKind[Flow] = RecordKind(
    "flow",
    _flow,
    get_=lambda s, k: s.get_flow(k[0]),
    create_=lambda s, _p, v: s.create_flow(v),
    update_=lambda s, k, v, version: s.update_flow(k[0], v, expected_version=version),
    delete_=lambda s, k: s.delete_flow(k[0]),
    list_=lambda s: s.list_flows(),
)

#: every kind, in the order the app's sections and the command groups show them
KINDS: tuple[RecordKind[Any], ...] = (
    AGENT,
    CREW,
    TASK,
    FLOW,
    MEMORY_CONFIG,
    DEPARTMENT,
    TOOL,
)


def kind_of(noun: str) -> RecordKind[Any]:
    for kind in KINDS:
        if kind.noun == noun:
            return kind
    raise KeyError(noun)
