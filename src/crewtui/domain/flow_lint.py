"""The problems of a flow, worked out from its definition alone (a pure function).

Errors are what crewai refuses when it loads the definition, or what fails or silently never
happens when the flow runs: no start method, a method nothing triggers, a listener to a label
no router emits, a router that declares no labels, a method listening to itself, a loop with
no router in it (crewai runs each method once and never takes the way back), a crew/agent/
tool that is not kept, a state field or method output that does not exist, an expression
root crewai does not know. Warnings are what crewai logs but accepts.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from .flow_spec import (
    AgentAction,
    CrewAction,
    EachAction,
    ExpressionAction,
    FeedbackAction,
    FlowMethod,
    FlowSpec,
    ToolAction,
    condition_names,
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class FlowProblem:
    code: str
    message: str
    method: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.method}: " if self.method else ""
        return f"{self.severity} [{self.code}] {where}{self.message}"


@dataclass(frozen=True)
class Known:
    """What the flow may refer to; None: not checked (the names are not at hand)."""

    crews: Collection[str] | None = None
    agents: Collection[str] | None = None
    tools: Collection[str] | None = None


@dataclass
class Edge:
    source: str
    target: str
    #: the router label the edge goes through ("" for a method's completion)
    label: str = ""


@dataclass
class Graph:
    """Who triggers whom: an edge from a method to each method listening to it (directly, or
    to a label it emits)."""

    edges: list[Edge] = field(default_factory=list)
    emitters: dict[str, list[str]] = field(default_factory=dict)  # label -> methods

    def out(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.source == name]


def graph_of(spec: FlowSpec) -> Graph:
    g = Graph()
    names = set(spec.method_names)
    for m in spec.methods:
        for label in m.labels:
            g.emitters.setdefault(label, []).append(m.name)
    for m in spec.methods:
        if m.listen is None:
            continue
        for n in dict.fromkeys(condition_names(m.listen)):
            if n in names:
                g.edges.append(Edge(n, m.name))
            for source in g.emitters.get(n, []):
                g.edges.append(Edge(source, m.name, n))
    return g


def _satisfied(cond: Any, done: set[str], labels: set[str]) -> bool:
    if isinstance(cond, str):
        return cond in done or cond in labels
    (op, items), *_ = cond.items()
    results = [_satisfied(i, done, labels) for i in items]
    return all(results) if op == "and" else any(results)


def reachable(spec: FlowSpec) -> set[str]:
    """The methods that can run: the starts, then whatever their completions and labels
    trigger (an ``and`` needs every part)."""
    done = {m.name for m in spec.methods if m.start}
    changed = True
    while changed:
        changed = False
        labels = {lb for m in spec.methods if m.name in done for lb in m.labels}
        for m in spec.methods:
            if m.name not in done and m.listen is not None and _satisfied(m.listen, done, labels):
                done.add(m.name)
                changed = True
    return done


def _cycles(spec: FlowSpec, g: Graph) -> list[list[str]]:
    """Strongly connected parts of the graph with a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for e in g.out(v):
            if e.target not in index:
                visit(e.target)
                low[v] = min(low[v], low[e.target])
            elif e.target in on:
                low[v] = min(low[v], index[e.target])
        if low[v] == index[v]:
            part: list[str] = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1 or any(e.target == v for e in g.out(v)):
                out.append(list(reversed(part)))

    for name in spec.method_names:
        if name not in index:
            visit(name)
    return out


_TEMPLATE = re.compile(r"\$\{(.*?)\}", re.S)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_IDENT = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\b(?!\s*\()")
_MACRO_VAR = re.compile(r"\.(?:map|filter|all|exists|exists_one)\(\s*([A-Za-z_]\w*)\s*,")
_PATH = re.compile(r"(?<![.\w])(state|outputs)\s*\.\s*([A-Za-z_]\w*)")
_CEL_WORDS = frozenset({"true", "false", "null", "in"})


def _roots_and_paths(expr: str) -> tuple[set[str], list[tuple[str, str]]]:
    bare = _STRING.sub("''", expr)
    bound = set(_MACRO_VAR.findall(bare))
    roots = {r for r in _IDENT.findall(bare) if r not in _CEL_WORDS and r not in bound}
    return roots, _PATH.findall(bare)


def _template_exprs(value: Any) -> Iterator[str]:
    """The ``${...}`` expressions inside a template value (strings, lists, objects)."""
    if isinstance(value, str):
        yield from _TEMPLATE.findall(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _template_exprs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _template_exprs(v)


def _action_exprs(action: Any, where: str) -> Iterator[tuple[str, str, bool]]:
    """(expression, where, inside an ``each``) for every expression of an action."""
    if isinstance(action, CrewAction):
        yield from ((e, f"{where}.inputs", False) for e in _template_exprs(action.inputs))
    elif isinstance(action, AgentAction):
        yield from ((e, f"{where}.input", False) for e in _template_exprs(action.input))
    elif isinstance(action, ToolAction):
        yield from ((e, f"{where}.args", False) for e in _template_exprs(action.args))
    elif isinstance(action, ExpressionAction):
        yield action.expr, f"{where}.expr", False
    elif isinstance(action, FeedbackAction):
        yield action.show, f"{where}.show", False
    elif isinstance(action, EachAction):
        yield action.in_, f"{where}.in", False
        for i, step in enumerate(action.steps):
            if step.if_:
                yield step.if_, f"{where}.steps[{i}].if", True
            for e, w, _ in _action_exprs(step.action, f"{where}.steps[{i}].action"):
                yield e, w, True


def _upstream(name: str, g: Graph) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        v = todo.pop()
        for e in g.edges:
            if e.target == v and e.source not in seen:
                seen.add(e.source)
                todo.append(e.source)
    return seen


def lint_flow(spec: FlowSpec, known: Known | None = None) -> list[FlowProblem]:
    """Every problem of the flow, errors first, in method order."""
    known = known or Known()
    problems: list[FlowProblem] = []
    add = problems.append
    names = spec.method_names
    g = graph_of(spec)

    for n in sorted({n for n in names if names.count(n) > 1}):
        add(FlowProblem("duplicate_method", f"the name '{n}' is used by more than one method", n))
    if not spec.methods:
        add(FlowProblem("no_methods", "the flow has no methods"))
    elif not any(m.start for m in spec.methods):
        add(FlowProblem("no_start", "no method is a start method, so nothing runs first"))

    for m in spec.methods:
        _method_problems(m, spec, g, known, add)

    if spec.methods and any(m.start for m in spec.methods):
        live = reachable(spec)
        for m in spec.methods:
            if m.name not in live:
                add(FlowProblem("unreachable", "nothing that runs ever triggers it", m.name))

    for part in _cycles(spec, g):
        inside = set(part)
        exits = [e for e in g.edges if e.source in inside and e.target in inside and e.label]
        if not exits:
            loop = " -> ".join([*part, part[0]])
            add(
                FlowProblem(
                    "cycle",
                    f"{loop} loops back without a router: crewai runs each of these "
                    "methods once and never takes the way back (a loop goes through a "
                    "router label)",
                    part[0],
                )
            )
    return sorted(problems, key=lambda p: p.severity != "error")


def _method_problems(m: FlowMethod, spec: FlowSpec, g: Graph, known: Known, add: Any) -> None:
    names = set(spec.method_names)
    if m.listen is not None:
        for n in dict.fromkeys(condition_names(m.listen)):
            if n == m.name:
                add(FlowProblem("self_listen", "listens to itself", m.name))
            elif n not in names and n not in g.emitters:
                declared = [x.name for x in spec.methods if n in x.emit and not x.routes]
                why = (
                    f"'{declared[0]}' declares it but is not a router"
                    if declared
                    else "no method has that name and no router emits it"
                )
                add(FlowProblem("unknown_trigger", f"listens to '{n}': {why}", m.name))
    if m.router and not m.labels:
        add(FlowProblem("router_without_emit", "is a router but declares no labels", m.name))
    if m.emit and not m.router:
        add(
            FlowProblem(
                "emit_without_router",
                "declares labels but is not a router, so it emits none",
                m.name,
                "warning",
            )
        )
    if isinstance(m.do, FeedbackAction):
        fb = m.do
        if fb.default_outcome is not None and not fb.emit:
            add(FlowProblem("feedback_default", "default_outcome needs outcomes (emit)", m.name))
        elif fb.default_outcome is not None and fb.default_outcome not in fb.emit:
            add(FlowProblem("feedback_default", "default_outcome is not one of emit", m.name))
        if m.emit:
            add(
                FlowProblem(
                    "feedback_emit",
                    "feedback routes on its own outcomes; the method's emit is ignored",
                    m.name,
                    "warning",
                )
            )
    _reference_problems(m, known, add)
    _expression_problems(m, spec, g, add)


def _reference_problems(m: FlowMethod, known: Known, add: Any) -> None:
    actions: list[Any] = [m.do]
    if isinstance(m.do, EachAction):
        actions = [s.action for s in m.do.steps]
    for a in actions:
        if isinstance(a, CrewAction) and known.crews is not None and a.crew not in known.crews:
            add(FlowProblem("unknown_crew", f"runs crew '{a.crew}', which is not kept", m.name))
        if isinstance(a, AgentAction) and known.agents is not None and a.agent not in known.agents:
            add(FlowProblem("unknown_agent", f"runs agent '{a.agent}', which is not kept", m.name))
        if (
            isinstance(a, ToolAction)
            and ":" not in a.tool
            and known.tools is not None
            and a.tool not in known.tools
        ):
            add(
                FlowProblem(
                    "unknown_tool", f"runs tool '{a.tool}', which is not in the registry", m.name
                )
            )


def _expression_problems(m: FlowMethod, spec: FlowSpec, g: Graph, add: Any) -> None:
    fields = set(spec.state.fields)
    names = set(spec.method_names)
    before = _upstream(m.name, g)
    steps = [s.name for s in m.do.steps] if isinstance(m.do, EachAction) else []
    for expr, where, in_each in _action_exprs(m.do, "do"):
        roots, paths = _roots_and_paths(expr)
        allowed = {"state", "outputs", "item"} if in_each else {"state", "outputs"}
        for r in sorted(roots - allowed):
            add(
                FlowProblem(
                    "unknown_root",
                    f"{where}: '{r}' is not known here (use " + ", ".join(sorted(allowed)) + ")",
                    m.name,
                )
            )
        for root, name in paths:
            if root == "state" and name not in fields:
                add(FlowProblem("unknown_state", f"{where}: no state field '{name}'", m.name))
            elif root == "outputs" and in_each and name in steps:
                continue
            elif root == "outputs" and name not in names:
                add(FlowProblem("unknown_output", f"{where}: no method '{name}'", m.name))
            elif root == "outputs" and name not in before:
                add(
                    FlowProblem(
                        "output_not_ready",
                        f"{where}: '{name}' may not have run before this method",
                        m.name,
                        "warning",
                    )
                )
