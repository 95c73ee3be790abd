"""crewai settings without a column of their own, read from a project into ``crewai_settings``.

Which keys belong there is :mod:`crewtui.domain.crewai_settings`' declaration; the record's
validation checks the values (a bad one is reported with its file and line). Function and class
references (kickoff callbacks, response models) are stored by name.
"""

from __future__ import annotations

from typing import Any

from ...domain.crewai_settings import LlmSettings, setting_names
from ..pysyntax import Dotted, NameRef
from .context import ReadContext
from .crewclass import CrewClass

#: read into columns (or objects) elsewhere, never into the settings
_NOT_HERE = {
    "agent": {"memory", "llm"},
    # the embedder goes to a memory configuration, or to the settings when memory is off
    "crew": {"embedder", "knowledge_sources", "chat_llm"},
    "task": {"name"},
}

#: the crew class's decorated kickoff methods -> the crew setting that lists them
KICKOFF_HOOKS = {
    "before_kickoff": "before_kickoff_callbacks",
    "after_kickoff": "after_kickoff_callbacks",
}
LLM_KEYS = frozenset(LlmSettings.model_fields) - {"api_key_env"}


def setting_keys(kind: str) -> frozenset[str]:
    return frozenset(setting_names(kind)) - _NOT_HERE[kind]


def read_settings(ctx: ReadContext, kind: str, raw: dict[str, Any], what: str) -> dict[str, Any]:
    """The settings among ``raw`` (``Raw`` values by crewai name)."""
    out: dict[str, Any] = {}
    for key in sorted(setting_keys(kind) & set(raw)):
        r = raw[key]
        value = r.value
        if isinstance(value, NameRef):
            out[key] = value.name
            continue
        if isinstance(value, Dotted):
            out[key] = value.last
            continue
        if isinstance(value, list) and all(isinstance(v, (NameRef, Dotted)) for v in value):
            out[key] = [v.name if isinstance(v, NameRef) else v.last for v in value]
            continue
        val = ctx.plain(value, r.path, r.line, f"{what} {key}")
        if val is None:
            continue
        if key == "planning_config" and isinstance(val, dict):
            val = {k: v for k, v in val.items() if k != "max_attempts"}  # a column holds it
            if not val:
                continue
        out[key] = val
    return out


def kickoff_hooks(cls: CrewClass, settings: dict[str, Any]) -> None:
    """``@before_kickoff`` / ``@after_kickoff`` methods join the kickoff hooks of ``Crew(...)``
    in ``settings``, stored by method name (crewai runs them after the ones of the call)."""
    for kind, key in KICKOFF_HOOKS.items():
        names = [m.name for m in cls.of_kind(kind)]
        if names:
            settings[key] = list(dict.fromkeys([*settings.get(key, []), *names]))


def llm_setting(ctx: ReadContext, key: str, value: Any, r: Any, what: str) -> dict[str, Any]:
    """One ``LLM(...)`` keyword besides model, temperature and max_tokens -> {key: value}."""
    if key == "api_key":
        ctx.warn(
            r.path,
            r.line,
            f"{what}: an API key is never stored; set llm_api_key_env to the name of "
            "the environment variable that holds it",
        )
        return {}
    if key not in LLM_KEYS:
        ctx.warn(
            r.path, r.line, f"{what}: LLM({key}=...) has no place in crewtui; it is not imported"
        )
        return {}
    val = ctx.plain(value, r.path, r.line, f"{what} LLM({key}=...)")
    return {} if val is None else {key: val}
