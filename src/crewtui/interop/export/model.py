"""What an exported project contains, worked out once from a crew bundle.

Both project formats (YAML for crewai 1.3, JSON-first for 1.15+) render from this model, so
they carry the same agents, tasks, tools, callbacks, output models and inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ...domain.agent import Agent
from ...domain.bundle import CrewBundle
from ...domain.crew import Crew
from ...domain.task import Task
from .. import crewai_map as cm
from ..crewai_map import KnowledgeSpec, ToolSpec
from ..crewai_tools_catalog import QDRANT_REQUIREMENT, RAG_TOOLS
from ..pyliteral import LlmCall, py_str
from ..releases import OLDEST, Release, has_field


@dataclass
class Callback:
    """A generated function that posts JSON to ``url``: ``name = post_json(url)``."""

    name: str
    url: str


@dataclass
class AgentPart:
    agent: Agent
    key: str  # snake key: YAML key, method name, agents/<key>.jsonc
    fields: dict[str, Any]  # plain crewai parameters off crewai's defaults (``llm``: the model)
    llm: dict[str, Any] | None  # LLM(...) keyword arguments when temperature/max_tokens are set
    tools: list[ToolSpec]
    knowledge: list[KnowledgeSpec]
    step_callback: Callback | None
    is_manager: bool = False

    @property
    def llm_name(self) -> str:
        return f"{self.key}_llm"


@dataclass
class TaskPart:
    task: Task
    name: str
    fields: dict[str, Any]
    tools: list[ToolSpec]
    output_attr: str | None  # "output_json" / "output_pydantic"
    output_model: str | None
    guardrail_function: str | None
    callback: Callback | None
    #: crewai's name for the task when it is not the task's own name (``name`` setting)
    crewai_name: str | None = None
    #: the function of ``conditions.py`` deciding whether the task runs: a ConditionalTask
    condition: str | None = None
    #: the pydantic class (in ``models.py``) crewai asks the LLM to answer in
    response_model: str | None = None

    @property
    def task_class(self) -> str:
        return "ConditionalTask" if self.condition else "Task"


@dataclass
class OutputModel:
    name: str
    schema: dict[str, Any] | None  # None: an open model the user completes


@dataclass
class ProjectModel:
    bundle: CrewBundle
    package: str
    class_name: str
    crew_name: str
    process: str
    members: list[AgentPart]
    manager: AgentPart | None
    manager_llm: str | LlmCall | None
    tasks: list[TaskPart]
    crew_fields: dict[str, Any]  # plain crew parameters after process/manager
    memory: bool
    embedder: dict[str, Any] | None
    step_callback: Callback | None
    task_callback: Callback | None
    stub_tools: list[ToolSpec] = field(default_factory=list)
    output_models: list[OutputModel] = field(default_factory=list)
    guardrails: list[str] = field(default_factory=list)
    inputs_required: list[str] = field(default_factory=list)
    inputs_default: dict[str, str] = field(default_factory=dict)
    #: the crew's stored run inputs that have a value, as text (crew.jsonc's ``inputs``)
    run_inputs: dict[str, str] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    #: requirements besides crewai itself
    requirements: list[str] = field(default_factory=list)
    env_vars: list[str] = field(default_factory=list)
    #: the crewai release the project is written for
    target: Release = OLDEST
    #: the crew's own knowledge sources (``knowledge_sources`` setting)
    crew_knowledge: list[KnowledgeSpec] = field(default_factory=list)
    #: functions of ``hooks.py`` crewai calls before and after kickoff, in stored order
    before_kickoff: list[str] = field(default_factory=list)
    after_kickoff: list[str] = field(default_factory=list)

    @property
    def agents(self) -> list[AgentPart]:
        return self.members + ([self.manager] if self.manager else [])

    @property
    def callbacks(self) -> list[Callback]:
        found = [self.step_callback, self.task_callback]
        found += [a.step_callback for a in self.agents]
        found += [t.callback for t in self.tasks]
        return [c for c in found if c is not None]

    @property
    def crewai_tool_classes(self) -> list[str]:
        specs = [s for a in self.agents for s in a.tools] + [s for t in self.tasks for s in t.tools]
        return sorted({s.class_name for s in specs if s.from_crewai_tools})

    @property
    def knowledge_classes(self) -> list[str]:
        specs = [k for a in self.agents for k in a.knowledge] + self.crew_knowledge
        return sorted({k.class_name for k in specs})

    @property
    def kickoff_hooks(self) -> list[str]:
        """The functions of ``hooks.py``, each once, before-kickoff ones first."""
        return list(dict.fromkeys(self.before_kickoff + self.after_kickoff))

    @property
    def conditions(self) -> list[str]:
        return sorted({t.condition for t in self.tasks if t.condition})

    @property
    def uses_conditional_tasks(self) -> bool:
        return any(t.condition for t in self.tasks)


def _agent_part(
    agent: Agent, bundle: CrewBundle, target: Release, *, is_manager: bool = False
) -> AgentPart:
    key = cm.snake_key(agent.agent_key)
    knowledge, _missing = cm.knowledge_specs(agent, bundle)
    step = Callback(f"{key}_step", agent.step_callback_url) if agent.step_callback_url else None
    return AgentPart(
        agent=agent,
        key=key,
        fields=cm.agent_kwargs(agent, bundle, target),
        llm=cm.llm_kwargs(agent) if cm.needs_llm_object(agent) else None,
        tools=cm.tool_specs(agent.tools, bundle, target),
        knowledge=knowledge,
        step_callback=step,
        is_manager=is_manager,
    )


def _task_part(task: Task, bundle: CrewBundle, target: Release) -> TaskPart:
    model = cm.output_model_name(task)
    attr = None
    if model:
        attr = "output_json" if task.output_json_schema else "output_pydantic"
    guard = task.guardrail_function.strip() if task.guardrail_function else None
    settings = task.crewai_settings or {}
    name = settings.get("name") if has_field(target, "task", "name") else None
    response = settings.get("response_model")
    return TaskPart(
        task=task,
        name=task.name,
        fields=cm.task_kwargs(task, bundle, target),
        tools=cm.tool_specs(task.tools or [], bundle, target),
        output_attr=attr,
        output_model=model,
        guardrail_function=guard if guard and cm.is_guardrail_function_name(guard) else None,
        callback=Callback(f"{task.name}_done", task.callback_url) if task.callback_url else None,
        crewai_name=name if name and name != task.name else None,
        condition=settings.get("condition"),
        response_model=response if has_field(target, "task", "response_model") else None,
    )


def _crew_fields(bundle: CrewBundle, target: Release) -> dict[str, Any]:
    """Crew settings after process and manager, in the order both formats write them."""
    crew = bundle.crew
    out: dict[str, Any] = {}

    def put(key: str, column: str, value: Any) -> None:
        # only what differs from crewai's declared default for the target release
        if cm.differs(Crew, column, value, target):
            out[key] = value

    put("planning", "planning_enabled", crew.planning_enabled)
    if crew.planning_enabled and crew.planning_llm:
        out["planning_llm"] = cm.crew_llm(crew, crew.planning_llm)
    put("memory", "memory_enabled", cm.crew_memory_on(bundle, target))
    embedder = cm.crew_embedder(bundle, target)
    if embedder:
        out["embedder"] = embedder
    put("cache", "cache_enabled", crew.cache_enabled)
    if crew.max_rpm:
        out["max_rpm"] = crew.max_rpm
    put("verbose", "verbose", crew.verbose)
    if crew.function_calling_llm:
        out["function_calling_llm"] = cm.crew_llm(crew, crew.function_calling_llm)
    if crew.output_log_file:
        # the name crewai writes to (it appends .txt to others); the export creates its folder
        out["output_log_file"] = cm.log_file_name(crew.output_log_file)
    if crew.prompt_file_path:
        out["prompt_file"] = crew.prompt_file_path
    put("share_crew", "share_crew", crew.share_crew)
    cm.apply_settings(out, "crew", crew.crewai_settings, target)
    return out


def _crew_embedder(fields: dict[str, Any]) -> dict[str, Any] | None:
    """The crew's embedder as written: a member's memory embedder, the crew's own setting
    over it (key by key)."""
    embedder = fields.get("embedder")
    if not isinstance(embedder, dict):
        return None
    return embedder if "config" in embedder else {**embedder, "config": {}}


def _crew_settings_objects(model: ProjectModel, bundle: CrewBundle, target: Release) -> None:
    """Crew settings crewai takes as objects or code: knowledge sources and kickoff hooks."""
    settings = bundle.crew.crewai_settings or {}
    if has_field(target, "crew", "knowledge_sources"):
        model.crew_knowledge, _missing = cm.source_specs(
            settings.get("knowledge_sources") or [], bundle
        )
    for which in ("before_kickoff", "after_kickoff"):
        if has_field(target, "crew", f"{which}_callbacks"):
            names = settings.get(f"{which}_callbacks") or []
            setattr(model, which, list(dict.fromkeys(names)))


def _unique_stub_classes(model: ProjectModel) -> None:
    """Stub tool classes are imported into crew.py by name: keep their names apart."""
    taken = set(cm.RESERVED_PY_NAMES) | {t.output_model for t in model.tasks if t.output_model}
    taken |= {t.response_model for t in model.tasks if t.response_model}
    chosen: dict[str, str] = {}  # tool key -> class name
    parts: list[list[ToolSpec]] = [a.tools for a in model.agents] + [t.tools for t in model.tasks]
    for key in sorted({s.key for tools in parts for s in tools if not s.from_crewai_tools}):
        spec = next(s for tools in parts for s in tools if s.key == key)
        name = spec.class_name
        if name in taken:
            name = cm.pascal(key) + "Tool"
        base, n = name, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        chosen[key] = name
    for tools in parts:
        for i, s in enumerate(tools):
            if not s.from_crewai_tools and s.class_name != chosen[s.key]:
                tools[i] = replace(s, class_name=chosen[s.key])


def build_model(bundle: CrewBundle, target: Release = OLDEST) -> ProjectModel:
    crew = bundle.crew
    hierarchical = crew.process_type == "hierarchical"
    members = [_agent_part(a, bundle, target) for a in bundle.members]
    manager = (
        _agent_part(bundle.manager, bundle, target, is_manager=True)
        if hierarchical and bundle.manager
        else None
    )
    tasks = [_task_part(t, bundle, target) for t in bundle.tasks]
    model = ProjectModel(
        bundle=bundle,
        package=cm.package_name(crew.crew_name),
        class_name=cm.crew_class_name(crew.crew_name),
        crew_name=crew.crew_name,
        process=crew.process_type,
        members=members,
        manager=manager,
        manager_llm=cm.crew_llm(crew, crew.manager_llm)
        if hierarchical and manager is None and crew.manager_llm
        else None,
        tasks=tasks,
        crew_fields=_crew_fields(bundle, target),
        memory=cm.crew_memory_on(bundle, target),
        embedder=None,
        step_callback=Callback("crew_step", crew.step_callback_url)
        if crew.step_callback_url
        else None,
        task_callback=Callback("crew_task_done", crew.task_callback_url)
        if crew.task_callback_url
        else None,
        target=target,
    )
    model.embedder = _crew_embedder(model.crew_fields)
    if model.embedder is not None:
        model.crew_fields["embedder"] = model.embedder
    _crew_settings_objects(model, bundle, target)
    _unique_stub_classes(model)
    specs = [s for a in model.agents for s in a.tools] + [s for t in tasks for s in t.tools]
    stubs: dict[str, ToolSpec] = {}
    for s in specs:
        if not s.from_crewai_tools:
            stubs.setdefault(s.module_name, s)
    model.stub_tools = [stubs[k] for k in sorted(stubs)]
    seen_models: dict[str, OutputModel] = {}
    for t in tasks:
        if t.output_model and t.output_model not in seen_models:
            seen_models[t.output_model] = OutputModel(t.output_model, t.task.output_json_schema)
    for t in tasks:  # a response model named only by its class is an open model to complete
        if t.response_model and t.response_model not in seen_models:
            seen_models[t.response_model] = OutputModel(t.response_model, None)
    model.output_models = list(seen_models.values())
    model.guardrails = sorted({t.guardrail_function for t in tasks if t.guardrail_function})
    placeholders = cm.bundle_placeholders(bundle)
    # the crew's remembered run inputs first (a value kept empty has none), then crewai's dates
    model.run_inputs = {k: v for k, v in bundle.crew.run_inputs.items() if v}
    stored = {k: py_str(v) for k, v in model.run_inputs.items()}
    known = {k: cm.INPUT_DEFAULTS[k] for k in placeholders if k in cm.INPUT_DEFAULTS}
    model.inputs_default = {**known, **stored}
    model.inputs_required = [k for k in placeholders if k not in model.inputs_default]
    models: list[Any] = (
        [cm.agent_model(a.agent) for a in model.agents]
        + [
            v
            for v in (
                model.manager_llm,
                model.crew_fields.get("planning_llm"),
                model.crew_fields.get("function_calling_llm"),
            )
            if v
        ]
        + [
            a.fields["function_calling_llm"]
            for a in model.agents
            if "function_calling_llm" in a.fields
        ]
    )
    models = [m.kwargs["model"] if isinstance(m, LlmCall) else m for m in models]
    extras = {e for m in models if (e := cm.provider_extra(m))}
    if "ExcelKnowledgeSource" in model.knowledge_classes:
        extras.update(("openpyxl", "pandas"))  # crewai extras the Excel reader imports
    model.extras = sorted(extras)
    if any(s.from_crewai_tools and s.class_name in RAG_TOOLS for s in specs):
        model.requirements = [QDRANT_REQUIREMENT]
    env = {"OPENAI_API_KEY"} if _needs_openai_key(model) else set()
    env.update(n for n in _key_names(model) if n)
    for s in specs:
        env.update(s.env.values())
    model.env_vars = sorted(env)
    return model


def _key_names(model: ProjectModel) -> list[str | None]:
    crew = model.bundle.crew
    return [a.agent.llm_api_key_env for a in model.agents] + [crew.llm_api_key_env]


def _needs_openai_key(model: ProjectModel) -> bool:
    """An OpenAI model whose endpoint names no key variable of its own reads OPENAI_API_KEY."""
    crew = model.bundle.crew
    pairs: list[tuple[str, str | None]] = [
        (cm.agent_model(a.agent), a.agent.llm_api_key_env) for a in model.agents
    ]
    pairs += [(f, None) for a in model.agents if (f := a.fields.get("function_calling_llm"))]
    for v in (model.manager_llm, *(model.crew_fields.get(k) for k in _CREW_LLMS)):
        if v:
            pairs.append(
                (v.kwargs["model"], crew.llm_api_key_env) if isinstance(v, LlmCall) else (v, None)
            )
    return any(cm.llm_provider(m) == "openai" and not key for m, key in pairs)


_CREW_LLMS = ("planning_llm", "function_calling_llm")
