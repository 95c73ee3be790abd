"""A flow's graph as lines of text: each method with its trigger, action and problems, then
the edges out of it (through a router label where there is one), in order of depth from the
start methods."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .flow_lint import FlowProblem, graph_of
from .flow_spec import (
    AgentAction,
    CrewAction,
    EachAction,
    ExpressionAction,
    FeedbackAction,
    FlowMethod,
    FlowSpec,
    ToolAction,
)

START = "▶"
ROUTER = "◆"
METHOD = "●"
BAD = "✗"
WARN = "!"


def condition_text(cond: Any) -> str:
    if isinstance(cond, str):
        return cond
    if isinstance(cond, dict) and cond:
        (op, items), *_ = cond.items()
        inner = f" {op} ".join(condition_text(i) for i in items)
        return f"({inner})" if len(items) > 1 else inner
    return "?"


def action_text(action: Any) -> str:
    if isinstance(action, CrewAction):
        return f"crew {action.crew}"
    if isinstance(action, AgentAction):
        return f"agent {action.agent}"
    if isinstance(action, ToolAction):
        return f"tool {action.tool}"
    if isinstance(action, ExpressionAction):
        expr = action.expr if len(action.expr) <= 40 else action.expr[:39] + "…"
        return f"= {expr}"
    if isinstance(action, EachAction):
        return f"each item in {action.in_}: " + ", ".join(
            f"{s.name} ({action_text(s.action)})" for s in action.steps
        )
    if isinstance(action, FeedbackAction):
        outcomes = f" -> {' | '.join(action.emit)}" if action.emit else ""
        return f"ask a person{outcomes}"
    return "?"


def depths(spec: FlowSpec) -> dict[str, int]:
    """Each method's distance from a start method (methods nothing reaches come last)."""
    g = graph_of(spec)
    depth = {m.name: 0 for m in spec.methods if m.start}
    todo = list(depth)
    while todo:
        v = todo.pop(0)
        for e in g.out(v):
            if e.target not in depth:
                depth[e.target] = depth[v] + 1
                todo.append(e.target)
    last = max(depth.values(), default=-1) + 1
    return {m.name: depth.get(m.name, last) for m in spec.methods}


@dataclass(frozen=True)
class NodeLine:
    method: str
    text: str
    #: "error", "warning" or "" (no problem)
    mark: str


def marker(m: FlowMethod) -> str:
    return START if m.start else ROUTER if m.routes else METHOD


def graph_lines(spec: FlowSpec, problems: Sequence[FlowProblem] = ()) -> list[NodeLine]:
    """The graph, method by method; each line names the method it belongs to."""
    g = graph_of(spec)
    by_method: dict[str, list[FlowProblem]] = {}
    for p in problems:
        by_method.setdefault(p.method or "", []).append(p)
    d = depths(spec)
    order = sorted(spec.methods, key=lambda m: (d[m.name], spec.methods.index(m)))
    out: list[NodeLine] = []
    for p in by_method.get("", []):
        out.append(
            NodeLine("", f"{BAD if p.severity == 'error' else WARN} {p.message}", p.severity)
        )
    for m in order:
        found = by_method.get(m.name, [])
        mark = (
            "error" if any(p.severity == "error" for p in found) else ("warning" if found else "")
        )
        trigger = f"  <- {condition_text(m.listen)}" if m.listen is not None else ""
        labels = f"  -> {' | '.join(m.labels)}" if m.routes else ""
        flag = f" {BAD}" if mark == "error" else f" {WARN}" if mark else ""
        out.append(
            NodeLine(
                m.name, f"{marker(m)} {m.name}{flag}  [{action_text(m.do)}]{trigger}{labels}", mark
            )
        )
        edges = g.out(m.name)
        for i, e in enumerate(edges):
            branch = "└" if i == len(edges) - 1 else "├"
            via = f"─[{e.label}]─" if e.label else "──"
            back = "  (loops back)" if d.get(e.target, 0) <= d[m.name] else ""
            out.append(NodeLine(m.name, f"   {branch}{via}▶ {e.target}{back}", ""))
        for p in found:
            sign = BAD if p.severity == "error" else WARN
            out.append(NodeLine(m.name, f"   {sign} {p.message}", p.severity))
    return out


def graph_text(spec: FlowSpec, problems: Sequence[FlowProblem] = ()) -> str:
    return "\n".join(line.text for line in graph_lines(spec, problems))
