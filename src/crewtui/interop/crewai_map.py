"""How stored records map onto crewai 1.3.0 parameters, shared by export, import and codegen.

The rules follow crewai's own source (1.3.0), not the schema design:

- ``llm_model`` -> ``llm``; a name without a provider prefix is OpenAI's (``openai/<name>``).
- ``temperature`` and ``max_tokens`` are not Agent settings crewai uses: they go on
  ``LLM(model=..., temperature=..., max_tokens=...)``.
- ``cache_enabled`` -> ``cache``, ``reasoning_enabled`` -> ``reasoning``,
  ``multimodal_enabled`` -> ``multimodal``, ``embedder_config`` -> ``embedder``,
  ``date_format`` -> ``date_format`` converted to strftime (``YYYY-MM-DD`` -> ``%Y-%m-%d``).
- ``max_rpm`` 0 and ``max_execution_time`` 0 mean "no limit": crewai's unset value (None), so
  they are left out (crewai rejects a zero execution time at run time).
- Agent memory does not exist in crewai 1.3.0: memory is a crew setting. A crew has memory when
  the crew or any member asks for it; the embedder comes from the first member (in crew order)
  with a memory configuration.
- Callback URLs become functions that post JSON to the URL; output schemas become pydantic
  model classes; knowledge sources become knowledge-source objects. Those are objects, so they
  are built in Python, never written to YAML.
- Database ids never reach crewai.

Only values that differ from crewai's default are written (in a fixed key order), so a
project reads like a hand-written one: an agent without a model gets no ``llm`` (crewai picks
its own default model), and a setting at crewai's default is left out. The defaults are the
declared ones (``spec(crewai_default=...)``); a setting whose crewai default changed by the
target release (``default_changed``) is always written for it. A value that differs from
crewai's default only in crewtui's storage (``allow_delegation`` defaults to on in crewtui,
off in crewai) is written.

An agent's keywords, their conversions and the releases that take them come from the field
declarations (:mod:`crewtui.interop.params`); only the settings built from several columns
(``planning_config``, the agent's ``memory``) are written here by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..domain.agent import Agent
from ..domain.bundle import CrewBundle
from ..domain.catalog import MemoryConfig, Tool
from ..domain.crewai_values import (
    CREWAI_DEFAULT_MODEL,
    RESPONSE_MARKER,
    llm_model_string,
    response_template_usable,
    sorted_json,
)
from ..domain.fields import field_map
from ..domain.task import Task
from .crewai_tools_catalog import COMMON_ARGS, CREWAI_TOOLS, tools_for
from .params import by_keyword, conv, endpoint_fields, keyword_fields, llm_fields, to_crewai
from .pyliteral import EnvRef, LlmCall
from .releases import OLDEST, Kind, Release, has_field, is_default, writes

__all__ = [
    "CREWAI_DEFAULT_MODEL",
    "RESPONSE_MARKER",
    "llm_model_string",
    "response_template_usable",
    "sorted_json",
]

#: providers crewai 1.3.0 runs through its own SDK integrations -> the crewai extra they need
NATIVE_PROVIDER_EXTRAS: dict[str, str | None] = {
    "openai": None,
    "anthropic": "anthropic",
    "claude": "anthropic",
    "azure": "azure-ai-inference",
    "azure_openai": "azure-ai-inference",
    "google": "google-genai",
    "gemini": "google-genai",
    "bedrock": "bedrock",
    "aws": "bedrock",
}

#: every other provider goes through LiteLLM
LITELLM_EXTRA = "litellm"

#: the vector size of OpenAI embedding models that do not take a ``dimensions`` argument
FIXED_DIMENSIONS = {"text-embedding-ada-002": 1536}
NATIVE_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072}

#: crewai 1.3.0 embedder providers -> the keys their ``config`` takes (others are dropped silently)
EMBEDDER_CONFIG_KEYS: dict[str, frozenset[str]] = {
    "amazon-bedrock": frozenset({"model_name", "session"}),
    "azure": frozenset(
        {
            "api_key",
            "api_base",
            "api_type",
            "api_version",
            "model_name",
            "default_headers",
            "dimensions",
            "deployment_id",
            "organization_id",
        }
    ),
    "cohere": frozenset({"api_key", "model_name"}),
    "custom": frozenset({"embedding_callable"}),
    "google-generativeai": frozenset({"api_key", "model_name", "task_type"}),
    "google-vertex": frozenset({"api_key", "model_name", "project_id", "region"}),
    "huggingface": frozenset({"url"}),
    "instructor": frozenset({"model_name", "device", "instruction"}),
    "jina": frozenset({"api_key", "model_name"}),
    "ollama": frozenset({"url", "model_name"}),
    "onnx": frozenset({"preferred_providers"}),
    "openai": frozenset(
        {
            "api_key",
            "model_name",
            "api_base",
            "api_type",
            "api_version",
            "default_headers",
            "dimensions",
            "deployment_id",
            "organization_id",
        }
    ),
    "openclip": frozenset({"model_name", "checkpoint", "device"}),
    "roboflow": frozenset({"api_key", "api_url"}),
    "sentence-transformer": frozenset({"model_name", "device", "normalize_embeddings"}),
    "text2vec": frozenset({"model_name"}),
    "voyageai": frozenset(
        {
            "api_key",
            "model",
            "input_type",
            "truncation",
            "output_dtype",
            "output_dimension",
            "max_retries",
            "timeout",
        }
    ),
    "watsonx": frozenset(
        {
            "model_id",
            "url",
            "params",
            "credentials",
            "project_id",
            "space_id",
            "api_key",
            "name",
            "version",
            "instance_id",
            "username",
            "password",
            "token",
        }
    ),
}

PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_\-]*)}")


# ---------------------------------------------------------------- names


def snake_key(key: str) -> str:
    """``senior-market-analyst`` -> ``senior_market_analyst`` (YAML keys, method names)."""
    out = re.sub(r"[^0-9A-Za-z_]+", "_", key).strip("_").lower()
    if not out:
        out = "item"
    if out[0].isdigit():
        out = "n_" + out
    return out


def package_name(crew_name: str) -> str:
    """The exported package: snake case of the crew name.

    ``venture-research`` -> ``venture_research``.
    """
    return snake_key(crew_name)


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake_key(name).split("_") if part)


def crew_class_name(crew_name: str) -> str:
    return pascal(crew_name) + "Crew"


# ---------------------------------------------------------------- LLMs


def llm_provider(model: str) -> str:
    return llm_model_string(model).split("/", 1)[0]


def provider_extra(model: str) -> str | None:
    """The crewai extra a model needs (``crewai[anthropic]``), None for OpenAI."""
    provider = llm_provider(model)
    if provider in NATIVE_PROVIDER_EXTRAS:
        return NATIVE_PROVIDER_EXTRAS[provider]
    return LITELLM_EXTRA


def needs_llm_object(agent: Agent) -> bool:
    """Temperature, max_tokens and the model endpoint reach crewai only through ``LLM(...)``."""
    columns = [*llm_fields(Agent).values(), *endpoint_fields(Agent).values()]
    return any(getattr(agent, f.name) is not None for f in columns) or bool(_llm_extra(agent))


def endpoint_kwargs(source: Any) -> dict[str, Any]:
    """``base_url`` ... ``stop`` and ``api_key`` (read from the named variable at run time);
    the agent's declarations name them, a crew has the ones it declares too."""
    out: dict[str, Any] = {}
    for arg, f in endpoint_fields(Agent).items():
        value = getattr(source, f.name, None)
        if value is not None and arg != "api_key":
            out[arg] = to_crewai(f, value)
    if source.llm_api_key_env:
        out["api_key"] = EnvRef(source.llm_api_key_env)
    return out


def crew_llm(crew: Any, model: str) -> str | LlmCall:
    """A crew-level LLM (manager, planning, function calling): the model string, or an
    ``LLM(...)`` when the crew names a model endpoint."""
    name = llm_model_string(model)
    extra = endpoint_kwargs(crew)
    return LlmCall({"model": name, **extra}) if extra else name


def log_file_name(path: str) -> str:
    """The name crewai writes the crew's log under: it appends ``.txt`` to any other name."""
    return path if path.endswith((".json", ".txt")) else path + ".txt"


def log_folder(path: str) -> str | None:
    """The relative folder the export creates for the log; None for none or one it cannot."""
    parts = path.replace("\\", "/").split("/")[:-1]
    if not parts or path.startswith(("/", "~", "$")) or ".." in parts or "" in parts:
        return None
    return "/".join(parts)


#: stored LLM settings the export writes into ``LLM(...)`` (the API key stays in the environment)
LLM_EXPORTED = (
    "base_url",
    "api_version",
    "top_p",
    "seed",
    "stop",
    "timeout",
    "presence_penalty",
    "frequency_penalty",
    "max_completion_tokens",
    "reasoning_effort",
    "stream",
)


def _llm_extra(agent: Agent) -> dict[str, Any]:
    llm = (getattr(agent, "crewai_settings", None) or {}).get("llm") or {}
    return {k: llm[k] for k in LLM_EXPORTED if k in llm}


def agent_model(agent: Agent) -> str:
    """The model the agent runs with: its own, else crewai's default model (the export
    writes no ``llm`` for an agent without a model)."""
    return str(to_crewai(by_keyword(Agent)["llm"], agent.llm_model) or CREWAI_DEFAULT_MODEL)


def llm_kwargs(agent: Agent) -> dict[str, Any]:
    """Keyword arguments of the agent's ``LLM(...)``, in a fixed order; ``LLM(...)`` needs a
    model, so an agent without one gets crewai's default model there."""
    out: dict[str, Any] = {"model": agent_model(agent)}
    for arg, f in llm_fields(Agent).items():
        value = getattr(agent, f.name)
        if value is not None:
            out[arg] = to_crewai(f, value)
    out.update(endpoint_kwargs(agent))
    # the endpoint columns win over the same argument kept among the stored LLM settings
    for name, value in _llm_extra(agent).items():
        out.setdefault(name, value)
    return out


def llm_method_name(agent: Agent) -> str:
    return f"{snake_key(agent.agent_key)}_llm"


# ---------------------------------------------------------------- agents


#: the order the export writes an agent's keywords in (a keyword not listed follows them, in
#: declaration order); only the order, not what is written
AGENT_ORDER = (
    "role",
    "goal",
    "backstory",
    "llm",
    "function_calling_llm",
    "max_iter",
    "max_rpm",
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
    "system_template",
    "prompt_template",
    "response_template",
    "inject_date",
    "date_format",
    "multimodal",
    "use_system_prompt",
    "verbose",
    "embedder",
    "memory",
)


def declared_kwargs(record: Any, model: type[Any], kind: Kind, target: Release) -> dict[str, Any]:
    """The plain keywords declared on ``model`` that ``target`` takes, converted, in declaration
    order; crewai's unset value (None) and crewai's default are left out (a required keyword
    is always written). Objects and code are built elsewhere."""
    required = {n for n, info in model.model_fields.items() if info.is_required()}
    out: dict[str, Any] = {}
    for f in keyword_fields(model):
        if conv(f).kind != "value":
            continue
        stored = getattr(record, f.name)
        value = to_crewai(f, stored)
        if value is None or not writes(target, kind, f, stored):
            continue
        if f.name in required or not is_default(target, f, stored):
            out[str(f.crewai)] = value
    return out


def differs(model: type[Any], column: str, stored: Any, target: Release) -> bool:
    """Whether a column's stored value is not crewai's declared default under ``target``: the
    export writes only those."""
    return not is_default(target, field_map(model)[column], stored)


def in_order(values: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """``values`` with the keys of ``order`` first, in that order, then the others."""
    first = {k: values[k] for k in order if k in values}
    return {**first, **{k: v for k, v in values.items() if k not in first}}


def agent_kwargs(
    agent: Agent, bundle: CrewBundle | None = None, target: Release = OLDEST
) -> dict[str, Any]:
    """The agent's plain crewai parameters (no objects), in the order they are written.

    ``llm`` is the model string; an export that needs temperature or max_tokens replaces it
    with the name of an ``@llm`` method. For a release that deprecates a parameter, the
    parameter is written only when the stored value asks for something (never its default):
    ``reasoning`` becomes ``planning_config``, code execution (gone with CodeInterpreterTool)
    is left out, and the agent's memory is its own ``memory`` setting.
    """
    out = declared_kwargs(agent, Agent, "agent", target)
    if agent.reasoning_enabled and has_field(target, "agent", "planning_config"):
        planning: dict[str, Any] = {}
        if agent.max_reasoning_attempts is not None:
            planning["max_attempts"] = agent.max_reasoning_attempts
        out["planning_config"] = planning
    if agent.memory_enabled and has_field(target, "agent", "memory"):
        out["memory"] = True
    out = in_order(out, AGENT_ORDER)
    apply_settings(out, "agent", agent.crewai_settings, target)
    return out


def apply_settings(
    out: dict[str, Any],
    kind: Kind,
    settings: dict[str, Any] | None,
    target: Release,
    skip: tuple[str, ...] = (),
) -> None:
    """Stored crewai settings the target release has, merged into ``out`` (objects merge)."""
    for name, value in sorted((settings or {}).items()):
        if name in skip or name in SETTINGS_BUILT_ELSEWHERE or not has_field(target, kind, name):
            continue
        if isinstance(value, dict) and isinstance(out.get(name), dict):
            out[name] = {**out[name], **value}
        else:
            out[name] = sorted_json(value)


#: settings that are objects or code in crewai: written by the export's Python, not as values
SETTINGS_BUILT_ELSEWHERE = frozenset(
    {
        "llm",
        "knowledge_sources",
        "before_kickoff_callbacks",
        "after_kickoff_callbacks",
        "response_model",
        "condition",
    }
)


@dataclass(frozen=True)
class KnowledgeSpec:
    """One knowledge-source object: its crewai class and keyword arguments."""

    class_name: str
    kwargs: dict[str, Any]


KNOWLEDGE_CLASSES = {
    "string": ("crewai.knowledge.source.string_knowledge_source", "StringKnowledgeSource"),
    "text_file": ("crewai.knowledge.source.text_file_knowledge_source", "TextFileKnowledgeSource"),
    "pdf": ("crewai.knowledge.source.pdf_knowledge_source", "PDFKnowledgeSource"),
    "csv": ("crewai.knowledge.source.csv_knowledge_source", "CSVKnowledgeSource"),
    "excel": ("crewai.knowledge.source.excel_knowledge_source", "ExcelKnowledgeSource"),
    "json": ("crewai.knowledge.source.json_knowledge_source", "JSONKnowledgeSource"),
}


def knowledge_specs(agent: Agent, bundle: CrewBundle) -> tuple[list[KnowledgeSpec], list[str]]:
    """Knowledge-source objects for the agent, and the references that name nothing."""
    return source_specs(agent.knowledge_sources, bundle)


def source_specs(
    items: Iterable[str | dict[str, Any]], bundle: CrewBundle
) -> tuple[list[KnowledgeSpec], list[str]]:
    """Knowledge-source objects for stored sources (an agent's or the crew's), and the
    references to knowledge entries that name nothing."""
    specs: list[KnowledgeSpec] = []
    missing: list[str] = []
    for item in items:
        if isinstance(item, str):
            found = next(
                (k for k in bundle.knowledge if str(k.id) == item or k.title == item), None
            )
            if found is None:
                missing.append(item)
                continue
            specs.append(KnowledgeSpec("StringKnowledgeSource", {"content": found.content}))
        elif item.get("type") == "string":  # knowledge items are read by key, order is moot
            specs.append(KnowledgeSpec("StringKnowledgeSource", {"content": item["content"]}))
        else:
            _module, cls = KNOWLEDGE_CLASSES[item["type"]]
            specs.append(KnowledgeSpec(cls, {"file_paths": list(item["file_paths"])}))
    return specs, missing


# ---------------------------------------------------------------- tools


@dataclass(frozen=True)
class ToolSpec:
    """A tool as the export builds it."""

    key: str  # the name the agent or task lists
    class_name: str
    from_crewai_tools: bool
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: config keys ending in ``_env``: environment variables the tool needs
    env: dict[str, str] = field(default_factory=dict)
    #: config keys the class does not take (they would be dropped silently)
    dropped: tuple[str, ...] = ()
    registry: Tool | None = None

    @property
    def module_name(self) -> str:
        """The module under ``tools/`` a stub class lives in."""
        return snake_key(self.key)


def tool_spec(name: str, bundle: CrewBundle, target: Release = OLDEST) -> ToolSpec:
    """Resolve a tool name: a registry key, or a class of the target's crewai_tools."""
    catalogue = tools_for(target.name)
    reg = bundle.tools.get(name)
    if reg is None:
        cls = name.rsplit(".", 1)[-1]
        if cls in catalogue:
            return ToolSpec(name, cls, True)
        return ToolSpec(name, _stub_class_name(cls), False)
    raw_cls = (reg.tool_class or "").rsplit(".", 1)[-1]
    env = {k: v for k, v in sorted(reg.config.items()) if k.endswith("_env") and isinstance(v, str)}
    plain = {k: v for k, v in sorted(reg.config.items()) if k not in env}
    if raw_cls in catalogue:
        allowed = catalogue[raw_cls] | COMMON_ARGS
        kwargs = {k: v for k, v in plain.items() if k in allowed}
        dropped = tuple(k for k in plain if k not in allowed)
        return ToolSpec(name, raw_cls, True, kwargs, env, dropped, reg)
    return ToolSpec(
        name, _stub_class_name(raw_cls or pascal(name) + "Tool"), False, plain, env, (), reg
    )


def _stub_class_name(raw: str) -> str:
    cls = re.sub(r"[^0-9A-Za-z_]", "", raw)
    return cls if cls and not cls[0].isdigit() else "Tool" + cls


def tool_specs(
    names: Iterable[str], bundle: CrewBundle, target: Release = OLDEST
) -> list[ToolSpec]:
    return [tool_spec(n, bundle, target) for n in names]


#: names crew.py binds at module level: a generated class must not take one of them
RESERVED_PY_NAMES = frozenset(
    {
        "Agent",
        "Crew",
        "LLM",
        "Process",
        "Task",
        "CrewBase",
        "agent",
        "crew",
        "llm",
        "task",
        "EMBEDDER",
        "os",
        "callbacks",
        "guardrails",
        "models",
        "tools",
        "BaseTool",
        "BaseModel",
        "Any",
        "TaskOutput",
        "ConditionalTask",
        "before_kickoff",
        "after_kickoff",
        "hooks",
        "conditions",
    }
    | set(CREWAI_TOOLS)
    | set(tools_for("1.15"))
    | {cls for _module, cls in KNOWLEDGE_CLASSES.values()}
)


# ---------------------------------------------------------------- tasks


def task_kwargs(task: Task, bundle: CrewBundle, target: Release = OLDEST) -> dict[str, Any]:
    """The task's plain crewai parameters, keyed as tasks.yaml keys them, in a fixed order."""
    out: dict[str, Any] = {
        "description": task.description or "",
        "expected_output": task.expected_output or "",
    }
    agent = bundle.agents.get(task.assigned_agent_id) if task.assigned_agent_id else None
    if agent is not None:
        out["agent"] = snake_key(agent.agent_key)
    if task.context_task_ids is not None:
        names = {t.id: t.name for t in bundle.tasks}
        out["context"] = [names[c] for c in task.context_task_ids if c in names]
    for column, key in (
        ("async_execution", "async_execution"),
        ("human_input", "human_input"),
        ("markdown_enabled", "markdown"),
    ):
        if differs(Task, column, getattr(task, column), target):
            out[key] = getattr(task, column)
    if task.output_file:
        out["output_file"] = task.output_file
        if differs(Task, "create_directory", task.create_directory, target):
            out["create_directory"] = task.create_directory
    if task.guardrail_function and not is_guardrail_function_name(task.guardrail_function):
        out["guardrail"] = task.guardrail_function
    if task.guardrail_function and differs(
        Task, "guardrail_max_retries", task.guardrail_max_retries, target
    ):
        out["guardrail_max_retries"] = task.guardrail_max_retries
    apply_settings(out, "task", task.crewai_settings, target, skip=("name",))
    return out


_FUNC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_guardrail_function_name(value: str) -> bool:
    """An identifier names a guardrail function; anything else is a plain-language rule."""
    return bool(_FUNC_NAME.match(value.strip()))


def output_model_name(task: Task) -> str | None:
    """The pydantic class a task's structured output is parsed into."""
    if task.output_json_schema:
        return pascal(task.name) + "Output"
    if task.output_pydantic_schema:
        return task.output_pydantic_schema
    return None


# ---------------------------------------------------------------- crew


def crew_memory_on(bundle: CrewBundle, target: Release = OLDEST) -> bool:
    """Crew memory: the crew asks for it, or a member does (crewai 1.3 has crew memory only;
    newer releases also get ``memory: true`` on the agent, and the crew keeps the embedder of
    the member's memory configuration)."""
    del target
    return bundle.crew.memory_enabled or any(a.memory_enabled for a in bundle.members)


def crew_memory_config(bundle: CrewBundle) -> MemoryConfig | None:
    """The memory configuration whose embedder the crew uses: the first member's that has one."""
    for agent in _memory_agents(bundle):
        if agent.memory_config_id and agent.memory_config_id in bundle.memory_configs:
            return bundle.memory_configs[agent.memory_config_id]
    return None


def _memory_agents(bundle: CrewBundle) -> list[Agent]:
    members = bundle.members
    with_memory = [a for a in members if a.memory_enabled]
    return with_memory + [a for a in members if not a.memory_enabled]


def memory_embedder(config: MemoryConfig) -> dict[str, Any]:
    """crewai 1.3.0's embedder dict for a memory configuration."""
    if config.embedder_provider == "huggingface":
        # crewai 1.3's huggingface embedder takes a server URL only (EMBEDDINGS_HUGGINGFACE_URL).
        return {"provider": "huggingface", "config": {}}
    cfg: dict[str, Any] = {"model_name": config.embedder_model}
    if config.embedder_provider == "openai":
        native = NATIVE_DIMENSIONS.get(config.embedder_model)
        if (
            config.embedder_model.startswith("text-embedding-3")
            and config.embedder_dimensions != native
        ):
            cfg["dimensions"] = config.embedder_dimensions
    return {"provider": config.embedder_provider, "config": cfg}


def crew_embedder(bundle: CrewBundle, target: Release = OLDEST) -> dict[str, Any] | None:
    if not crew_memory_on(bundle, target):
        return None
    config = crew_memory_config(bundle)
    return memory_embedder(config) if config else None


# ---------------------------------------------------------------- inputs


def placeholders_in(text: str | None) -> list[str]:
    return PLACEHOLDER_RE.findall(text or "")


def bundle_placeholders(bundle: CrewBundle) -> dict[str, list[str]]:
    """Every ``{placeholder}`` crewai fills from kickoff inputs -> where it appears (sorted)."""
    found: dict[str, set[str]] = {}
    agents = list(bundle.members)
    if bundle.manager is not None:
        agents.append(bundle.manager)
    for agent in agents:
        for fld in ("role", "goal", "backstory"):
            for name in placeholders_in(getattr(agent, fld)):
                found.setdefault(name, set()).add(f"agent {agent.agent_key}.{fld}")
    for task in bundle.tasks:
        for fld in ("description", "expected_output", "output_file"):
            for name in placeholders_in(getattr(task, fld)):
                found.setdefault(name, set()).add(f"task {task.name}.{fld}")
    return {k: sorted(v) for k, v in sorted(found.items())}


#: inputs main.py can fill by itself (a Python expression each)
INPUT_DEFAULTS: dict[str, str] = {
    "current_year": "str(datetime.now().year)",
    "current_date": "datetime.now().strftime('%Y-%m-%d')",
    "today": "datetime.now().strftime('%Y-%m-%d')",
}


def as_number(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value
