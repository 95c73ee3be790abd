"""The lint rules themselves (see :mod:`crewtui.domain.lint` for the error/warning split)."""

from __future__ import annotations

import keyword
from collections.abc import Collection

from ..domain.agent import Agent
from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue, ObjectKind, Severity, bounds_issues
from ..domain.validators import to_strftime
from . import crewai_map as cm
from .crewai_tools_catalog import QDRANT_REQUIREMENT, RAG_TOOLS
from .releases import OLDEST, Release

#: methods and attributes crewai's CrewBase puts on the crew class; generated methods must not clash
RESERVED_METHODS = frozenset(
    {
        "crew",
        "agents",
        "tasks",
        "agents_config",
        "tasks_config",
        "load_configurations",
        "load_yaml",
        "map_all_agent_variables",
        "map_all_task_variables",
        "close_mcp_server",
        "get_mcp_tools",
        "base_directory",
        "manager",
        "kickoff",
    }
)


#: modules an exported project imports: the crew's package must not take one of their names
IMPORTED_MODULES = frozenset(
    {
        "crewai",
        "crewai_tools",
        "pydantic",
        "yaml",
        "os",
        "sys",
        "json",
        "typing",
        "datetime",
        "warnings",
        "urllib",
        "logging",
        "collections",
        "chromadb",
        "litellm",
        "openai",
        "src",
        "tests",
    }
)


def _i(
    sev: Severity, rule: str, kind: ObjectKind, name: str, field: str | None, msg: str
) -> LintIssue:
    return LintIssue(sev, rule, kind, name, field, msg)


def _extra_issue(kind: ObjectKind, name: str, field: str, model: str) -> list[LintIssue]:
    extra = cm.provider_extra(model)
    if extra is None:
        return []
    return [
        _i(
            "warning",
            "llm-extra",
            kind,
            name,
            field,
            f"'{cm.llm_model_string(model)}' needs crewai[{extra}]; the export adds it to "
            "pyproject.toml",
        )
    ]


# ---------------------------------------------------------------- crew


def crew_rules(bundle: CrewBundle) -> list[LintIssue]:
    crew = bundle.crew
    name = crew.crew_name
    out = bounds_issues(crew, "crew")
    if crew.process_type == "consensual":
        out.append(
            _i(
                "error",
                "process-consensual",
                "crew",
                name,
                "process_type",
                "consensual is not a crewai process (crewai rejects it): use sequential or "
                "hierarchical",
            )
        )
    if not bundle.tasks:
        out.append(_i("error", "no-tasks", "crew", name, None, "the crew has no tasks"))
    if not crew.members:
        out.append(_i("error", "no-members", "crew", name, "members", "the crew has no members"))
    out += _manager_issues(bundle)
    if crew.planning_llm and not crew.planning_enabled:
        out.append(
            _i(
                "warning",
                "planning-llm-unused",
                "crew",
                name,
                "planning_llm",
                "planning is off: the planning LLM is not exported",
            )
        )
    for fld in ("manager_llm", "planning_llm", "function_calling_llm"):
        value = getattr(crew, fld)
        if value:
            out += _extra_issue("crew", name, fld, value)
    package = cm.package_name(name)
    if keyword.iskeyword(package) or package in IMPORTED_MODULES:
        out.append(
            _i(
                "error",
                "package-name",
                "crew",
                name,
                "crew_name",
                f"the exported package would be named '{package}', which the project cannot "
                "import as its own",
            )
        )
    out += _duplicate_roles(bundle)
    out += _name_clashes(bundle)
    return out


def _manager_issues(bundle: CrewBundle) -> list[LintIssue]:
    """The manager settings: required, allowed and used only in hierarchical crews."""
    crew = bundle.crew
    name = crew.crew_name
    out: list[LintIssue] = []
    manager = bundle.manager
    if crew.process_type == "hierarchical":
        if crew.manager_agent_id is None and not crew.manager_llm:
            out.append(
                _i(
                    "error",
                    "manager-missing",
                    "crew",
                    name,
                    "manager_agent_id",
                    "a hierarchical crew needs a manager agent or a manager LLM",
                )
            )
        if crew.manager_agent_id is not None and manager is None:
            out.append(
                _i(
                    "error",
                    "manager-missing",
                    "crew",
                    name,
                    "manager_agent_id",
                    "the manager agent does not exist",
                )
            )
        if manager is not None:
            if any(m.agent_id == manager.id for m in crew.members):
                out.append(
                    _i(
                        "error",
                        "manager-is-member",
                        "crew",
                        name,
                        "manager_agent_id",
                        f"the manager '{manager.agent_key}' is also a member (crewai rejects a "
                        "manager in the agents list)",
                    )
                )
            if manager.tools:
                out.append(
                    _i(
                        "error",
                        "manager-tools",
                        "agent",
                        manager.agent_key,
                        "tools",
                        "a manager agent may not have tools (crewai fails at kickoff)",
                    )
                )
            if crew.manager_llm:
                out.append(
                    _i(
                        "warning",
                        "manager-llm-unused",
                        "crew",
                        name,
                        "manager_llm",
                        "ignored when a manager agent is set; not exported",
                    )
                )
    else:
        for fld in ("manager_agent_id", "manager_llm"):
            if getattr(crew, fld):
                out.append(
                    _i(
                        "warning",
                        "manager-unused",
                        "crew",
                        name,
                        fld,
                        "only hierarchical crews have a manager; not exported for a "
                        f"{crew.process_type} crew",
                    )
                )
    return out


def _duplicate_roles(bundle: CrewBundle) -> list[LintIssue]:
    seen: dict[str, str] = {}
    out: list[LintIssue] = []
    for agent in bundle.members:
        if agent.role in seen and seen[agent.role] != agent.agent_key:
            out.append(
                _i(
                    "warning",
                    "duplicate-role",
                    "agent",
                    agent.agent_key,
                    "role",
                    f"same role as '{seen[agent.role]}': crewai lists one agent per role in the "
                    "crew's agents (delegation and the manager see only the first), but each task "
                    "still runs with its own agent",
                )
            )
        seen.setdefault(agent.role, agent.agent_key)
    return out


def _name_clashes(bundle: CrewBundle) -> list[LintIssue]:
    """Agent keys, task names and @llm methods share the crew class's namespace."""
    owners: dict[str, str] = {}
    out: list[LintIssue] = []
    agents = list(bundle.members) + ([bundle.manager] if bundle.manager else [])
    names: list[tuple[ObjectKind, str, str]] = []
    for a in agents:
        names.append(("agent", a.agent_key, cm.snake_key(a.agent_key)))
        if cm.needs_llm_object(a):
            names.append(("agent", a.agent_key, cm.llm_method_name(a)))
    names += [("task", t.name, t.name) for t in bundle.tasks]
    out += _model_name_clashes(bundle)
    for kind, obj, method in names:
        field = "agent_key" if kind == "agent" else "name"
        if keyword.iskeyword(method):
            out.append(
                _i(
                    "error",
                    "name-clash",
                    kind,
                    obj,
                    field,
                    f"'{method}' is a Python keyword: crewai needs it as a method name of the "
                    "crew class, which Python does not allow; rename it",
                )
            )
        elif method in RESERVED_METHODS:
            out.append(
                _i(
                    "error",
                    "name-clash",
                    kind,
                    obj,
                    field,
                    f"'{method}' is a name crewai's crew class already uses",
                )
            )
        elif method in owners and owners[method] != f"{kind} {obj}":
            out.append(
                _i(
                    "error",
                    "name-clash",
                    kind,
                    obj,
                    field,
                    f"becomes the method '{method}', which {owners[method]} already uses",
                )
            )
        owners.setdefault(method, f"{kind} {obj}")
    return out


def _model_name_clashes(bundle: CrewBundle) -> list[LintIssue]:
    """Output model classes are imported into crew.py by name."""
    out: list[LintIssue] = []
    owners: dict[str, str] = {}
    for t in bundle.tasks:
        name = cm.output_model_name(t)
        if not name:
            continue
        field = "output_json_schema" if t.output_json_schema else "output_pydantic_schema"
        if name in cm.RESERVED_PY_NAMES:
            out.append(
                _i(
                    "error",
                    "name-clash",
                    "task",
                    t.name,
                    field,
                    f"the output model '{name}' would hide a name crew.py uses",
                )
            )
        elif name in owners and (t.output_json_schema or owners[name] == "schema"):
            out.append(
                _i(
                    "error",
                    "name-clash",
                    "task",
                    t.name,
                    field,
                    f"the output model '{name}' is also generated for another task",
                )
            )
        owners.setdefault(name, "schema" if t.output_json_schema else "name")
    return out


# ---------------------------------------------------------------- agents


def _crew_agents(bundle: CrewBundle) -> list[Agent]:
    agents = list(bundle.members)
    if bundle.manager is not None and bundle.manager not in agents:
        agents.append(bundle.manager)
    return agents


def agent_rules(bundle: CrewBundle, target: Release = OLDEST) -> list[LintIssue]:
    newer = target.at_least("1.15")
    out: list[LintIssue] = []
    crew_memory = bundle.crew.memory_enabled
    for a in _crew_agents(bundle):
        key = a.agent_key
        out += bounds_issues(a, "agent")
        if a.llm_model:
            out += _extra_issue("agent", key, "llm_model", a.llm_model)
        if a.function_calling_llm:
            out += _extra_issue("agent", key, "function_calling_llm", a.function_calling_llm)
        if a.inject_date and a.date_format and "%" not in a.date_format:
            out.append(
                _i(
                    "warning",
                    "date-format",
                    "agent",
                    key,
                    "date_format",
                    f"'{a.date_format}' is exported as the strftime format "
                    f"'{to_strftime(a.date_format)}'",
                )
            )
        if a.memory_enabled and not crew_memory and not newer:
            out.append(
                _i(
                    "warning",
                    "agent-memory",
                    "agent",
                    key,
                    "memory_enabled",
                    "crewai 1.3 has no agent memory: the export turns memory on for the whole crew",
                )
            )
        if a.memory_config_id and not a.memory_enabled and not crew_memory:
            out.append(
                _i(
                    "warning",
                    "memory-config-unused",
                    "agent",
                    key,
                    "memory_config_id",
                    "memory is off: the memory configuration is not used",
                )
            )
        if a.allow_code_execution and not newer:
            out.append(
                _i(
                    "warning",
                    "code-execution",
                    "agent",
                    key,
                    "allow_code_execution",
                    "crewai 1.3 checks that Docker is installed and running when the agent is "
                    "constructed",
                )
            )
        if a.status != "active":
            out.append(
                _i("warning", "agent-status", "agent", key, "status", f"the agent is {a.status}")
            )
        specs, missing = cm.knowledge_specs(a, bundle)
        files = [f for k in specs for f in k.kwargs.get("file_paths", [])]
        if files:
            out.append(
                _i(
                    "warning",
                    "knowledge-files",
                    "agent",
                    key,
                    "knowledge_sources",
                    f"crewai reads {', '.join(files)} from the project's knowledge/ folder when "
                    "the agent is built and fails if one is missing: copy them there",
                )
            )
        for ref in missing:
            out.append(
                _i(
                    "error",
                    "knowledge-missing",
                    "agent",
                    key,
                    "knowledge_sources",
                    f"'{ref}' names no knowledge item of this agent",
                )
            )
        if a.embedder_config:
            out += _embedder_issues("agent", key, "embedder_config", a.embedder_config)
    return out


def _embedder_issues(
    kind: ObjectKind, name: str, field: str, embedder: dict[str, object]
) -> list[LintIssue]:
    provider = str(embedder.get("provider"))
    allowed = cm.EMBEDDER_CONFIG_KEYS.get(provider)
    if allowed is None:
        return [
            _i(
                "error",
                "embedder-provider",
                kind,
                name,
                field,
                f"crewai 1.3 has no embedder provider '{provider}' (known: "
                f"{', '.join(sorted(cm.EMBEDDER_CONFIG_KEYS))})",
            )
        ]
    cfg = embedder.get("config") or {}
    unknown = sorted(set(cfg) - allowed) if isinstance(cfg, dict) else []
    if unknown:
        hint = (
            " (did you mean model_name?)" if "model" in unknown and "model_name" in allowed else ""
        )
        return [
            _i(
                "error",
                "embedder-key",
                kind,
                name,
                field,
                f"crewai's {provider} embedder ignores {', '.join(unknown)}{hint}",
            )
        ]
    return []


# ---------------------------------------------------------------- tasks


def task_rules(bundle: CrewBundle) -> list[LintIssue]:
    out: list[LintIssue] = []
    for t in bundle.tasks:
        out += bounds_issues(t, "task")
        for fld in ("description", "expected_output"):
            if not (getattr(t, fld) or "").strip():
                out.append(_i("error", "required", "task", t.name, fld, "crewai requires it"))
        if t.output_json_schema and t.output_pydantic_schema:
            out.append(
                _i(
                    "error",
                    "output-both",
                    "task",
                    t.name,
                    "output_pydantic_schema",
                    "set either an output JSON schema or an output pydantic model, not both "
                    "(crewai allows one)",
                )
            )
        elif t.output_pydantic_schema:
            out.append(
                _i(
                    "warning",
                    "output-model-stub",
                    "task",
                    t.name,
                    "output_pydantic_schema",
                    f"no schema is stored for '{t.output_pydantic_schema}': exported as an open "
                    "model in models.py to complete",
                )
            )
        if t.output_file:
            out += _output_file_issues(t.name, t.output_file)
        if t.guardrail_function:
            if cm.is_guardrail_function_name(t.guardrail_function):
                out.append(
                    _i(
                        "warning",
                        "guardrail-stub",
                        "task",
                        t.name,
                        "guardrail_function",
                        f"exported as a function '{t.guardrail_function.strip()}' in "
                        "guardrails.py to complete",
                    )
                )
            elif t.assigned_agent_id is None:
                out.append(
                    _i(
                        "error",
                        "guardrail-agent",
                        "task",
                        t.name,
                        "guardrail_function",
                        "a plain-language guardrail needs an agent on the task (crewai checks it "
                        "with the agent's LLM)",
                    )
                )
    return out


def _output_file_issues(task: str, path: str) -> list[LintIssue]:
    """crewai 1.3's Task.output_file validator, rule by rule."""
    problems: list[str] = []
    if ".." in path:
        problems.append("may not contain '..'")
    if path.startswith(("~", "$")):
        problems.append("may not start with '~' or '$'")
    bad = [c for c in "|><&;" if c in path]
    if bad:
        problems.append(f"may not contain {' '.join(bad)}")
    if "{" in path or "}" in path:
        for var in (part.split("}")[0] for part in path.split("{")[1:]):
            if not var.isidentifier():
                problems.append(f"placeholder '{{{var}}}' is not an identifier")
    return [_i("error", "output-file", "task", task, "output_file", p) for p in problems]


# ---------------------------------------------------------------- tools


def tool_rules(bundle: CrewBundle, target: Release = OLDEST) -> list[LintIssue]:
    used: dict[str, list[str]] = {}
    for a in _crew_agents(bundle):
        for name in a.tools:
            used.setdefault(name, []).append(f"agent {a.agent_key}")
    for t in bundle.tasks:
        for name in t.tools or []:
            used.setdefault(name, []).append(f"task {t.name}")
    out: list[LintIssue] = []
    for name in sorted(used):
        spec = cm.tool_spec(name, bundle, target)
        where = ", ".join(used[name])
        if not spec.from_crewai_tools:
            origin = (
                f"class '{spec.registry.tool_class}'"
                if spec.registry and spec.registry.tool_class
                else "no crewai_tools class"
            )
            out.append(
                _i(
                    "warning",
                    "tool-stub",
                    "tool",
                    name,
                    "tool_class",
                    f"{origin}: exported as a stub to complete, in "
                    f"src/{cm.package_name(bundle.crew.crew_name)}/tools/{spec.module_name}.py "
                    f"(tools/{spec.module_name}.py in a JSONC project) (used by {where})",
                )
            )
        if spec.from_crewai_tools and spec.class_name in RAG_TOOLS:
            out.append(
                _i(
                    "warning",
                    "tool-extra",
                    "tool",
                    name,
                    "tool_class",
                    f"{spec.class_name} imports qdrant_client in crewai 1.3, which crewai[tools] "
                    f"does not install; the export adds {QDRANT_REQUIREMENT} to pyproject.toml",
                )
            )
        if spec.dropped:
            out.append(
                _i(
                    "warning",
                    "tool-config",
                    "tool",
                    name,
                    "config",
                    f"{spec.class_name} takes no {', '.join(spec.dropped)}: not exported",
                )
            )
        if spec.registry is not None:
            out += bounds_issues(spec.registry, "tool")
            if spec.registry.status != "active":
                out.append(
                    _i(
                        "warning",
                        "tool-status",
                        "tool",
                        name,
                        "status",
                        f"the tool is {spec.registry.status}",
                    )
                )
    return out


# ---------------------------------------------------------------- memory


def memory_rules(bundle: CrewBundle) -> list[LintIssue]:
    out: list[LintIssue] = []
    for cfg in sorted(bundle.memory_configs.values(), key=lambda c: c.name):
        out += bounds_issues(cfg, "memory_config")
    if not cm.crew_memory_on(bundle):
        return out
    name = bundle.crew.crew_name
    config = cm.crew_memory_config(bundle)
    if config is None:
        out.append(
            _i(
                "warning",
                "memory-embedder",
                "crew",
                name,
                "memory_enabled",
                "memory is on but no member has a memory configuration: crewai's default OpenAI "
                "embedder (text-embedding-3-small, OPENAI_API_KEY) is used",
            )
        )
        return out
    used = {a.memory_config_id for a in bundle.members if a.memory_config_id}
    if len(used) > 1:
        out.append(
            _i(
                "warning",
                "memory-configs",
                "crew",
                name,
                "memory_enabled",
                f"members use {len(used)} memory configurations; crewai has one embedder per "
                f"crew: '{config.name}' is used",
            )
        )
    if config.embedder_provider == "huggingface":
        out.append(
            _i(
                "warning",
                "memory-embedder",
                "memory_config",
                config.name,
                "embedder_provider",
                "crewai 1.3's huggingface embedder takes only a server URL "
                "(EMBEDDINGS_HUGGINGFACE_URL), not a model: the model is not exported and the crew "
                "fails without that variable",
            )
        )
    elif config.embedder_provider == "cohere":
        out.append(
            _i(
                "warning",
                "memory-embedder",
                "memory_config",
                config.name,
                "embedder_provider",
                "crewai's cohere embedder needs the cohere package and EMBEDDINGS_COHERE_API_KEY",
            )
        )
    fixed = cm.FIXED_DIMENSIONS.get(config.embedder_model)
    if fixed is not None and config.embedder_dimensions != fixed:
        out.append(
            _i(
                "warning",
                "memory-dimensions",
                "memory_config",
                config.name,
                "embedder_dimensions",
                f"{config.embedder_model} always returns {fixed} dimensions: not exported",
            )
        )
    not_taken = [f"storage_type {config.storage_type}"] if config.storage_type != "file" else []
    if config.contextual_enabled or config.user_enabled:
        not_taken.append("contextual/user memory")
    if not_taken:
        out.append(
            _i(
                "warning",
                "memory-settings",
                "memory_config",
                config.name,
                "storage_type",
                "crewai 1.3 keeps crew memory (short-term, long-term and entity) in local files "
                f"under CREWAI_STORAGE_DIR and takes only the embedder: {', '.join(not_taken)} "
                "not exported",
            )
        )
    return out


# ---------------------------------------------------------------- inputs


def input_rules(bundle: CrewBundle, inputs: Collection[str] | None) -> list[LintIssue]:
    stored = {k for k, v in bundle.crew.run_inputs.items() if v}
    supplied = set(cm.INPUT_DEFAULTS) | stored if inputs is None else set(inputs)
    out: list[LintIssue] = []
    for name, where in cm.bundle_placeholders(bundle).items():
        if name in supplied:
            continue
        tail = (
            "main.py asks for it when the crew runs" if inputs is None else "no input supplies it"
        )
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        out.append(
            _i(
                "warning",
                "input-missing",
                "crew",
                bundle.crew.crew_name,
                None,
                f"{{{name}}} (in {shown}) has no default: {tail}",
            )
        )
    return out
