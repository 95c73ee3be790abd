"""``spec_to_changes``: what importing a :class:`ProjectSpec` would change, field by field.

The plan is computed against a snapshot of what the database holds (:class:`Existing`), so a
dry run and a real import show the same thing. References stay by key here (agent keys, task
names, tool keys); the applier turns them into ids once the rows exist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID, uuid4

from ...domain.agent import Agent
from ...domain.base import Record
from ...domain.catalog import MemoryConfig, Tool
from ...domain.crew import Crew
from ...domain.errors import ValidationFailed
from ...domain.task import Task
from ...domain.validators import to_strftime
from ..crewai_map import FIXED_DIMENSIONS, NATIVE_DIMENSIONS, memory_embedder
from ..params import stored_value
from ..releases import NEWEST, is_deprecated
from ..storable import out_of_range
from .errors import Issue, ProjectInvalid
from .fields import (
    CREW_COLUMNS,
    agent_columns,
    agent_omitted,
    crew_omitted,
    task_columns,
    task_omitted,
)
from .spec import AgentSpec, ProjectSpec, TaskSpec, Where

Action = Literal["create", "update", "unchanged", "delete"]


@dataclass
class Existing:
    """What the database holds for the objects an import may touch."""

    agents: dict[str, Agent] = field(default_factory=dict)
    crew: Crew | None = None
    tasks: list[Task] = field(default_factory=list)
    tools: dict[str, Tool] = field(default_factory=dict)
    memory_configs: dict[str, MemoryConfig] = field(default_factory=dict)
    #: agent id -> key, for members, manager and assigned agents shown by key
    agent_keys: dict[UUID, str] = field(default_factory=dict)


#: how many characters of a value a change listing shows
SHOWN = 60


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


def show_value(value: Any) -> str:
    """One line for a change listing: JSON for structures, '-' for nothing, cut at SHOWN."""
    if value is None:
        return "-"
    if isinstance(value, (Decimal, UUID)):
        value = str(value)
    if isinstance(value, (dict, list)):
        text = json.dumps(value, default=str, ensure_ascii=False)
    else:
        text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


@dataclass
class Change:
    kind: Literal["memory_config", "tool", "agent", "crew", "task"]
    key: str
    action: Action
    fields: list[FieldChange] = field(default_factory=list)
    #: the validated record to write (columns only; references are in ``refs``)
    record: Record | None = None
    #: references by key: agent -> key, context -> names, members -> keys, manager -> key
    refs: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    crew_name: str
    memory_configs: list[Change] = field(default_factory=list)
    tools: list[Change] = field(default_factory=list)
    agents: list[Change] = field(default_factory=list)
    crew: Change | None = None
    tasks: list[Change] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def changes(self) -> list[Change]:
        return [
            *self.memory_configs,
            *self.tools,
            *self.agents,
            *([self.crew] if self.crew else []),
            *self.tasks,
        ]

    @property
    def has_changes(self) -> bool:
        return any(c.action != "unchanged" for c in self.changes)


_DASHES = re.compile(r"-+")


def agent_key(yaml_key: str) -> str:
    """``senior_market_analyst`` -> ``senior-market-analyst``."""
    key = yaml_key.strip().lower().replace("_", "-")
    if "--" in key:
        key = _DASHES.sub("-", key)
    return key.strip("-")


#: types that compare as they are (a bool only ever equals a bool here)
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def same(column: str, old: Any, new: Any) -> bool:
    """Equal as crewai would see them (``YYYY-MM-DD`` is ``%Y-%m-%d``; 0.7 is Decimal('0.70'))."""
    if type(old) is type(new) and type(old) in _PLAIN_TYPES and column != "date_format":
        return bool(old == new)  # what every rule below gives for two of these
    if column == "date_format" and isinstance(old, str) and isinstance(new, str):
        return to_strftime(old) == to_strftime(new)
    if (
        isinstance(old, (int, float, Decimal))
        and isinstance(new, (int, float, Decimal))
        and not isinstance(old, bool)
        and not isinstance(new, bool)
    ):
        return Decimal(str(old)) == Decimal(str(new))
    if column in ("knowledge_sources",) and not old and not new:
        return True
    if column == "output_json_schema" and isinstance(old, dict) and isinstance(new, dict):
        return bool(_schema_key(old) == _schema_key(new))
    return bool(old == new)


def _schema_key(node: Any) -> Any:
    """A JSON schema with ``required`` as a set: the order of required names means nothing."""
    if isinstance(node, dict):
        return {
            k: (sorted(v) if k == "required" and isinstance(v, list) else _schema_key(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_schema_key(v) for v in node]
    return node


def _without_env(config: dict[str, Any] | None) -> dict[str, Any]:
    """Tool settings without the names of environment variables (exports leave them out)."""
    return {k: v for k, v in (config or {}).items() if not k.endswith("_env")}


class _Planner:
    def __init__(self, spec: ProjectSpec, existing: Existing, crew_name: str) -> None:
        self.spec = spec
        self.existing = existing
        self.crew_name = crew_name
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = list(spec.warnings)
        self.tool_keys: dict[str, str] = {}
        #: agent key -> memory config id the crew's embedder needs on it
        self.memory_for: dict[str, UUID] = {}

    def problem(self, where: Where | None, message: str) -> None:
        self.issues.append(Issue(where.path if where else "", where.line if where else 0, message))

    def validated(
        self,
        model: type[Record],
        values: dict[str, Any],
        current: Record | None,
        what: str,
        where: Where | None,
        origins: dict[str, Where],
        columns: dict[str, str],
    ) -> Record | None:
        back = {col: name for name, col in columns.items()}
        wide = [(col, why) for col, v in values.items() if (why := out_of_range(model, col, v))]
        for col, why in wide:
            name = back.get(col, col)
            self.problem(origins.get(name, where), f"{what}: {name}: {why}")
        if wide:
            return None
        try:
            if current is None:
                return model.validated(values)
            return current.updated(values)
        except ValidationFailed as exc:
            for p in exc.problems:
                name = back.get(p.field.split(".")[0], p.field)
                self.problem(origins.get(name, where), f"{what}: {name}: {p.message}")
            return None

    @staticmethod
    def diff(
        current: Record | None, values: dict[str, Any], omitted: dict[str, Any] | None = None
    ) -> list[FieldChange]:
        """Changed fields; for a new row only the ones that differ from crewai's default."""
        out: list[FieldChange] = []
        for name, new in values.items():
            old = getattr(current, name) if current is not None else None
            if current is None:
                if omitted is not None and name in omitted and same(name, omitted[name], new):
                    continue
                if new is not None and new != [] and new != {}:
                    out.append(FieldChange(name, None, new))
            elif not same(name, old, new):
                out.append(FieldChange(name, old, new))
        return out

    # ---- the crew's embedder lives on a memory configuration of its first member

    def embedder(self) -> list[Change]:
        spec = self.spec.crew
        wanted = spec.values.get("embedder")
        where = spec.where
        if not isinstance(wanted, dict) or not spec.members:
            return []
        provider = wanted.get("provider")
        raw_cfg = wanted.get("config")
        cfg: dict[str, Any] = raw_cfg if isinstance(raw_cfg, dict) else {}
        if provider not in ("openai", "cohere", "huggingface"):
            self.warnings.append(
                Issue(
                    where.path if where else "",
                    where.line if where else 0,
                    f"Crew(embedder=...): provider {provider!r} has no place in crewtui; not "
                    "imported",
                )
            )
            return []
        model = cfg.get("model_name") or "text-embedding-ada-002"
        dims = (
            cfg.get("dimensions")
            or NATIVE_DIMENSIONS.get(model)
            or FIXED_DIMENSIONS.get(model)
            or 1536
        )
        target = memory_embedder(
            MemoryConfig.model_construct(
                embedder_provider=provider, embedder_model=model, embedder_dimensions=dims
            )
        )
        members = [agent_key(m) for m in spec.members]
        current = [self.existing.agents.get(k) for k in members]
        order = [
            k for k, a in zip(members, current, strict=True) if a is not None and a.memory_enabled
        ]
        order += [k for k in members if k not in order]
        by_id = {c.id: c for c in self.existing.memory_configs.values()}
        for k in order:
            a = self.existing.agents.get(k)
            if a is not None and a.memory_config_id and a.memory_config_id in by_id:
                if memory_embedder(by_id[a.memory_config_id]) == target:
                    return []
                break
        first = order[0]
        twin = next(
            (c for c in self.existing.memory_configs.values() if memory_embedder(c) == target), None
        )
        if twin is not None and twin.id is not None:
            self.memory_for[first] = twin.id
            return []
        name = f"{self.crew_name} embedder"[:100]
        n = 1
        while name in self.existing.memory_configs:
            n += 1
            name = f"{self.crew_name} embedder {n}"[:100]
        record = MemoryConfig.validated(
            {
                "name": name,
                "embedder_provider": provider,
                "embedder_model": model,
                "embedder_dimensions": dims,
            }
        )
        record = record.model_copy(update={"id": uuid4()})
        assert record.id is not None
        self.memory_for[first] = record.id
        fields = [
            FieldChange("name", None, name),
            FieldChange("embedder_provider", None, provider),
            FieldChange("embedder_model", None, model),
            FieldChange("embedder_dimensions", None, dims),
        ]
        return [Change("memory_config", name, "create", fields, record)]

    # ---- tools

    def tools(self) -> list[Change]:
        out: list[Change] = []
        for spec in self.spec.tools.values():
            key = spec.key
            current = self.existing.tools.get(key)
            if current is None:
                # the same class with the same settings is the same registry tool
                twin = next(
                    (
                        t
                        for t in sorted(self.existing.tools.values(), key=lambda t: t.tool_key)
                        if spec.tool_class
                        and (t.tool_class or "").rsplit(".", 1)[-1] == spec.tool_class
                        and _without_env(t.config) == _without_env(spec.config)
                    ),
                    None,
                )
                if twin is not None:
                    self.tool_keys[spec.key] = twin.tool_key
                    continue
            self.tool_keys[spec.key] = key
            values: dict[str, Any] = {"tool_class": spec.tool_class, "config": spec.config}
            if current is None:
                values.update(tool_key=key, name=spec.name)
            if spec.description is not None or current is None:
                values["description"] = spec.description
            if current is not None and spec.name != spec.tool_class:
                values["name"] = spec.name
            record = self.validated(Tool, values, current, f"tool '{key}'", spec.where, {}, {})
            changes = self.diff(current, {k: v for k, v in values.items() if k != "tool_key"})
            if current is None:
                changes.insert(0, FieldChange("tool_key", None, key))
            action: Action = "create" if current is None else ("update" if changes else "unchanged")
            out.append(Change("tool", key, action, changes, record))
        return out

    def map_tools(self, keys: list[str] | None) -> list[str] | None:
        if keys is None:
            return None
        out: list[str] = []
        for k in keys:
            mapped = self.tool_keys.get(k, k)
            if mapped not in out:
                out.append(mapped)
        return out

    # ---- agents

    def agent(self, spec: AgentSpec) -> Change:
        key = agent_key(spec.key)
        current = self.existing.agents.get(key)
        values: dict[str, Any] = {}
        columns, omitted = agent_columns(), agent_omitted()
        for crewai_name, column in columns.items():
            value = spec.values[crewai_name] if crewai_name in spec.values else omitted.get(column)
            value = stored_value(Agent, column, value)
            if column == "tools":
                value = self.map_tools(value) or []
            values[column] = value
        if isinstance(spec.values.get("memory"), bool):
            values["memory_enabled"] = spec.values["memory"]
        if current is not None:
            # projects for the newest release leave its deprecated settings out: an absent
            # one keeps what is stored rather than falling back to crewai's default
            for crewai_name, column in columns.items():
                if crewai_name not in spec.values and is_deprecated(NEWEST, "agent", crewai_name):
                    values[column] = getattr(current, column)
                    if crewai_name == "reasoning" and "planning_config" not in spec.origins:
                        values["max_reasoning_attempts"] = current.max_reasoning_attempts
            values = {
                k: (getattr(current, k) if same(k, getattr(current, k), v) else v)
                for k, v in values.items()
            }
        else:
            role = str(values.get("role") or key)
            values.update(agent_key=key, name=role[:200])
        if key in self.memory_for:
            values["memory_config_id"] = self.memory_for[key]
        record = self.validated(
            Agent, values, current, f"agent '{spec.key}'", spec.where, spec.origins, columns
        )
        changes = self.diff(current, values, omitted)
        if current is None:
            changes = [
                FieldChange("agent_key", None, key),
                *[c for c in changes if c.field != "agent_key"],
            ]
        action: Action = "create" if current is None else ("update" if changes else "unchanged")
        return Change("agent", key, action, changes, record)

    # ---- crew

    def crew(self) -> Change:
        spec = self.spec.crew
        current = self.existing.crew
        values: dict[str, Any] = {}
        omitted = crew_omitted()
        for crewai_name, column in CREW_COLUMNS.items():
            values[column] = stored_value(
                Crew, column, spec.values.get(crewai_name, omitted[column])
            )
        if spec.description is not None:
            values["description"] = spec.description
        if self.spec.inputs:
            # the project's kickoff inputs become the crew's run inputs; a project without
            # any leaves the ones the crew has alone. An input the crew keeps without a value
            # and the project does not name (crew.jsonc holds only inputs with a value) stays.
            kept = current.run_inputs if current is not None else {}
            values["run_inputs"] = {
                **{k: v for k, v in kept.items() if not v and k not in self.spec.inputs},
                **self.spec.inputs,
            }
        member_agents = [self.existing.agents.get(agent_key(m)) for m in spec.members]
        if (
            values["memory_enabled"]
            and current is not None
            and not current.memory_enabled
            and any(a is not None and a.memory_enabled for a in member_agents)
        ):
            # a member with memory turns crew memory on in crewai 1.3: nothing changes
            values["memory_enabled"] = False
        if current is None:
            values["crew_name"] = self.crew_name
        else:
            values = {
                k: (getattr(current, k) if same(k, getattr(current, k), v) else v)
                for k, v in values.items()
            }
        record = self.validated(
            Crew,
            values,
            current,
            f"crew '{self.crew_name}'",
            spec.where,
            spec.origins,
            CREW_COLUMNS,
        )
        changes = self.diff(current, values, omitted)
        members = [agent_key(m) for m in spec.members]
        manager = agent_key(spec.manager) if spec.manager else None
        keys = self.existing.agent_keys
        old_members = (
            [
                keys.get(m.agent_id, str(m.agent_id))
                for m in sorted(current.members, key=lambda m: m.sequence_order)
            ]
            if current
            else []
        )
        old_manager = (
            keys.get(current.manager_agent_id) if current and current.manager_agent_id else None
        )
        if members != old_members:
            changes.append(FieldChange("members", old_members or None, members))
        if manager != old_manager:
            changes.append(FieldChange("manager_agent", old_manager, manager))
        if current is None:
            changes = [
                FieldChange("crew_name", None, self.crew_name),
                *[c for c in changes if c.field != "crew_name"],
            ]
        action: Action = "create" if current is None else ("update" if changes else "unchanged")
        return Change(
            "crew",
            self.crew_name,
            action,
            changes,
            record,
            {"members": members, "manager": manager},
        )

    # ---- tasks

    def task(
        self, spec: TaskSpec, position: int, by_name: dict[str, Task], ids: dict[UUID, str]
    ) -> Change:
        current = by_name.get(spec.key)
        values: dict[str, Any] = {}
        columns, omitted = task_columns(), task_omitted()
        for crewai_name, column in columns.items():
            if column in ("agent", "context"):
                continue
            value = spec.values[crewai_name] if crewai_name in spec.values else omitted.get(column)
            value = stored_value(Task, column, value)
            if column == "tools":
                value = self.map_tools(value)
            values[column] = value
        values["sequence_order"] = position
        if values.get("output_file") is None and "create_directory" not in spec.values:
            # without an output file the flag means nothing, and exports leave it out
            values["create_directory"] = current.create_directory if current is not None else False
        if current is None:
            values["name"] = spec.key
        else:
            values = {
                k: (getattr(current, k) if same(k, getattr(current, k), v) else v)
                for k, v in values.items()
            }
        seq = values.pop("sequence_order")
        record = self.validated(
            Task, values, current, f"task '{spec.key}'", spec.where, spec.origins, columns
        )
        if record is not None:
            record = record.model_copy(update={"sequence_order": seq})
        values["sequence_order"] = seq
        shown_defaults = {**omitted, "sequence_order": position}
        if values.get("output_file") is None:
            shown_defaults["create_directory"] = values["create_directory"]
        changes = self.diff(current, values, shown_defaults)
        agent = spec.values.get("agent")
        agent = agent_key(agent) if agent else None
        context = spec.values.get("context")
        old_agent = (
            self.existing.agent_keys.get(current.assigned_agent_id)
            if current and current.assigned_agent_id
            else None
        )
        old_context = (
            None
            if current is None or current.context_task_ids is None
            else [ids.get(i, str(i)) for i in current.context_task_ids]
        )
        if agent != old_agent and (current is not None or agent is not None):
            changes.append(FieldChange("agent", old_agent, agent))
        if context != old_context and (current is not None or context is not None):
            changes.append(FieldChange("context", old_context, context))
        if current is None:
            changes = [
                FieldChange("name", None, spec.key),
                *[c for c in changes if c.field != "name"],
            ]
        action: Action = "create" if current is None else ("update" if changes else "unchanged")
        return Change(
            "task", spec.key, action, changes, record, {"agent": agent, "context": context}
        )

    def tasks(self) -> list[Change]:
        by_name = {t.name: t for t in self.existing.tasks}
        ids = {t.id: t.name for t in self.existing.tasks if t.id is not None}
        out = [self.task(t, i, by_name, ids) for i, t in enumerate(self.spec.tasks, start=1)]
        wanted = {t.key for t in self.spec.tasks}
        for t in self.existing.tasks:
            if t.name not in wanted:
                out.append(Change("task", t.name, "delete", [FieldChange("name", t.name, None)], t))
        return out


def spec_to_changes(
    spec: ProjectSpec, existing: Existing, *, crew_name: str | None = None
) -> ImportPlan:
    """Everything the import would create, update, leave alone or delete; raises ProjectInvalid
    (nothing written) when a value would not be accepted."""
    name = crew_name or spec.crew.name
    planner = _Planner(spec, existing, name)
    plan = ImportPlan(crew_name=name, inputs=dict(spec.inputs))
    plan.memory_configs = planner.embedder()
    plan.tools = planner.tools()
    seen: set[str] = set()
    for a in spec.agents.values():
        change = planner.agent(a)
        if change.key in seen:
            planner.problem(
                a.where,
                f"agent '{a.key}' has the same key as another agent once written in kebab case "
                f"({change.key})",
            )
        seen.add(change.key)
        plan.agents.append(change)
    plan.crew = planner.crew()
    plan.tasks = planner.tasks()
    plan.warnings = planner.warnings
    if planner.issues:
        raise ProjectInvalid(planner.issues)
    return plan
