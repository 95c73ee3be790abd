"""Turning one agent's, task's or crew's raw settings (YAML merged with Python arguments) into
spec values with crewai's names, reporting what crewai would ignore or crewtui cannot keep."""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ...domain.agent import Agent
from ...domain.crew import Crew
from ...domain.task import Task
from ..params import endpoint_fields, llm_fields
from ..pysyntax import ClassCall, Dotted, NameRef, SelfCall
from ..storable import unstorable
from .context import ReadContext
from .crewclass import CrewClass
from .fields import (
    AGENT_DERIVED,
    CREW_COLUMNS,
    CREW_FIELDS,
    TASK_FIELDS,
    agent_columns,
    agent_fields,
    task_columns,
)
from .modules import Module
from .settings import llm_setting, read_settings, setting_keys

TEXT_FIELDS = ("role", "goal", "backstory", "description", "expected_output")

#: knowledge-source classes -> the "type" crewtui stores
KNOWLEDGE_CLASSES = {
    "StringKnowledgeSource": "string",
    "TextFileKnowledgeSource": "text_file",
    "PDFKnowledgeSource": "pdf",
    "CSVKnowledgeSource": "csv",
    "ExcelKnowledgeSource": "excel",
    "JSONKnowledgeSource": "json",
}

#: settings handled elsewhere (references, or structure rather than values)
_STRUCTURAL = {"config", "agents", "tasks", "manager_agent", "name"}


class Raw:
    """One setting as found: its value, the file and line it came from, and whether it is Python."""

    __slots__ = ("line", "path", "python", "value", "yaml")

    def __init__(
        self, value: Any, path: Path, line: int, python: bool, *, yaml: bool = False
    ) -> None:
        self.value = value
        self.path = path
        self.line = line
        self.python = python
        #: YAML block scalars (``>``, ``|``) end in a newline that is layout, not text
        self.yaml = yaml


def check_keys(
    ctx: ReadContext, raw: dict[str, Raw], known: frozenset[str], stored: dict[str, str], what: str
) -> None:
    for key, r in raw.items():
        bad = unstorable(r.value)
        if bad is not None:
            ctx.error(r.path, r.line, f"{what} {key}: {bad}")
        if key in _STRUCTURAL or key in ("temperature",):
            continue
        if key not in known:
            ctx.warn(
                r.path,
                r.line,
                f"{what}: '{key}' is not a crewai setting; crewai ignores it without a word",
            )
        elif key not in stored:
            ctx.warn(
                r.path,
                r.line,
                f"{what}: crewai setting '{key}' has no place in crewtui; it is not imported",
            )


def deref(ctx: ReadContext, value: Any, mod: Module) -> Any:
    """``module.name`` of a project module -> the value assigned to it there (else unchanged)."""
    if isinstance(value, Dotted):
        got = ctx.resolve_dotted(mod, value.text)
        if got is not None and not isinstance(got[1], (ast.FunctionDef, ast.ClassDef)):
            return got[0].ev.eval(got[1])
    return value


def llm_parts(
    ctx: ReadContext, r: Raw, cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    """``llm`` as a string, an @llm method name, ``self.x()`` or ``LLM(model=..., ...)``."""
    value = deref(ctx, r.value, mod)
    if cls is not None:
        llms = cls.by_kind("llm")
        if isinstance(value, str) and value in llms:
            value = llms[value].value
        elif isinstance(value, SelfCall):
            if value.name not in llms and value.name not in cls.methods:
                ctx.error(r.path, value.line, f"{what}: unknown llm 'self.{value.name}()'")
                return {}
            value = cls.methods[value.name].value
    if isinstance(value, str):
        return {"llm": value}
    if isinstance(value, dict) and isinstance(value.get("model"), str):
        # the JSON-first object form: {"model": ..., "provider": ..., "max_tokens": ...}
        model = value["model"]
        provider = value.get("provider")
        if isinstance(provider, str) and provider and "/" not in model:
            model = f"{provider}/{model}"
        obj: dict[str, Any] = {"llm": model}
        endpoint, own = _endpoint_args(), _llm_args()
        for k, v in value.items():
            if k in own and v is not None:
                obj[own[k]] = _clean(own[k], v, False)
            elif k in endpoint and v is not None:
                obj[endpoint[k]] = _clean(endpoint[k], v, False)
            elif k == "api_key_env" and isinstance(v, str):
                obj["llm_api_key_env"] = v
            elif k not in ("model", "provider"):
                obj.setdefault("llm_settings", {}).update(llm_setting(ctx, k, v, r, what))
        return obj
    if isinstance(value, ClassCall) and value.name.rsplit(".", 1)[-1] == "LLM":
        return _llm_call_parts(ctx, r, value, what)
    ctx.plain(value, r.path, r.line, f"{what} llm")
    return {}


def _llm_call_parts(ctx: ReadContext, r: Raw, value: ClassCall, what: str) -> dict[str, Any]:
    """``LLM(model=..., temperature=..., base_url=..., api_key=os.environ.get(NAME))``."""
    out: dict[str, Any] = {}
    model = value.kwargs.get("model", value.args[0] if value.args else None)
    model = ctx.plain(model, r.path, value.line, f"{what} LLM(model=...)")
    if isinstance(model, str):
        out["llm"] = model
    endpoint, own = _endpoint_args(), _llm_args()
    for k, v in value.kwargs.items():
        if k == "model":
            continue
        if k in own:
            val = ctx.plain(v, r.path, value.line, f"{what} LLM({k}=...)")
            if val is not None:
                out[own[k]] = val
        elif k in endpoint:
            val = ctx.plain(v, r.path, value.line, f"{what} LLM({k}=...)")
            if val is not None:
                out[endpoint[k]] = val
        elif k == "api_key":
            name = _env_name(v)
            if name is None:
                ctx.warn(
                    r.path,
                    value.line,
                    f"{what}: LLM(api_key=...) is not imported: crewtui keeps only the name "
                    "of the variable that holds a key (os.environ.get(NAME))",
                )
            else:
                out["llm_api_key_env"] = name
        else:
            out.setdefault("llm_settings", {}).update(llm_setting(ctx, k, v, r, what))
    return out


def _endpoint_args() -> dict[str, str]:
    """LLM(...) arguments of a model endpoint -> the agent's columns (the API key aside)."""
    return {a: f.name for a, f in endpoint_fields(Agent).items() if a != "api_key"}


def _llm_args() -> dict[str, str]:
    """LLM(...) arguments kept in an agent column of their own (temperature, max_tokens)."""
    return {a: f.name for a, f in llm_fields(Agent).items()}


def _env_name(value: Any) -> str | None:
    """``NAME`` of ``os.environ.get("NAME")`` / ``os.getenv("NAME")``, else None."""
    if (
        isinstance(value, ClassCall)
        and value.name in ("os.environ.get", "os.getenv")
        and value.args
        and isinstance(value.args[0], str)
    ):
        return value.args[0]
    return None


def tool_keys(
    ctx: ReadContext, r: Raw, cls: CrewClass | None, mod: Module, what: str
) -> list[str] | None:
    if not isinstance(r.value, list):
        ctx.warn(r.path, r.line, f"{what}: tools must be a list; not imported")
        return None
    tool_methods = cls.by_kind("tool") if cls is not None else {}
    out: list[str] = []
    for item in r.value:
        key: str | None
        if isinstance(item, str):
            if cls is None:
                key = item  # no crew class: the name is a registry key
            elif item in tool_methods:
                key = ctx.tool_from_method(tool_methods[item], mod)
            else:
                ctx.error(
                    r.path,
                    r.line,
                    f"{what}: unknown tool '{item}': crew.py has no @tool method of that name",
                )
                key = None
        else:
            key = ctx.tool_from_value(item, mod, r.line, tool_methods)
        if key and key not in out:
            out.append(key)
    return out


def knowledge(ctx: ReadContext, r: Raw, mod: Module, what: str) -> list[Any] | None:
    value = deref(ctx, r.value, mod)
    if not isinstance(value, list):
        ctx.warn(r.path, r.line, f"{what}: knowledge_sources must be a list; not imported")
        return None
    out: list[Any] = []
    for item in value:
        if isinstance(item, ClassCall) and item.name.rsplit(".", 1)[-1] in KNOWLEDGE_CLASSES:
            typ = KNOWLEDGE_CLASSES[item.name.rsplit(".", 1)[-1]]
            src: dict[str, Any] = {"type": typ}
            for k, v in item.kwargs.items():
                val = ctx.plain(v, r.path, item.line, f"{what} knowledge source {k}")
                if val is not None:
                    src[k] = val
            out.append(src)
        elif isinstance(item, (str, dict)):
            out.append(item)
        else:
            ctx.warn(
                r.path,
                r.line,
                f"{what}: knowledge source {getattr(item, 'name', item)!r} cannot be read "
                "statically; not imported",
            )
    return out


def agent_values(
    ctx: ReadContext, raw: dict[str, Raw], cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    raw = {k: r for k, r in raw.items() if k != "crewai_settings"}
    settings = read_settings(ctx, "agent", raw, what)
    columns = agent_columns()
    check_keys(ctx, raw, agent_fields(), {**columns, **AGENT_DERIVED, **_keys("agent")}, what)
    out: dict[str, Any] = {}
    callbacks = cls.by_kind("callback") if cls is not None else {}
    for key, r in raw.items():
        if key in AGENT_DERIVED:
            out.update(_derived(ctx, key, r, what))
            continue
        if key not in columns or key == "temperature":
            continue
        if key == "llm":
            parts = llm_parts(ctx, r, cls, mod, what)
            llm_settings = parts.pop("llm_settings", None)
            if llm_settings:
                settings["llm"] = llm_settings
            out.update(parts)
        elif key == "function_calling_llm":
            parts = llm_parts(ctx, r, cls, mod, what + " function_calling_llm")
            if "llm" in parts:
                out[key] = parts["llm"]
        elif key == "tools":
            keys = tool_keys(ctx, r, cls, mod, what)
            if keys is not None:
                out[key] = keys
        elif key in ("step_callback", "knowledge_sources"):
            out.update(_agent_reference(ctx, key, r, mod, what, callbacks))
        else:
            val = ctx.plain(r.value, r.path, r.line, f"{what} {key}")
            val = _intended(ctx, key, val, r, what, _bool_keys(Agent, columns))
            if val is not None or r.value is None:
                out[key] = _clean(key, val, r.yaml)
    if settings:
        out["crewai_settings"] = settings
    return out


def _agent_reference(
    ctx: ReadContext, key: str, r: Raw, mod: Module, what: str, callbacks: dict[str, Any]
) -> dict[str, Any]:
    """``step_callback`` (a URL the callback posts to) or ``knowledge_sources``."""
    if key == "step_callback":
        url = ctx.callback_url(r.value, mod, r.line, f"{what} step_callback", callbacks)
        return {key: url} if url else {}
    ks = knowledge(ctx, r, mod, what)
    return {} if ks is None else {key: ks}


def _keys(kind: str) -> dict[str, str]:
    return dict.fromkeys(setting_keys(kind), "crewai_settings")


def _derived(ctx: ReadContext, key: str, r: Raw, what: str) -> dict[str, Any]:
    """``planning_config`` -> reasoning (+ max_reasoning_attempts); ``memory`` -> memory."""
    val = ctx.plain(r.value, r.path, r.line, f"{what} {key}")
    if key == "memory":
        if isinstance(val, bool):
            return {"memory": val}
        ctx.warn(r.path, r.line, f"{what}: memory other than true/false is not imported")
        return {}
    if val is None:
        return {}
    if not isinstance(val, dict):
        ctx.warn(r.path, r.line, f"{what}: planning_config must be an object; not imported")
        return {}
    out: dict[str, Any] = {"reasoning": True}
    if isinstance(val.get("max_attempts"), int):
        out["max_reasoning_attempts"] = val["max_attempts"]
    return out


def task_values(
    ctx: ReadContext, raw: dict[str, Raw], cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    """Everything but ``agent`` and ``context`` (references are resolved by the reader)."""
    raw = {k: r for k, r in raw.items() if k != "crewai_settings"}
    columns = task_columns()
    check_keys(ctx, raw, TASK_FIELDS, {**columns, **_keys("task")}, what)
    out: dict[str, Any] = {}
    settings = read_settings(ctx, "task", raw, what)
    if settings:
        out["crewai_settings"] = settings
    for key, r in raw.items():
        if key not in columns or key in ("agent", "context", "crewai_settings"):
            continue
        if key == "tools":
            keys = tool_keys(ctx, r, cls, mod, what)
            if keys is not None:
                out[key] = keys
        elif key == "callback":
            url = ctx.callback_url(r.value, mod, r.line, f"{what} callback")
            if url:
                out[key] = url
        elif key == "guardrail":
            if isinstance(r.value, (NameRef, Dotted)):
                # a guardrail function is stored by its name
                out[key] = r.value.name if isinstance(r.value, NameRef) else r.value.last
            else:
                val = ctx.plain(r.value, r.path, r.line, f"{what} guardrail")
                if isinstance(val, str):
                    out[key] = val.strip()
        elif key in ("output_json", "output_pydantic"):
            continue  # resolved by the reader, which knows the model classes
        else:
            val = ctx.plain(r.value, r.path, r.line, f"{what} {key}")
            val = _intended(ctx, key, val, r, what, _bool_keys(Task, columns))
            if val is not None or r.value is None:
                out[key] = _clean(key, val, r.yaml)
    return out


def crew_values(
    ctx: ReadContext, raw: dict[str, Raw], cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    raw = {k: r for k, r in raw.items() if k != "crewai_settings"}
    check_keys(
        ctx,
        raw,
        CREW_FIELDS,
        {
            **CREW_COLUMNS,
            **_keys("crew"),
            "chat_llm": "",
            "embedder": "",
            "name": "",
            "knowledge_sources": "",
        },
        what,
    )
    out: dict[str, Any] = {}
    settings = _crew_settings(ctx, raw, cls, mod, what)
    for key, r in raw.items():
        if key in ("manager_llm", "planning_llm", "function_calling_llm"):
            out.update(_crew_llm(ctx, key, r, cls, mod, what))
        elif key in ("step_callback", "task_callback"):
            url = ctx.callback_url(r.value, mod, r.line, f"{what} {key}")
            if url:
                out[key] = url
        elif key == "embedder":
            if "embedder" not in settings:  # kept on the memory configuration of a member
                val = ctx.plain(r.value, r.path, r.line, f"{what} embedder")
                if val is not None:
                    out[key] = val
        elif key == "output_log_file" and isinstance(r.value, bool):
            out[key] = "logs.txt" if r.value else None  # crewai's own file name for True
        elif key in CREW_COLUMNS and key != "crewai_settings":
            val = ctx.plain(r.value, r.path, r.line, f"{what} {key}")
            val = _intended(ctx, key, val, r, what, _bool_keys(Crew, CREW_COLUMNS))
            if val is not None or r.value is None:
                out[key] = val
    if settings:
        out["crewai_settings"] = settings
    return out


def _crew_settings(
    ctx: ReadContext, raw: dict[str, Raw], cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    """The crew's crewai settings: chat_llm, knowledge sources, and the embedder when memory
    is off (the crew's own: its knowledge sources use it)."""
    settings = read_settings(ctx, "crew", raw, what)
    if "chat_llm" in raw:
        chat = llm_parts(ctx, raw["chat_llm"], cls, mod, f"{what} chat_llm")
        if "llm" in chat:
            settings["chat_llm"] = chat["llm"]
    if "knowledge_sources" in raw:
        sources = knowledge(ctx, raw["knowledge_sources"], mod, f"{what} knowledge_sources")
        if sources:
            settings["knowledge_sources"] = sources
    memory = raw.get("memory")
    if "embedder" in raw and not (memory is not None and memory.value is True):
        r = raw["embedder"]
        val = ctx.plain(r.value, r.path, r.line, f"{what} embedder")
        if val is not None:
            settings["embedder"] = val
    return settings


def _crew_llm(
    ctx: ReadContext, key: str, r: Raw, cls: CrewClass | None, mod: Module, what: str
) -> dict[str, Any]:
    """A crew-level LLM: its model name and the crew's one endpoint (URL, key variable)."""
    out: dict[str, Any] = {}
    parts = llm_parts(ctx, r, cls, mod, f"{what} {key}")
    if "llm" in parts:
        out[key] = parts["llm"]
    for column in ("llm_base_url", "llm_api_key_env"):
        if column in parts:
            out[column] = parts[column]
    dropped = sorted(set(parts) - {"llm", "llm_base_url", "llm_api_key_env"})
    if dropped:
        ctx.warn(
            r.path,
            r.line,
            f"{what} {key}: only the model name is kept ({', '.join(dropped)} dropped)",
        )
    return out


def _bool_keys(model: Any, columns: dict[str, str]) -> frozenset[str]:
    from ...domain.fields import field_map

    specs = field_map(model)
    return frozenset(k for k, c in columns.items() if c in specs and specs[c].kind == "bool")


def _intended(
    ctx: ReadContext, key: str, val: Any, r: Raw, what: str, bools: frozenset[str]
) -> Any:
    """Older releases took numbers where crewai now takes true/false (``verbose=2``): the
    intent is clear, so the value is stored as a flag and the import says so."""
    if key in bools and isinstance(val, int) and not isinstance(val, bool):
        flag = val > 0
        ctx.warn(
            r.path,
            r.line,
            f"{what} {key}: {val} is not a crewai value any more (it takes true/false); "
            f"stored as {str(flag).lower()}",
        )
        return flag
    return val


def _clean(key: str, value: Any, from_yaml: bool) -> Any:
    if isinstance(value, str) and from_yaml and value.endswith("\n"):
        return value.rstrip()
    if key in ("temperature",) and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value
