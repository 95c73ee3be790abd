"""A YAML project (``crewai create crew``): config/*.yaml plus the @CrewBase class.

Both are read statically.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..pyeval import Evaluator, Scope
from ..pysyntax import ClassCall, ConfigRef, Dotted, NameRef, SelfAttr, SelfCall
from ..sources import present
from .context import ReadContext
from .crewclass import CrewClass, Method, find_crew_classes
from .inputs import caller_inputs, main_inputs
from .locate import Location
from .modules import Module, ModuleIndex, base_names
from .schema import SchemaError, model_schema
from .settings import kickoff_hooks
from .spec import AgentSpec, CrewSpec, ProjectSpec, TaskSpec
from .values import Raw, agent_values, crew_values, task_values
from .yamlio import YamlDoc, exported_description, load_yaml_doc


def read_yaml_project(
    loc: Location, class_name: str | None = None, name: str | None = None
) -> ProjectSpec:
    """The package at ``loc``; ``class_name`` picks one of several @CrewBase classes, ``name``
    is the crew's name unless ``Crew(name=...)`` gives one (else the package folder's)."""
    ctx = ReadContext(loc.root, ModuleIndex(loc.package_dir, loc.root))
    classes = find_crew_classes(ctx.index, loc.package_dir, ctx.warnings)
    if class_name is not None:
        classes = [c for c in classes if c.name == class_name]
    if len(classes) > 1:
        names = ", ".join(f"{c.name} ({ctx.rel(c.path)})" for c in classes)
        ctx.error(
            loc.package_dir, 0, f"holds several @CrewBase classes ({names}); keep one per package"
        )
        ctx.raise_errors()
    cls = classes[0] if classes else None
    base = cls.path.parent if cls else loc.package_dir
    agents_doc = _doc(ctx, base / (cls.agents_config if cls else "config/agents.yaml"))
    tasks_doc = _doc(ctx, base / (cls.tasks_config if cls else "config/tasks.yaml"))
    reader = _Reader(ctx, loc, cls, agents_doc, tasks_doc)
    reader.default_name = name or loc.package_dir.name
    spec = reader.read()
    ctx.raise_errors()
    spec.tools = ctx.tools
    spec.warnings = ctx.warnings
    spec.inputs = main_inputs(ctx, loc.package_dir)
    if not spec.inputs and cls is not None and class_name is not None:
        spec.inputs = caller_inputs(ctx, loc.package_dir, cls.name)
    return spec


def _doc(ctx: ReadContext, path: Path) -> YamlDoc:
    if not present(path):
        return YamlDoc(path)
    return load_yaml_doc(path, ctx.root, ctx.warnings)


class _Reader:
    def __init__(
        self,
        ctx: ReadContext,
        loc: Location,
        cls: CrewClass | None,
        agents: YamlDoc,
        tasks: YamlDoc,
    ) -> None:
        self.ctx = ctx
        self.loc = loc
        self.cls = cls
        self.agents_doc = agents
        self.tasks_doc = tasks
        self.default_name = loc.package_dir.name

    @property
    def mod(self) -> Module:
        assert self.cls is not None
        return self.cls.module

    def read(self) -> ProjectSpec:
        if self.cls is None:
            return self._yaml_only()
        cls = self.cls
        crew_method = next(iter(cls.of_kind("crew")), None)
        crew_call = crew_method.value if crew_method else None
        if crew_method is None:
            self.ctx.warn(
                cls.path,
                cls.node.lineno,
                f"{cls.name} has no @crew method; crew settings are crewai's defaults",
            )
        elif not (isinstance(crew_call, ClassCall) and crew_call.name.rsplit(".", 1)[-1] == "Crew"):
            self.ctx.error(
                cls.path,
                crew_method.line,
                f"@crew method '{crew_method.name}' does not return Crew(...) that can be read "
                "statically",
            )
            crew_call = None
        kwargs: dict[str, Any] = crew_call.kwargs if isinstance(crew_call, ClassCall) else {}
        line = crew_call.line if isinstance(crew_call, ClassCall) else cls.node.lineno

        agent_methods = [m.name for m in cls.of_kind("agent")]
        task_methods = [m.name for m in cls.of_kind("task")]
        manager = self._manager(kwargs.get("manager_agent"), line)
        members = self._ordered(kwargs.get("agents"), agent_methods, "agent", line)
        members = [m for m in members if m != manager]
        order = self._ordered(kwargs.get("tasks"), task_methods, "task", line)
        self._unused_yaml(agent_methods + ([manager] if manager else []), order)

        agents: dict[str, AgentSpec] = {}
        for method_name in [*members, *([manager] if manager else [])]:
            spec = self._agent(cls.methods[method_name])
            if spec is not None:
                agents[method_name] = spec
        task_names = set(order)
        tasks = [
            t
            for t in (self._task(cls.methods[n], task_names, agents) for n in order)
            if t is not None
        ]
        member_set = set(members)
        for t in tasks:
            assigned = t.values.get("agent")
            if (
                assigned
                and assigned not in member_set
                and assigned != manager
                and assigned in agents
            ):
                member_set.add(assigned)
                members.append(assigned)
        self._check_context_order(tasks)

        raw = {k: Raw(v, cls.path, line, True) for k, v in kwargs.items()}
        crew_vals = crew_values(self.ctx, raw, cls, self.mod, "Crew")
        hooks: dict[str, Any] = dict(crew_vals.get("crewai_settings") or {})
        kickoff_hooks(cls, hooks)
        if hooks:
            crew_vals["crewai_settings"] = hooks
        name = kwargs.get("name")
        crew = CrewSpec(
            name=name if isinstance(name, str) and name.strip() else self.default_name,
            values=crew_vals,
            members=members,
            manager=manager,
            description=exported_description(
                self.loc.root, name if isinstance(name, str) else None, self.ctx.warnings
            ),
            where=self.ctx.where(cls.path, line),
            origins={k: self.ctx.where(r.path, r.line) for k, r in raw.items()},
        )
        return ProjectSpec(root=self.loc.root, layout="yaml", crew=crew, agents=agents, tasks=tasks)

    # ---- structure

    def _manager(self, value: Any, line: int) -> str | None:
        if value is None:
            return None
        assert self.cls is not None
        if isinstance(value, SelfCall):
            method = self.cls.methods.get(value.name)
            if method is None:
                self.ctx.error(
                    self.cls.path,
                    value.line,
                    f"unknown manager agent 'self.{value.name}()': no method of that name",
                )
                return None
            if method.kind == "agent":
                self.ctx.warn(
                    self.cls.path,
                    value.line,
                    f"manager '{value.name}' is also an @agent: crewai rejects a manager that is "
                    "in the crew's agents; it is imported as manager only",
                )
            return value.name
        self.ctx.warn(self.cls.path, line, "manager_agent cannot be read statically; not imported")
        return None

    def _ordered(self, value: Any, declared: list[str], kind: str, line: int) -> list[str]:
        """``self.agents``/``self.tasks`` (declaration order) or an explicit ``[self.x(), ...]``."""
        assert self.cls is not None
        if value is None or (isinstance(value, SelfAttr) and value.name == f"{kind}s"):
            return list(declared)
        if isinstance(value, list) and all(isinstance(v, SelfCall) for v in value):
            out: list[str] = []
            seen: set[str] = set()
            for v in value:
                method = self.cls.methods.get(v.name)
                if method is None or method.kind not in (kind, "plain"):
                    self.ctx.error(
                        self.cls.path,
                        v.line,
                        f"unknown {kind} 'self.{v.name}()' in Crew({kind}s=...)",
                    )
                elif v.name not in seen:
                    seen.add(v.name)
                    out.append(v.name)
            for name in declared:
                if name not in seen:
                    self.ctx.warn(
                        self.cls.path,
                        self.cls.methods[name].line,
                        f"@{kind} '{name}' is not in Crew({kind}s=[...]); crewai does not use "
                        "it, not imported",
                    )
            return out
        self.ctx.error(
            self.cls.path,
            line,
            f"Crew({kind}s=...) cannot be read statically (use self.{kind}s or a list of "
            "self.<name>())",
        )
        return []

    def _unused_yaml(self, agent_methods: list[str], task_order: list[str]) -> None:
        assert self.cls is not None
        used_agent_keys = {self._config_key(self.cls.methods[n], "agents") for n in agent_methods}
        used_task_keys = {
            self._config_key(self.cls.methods[n], "tasks")
            for n in self.cls.methods
            if self.cls.methods[n].kind == "task"
        }
        for key in self.agents_doc.data:
            if key not in used_agent_keys:
                self.ctx.warn(
                    self.agents_doc.path,
                    self.agents_doc.line(key),
                    f"agent '{key}' has no @agent method in {self.cls.path.name}; crewai never "
                    "builds it, not imported",
                )
        for key in self.tasks_doc.data:
            if key not in used_task_keys:
                self.ctx.warn(
                    self.tasks_doc.path,
                    self.tasks_doc.line(key),
                    f"task '{key}' has no @task method in {self.cls.path.name}; crewai never "
                    "runs it, not imported",
                )
        yaml_order = [k for k in self.tasks_doc.data if k in task_order]
        keys_in_order = [self._config_key(self.cls.methods[n], "tasks") for n in task_order]
        keys_in_order = [k for k in keys_in_order if k in self.tasks_doc.data]
        if yaml_order != keys_in_order:
            self.ctx.warn(
                self.tasks_doc.path,
                0,
                f"tasks run in the order of the @task methods ({', '.join(task_order)}), not in "
                "the order of this file",
            )

    @staticmethod
    def _config_key(method: Method, which: str) -> str | None:
        call = method.value
        if isinstance(call, ClassCall):
            cfg = call.kwargs.get("config")
            if isinstance(cfg, ConfigRef) and cfg.which == which:
                return cfg.key
        return None

    # ---- agents

    def _config(
        self, call: ClassCall, which: str, doc: YamlDoc, what: str
    ) -> tuple[dict[str, Raw], str | None] | None:
        """The settings of the call, and its YAML key; None when the YAML file lacks that key
        (reported; the rest of the project still imports)."""
        assert self.cls is not None
        cfg = call.kwargs.get("config")
        raw: dict[str, Raw] = {}
        key: str | None = None
        if isinstance(cfg, ConfigRef):
            key = cfg.key
            if cfg.key not in doc.data:
                self.ctx.warn(
                    self.cls.path,
                    call.line,
                    f"{what}: {self.ctx.rel(doc.path)} has no '{cfg.key}'; {what} is not imported",
                )
                return None
            else:
                path, lines, key_line = doc.path, doc.field_lines, doc.key_lines.get(cfg.key, 0)
                for k, v in doc.data[cfg.key].items():
                    name = str(k)
                    raw[name] = Raw(v, path, lines.get((cfg.key, name), key_line), False, yaml=True)
        elif isinstance(cfg, dict):
            raw.update({str(k): Raw(v, self.cls.path, call.line, True) for k, v in cfg.items()})
        elif cfg is not None:
            self.ctx.error(
                self.cls.path, call.line, f"{what}: config=... cannot be read statically"
            )
        for k, v in call.kwargs.items():
            if k != "config" and v is not None:
                raw[k] = Raw(v, self.cls.path, call.line, True)
        return raw, key

    def _agent(self, method: Method) -> AgentSpec | None:
        assert self.cls is not None
        self.ctx.deadline.check()
        call = method.value
        if not (isinstance(call, ClassCall) and call.name.rsplit(".", 1)[-1] == "Agent"):
            self.ctx.error(
                self.cls.path,
                method.line,
                f"agent method '{method.name}' does not return Agent(...) that can be read "
                "statically",
            )
            return None
        found = self._config(call, "agents", self.agents_doc, f"agent '{method.name}'")
        if found is None:
            return None
        raw, key = found
        values = agent_values(self.ctx, raw, self.cls, self.mod, f"agent '{method.name}'")
        where_path = self.agents_doc.path if key else self.cls.path
        where_line = self.agents_doc.line(key) if key else method.line
        spec = AgentSpec(
            key=method.name, values=values, where=self.ctx.where(where_path, where_line)
        )
        spec.origins = {k: self.ctx.where(r.path, r.line) for k, r in raw.items()}
        for req in ("role", "goal", "backstory"):
            if not values.get(req):
                self.ctx.error(where_path, where_line, f"agent '{method.name}' has no {req}")
        return spec

    # ---- tasks

    def _task(
        self, method: Method, task_names: set[str], agents: dict[str, AgentSpec]
    ) -> TaskSpec | None:
        assert self.cls is not None
        self.ctx.deadline.check()
        call = method.value
        if not (
            isinstance(call, ClassCall)
            and call.name.rsplit(".", 1)[-1] in ("Task", "ConditionalTask")
        ):
            self.ctx.error(
                self.cls.path,
                method.line,
                f"task method '{method.name}' does not return Task(...) that can be read "
                "statically",
            )
            return None
        what = f"task '{method.name}'"
        found = self._config(call, "tasks", self.tasks_doc, what)
        if found is None:
            return None
        raw, key = found
        values = task_values(self.ctx, raw, self.cls, self.mod, what)
        if "agent" in raw:
            values["agent"] = self._agent_ref(raw["agent"], agents, what)
        if "context" in raw:
            values["context"] = self._context_ref(raw["context"], task_names, what)
        for out in ("output_json", "output_pydantic"):
            if out in raw:
                got = self._output_model(raw[out], out, what)
                if got is not None:
                    values[out] = got
        name = raw.get("name")
        if name is not None and name.value != method.name:
            if isinstance(name.value, str) and name.value.strip():
                # the task is still known by its method; crewai's own name is a setting
                values.setdefault("crewai_settings", {})["name"] = name.value
            else:
                self.ctx.warn(
                    name.path,
                    name.line,
                    f"{what}: its name is taken from the method ('{method.name}'), not "
                    f"'{name.value}'",
                )
        where_path = self.tasks_doc.path if key else self.cls.path
        where_line = self.tasks_doc.line(key) if key else method.line
        spec = TaskSpec(
            key=method.name, values=values, where=self.ctx.where(where_path, where_line)
        )
        spec.origins = {k: self.ctx.where(r.path, r.line) for k, r in raw.items()}
        return spec

    def _agent_ref(self, r: Raw, agents: dict[str, AgentSpec], what: str) -> str | None:
        assert self.cls is not None
        value = r.value
        if value is None:
            return None
        if isinstance(value, str):
            method = self.cls.methods.get(value)
            if method is None or method.kind != "agent":
                self.ctx.error(
                    r.path,
                    r.line,
                    f"{what}: unknown agent '{value}' (no @agent method of that name)",
                )
                return None
            name, line = value, r.line
        elif isinstance(value, SelfCall):
            method = self.cls.methods.get(value.name)
            if method is None:
                self.ctx.error(r.path, value.line, f"{what}: unknown agent 'self.{value.name}()'")
                return None
            name, line = value.name, value.line
        else:
            self.ctx.error(r.path, r.line, f"{what}: agent cannot be read statically")
            return None
        if name not in agents:
            spec = self._agent(method)
            if spec is None:
                return None
            agents[name] = spec
            self.ctx.warn(
                r.path,
                line,
                f"{what}: agent '{name}' is not among the crew's agents; it is added as a member",
            )
        return name

    def _context_ref(self, r: Raw, task_names: set[str], what: str) -> list[str] | None:
        value = r.value
        if value is None:
            return None
        if not isinstance(value, list):
            self.ctx.error(r.path, r.line, f"{what}: context must be a list of tasks")
            return None
        out: list[str] = []
        for item in value:
            name = (
                item if isinstance(item, str) else item.name if isinstance(item, SelfCall) else None
            )
            line = item.line if isinstance(item, SelfCall) else r.line
            if name is None:
                self.ctx.error(r.path, r.line, f"{what}: context entry cannot be read statically")
            elif name not in task_names:
                self.ctx.error(r.path, line, f"{what}: unknown context task '{name}'")
            elif name not in out:
                out.append(name)
        return out

    def _output_model(self, r: Raw, which: str, what: str) -> Any:
        assert self.cls is not None
        value = r.value
        found: tuple[Module, ast.ClassDef] | None = None
        if isinstance(value, str) and value in self.cls.output_classes:
            found = (self.mod, self.cls.output_classes[value])
        elif isinstance(value, (NameRef, Dotted, str)):
            name = (
                value.name
                if isinstance(value, NameRef)
                else value.text
                if isinstance(value, Dotted)
                else value
            )
            got = self.ctx.index.resolve(self.mod, name)
            if got is not None and isinstance(got[1], ast.ClassDef):
                found = (got[0], got[1])
        if found is None:
            self.ctx.warn(
                r.path, r.line, f"{what}: {which} model cannot be found statically; not imported"
            )
            return None
        if which == "output_pydantic":
            return found[1].name
        if "BaseModel" not in base_names(found[1]):
            self.ctx.warn(
                r.path, r.line, f"{what}: {found[1].name} is not a pydantic model; not imported"
            )
            return None
        try:
            return model_schema(self.ctx.index, found[0], found[1])
        except SchemaError as exc:
            self.ctx.warn(
                found[0].path, found[1].lineno, f"{what}: {exc}; output_json not imported"
            )
            return None

    def _check_context_order(self, tasks: list[TaskSpec]) -> None:
        seen: set[str] = set()
        for t in tasks:
            for name in t.values.get("context") or []:
                if name not in seen:
                    where = t.origins.get("context") or t.where
                    self.ctx.warn(
                        Path(self.loc.root / where.path) if where else self.loc.root,
                        where.line if where else 0,
                        f"task '{t.key}' takes context from the later task '{name}': crewai "
                        "refuses this",
                    )
            seen.add(t.key)

    # ---- no crew class

    def _yaml_only(self) -> ProjectSpec:
        ctx = self.ctx
        empty = ast.Module(body=[], type_ignores=[])
        mod = Module(self.loc.package_dir / "crew.py", empty, Evaluator(Scope()))
        ctx.warn(
            self.loc.package_dir,
            0,
            "no @CrewBase class found: agents and tasks come from the YAML files alone, crew "
            "settings are crewai's defaults",
        )
        agents: dict[str, AgentSpec] = {}
        for key, data in self.agents_doc.data.items():
            ctx.deadline.check()
            raw = {
                str(k): Raw(
                    v, self.agents_doc.path, self.agents_doc.line(key, str(k)), False, yaml=True
                )
                for k, v in data.items()
            }
            values = agent_values(ctx, raw, None, mod, f"agent '{key}'")
            agents[key] = AgentSpec(
                key, values, ctx.where(self.agents_doc.path, self.agents_doc.line(key))
            )
            for req in ("role", "goal", "backstory"):
                if not values.get(req):
                    ctx.error(
                        self.agents_doc.path,
                        self.agents_doc.line(key),
                        f"agent '{key}' has no {req}",
                    )
        names = set(self.tasks_doc.data)
        tasks: list[TaskSpec] = []
        for key, data in self.tasks_doc.data.items():
            ctx.deadline.check()
            raw = {
                str(k): Raw(
                    v, self.tasks_doc.path, self.tasks_doc.line(key, str(k)), False, yaml=True
                )
                for k, v in data.items()
            }
            what = f"task '{key}'"
            values = task_values(ctx, raw, None, mod, what)
            if "agent" in raw and raw["agent"].value is not None:
                if not isinstance(raw["agent"].value, str):
                    ctx.error(
                        raw["agent"].path,
                        raw["agent"].line,
                        f"{what}: agent must be the key of an agent",
                    )
                elif raw["agent"].value not in agents:
                    ctx.error(
                        raw["agent"].path,
                        raw["agent"].line,
                        f"{what}: unknown agent '{raw['agent'].value}'",
                    )
                else:
                    values["agent"] = raw["agent"].value
            if "context" in raw:
                values["context"] = self._context_ref(raw["context"], names, what)
            for out in ("output_json", "output_pydantic"):
                if out in raw:
                    ctx.warn(
                        raw[out].path,
                        raw[out].line,
                        f"{what}: {out} names a class of crew.py, which is missing; not imported",
                    )
            tasks.append(
                TaskSpec(key, values, ctx.where(self.tasks_doc.path, self.tasks_doc.line(key)))
            )
        self._check_context_order(tasks)
        crew = CrewSpec(name=self.default_name, members=list(agents))
        return ProjectSpec(root=self.loc.root, layout="yaml", crew=crew, agents=agents, tasks=tasks)
