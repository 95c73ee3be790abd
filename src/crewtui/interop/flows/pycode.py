"""A flow as a Python ``Flow`` class, for crewai releases without declarative flows (1.3).

The project (``crewai flow kickoff`` runs it)::

    pyproject.toml                [tool.crewai] type = "flow"; kickoff = "<pkg>.main:kickoff"
    src/<pkg>/main.py             the Flow class, its state model and kickoff()
    src/<crew>/...                each crew it runs, as the crewai 1.3 YAML export writes it

Each method keeps its result in ``self.outputs[name]``; expressions become Python through
:mod:`.celpy`. What a Python flow of that release cannot carry (human feedback, CEL beyond
the subset, a start method that routes) is reported by :func:`python_blockers` instead.
"""

from __future__ import annotations

from typing import Any

from ...domain.flow import Flow
from ...domain.flow_spec import (
    AgentAction,
    CrewAction,
    EachAction,
    ExpressionAction,
    FeedbackAction,
    FlowMethod,
    ToolAction,
)
from .. import crewai_map as cm
from ..export.model import build_model
from ..export.yaml_project import render_yaml_project
from .celpy import NotExpressible, template_to_python, to_python
from .export import FlowSources, _tool_ref, used_crews

CREWAI_SPEC = "==1.3.0"


def _cond(cond: Any) -> str:
    if isinstance(cond, str):
        return repr(cond)
    (op, items), *_ = cond.items()
    fn = "or_" if op == "or" else "and_"
    return f"{fn}({', '.join(_cond(i) for i in items)})"


def _action_lines(action: Any, src: FlowSources, indent: str, in_loop: bool) -> list[str]:
    """Lines that leave the action's result in ``result``."""

    def t(value: Any) -> str:
        return template_to_python(value, in_loop=in_loop)

    if isinstance(action, CrewAction):
        bundle = src.crews[action.crew]
        model = build_model(bundle)
        inputs = "{" + ", ".join(f"{k!r}: {t(v)}" for k, v in action.inputs.items()) + "}"
        return [f"{indent}result = {model.class_name}().crew().kickoff(inputs={inputs})"]
    if isinstance(action, AgentAction):
        a = src.agents[action.agent]
        llm = f", llm={cm.agent_model(a)!r}" if a.llm_model else ""
        return [
            f"{indent}agent = Agent(role={a.role!r}, goal={a.goal!r}, "
            f"backstory={a.backstory!r}{llm})",
            f"{indent}result = agent.kickoff({t(action.input)})",
        ]
    if isinstance(action, ToolAction):
        ref = _tool_ref(action.tool, src)
        module, _, cls = ref.partition(":")
        args = ", ".join(f"{k}={t(v)}" for k, v in action.args.items())
        return [f"{indent}from {module} import {cls}", f"{indent}result = {cls}().run({args})"]
    if isinstance(action, ExpressionAction):
        return [f"{indent}result = {to_python(action.expr, in_loop=in_loop)}"]
    if isinstance(action, EachAction):
        lines = [f"{indent}results = []", f"{indent}for item in {to_python(action.in_)}:"]
        inner = indent + "    "
        for step in action.steps:
            body = _action_lines(step.action, src, inner + ("    " if step.if_ else ""), True)
            if step.if_:
                lines.append(f"{inner}if {to_python(step.if_, in_loop=True)}:")
            lines += body
            lines.append(f"{inner}self.outputs[{step.name!r}] = result")
        lines += [f"{inner}results.append(result)", f"{indent}result = results"]
        return lines
    raise NotExpressible(f"{type(action).__name__} has no Python counterpart in crewai 1.3")


def python_blockers(flow: Flow, src: FlowSources | None = None) -> list[str]:
    """Why the flow cannot be a Python Flow class for crewai 1.3 (empty: it can)."""
    out: list[str] = []
    for m in flow.definition.methods:
        if isinstance(m.do, FeedbackAction):
            out.append(f"{m.name}: human feedback needs crewai's declarative flows (1.15+)")
            continue
        if m.start and m.routes:
            out.append(f"{m.name}: a start method that routes cannot be written with @router")
        try:
            _action_lines(m.do, src or _stub_sources(flow), "", False)
        except NotExpressible as exc:
            out.append(f"{m.name}: {exc}")
        except KeyError:
            pass  # a missing crew/agent is the lint's problem
    return out


def _stub_sources(_flow: Flow) -> FlowSources:
    return FlowSources()


def _method(m: FlowMethod, src: FlowSources) -> list[str]:
    decos: list[str] = []
    if m.start:
        # a start that also listens runs at kickoff and again on its trigger, as in 1.3
        decos.append(f"    @start({_cond(m.listen) if m.listen is not None else ''})")
    elif m.listen is not None:
        decos.append(f"    @{'router' if m.routes else 'listen'}({_cond(m.listen)})")
    lines = [*decos, f"    def {m.name}(self) -> Any:"]
    if m.description:
        lines.append(f"        {m.description!r}")
    lines += _action_lines(m.do, src, "        ", False)
    lines += [f"        self.outputs[{m.name!r}] = result", "        return result", ""]
    return lines


_PY_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def flow_module(flow: Flow, src: FlowSources) -> str:
    """``main.py``: the state model, the Flow class and ``kickoff()``."""
    spec = flow.definition
    crews = [build_model(src.crews[c]) for c in used_crews(flow)]
    lines = [
        f'"""{flow.name}: generated by crewtui for crewai 1.3 (Python flows)."""',
        "",
        "from typing import Any",
        "",
        "from crewai import Agent",
        "from crewai.flow.flow import Flow, and_, listen, or_, router, start",
        "from pydantic import BaseModel",
        "",
        *(f"from {c.package}.crew import {c.class_name}" for c in crews),
        "",
        "",
        f"class {flow.name}State(BaseModel):",
    ]
    props = spec.state.schema_.get("properties", {})
    fields = spec.state.fields
    for name in fields:
        typ = _PY_TYPES.get(str(props.get(name, {}).get("type")), "Any")
        default = spec.state.default.get(name)
        lines.append(f"    {name}: {typ} | None = {default!r}")
    if not fields:
        lines.append("    pass")
    lines += [
        "",
        "",
        f"class {flow.name}(Flow[{flow.name}State]):",
        "    @property",
        "    def outputs(self) -> dict[str, Any]:",
        '        """Each method\'s result, by method name."""',
        '        return self.__dict__.setdefault("_outputs", {})',
        "",
    ]
    for m in spec.methods:
        lines += _method(m, src)
    lines += [
        "",
        "def kickoff() -> None:",
        f"    {flow.name}().kickoff()",
        "",
        "",
        'if __name__ == "__main__":',
        "    kickoff()",
        "",
    ]
    return "\n".join(lines)


def render_python_project(flow: Flow, src: FlowSources) -> dict[str, str]:
    """Every file of the Python project; NotExpressible when :func:`python_blockers` says so."""
    blockers = python_blockers(flow, src)
    if blockers:
        raise NotExpressible("; ".join(blockers))
    pkg = cm.package_name(flow.flow_key)
    files: dict[str, str] = {
        f"src/{pkg}/__init__.py": "",
        f"src/{pkg}/main.py": flow_module(flow, src),
        ".gitignore": ".env\n__pycache__/\n.venv/\n",
    }
    packages = [f"src/{pkg}"]
    for name in used_crews(flow):
        model = build_model(src.crews[name])
        for rel, text in render_yaml_project(model).items():
            if rel.startswith("src/"):
                files[rel] = text
        packages.append(f"src/{model.package}")
    files["pyproject.toml"] = (
        "[project]\n"
        f'name = "{pkg}"\n'
        'version = "0.1.0"\n'
        'requires-python = ">=3.10,<3.14"\n'
        f'dependencies = ["crewai[tools]{CREWAI_SPEC}"]\n\n'
        "[project.scripts]\n"
        f'kickoff = "{pkg}.main:kickoff"\n\n'
        "[build-system]\n"
        'requires = ["hatchling"]\n'
        'build-backend = "hatchling.build"\n\n'
        "[tool.hatch.build.targets.wheel]\n"
        f"packages = {packages!r}\n\n".replace("'", '"')
        + '[tool.crewai]\ntype = "flow"\n'
    )
    return files
