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
from ..domain.validators import find_secret_keys, to_strftime
from .crewai_map import KNOWLEDGE_CLASSES, agent_model, llm_model_string, provider_extra
from .crewai_tools_catalog import COMMON_ARGS, CREWAI_TOOLS, tools_for
from .pyliteral import is_identifier, py_literal, py_str
from .releases import OLDEST, Release
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
    newer = target.at_least("1.15")
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
    date_format = to_strftime(agent.date_format) if agent.date_format else None

    values: list[tuple[str, Any]] = [
        ("agent_key", agent.agent_key),
        ("name", agent.name),
        ("role", agent.role),
        ("goal", agent.goal),
        ("backstory", agent.backstory),
        ("tools", tuple(agent.tools)),
        ("custom_tools", tuple(custom)),
        ("llm_model", agent_model(agent)),
        ("temperature", agent.temperature),
        ("max_tokens", agent.max_tokens),
        ("max_rpm", agent.max_rpm),
        ("max_iter", agent.max_iter),
        ("max_execution_time", agent.max_execution_time),
        ("max_retry_limit", agent.max_retry_limit),
        ("allow_delegation", agent.allow_delegation),
        ("allow_code_execution", agent.allow_code_execution),
        ("code_execution_mode", agent.code_execution_mode),
        ("respect_context_window", agent.respect_context_window),
        ("cache_enabled", agent.cache_enabled),
        ("memory_enabled", agent.memory_enabled),
        ("reasoning_enabled", agent.reasoning_enabled),
        ("max_reasoning_attempts", agent.max_reasoning_attempts),
        ("system_template", agent.system_template),
        ("prompt_template", agent.prompt_template),
        ("response_template", agent.response_template),
        ("inject_date", agent.inject_date),
        ("date_format", date_format),
        ("multimodal_enabled", agent.multimodal_enabled),
        (
            "function_calling_llm",
            llm_model_string(agent.function_calling_llm) if agent.function_calling_llm else None,
        ),
        ("use_system_prompt", agent.use_system_prompt),
        ("knowledge_sources", knowledge_sources),
        ("embedder_config", agent.embedder_config),
        ("verbose", agent.verbose),
        ("step_callback_url", agent.step_callback_url),
        ("crewai_requirement", _requirement(agent, target)),
    ]
    attributes = [(n, py_literal(v, indent=4)) for n, v in values]

    # an empty model means crewai's default, written out like the export does
    llm_kwargs: list[tuple[str, str]] = [("model", "cls.llm_model")]
    if agent.temperature is not None:
        llm_kwargs.append(("temperature", "cls.temperature"))
    if agent.max_tokens is not None:
        llm_kwargs.append(("max_tokens", "cls.max_tokens"))

    kw = _agent_kwargs(
        agent, newer, has_date=bool(date_format), has_knowledge=bool(knowledge_sources)
    )
    callbacks: list[tuple[str, str]] = []
    if agent.step_callback_url:
        kw.append(("step_callback", "step_callback"))
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


def _agent_kwargs(
    agent: Agent, newer: bool, *, has_date: bool, has_knowledge: bool
) -> list[tuple[str, str]]:
    """The ``Agent(...)`` keywords of the generated module, as expressions over ``cls``."""
    kw: list[tuple[str, str]] = [
        ("role", "cls.role"),
        ("goal", "cls.goal"),
        ("backstory", "cls.backstory"),
    ]
    kw.append(("llm", "cls.llm()"))
    if agent.function_calling_llm:
        kw.append(("function_calling_llm", "cls.function_calling_llm"))
    kw.append(("tools", "cls.tool_instances(tools or {})"))
    # 0 means "no limit" in the database; crewai spells that None
    kw += [
        ("max_rpm", "cls.max_rpm or None"),
        ("max_iter", "cls.max_iter"),
        ("max_execution_time", "cls.max_execution_time or None"),
        ("max_retry_limit", "cls.max_retry_limit"),
        ("allow_delegation", "cls.allow_delegation"),
    ]
    if not newer:
        kw += [
            ("allow_code_execution", "cls.allow_code_execution"),
            ("code_execution_mode", "cls.code_execution_mode"),
        ]
    kw += [
        ("respect_context_window", "cls.respect_context_window"),
        ("cache", "cls.cache_enabled"),
    ]
    if not newer:
        kw += [
            ("reasoning", "cls.reasoning_enabled"),
            ("max_reasoning_attempts", "cls.max_reasoning_attempts"),
        ]
    elif agent.reasoning_enabled:
        attempts = (
            "{} if cls.max_reasoning_attempts is None "
            "else {'max_attempts': cls.max_reasoning_attempts}"
        )
        kw.append(("planning_config", attempts))
    if newer:
        kw.append(("memory", "cls.memory_enabled"))
    kw += [
        ("system_template", "cls.system_template"),
        ("prompt_template", "cls.prompt_template"),
        ("response_template", "cls.response_template"),
        ("inject_date", "cls.inject_date"),
    ]
    if has_date:
        kw.append(("date_format", "cls.date_format"))
    if not newer or agent.multimodal_enabled:
        kw.append(("multimodal", "cls.multimodal_enabled"))
    kw.append(("use_system_prompt", "cls.use_system_prompt"))
    if has_knowledge:
        kw.append(("knowledge_sources", "cls.knowledge()"))
    if agent.embedder_config is not None:
        kw.append(("embedder", "cls.embedder_config"))
    kw.append(("verbose", "cls.verbose"))
    return kw


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
