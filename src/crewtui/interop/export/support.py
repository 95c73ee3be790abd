"""Files both project formats share: tool stubs, callbacks, guardrails, output models,
pyproject.toml, README.md, .gitignore and .env.example."""

from __future__ import annotations

from .. import crewai_map as cm
from ..crewai_map import ToolSpec
from ..pyliteral import is_identifier, py_literal, py_str
from .model import ProjectModel
from .pymodels import models_module
from .templates import render

#: BaseTool's own fields: a stub declares them itself (name, description) or leaves them alone
_BASETOOL_FIELDS = frozenset(
    {
        "name",
        "description",
        "args_schema",
        "cache_function",
        "current_usage_count",
        "description_updated",
        "env_vars",
        "max_usage_count",
        "result_as_answer",
        "model_config",
    }
)


def _field_line(name: str, value: object) -> str:
    typ = {bool: "bool", int: "int", float: "float", str: "str"}.get(type(value), "Any")
    return f"{name}: {typ} = {py_literal(value, 4)}"


def tool_stub(spec: ToolSpec) -> str:
    reg = spec.registry
    origin = (
        f"Registry tool '{spec.key}', class {reg.tool_class!r}."
        if reg and reg.tool_class
        else f"Tool '{spec.key}' has no crewai_tools class."
    )
    name = reg.name if reg else spec.key
    description = (
        reg.description if reg and reg.description else None
    ) or f"{name} (to be completed)"
    fields = [
        _field_line(k, v)
        for k, v in sorted((spec.kwargs | spec.env).items())
        if is_identifier(k) and k not in _BASETOOL_FIELDS
    ]
    return render(
        "tool.py.j2",
        class_name=spec.class_name,
        origin=origin.replace('"""', "'''").replace("\\", "/"),
        name=py_str(name, 4),
        description=py_str(description, 4),
        fields=fields,
        todo=py_str(
            f"Complete the tool {spec.class_name} in tools/{spec.module_name}.py before running "
            "the crew.",
            0,
        ),
    )


def callbacks_module(model: ProjectModel) -> str:
    return render(
        "callbacks.py.j2",
        callbacks=[{"name": c.name, "url": py_str(c.url)} for c in model.callbacks],
    )


def guardrails_module(model: ProjectModel) -> str:
    todo = {
        g: py_str(f"Complete the guardrail {g} in guardrails.py before running the crew.", 8)
        for g in model.guardrails
    }
    return render("guardrails.py.j2", guardrails=model.guardrails, todo=todo)


def kickoff_module(model: ProjectModel) -> str:
    """``hooks.py``: one function to complete per stored kickoff hook."""
    hooks = [
        {
            "name": h,
            "arg": "inputs" if h not in model.after_kickoff else "output",
            "todo": py_str(
                f"Complete the kickoff hook {h} in hooks.py before running the crew.", 4
            ),
        }
        for h in model.kickoff_hooks
    ]
    return render("hooks.py.j2", hooks=hooks)


def conditions_module(model: ProjectModel) -> str:
    """``conditions.py``: one function to complete per stored task condition."""
    conditions = [
        {
            "name": c,
            "todo": py_str(
                f"Complete the condition {c} in conditions.py before running the crew.", 4
            ),
        }
        for c in model.conditions
    ]
    return render("conditions.py.j2", conditions=conditions)


def output_models_module(model: ProjectModel) -> str:
    return models_module([(m.name, m.schema) for m in model.output_models])


def pyproject(
    model: ProjectModel, *, definition: str | None = None, include: tuple[str, ...] = ()
) -> str:
    """``definition``: the JSON crew file ``crewai run`` loads (a JSON-first project has no
    ``main`` module, so it gets no scripts)."""
    extras = ",".join(["tools", *model.extras])
    crewai_spec = model.target.spec
    return render(
        "pyproject.toml.j2",
        package=model.package,
        definition=definition,
        include=", ".join(_toml_str(i) for i in include),
        description=_toml_str(f"{model.crew_name} using crewAI"),
        dependencies=[
            _toml_str(f"crewai[{extras}]{crewai_spec}"),
            *(_toml_str(r) for r in model.requirements),
        ],
    )


def _toml_str(value: str) -> str:
    # JSON string escaping is valid TOML basic-string escaping.
    import json

    return json.dumps(value, ensure_ascii=False)


def log_folder_files(model: ProjectModel) -> dict[str, str]:
    """crewai does not create the folder of the crew's log file: the project holds it."""
    path = model.crew_fields.get("output_log_file")
    folder = cm.log_folder(path) if isinstance(path, str) else None
    return {f"{folder}/.gitkeep": ""} if folder else {}


def gitignore() -> str:
    return ".env\n__pycache__/\n.venv/\nlib/\n.DS_Store\n"


def env_example(model: ProjectModel) -> str:
    lines = ["# Environment variables the crew needs; copy to .env and fill in."]
    lines += [f"{name}=" for name in model.env_vars]
    return "\n".join(lines) + "\n"


def readme(model: ProjectModel, *, layout: str) -> str:
    crew = model.bundle.crew
    desc = (crew.description or "").strip()
    lines = [f"# {model.crew_name}", ""]
    if desc:
        lines += [desc, ""]
    lines += [
        f"Exported by crewtui ({layout}). Process: {model.process}.",
        "",
        "Run it with `crewai install` and then `crewai run`.",
        "",
    ]
    if model.inputs_required:
        lines += [
            "Inputs without a default: " + ", ".join(f"`{i}`" for i in model.inputs_required) + ".",
            "",
        ]
    if (
        model.stub_tools
        or model.guardrails
        or model.kickoff_hooks
        or model.conditions
        or any(m.schema is None for m in model.output_models)
    ):
        lines += ["To complete before running:", ""]
        lines += [
            f"- tool `{s.class_name}` in `tools/{s.module_name}.py`" for s in model.stub_tools
        ]
        lines += [f"- guardrail `{g}` in `guardrails.py`" for g in model.guardrails]
        lines += [f"- kickoff hook `{h}` in `hooks.py`" for h in model.kickoff_hooks]
        lines += [f"- task condition `{c}` in `conditions.py`" for c in model.conditions]
        lines += [
            f"- output model `{m.name}` in `models.py`"
            for m in model.output_models
            if m.schema is None
        ]
        lines.append("")
    return "\n".join(lines)


def knowledge_readme(model: ProjectModel) -> str | None:
    """``knowledge/README.md`` listing the files file-based knowledge sources expect, if any."""
    specs = [k for a in model.agents for k in a.knowledge] + model.crew_knowledge
    files = sorted({f for k in specs for f in k.kwargs.get("file_paths", [])})
    if not files:
        return None
    lines = [
        "# Knowledge files",
        "",
        "crewai reads these files from this folder when the agents are built:",
        "",
    ]
    lines += [f"- `{f}`" for f in files]
    return "\n".join(lines) + "\n"
