"""Export a flow as a crewai project, and import flows from crewai definitions or code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import CrewtuiError, ValidationFailed
from ..domain.flow_lint import FlowProblem, lint_flow
from ..domain.flow_spec import AgentAction, EachAction, ToolAction
from ..domain.lint import has_errors
from ..interop.export.writer import write_project
from ..interop.flows.export import ExportProblem, FlowSources, render_flow_project, used_crews
from ..interop.lint import lint_bundle

if TYPE_CHECKING:
    from ..domain.agent import Agent
    from ..domain.catalog import Tool
    from .facade import Services


class FlowLintFailed(CrewtuiError):
    """The flow has errors crewai would raise, so nothing is written."""

    title = "Flow has errors"
    exit_code = 2

    def __init__(self, key: str, problems: list[FlowProblem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = "\n".join(f"  {p}" for p in errors)
        super().__init__(f"flow '{key}' has {len(errors)} error(s); nothing was written:\n{lines}")


@dataclass
class FlowExportResult:
    flow: str
    out_dir: Path
    files: list[str]
    warnings: list[FlowProblem] = field(default_factory=list)


def flow_sources(services: Services, key: str) -> tuple[FlowSources, list[FlowProblem]]:
    """The crews, agents and tools flow ``key`` runs, and its problems."""
    flow = services.get_flow(key)
    problems = lint_flow(flow.definition, services.flow_known_names())
    src = FlowSources()
    if has_errors_(problems):
        return src, problems
    crews = {name: services.load_bundle(name) for name in used_crews(flow)}
    agents: dict[str, Agent] = {}
    tools: dict[str, Tool] = {}
    for m in flow.definition.methods:
        actions = [s.action for s in m.do.steps] if isinstance(m.do, EachAction) else [m.do]
        for a in actions:
            if isinstance(a, AgentAction):
                agents[a.agent] = services.get_agent(a.agent)
            elif isinstance(a, ToolAction) and ":" not in a.tool:
                tools[a.tool] = services.get_tool(a.tool)
    return FlowSources(crews=crews, agents=agents, tools=tools), problems


def has_errors_(problems: list[FlowProblem]) -> bool:
    return any(p.severity == "error" for p in problems)


def render_flow(services: Services, key: str) -> tuple[dict[str, str], list[FlowProblem]]:
    """The project's files; FlowLintFailed when the flow or a crew it runs has errors."""
    src, problems = flow_sources(services, key)
    if has_errors_(problems):
        raise FlowLintFailed(key, problems)
    for name, bundle in src.crews.items():
        issues = lint_bundle(bundle)
        if has_errors(issues):
            bad = [
                FlowProblem("crew_lint", f"crew '{name}': {i.message}")
                for i in issues
                if i.severity == "error"
            ]
            raise FlowLintFailed(key, bad)
    try:
        return render_flow_project(services.get_flow(key), src), problems
    except ExportProblem as exc:
        raise ValidationFailed.single("flow_definition", str(exc)) from None


def python_blockers(services: Services, key: str) -> list[str]:
    """Why flow ``key`` cannot be a Python Flow class for crewai 1.3 (empty: it can)."""
    from ..interop.flows.pycode import python_blockers as blockers

    src, _problems = flow_sources(services, key)
    return blockers(services.get_flow(key), src)


def export_flow(
    services: Services,
    key: str,
    out_dir: Path | str,
    *,
    force: bool = False,
    python: bool = False,
) -> FlowExportResult:
    """Check, render and write flow ``key`` into ``out_dir`` (all or nothing): a
    crewai.flow/v1 project, or with ``python`` a Python Flow class for crewai 1.3."""
    files, problems = render_flow(services, key)
    if python:
        from ..interop.flows.celpy import NotExpressible
        from ..interop.flows.pycode import render_python_project

        src, _ = flow_sources(services, key)
        try:
            files = render_python_project(services.get_flow(key), src)
        except NotExpressible as exc:
            raise ValidationFailed.single(
                "flow_definition", f"no Python Flow class for crewai 1.3: {exc}"
            ) from None
    try:
        write_project(files, out_dir, force=force)
    except OSError as exc:
        raise CrewtuiError(
            f"{out_dir} could not be written: {exc.strerror or exc}", title="Export failed"
        ) from exc
    return FlowExportResult(key, Path(out_dir), sorted(files), problems)
