"""A flow as a crewai project ``crewai run`` executes (crewai 1.15 and newer)::

    flow.yaml                  the crewai.flow/v1 definition
    crews/<package>/crew.jsonc the JSON-first declaration of each crew a method runs
    crews/<package>/agents/... (and the crew's tools, llms, models modules)
    pyproject.toml             [tool.crewai] type = "flow", definition = "flow.yaml"
    README.md  .gitignore  .env.example

A crew action becomes ``call: crew`` with ``from_declaration: crews/<package>`` and its
inputs; an agent action an inline agent (role, goal, backstory, model); a tool action
``call: tool`` with the registry tool's crewai_tools class; a feedback action an expression
(what to show) with ``human_feedback`` (its outcomes make the method route).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...domain.agent import Agent
from ...domain.bundle import CrewBundle
from ...domain.catalog import Tool
from ...domain.flow import Flow
from ...domain.flow_spec import (
    AgentAction,
    CrewAction,
    EachAction,
    ExpressionAction,
    FeedbackAction,
    FlowSpec,
    ToolAction,
)
from .. import crewai_map as cm
from ..export.json_project import render_json_project
from ..export.model import build_model
from ..export.support import log_folder_files
from ..export.yamlio import dump_yaml

SCHEMA = "crewai.flow/v1"
DEFINITION_FILE = "flow.yaml"
CREWAI_SPEC = ">=1.15"
#: files of a crew's JSON project that belong to the flow project, not to each crew
_PROJECT_FILES = frozenset({"pyproject.toml", "README.md", ".gitignore", ".env.example"})


@dataclass
class FlowSources:
    """The kept records a flow's actions name."""

    crews: Mapping[str, CrewBundle] = field(default_factory=dict)
    agents: Mapping[str, Agent] = field(default_factory=dict)
    tools: Mapping[str, Tool] = field(default_factory=dict)


class ExportProblem(ValueError):
    """The flow names something the export cannot write."""


def crew_folder(bundle: CrewBundle) -> str:
    return f"crews/{cm.package_name(bundle.crew.crew_name)}"


def _agent(agent: Agent, input_text: str) -> dict[str, Any]:
    data: dict[str, Any] = {"role": agent.role, "goal": agent.goal, "backstory": agent.backstory}
    # an agent without a model gets none: crewai picks its own default, as in a crew's export
    if agent.max_tokens is not None:
        data["llm"] = {"model": cm.agent_model(agent), "max_tokens": agent.max_tokens}
    elif agent.llm_model:
        data["llm"] = cm.agent_model(agent)
    data["input"] = input_text
    return data


def _tool_ref(name: str, src: FlowSources) -> str:
    if ":" in name:
        return name
    tool = src.tools.get(name)
    if tool is None:
        raise ExportProblem(f"tool '{name}' is not in the registry")
    if not tool.tool_class:
        raise ExportProblem(f"registry tool '{name}' names no class")
    cls = tool.tool_class
    return cls if ":" in cls else f"crewai_tools:{cls}"


def _action(action: Any, src: FlowSources) -> dict[str, Any]:
    if isinstance(action, CrewAction):
        bundle = src.crews.get(action.crew)
        if bundle is None:
            raise ExportProblem(f"crew '{action.crew}' is not kept")
        out: dict[str, Any] = {"call": "crew", "from_declaration": crew_folder(bundle)}
        if action.inputs:
            out["inputs"] = dict(action.inputs)
        return out
    if isinstance(action, AgentAction):
        agent = src.agents.get(action.agent)
        if agent is None:
            raise ExportProblem(f"agent '{action.agent}' is not kept")
        return {"call": "agent", "with": _agent(agent, action.input)}
    if isinstance(action, ToolAction):
        out = {"call": "tool", "ref": _tool_ref(action.tool, src)}
        if action.args:
            out["with"] = dict(action.args)
        return out
    if isinstance(action, ExpressionAction):
        return {"call": "expression", "expr": action.expr}
    if isinstance(action, FeedbackAction):
        return {"call": "expression", "expr": action.show}
    if isinstance(action, EachAction):
        steps = []
        for s in action.steps:
            step: dict[str, Any] = {"name": s.name}
            if s.if_:
                step["if"] = s.if_
            step["action"] = _action(s.action, src)
            steps.append(step)
        return {"call": "each", "in": action.in_, "do": steps}
    raise ExportProblem(f"no export for {type(action).__name__}")


def _state(spec: FlowSpec) -> dict[str, Any]:
    schema = spec.state.schema_
    if not schema.get("properties"):
        return {"type": "dict", "default": dict(spec.state.default)}
    out: dict[str, Any] = {"type": "json_schema", "json_schema": schema}
    if spec.state.default:
        out["default"] = dict(spec.state.default)
    return out


def flow_document(flow: Flow, src: FlowSources) -> dict[str, Any]:
    """The ``crewai.flow/v1`` document of ``flow``; ExportProblem names what is missing."""
    spec = flow.definition
    doc: dict[str, Any] = {"schema": SCHEMA, "name": flow.name}
    if flow.description:
        doc["description"] = flow.description
    doc["state"] = _state(spec)
    if spec.config.max_method_calls != 100:
        doc["config"] = {"max_method_calls": spec.config.max_method_calls}
    methods: dict[str, Any] = {}
    for m in spec.methods:
        entry: dict[str, Any] = {}
        if m.description:
            entry["description"] = m.description
        if m.start:
            entry["start"] = True
        if m.listen is not None:
            entry["listen"] = m.listen
        if m.router:
            entry["router"] = True
        if m.emit and not isinstance(m.do, FeedbackAction):
            entry["emit"] = list(m.emit)
        try:
            entry["do"] = _action(m.do, src)
        except ExportProblem as exc:
            raise ExportProblem(f"method '{m.name}': {exc}") from None
        if isinstance(m.do, FeedbackAction):
            fb: dict[str, Any] = {"message": m.do.message}
            if m.do.emit:
                fb["emit"] = list(m.do.emit)
                if m.do.llm:  # else crewai picks its default model to read the feedback
                    fb["llm"] = m.do.llm
            if m.do.default_outcome:
                fb["default_outcome"] = m.do.default_outcome
            entry["human_feedback"] = fb
        methods[m.name] = entry
    doc["methods"] = methods
    return doc


def used_crews(flow: Flow) -> list[str]:
    out: list[str] = []
    for m in flow.definition.methods:
        actions = [s.action for s in m.do.steps] if isinstance(m.do, EachAction) else [m.do]
        out += [a.crew for a in actions if isinstance(a, CrewAction) and a.crew not in out]
    return out


def _pyproject(flow: Flow) -> str:
    name = cm.package_name(flow.flow_key)
    return (
        "[project]\n"
        f'name = "{name}"\n'
        'version = "0.1.0"\n'
        f'description = "{flow.name}: a crewai flow kept by crewtui"\n'
        'requires-python = ">=3.10,<3.14"\n'
        f'dependencies = ["crewai[tools]{CREWAI_SPEC}"]\n\n'
        "[tool.crewai]\n"
        'type = "flow"\n'
        f'definition = "{DEFINITION_FILE}"\n'
    )


def _readme(flow: Flow, crews: list[str]) -> str:
    lines = [
        f"# {flow.name}",
        "",
        flow.description or "A crewai flow exported by crewtui.",
        "",
        f"`{DEFINITION_FILE}` is a declarative flow (`schema: {SCHEMA}`); run it with",
        "",
        "    crewai run",
        "",
        "Crews it runs (JSON-first declarations):",
        "",
        *(f"- `{c}`" for c in crews),
        "",
    ]
    return "\n".join(lines)


def render_flow_project(flow: Flow, src: FlowSources) -> dict[str, str]:
    """Every file of the project, by relative path."""
    doc = flow_document(flow, src)
    crews = used_crews(flow)
    files: dict[str, str] = {
        DEFINITION_FILE: dump_yaml(doc, header="# Generated by crewtui (crewai.flow/v1).\n"),
        "pyproject.toml": _pyproject(flow),
        "README.md": _readme(flow, crews),
        ".gitignore": ".env\n__pycache__/\n.venv/\n",
    }
    env: list[str] = []
    for name in crews:
        bundle = src.crews[name]
        model = build_model(bundle)
        crew_files = render_json_project(model)
        folder = crew_folder(bundle)
        # crewai opens the crew's log file relative to where the flow runs: the project's root
        logs = log_folder_files(model)
        files.update(logs)
        for rel, text in crew_files.items():
            if rel == ".env.example":
                env += [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
            if rel not in _PROJECT_FILES and rel not in logs:
                files[f"{folder}/{rel}"] = text
    files[".env.example"] = (
        "\n".join(
            [
                "# Environment variables the flow's crews need; copy to .env and fill in.",
                *dict.fromkeys(env),
            ]
        )
        + "\n"
    )
    return files
