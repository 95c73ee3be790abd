"""Export a flow as a crewai project, and import flows from crewai definitions or code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from ..db.history import set_origin
from ..domain.agent import Agent
from ..domain.errors import CrewtuiError, ValidationFailed
from ..domain.flow import Flow
from ..domain.flow_lint import FlowProblem, lint_flow
from ..domain.flow_spec import AgentAction, EachAction, ToolAction
from ..domain.lint import has_errors
from ..interop.export.writer import write_project
from ..interop.flows.definition import FlowImport, read_definition
from ..interop.flows.export import ExportProblem, FlowSources, render_flow_project, used_crews
from ..interop.flows.pyflow import read_flow_class
from ..interop.importer import spec_to_changes
from ..interop.importer.errors import Issue
from ..interop.lint import lint_bundle
from .base import Work, integrity_problem
from .flows import known_names
from .importer import apply_plan, load_existing

if TYPE_CHECKING:
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


@dataclass
class FlowImportReport:
    flow: str
    created: bool
    #: the crews the flow runs, by name: "create", "update" or "unchanged"
    crews: dict[str, str]
    agents: list[str]
    warnings: list[Issue]
    problems: list[FlowProblem]


def read_flow(path: Path | str, *, flow_key: str | None = None) -> FlowImport:
    """A flow from a ``crewai.flow/v1`` file (YAML/JSON) or a Python module, never run."""
    p = Path(path)
    if p.suffix == ".py":
        return read_flow_class(p, flow_key=flow_key)
    return read_definition(p, flow_key=flow_key)


def import_flow(
    services: Services, path: Path | str, *, flow_key: str | None = None, dry_run: bool = False
) -> FlowImportReport:
    """Read a flow and the crews it runs, then write them all in one transaction (with
    ``dry_run`` nothing is written). A flow already kept under that key is replaced."""
    found = read_flow(path, flow_key=flow_key)
    flow = Flow.validated(found.values)
    agents = [Agent.validated(values) for values in found.agents.values()]
    crews: dict[str, str] = {}
    with services.store.uow() as uow:
        set_origin(uow.session, services.user, "import")
        w = Work(uow.session)
        for spec in found.crews:
            name = spec.crew.name
            plan = spec_to_changes(spec, load_existing(w, spec, name), crew_name=name)
            acts = {c.action for c in plan.changes} - {"unchanged"}
            crews[name] = crews.get(name) or (
                "create" if "create" in acts else "update" if acts else "unchanged"
            )
            if plan.has_changes:
                apply_plan(w, plan)
        made = []
        for agent in agents:
            if w.agents.by_key(agent.agent_key) is None:
                w.agents.add(agent)
                made.append(agent.agent_key)
        row = w.flows.by_key(flow.flow_key)
        if row is None:
            w.flows.add(flow)
        else:
            w.flows.apply(
                row,
                w.flows.to_domain(row).updated(
                    {k: v for k, v in found.values.items() if k != "flow_key"}
                ),
            )
        problems = lint_flow(flow.definition, known_names(w))
        if not dry_run:
            try:
                uow.commit()
            except IntegrityError as exc:
                raise integrity_problem(exc) from exc
    return FlowImportReport(flow.flow_key, row is None, crews, made, found.warnings, problems)
