"""A script that builds ``Agent``, ``Task`` and ``Crew`` objects at module level (no
``@CrewBase``, no YAML), read statically.

The crew gets exactly the tasks passed to ``Crew(tasks=[...])``, in that order, with their
agents; a task built but not passed (run on its own with ``task.execute_sync()``, or never)
is reported and left out. Statements are read at module level, in ``if`` blocks and in the
bodies of top-level functions (``def main(): ...``); names are resolved with the static
evaluator, variables of all those places included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from ..pysyntax import decorator_names
from .context import ReadContext
from .helpers import Built, from_helper, kind_of
from .modules import Module, ModuleIndex
from .spec import AgentSpec, CrewSpec, ProjectSpec, TaskSpec
from .values import Raw, agent_values, crew_values, task_values

#: Crew(...) arguments read as references to the script's agents and tasks
_REFS = ("agents", "tasks", "manager_agent")


def _statements(body: list[ast.stmt], depth: int = 0) -> Iterator[ast.stmt]:
    """Module-level statements, those of ``if``/``with``/``try`` blocks, of top-level
    function bodies and of the methods of top-level classes (one level), in source order."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.If, ast.With, ast.Try)):
            yield from _statements(stmt.body, depth)
            yield from _statements(getattr(stmt, "orelse", []), depth)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and depth == 0:
            yield from _statements(stmt.body, depth + 1)
        elif (
            isinstance(stmt, ast.ClassDef)
            and depth == 0
            and "CrewBase" not in decorator_names(stmt)
        ):
            # ``class TripCrew: def run(self): ... Crew(...)``: the methods' bodies
            for item in stmt.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield from _statements(item.body, depth + 1)


def _built(tree: ast.Module) -> dict[str, Built]:
    """``name = Agent(...)``, ``name = Task(...)``, ``name = Crew(...)`` (the last one wins)."""
    out: dict[str, Built] = {}
    for stmt in _statements(tree.body):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        kind = kind_of(value)
        if kind and isinstance(target, ast.Name) and isinstance(value, ast.Call):
            out[target.id] = Built(kind, target.id, value)
    return out


def script_crews(tree: ast.Module) -> list[str]:
    """The variables a script assigns ``Crew(agents=...)`` to."""
    built = _built(tree)
    return [
        b.var
        for b in built.values()
        if b.kind == "Crew" and any(k.arg == "agents" for k in b.call.keywords)
    ]


def _locals(tree: ast.Module) -> dict[str, ast.expr]:
    out: dict[str, ast.expr] = {}
    for stmt in _statements(tree.body):
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            out[stmt.targets[0].id] = stmt.value
    return out


def read_script_project(
    root: Path, path: Path, var: str, name: str, inputs: dict[str, str] | None = None
) -> ProjectSpec:
    ctx = ReadContext(root, ModuleIndex(path.parent, root))
    mod = ctx.index.load(path)
    local = _locals(mod.tree)
    built = _built(mod.tree)
    for stmt in _statements(mod.tree.body):
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Call)
            and kind_of(stmt.value) is None
        ):
            target = stmt.targets[0].id
            got = from_helper(ctx, mod, target, stmt.value, local, built)
            if got is not None:
                built[target] = got
    reader = _ScriptReader(ctx, mod, built, local)
    spec = reader.read(var, name)
    ctx.raise_errors()
    spec.tools = ctx.tools
    spec.warnings = ctx.warnings
    return spec


class _ScriptReader:
    def __init__(
        self, ctx: ReadContext, mod: Module, built: dict[str, Built], local: dict[str, ast.expr]
    ) -> None:
        self.ctx = ctx
        self.mod = mod
        self.built = built
        self.local = local

    def _where(self, b: Built) -> tuple[Module, dict[str, ast.expr]]:
        """The module a built object's call is in, and the names its expressions see."""
        if b.mod is None:
            return self.mod, self.local
        return b.mod, b.local or {}

    def _raw(self, b: Built, skip: tuple[str, ...] = ()) -> dict[str, Raw]:
        mod, local = self._where(b)
        call = b.call
        out: dict[str, Raw] = {}
        for kw in call.keywords:
            if kw.arg is None:
                self.ctx.warn(mod.path, call.lineno, "'**' arguments cannot be read; skipped")
                continue
            if kw.arg in skip:
                continue
            value = mod.ev.eval(kw.value, local)
            out[kw.arg] = Raw(value, mod.path, kw.value.lineno, True)
        if call.args:
            self.ctx.warn(mod.path, call.lineno, "positional arguments are not read")
        return out

    def _names(
        self, node: ast.expr | None, kind: str, what: str, b: Built | None = None
    ) -> list[str]:
        """The script variables of ``kind`` a list argument names."""
        if node is None:
            return []
        mod, local = self._where(b) if b is not None else (self.mod, self.local)
        if isinstance(node, ast.Name) and node.id in local:
            node = local[node.id]
        if not isinstance(node, (ast.List, ast.Tuple)):
            self.ctx.error(mod.path, node.lineno, f"{what} cannot be read statically")
            return []
        out: list[str] = []
        for item in node.elts:
            got = self._name(item, kind, what, b)
            if got is not None and got not in out:
                out.append(got)
        return out

    def _name(self, node: ast.expr, kind: str, what: str, b: Built | None = None) -> str | None:
        if isinstance(node, ast.Name):
            # in a helper, only its parameters stand for the script's agents and tasks
            var = b.refs.get(node.id) if b is not None and b.mod is not None else node.id
            found = self.built.get(var) if var else None
            if var and found is not None and found.kind == kind:
                return var
        mod = self._where(b)[0] if b is not None else self.mod
        self.ctx.error(
            mod.path,
            node.lineno,
            f"{what}: '{ast.unparse(node)[:60]}' is not an {kind} built in this script",
        )
        return None

    def read(self, var: str, name: str) -> ProjectSpec:
        crew_call = self.built[var].call
        kw = {k.arg: k.value for k in crew_call.keywords if k.arg}
        agent_vars = self._names(kw.get("agents"), "Agent", "Crew(agents=...)")
        task_vars = self._names(kw.get("tasks"), "Task", "Crew(tasks=...)")
        manager = (
            self._name(kw["manager_agent"], "Agent", "Crew(manager_agent=...)")
            if "manager_agent" in kw
            else None
        )
        members = [a for a in agent_vars if a != manager]
        agents: dict[str, AgentSpec] = {}
        for a in [*members, *([manager] if manager else [])]:
            agents[a] = self._agent(a)
        tasks: list[TaskSpec] = []
        wanted = set(task_vars)
        for t in task_vars:
            tasks.append(self._task(t, wanted, agents, members))
        for b in self.built.values():
            if b.kind == "Task" and b.var not in wanted:
                self.ctx.warn(
                    self.mod.path,
                    b.call.lineno,
                    f"task '{b.var}' is not in Crew(tasks=[...]) of '{var}': crewai runs it "
                    "outside the crew (or never); not imported",
                )
        used = set(agents)
        for b in self.built.values():
            if b.kind == "Agent" and b.var not in used:
                self.ctx.warn(
                    self.mod.path,
                    b.call.lineno,
                    f"agent '{b.var}' is not in the crew '{var}' nor assigned to its tasks; "
                    "not imported",
                )
        raw = self._raw(self.built[var], _REFS)
        values = crew_values(self.ctx, raw, None, self.mod, "Crew")
        given = raw.get("name")
        crew_name = (
            given.value if given is not None and isinstance(given.value, str) else name
        ).strip() or name
        crew = CrewSpec(
            name=crew_name,
            values=values,
            members=members,
            manager=manager,
            where=self.ctx.where(self.mod.path, crew_call.lineno),
            origins={k: self.ctx.where(r.path, r.line) for k, r in raw.items()},
        )
        spec = ProjectSpec(root=self.ctx.root, layout="yaml", crew=crew, agents=agents, tasks=tasks)
        spec.inputs = kickoff_inputs(self.ctx, self.mod, var)
        return spec

    def _agent(self, var: str) -> AgentSpec:
        b = self.built[var]
        mod, call = self._where(b)[0], b.call
        raw = self._raw(b)
        what = f"agent '{var}'"
        values = agent_values(self.ctx, raw, None, mod, what)
        spec = AgentSpec(var, values, self.ctx.where(mod.path, call.lineno))
        spec.origins = {k: self.ctx.where(r.path, r.line) for k, r in raw.items()}
        for req in ("role", "goal", "backstory"):
            if not values.get(req):
                self.ctx.error(mod.path, call.lineno, f"{what} has no {req}")
        return spec

    def _task(
        self, var: str, wanted: set[str], agents: dict[str, AgentSpec], members: list[str]
    ) -> TaskSpec:
        b = self.built[var]
        mod, call = self._where(b)[0], b.call
        what = f"task '{var}'"
        raw = self._raw(b, ("agent", "context"))
        values = task_values(self.ctx, raw, None, mod, what)
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        if "agent" in kw and not (
            isinstance(kw["agent"], ast.Constant) and kw["agent"].value is None
        ):
            agent = self._name(kw["agent"], "Agent", what + " agent", b)
            if agent is not None:
                if agent not in agents:
                    agents[agent] = self._agent(agent)
                    members.append(agent)
                    self.ctx.warn(
                        mod.path,
                        call.lineno,
                        f"{what}: agent '{agent}' is not in Crew(agents=[...]); it is added as "
                        "a member",
                    )
                values["agent"] = agent
        if "context" in kw:
            context = self._names(kw["context"], "Task", what + " context", b)
            for c in context:
                if c not in wanted:
                    self.ctx.error(
                        mod.path,
                        call.lineno,
                        f"{what}: context task '{c}' is not in the crew's tasks",
                    )
            values["context"] = [c for c in context if c in wanted]
        name = raw.get("name")
        if name is not None and name.value != var:
            if isinstance(name.value, str) and name.value.strip():
                # the task is known by its variable; crewai's own name is a setting
                values.setdefault("crewai_settings", {})["name"] = name.value
            else:
                self.ctx.warn(
                    name.path,
                    name.line,
                    f"{what}: its name is taken from the variable ('{var}'), not '{name.value}'",
                )
        spec = TaskSpec(var, values, self.ctx.where(mod.path, call.lineno))
        spec.origins = {k: self.ctx.where(r.path, r.line) for k, r in raw.items()}
        return spec


def kickoff_inputs(ctx: ReadContext, mod: Module, var: str | None) -> dict[str, str]:
    """``<crew>.kickoff(inputs={...})`` in the script (``inputs=`` a dict or a variable)."""
    from .inputs import input_values

    local = _locals(mod.tree)
    for node in ast.walk(mod.tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("kickoff", "kickoff_async")
        ):
            continue
        owner = node.func.value
        if var is not None and not (isinstance(owner, ast.Name) and owner.id == var):
            continue
        arg = next((k.value for k in node.keywords if k.arg == "inputs"), None)
        if arg is None and node.args:
            arg = node.args[0]
        if isinstance(arg, ast.Name) and arg.id in local:
            arg = local[arg.id]
        if isinstance(arg, ast.Dict):
            return input_values(ctx, mod, arg, local)
    return {}
