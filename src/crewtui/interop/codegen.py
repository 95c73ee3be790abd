"""Python code generation for one agent, through a versioned Jinja2 template.

The template receives literals and small expressions built from them (see
:mod:`crewtui.interop.pyliteral`), never raw stored text; templates render in Jinja's sandbox;
a user template is scanned before it is used and the rendered module is parsed and scanned
after (see :mod:`crewtui.interop.security`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..domain.agent import Agent
from ..domain.errors import ValidationFailed
from ..domain.fields import fields_of
from ..domain.validators import find_secret_keys
from .crewai_map import (
    CREWAI_DEFAULT_MODEL,
    KNOWLEDGE_CLASSES,
    agent_model,
    in_order,
    provider_extra,
)
from .crewai_tools_catalog import COMMON_ARGS, CREWAI_TOOLS, tools_for
from .params import conv, keyword_fields, llm_fields, to_crewai
from .pyliteral import is_identifier, py_literal, py_str
from .releases import OLDEST, Release, has_field, writes
from .security import Issue, issues_json, scan_code, scan_template

TEMPLATE_VERSION = "v1.0.0"
TEMPLATE_FILE = "agent.py.j2"
BUILTIN_TEMPLATES = Path(__file__).parent / "templates" / "agent"

_KNOWLEDGE_OPTIONS = ("chunk_size", "chunk_overlap", "metadata")

#: names the module itself defines or imports; an agent class may not shadow them
_RESERVED = {"Any", "Mapping", "TEMPLATE_VERSION", "None", "True", "False"} | {
    c for _, c in KNOWLEDGE_CLASSES.values()
}


@dataclass(frozen=True)
class TemplateSource:
    """Where an agent template lives and the version recorded with what it renders."""

    directory: Path
    version: str
    builtin: bool = True

    def source(self) -> str:
        return (self.directory / TEMPLATE_FILE).read_text(encoding="utf-8")


def builtin_template(version: str = TEMPLATE_VERSION) -> TemplateSource:
    directory = BUILTIN_TEMPLATES / version
    if not (directory / TEMPLATE_FILE).is_file():
        known = sorted(p.name for p in BUILTIN_TEMPLATES.iterdir() if p.is_dir())
        raise ValidationFailed.single(
            "template", f"no template {version}; known: {', '.join(known)}"
        )
    return TemplateSource(directory, version)


def user_template(directory: Path) -> TemplateSource:
    """A template directory holding ``agent.py.j2`` and, optionally, a ``VERSION`` file."""
    if not (directory / TEMPLATE_FILE).is_file():
        raise ValidationFailed.single("template", f"{directory} has no {TEMPLATE_FILE}")
    version_file = directory / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else ""
    version = version or "custom"
    if len(version) > 20:
        raise ValidationFailed.single(
            "template", f"VERSION in {directory} is longer than 20 characters"
        )
    return TemplateSource(directory, version, builtin=False)


@dataclass(frozen=True)
class GeneratedCode:
    code: str
    template_version: str
    ast_errors: list[dict[str, Any]] = field(default_factory=list)
    security_issues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ast_ok(self) -> bool:
        return not self.ast_errors

    @property
    def security_ok(self) -> bool:
        return not self.security_issues

    @property
    def passed(self) -> bool:
        return self.ast_ok and self.security_ok


def class_name_for(agent_key: str) -> str:
    """PascalCase of the key (senior-market-analyst -> SeniorMarketAnalyst), always a valid name."""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]+", agent_key) if part)
    if not name or not name[0].isalpha():
        name = "Agent" + name
    if name in _RESERVED or not is_identifier(name):
        name += "Agent"
    return name


@dataclass(frozen=True)
class ToolRef:
    """What the tool registry (agent_tools) says about a tool name."""

    tool_class: str | None = None
    config: Mapping[str, Any] = field(default_factory=dict)


def crewai_tool_class(
    name: str, tool_class: str | None, catalogue: Mapping[str, frozenset[str]] = CREWAI_TOOLS
) -> str | None:
    """The crewai_tools class a tool name stands for in the target's catalogue, or None for a
    tool the caller supplies (``CodeInterpreterTool`` is one under crewai 1.15)."""
    cls = (tool_class or name).strip()
    if cls.startswith("crewai_tools."):
        cls = cls.rsplit(".", 1)[-1]
    return cls if cls in catalogue and is_identifier(cls) else None


def tool_expression(
    name: str, ref: ToolRef | None, catalogue: Mapping[str, frozenset[str]] = CREWAI_TOOLS
) -> str | None:
    """``crewai_tools.X(arg=...)`` with the registry config crewai takes, or None."""
    ref = ref or ToolRef()
    cls = crewai_tool_class(name, ref.tool_class, catalogue)
    if cls is None:
        return None
    accepted = catalogue[cls] | COMMON_ARGS
    args = [
        f"{k}={py_literal(v, indent=12)}"
        for k, v in ref.config.items()
        if k in accepted and is_identifier(k) and not find_secret_keys({k: v})
    ]
    return f"crewai_tools.{cls}({', '.join(args)})"


def resolve_knowledge(sources: list[Any], knowledge: Mapping[str, str]) -> list[dict[str, Any]]:
    """Stored sources with references to agent_knowledge rows replaced by their content."""
    out: list[dict[str, Any]] = []
    for i, item in enumerate(sources):
        if isinstance(item, str):
            if item not in knowledge:
                raise ValidationFailed.single(
                    f"knowledge_sources[{i}]", f"no knowledge entry titled or with id '{item}'"
                )
            out.append({"type": "string", "content": knowledge[item]})
        else:
            out.append(dict(item))
    return out


def _knowledge_expr(index: int, source: dict[str, Any]) -> str:
    _, cls = KNOWLEDGE_CLASSES[source["type"]]
    main = "content" if source["type"] == "string" else "file_paths"
    args = [f"{main}=cls.knowledge_sources[{index}][{main!r}]"]
    args += [
        f"{k}=cls.knowledge_sources[{index}][{k!r}]" for k in _KNOWLEDGE_OPTIONS if k in source
    ]
    return f"{cls}({', '.join(args)})"


def template_context(
    agent: Agent,
    template_version: str,
    *,
    tool_classes: Mapping[str, ToolRef] | None = None,
    knowledge: Mapping[str, str] | None = None,
    target: Release = OLDEST,
) -> dict[str, Any]:
    """What the template sees: names, literals and expressions made of them, for the crewai
    release ``target`` (the newest release gets ``planning_config`` and ``memory``, and none of
    the settings it deprecates unless they are on)."""
    catalogue = tools_for(target.name)
    tool_classes = tool_classes or {}
    knowledge_sources = resolve_knowledge(list(agent.knowledge_sources), knowledge or {})
    custom: list[str] = []
    tool_exprs: list[str] = []
    for t in agent.tools:
        expr = tool_expression(t, tool_classes.get(t), catalogue)
        lit = py_str(t)
        if expr is None:
            custom.append(t)
            tool_exprs.append(f"given[{lit}]")
        else:
            tool_exprs.append(f"given[{lit}] if {lit} in given else {expr}")
    values = _attribute_values(agent, custom, knowledge_sources)
    values.append(("crewai_requirement", _requirement(agent, target)))
    attributes = [(n, py_literal(v, indent=4)) for n, v in values]

    # without a model nor LLM settings the agent gets no LLM: crewai picks its default model;
    # an LLM(...) needs a model, crewai's default one when the agent has none
    llm_kwargs: list[tuple[str, str]] = []
    if _has_llm(agent):
        model = "cls.llm_model" if agent.llm_model else py_str(CREWAI_DEFAULT_MODEL)
        llm_kwargs.append(("model", model))
        for arg, f in llm_fields(Agent).items():
            if getattr(agent, f.name) is not None:
                llm_kwargs.append((arg, f"cls.{f.name}"))

    kw = _agent_kwargs(agent, dict(values), target)
    callbacks: list[tuple[str, str]] = []
    if agent.step_callback_url:
        callbacks.append(("step_callback", "step_callback_url"))

    imports = []
    if any(tool_expression(t, tool_classes.get(t), catalogue) for t in agent.tools):
        imports.append("import crewai_tools")
    for typ in sorted({s["type"] for s in knowledge_sources}):
        module, cls = KNOWLEDGE_CLASSES[typ]
        imports.append(f"from {module} import {cls}")

    return {
        "agent_key": agent.agent_key,
        "class_name": class_name_for(agent.agent_key),
        "template_version": template_version,
        "template_version_lit": py_str(template_version),
        "needs_http": bool(callbacks),
        "extra_imports": imports,
        "attributes": attributes,
        "llm_kwargs": llm_kwargs,
        "tool_exprs": tool_exprs,
        "knowledge_exprs": [_knowledge_expr(i, s) for i, s in enumerate(knowledge_sources)],
        "agent_kwargs": kw,
        "callbacks": callbacks,
    }


#: class attributes besides the crewai settings (the agent's memory becomes crew memory or,
#: in newer releases, the ``memory`` keyword)
_EXTRA_ATTRIBUTES = ("memory_enabled",)

#: keywords whose value crewai gets as an object or code built by the module
_EXPRESSIONS = {
    "llm": "cls.llm()",
    "tools": "cls.tool_instances(tools or {})",
    "knowledge_sources": "cls.knowledge()",
    "step_callback": "step_callback",
}

#: keywords the module passes only when the agent has a value (every other one always)
_ONLY_WHEN_SET = frozenset(
    {"function_calling_llm", "date_format", "embedder", "knowledge_sources", "step_callback"}
)

#: the order of the ``Agent(...)`` keywords (a keyword not listed follows them); only the order
CODEGEN_ORDER = (
    "role",
    "goal",
    "backstory",
    "llm",
    "function_calling_llm",
    "tools",
    "max_rpm",
    "max_iter",
    "max_execution_time",
    "max_retry_limit",
    "allow_delegation",
    "allow_code_execution",
    "code_execution_mode",
    "respect_context_window",
    "cache",
    "reasoning",
    "max_reasoning_attempts",
    "planning_config",
    "memory",
    "system_template",
    "prompt_template",
    "response_template",
    "inject_date",
    "date_format",
    "multimodal",
    "use_system_prompt",
    "knowledge_sources",
    "embedder",
    "verbose",
    "step_callback",
)


def _attribute_values(
    agent: Agent, custom: list[str], knowledge_sources: list[dict[str, Any]]
) -> list[tuple[str, Any]]:
    """The class attributes, in declaration order: the stored value, or the crewai value when
    the generated code passes the attribute as it is."""
    values: list[tuple[str, Any]] = [("agent_key", agent.agent_key), ("name", agent.name)]
    for f in fields_of(Agent):
        if not f.crewai and f.name not in _EXTRA_ATTRIBUTES:
            continue
        value = getattr(agent, f.name)
        if f.name == "tools":
            values += [("tools", tuple(value)), ("custom_tools", tuple(custom))]
            continue
        if f.name == "knowledge_sources":
            value = knowledge_sources
        elif f.crewai and conv(f).code is None:
            value = to_crewai(f, value)
        values.append((f.name, value))
    return values


def _has_llm(agent: Agent) -> bool:
    """A model or LLM settings (temperature, max_tokens): the module builds an ``LLM(...)``."""
    return bool(agent.llm_model) or any(
        getattr(agent, f.name) is not None for f in llm_fields(Agent).values()
    )


def _agent_kwargs(
    agent: Agent, attributes: Mapping[str, Any], target: Release
) -> list[tuple[str, str]]:
    """The ``Agent(...)`` keywords of the generated module, as expressions over ``cls``."""
    kw: dict[str, str] = {}
    for f in keyword_fields(Agent):
        name = str(f.crewai)
        if not writes(target, "agent", f, getattr(agent, f.name)):
            continue
        if name in _ONLY_WHEN_SET and attributes.get(f.name) in (None, []):
            continue
        if name == "llm" and not _has_llm(agent):
            continue
        code = conv(f).code or "{}"
        kw[name] = _EXPRESSIONS.get(name) or code.format(f"cls.{f.name}")
    if agent.reasoning_enabled and has_field(target, "agent", "planning_config"):
        kw["planning_config"] = (
            "{} if cls.max_reasoning_attempts is None "
            "else {'max_attempts': cls.max_reasoning_attempts}"
        )
    if has_field(target, "agent", "memory"):
        kw["memory"] = "cls.memory_enabled"
    return list(in_order(kw, CODEGEN_ORDER).items())


def _requirement(agent: Agent, target: Release) -> str:
    """What to install for the module: crewai with the extras the agent's models need."""
    models = [agent_model(agent)]
    if agent.function_calling_llm:
        models.append(agent.function_calling_llm)
    extras = sorted({"tools"} | {e for m in models if (e := provider_extra(m))})
    return f"crewai[{','.join(extras)}]{target.spec}"


def _environment(directory: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(directory)),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: TemplateSource, context: Mapping[str, Any]) -> str:
    return _environment(template.directory).get_template(TEMPLATE_FILE).render(**context)


def validate_code(code: str) -> tuple[list[dict[str, Any]], list[Issue]]:
    """(syntax errors, security findings) of a rendered module."""
    try:
        ast.parse(code)
    except SyntaxError as exc:
        return [{"line": exc.lineno, "col": exc.offset, "message": exc.msg}], []
    return [], scan_code(code)


def generate_code(
    agent: Agent,
    *,
    template: TemplateSource | None = None,
    tool_classes: Mapping[str, ToolRef] | None = None,
    knowledge: Mapping[str, str] | None = None,
    target: Release = OLDEST,
) -> GeneratedCode:
    """Render ``agent`` for the crewai release ``target`` and validate the result; problems are
    recorded, not raised."""
    template = template or builtin_template()
    context = template_context(
        agent, template.version, tool_classes=tool_classes, knowledge=knowledge, target=target
    )
    template_issues: list[Issue] = [] if template.builtin else scan_template(template.source())
    try:
        code = render(template, context)
    except TemplateError as exc:
        issue = Issue("template-render", f"the template could not be rendered: {exc}")
        return GeneratedCode("", template.version, [], issues_json([*template_issues, issue]))
    ast_errors, code_issues = validate_code(code)
    return GeneratedCode(
        code, template.version, ast_errors, issues_json([*template_issues, *code_issues])
    )
