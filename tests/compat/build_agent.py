"""Run by the crewai interpreter: import generated agent modules, build each agent, print JSON.

Usage: python build_agent.py MODULE.py [MODULE.py ...]

Prints one JSON object: file name -> the Agent's fields (or {"error": ...}). Custom tools the
module cannot construct are given as stub BaseTools named after the tool. Two stand-ins keep
this offline and honest about it: an LLM whose provider extra is not installed is recorded
with the arguments it was given (``"substituted": true``), and the Docker check of agents
with code execution is skipped (``"docker_check_skipped": true``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

for _k, _v in {
    "OPENAI_API_KEY": "sk-offline",
    "CREWAI_DISABLE_TELEMETRY": "true",
    "OTEL_SDK_DISABLED": "true",
    "CREWAI_TESTING": "true",
    "ANONYMIZED_TELEMETRY": "False",
}.items():
    os.environ.setdefault(_k, _v)

import crewai  # noqa: E402
import crewai_tools  # noqa: E402  (imported before crewai.LLM is replaced below)
from crewai.tools import BaseTool  # noqa: E402

_REAL_LLM = crewai.LLM


class _RecordedLLM(crewai.llms.base_llm.BaseLLM):  # type: ignore[misc,name-defined]
    def call(self, *args: Any, **kwargs: Any) -> str:  # pragma: no cover - never called
        raise RuntimeError("offline")


class _LLM(_REAL_LLM):  # type: ignore[misc,valid-type]
    """crewai.LLM, except that a provider without its extra installed gives a recording LLM."""

    def __new__(cls, model: str, is_litellm: bool = False, **kwargs: Any) -> Any:
        try:
            return _REAL_LLM(model=model, is_litellm=is_litellm, **kwargs)
        except ImportError:
            llm = _RecordedLLM(model=model, temperature=kwargs.get("temperature"))
            llm.max_tokens = kwargs.get("max_tokens")
            return llm


crewai.LLM = _LLM  # type: ignore[misc]
_DOCKER_SKIPPED: list[bool] = []
crewai.Agent._validate_docker_installation = lambda self: _DOCKER_SKIPPED.append(True)  # type: ignore[method-assign]


def _stub_tool(tool_name: str, class_name: str = "Stub") -> BaseTool:
    stub = type(
        class_name,
        (BaseTool,),
        {
            "__annotations__": {"name": str, "description": str},
            "name": tool_name,
            "description": f"stand-in for {tool_name}",
            "_run": lambda self, *args, **kwargs: "",
        },
    )
    return stub()


_TOOLS_SUBSTITUTED: list[str] = []


def _tool_factory(cls: type) -> Any:
    """crewai_tools classes whose optional dependencies are missing become named stand-ins."""

    def make(*args: Any, **kwargs: Any) -> Any:
        try:
            return cls(*args, **kwargs)
        except ImportError:
            _TOOLS_SUBSTITUTED.append(cls.__name__)
            return _stub_tool(cls.__name__, cls.__name__)

    return make


for _name in dir(crewai_tools):
    _obj = getattr(crewai_tools, _name)
    if isinstance(_obj, type) and issubclass(_obj, BaseTool):
        setattr(crewai_tools, _name, _tool_factory(_obj))


def _llm_fields(llm: Any) -> dict[str, Any] | None:
    if llm is None:
        return None
    return {
        "model": getattr(llm, "model", None),
        "provider": getattr(llm, "provider", None),
        "temperature": getattr(llm, "temperature", None),
        "max_tokens": getattr(llm, "max_tokens", None),
        # by type, not id(): ids of collected stand-ins are reused by later LLMs
        "substituted": isinstance(llm, _RecordedLLM),
    }


def _knowledge(sources: list[Any] | None) -> list[dict[str, Any]]:
    out = []
    for s in sources or []:
        item: dict[str, Any] = {"class": type(s).__name__}
        for attr in ("content", "file_paths", "chunk_size", "chunk_overlap"):
            if hasattr(s, attr):
                value = getattr(s, attr)
                item[attr] = [str(p) for p in value] if attr == "file_paths" else value
        out.append(item)
    return out


def describe(agent: Any) -> dict[str, Any]:
    tools = []
    for t in agent.tools or []:
        tools.append(t.name if type(t).__name__ == "Stub" else type(t).__name__)
    out = {
        name: getattr(agent, name)
        for name in (
            "role",
            "goal",
            "backstory",
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
            "system_template",
            "prompt_template",
            "response_template",
            "inject_date",
            "date_format",
            "multimodal",
            "use_system_prompt",
            "embedder",
            "verbose",
        )
    }
    out["llm"] = _llm_fields(agent.llm)
    out["function_calling_llm"] = _llm_fields(agent.function_calling_llm)
    out["tools"] = tools
    out["knowledge_sources"] = _knowledge(agent.knowledge_sources)
    out["step_callback"] = getattr(agent.step_callback, "__name__", None)
    if "planning_config" in type(agent).model_fields:  # newer releases
        planning = agent.planning_config
        out["planning_attempts"] = (planning.max_attempts, True) if planning else None
        out["memory"] = bool(agent.memory)
    out["docker_check_skipped"] = bool(_DOCKER_SKIPPED)
    out["tools_substituted"] = list(_TOOLS_SUBSTITUTED)
    return out


def build(path: Path) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [
        v for v in vars(module).values() if isinstance(v, type) and hasattr(v, "custom_tools")
    ]
    custom = {t: _stub_tool(t) for c in classes for t in c.custom_tools}
    _DOCKER_SKIPPED.clear()
    _TOOLS_SUBSTITUTED.clear()
    agent = module.build_agent(custom)
    try:
        return describe(agent)
    finally:
        rpm = getattr(agent, "_rpm_controller", None)
        if rpm is not None:
            rpm.stop_rpm_counter()


def main(paths: list[str]) -> None:
    result: dict[str, Any] = {}
    for p in paths:
        try:
            result[Path(p).name] = build(Path(p))
        except Exception as exc:  # one broken module must not hide the others' results
            result[Path(p).name] = {"error": f"{type(exc).__name__}: {exc}"}
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1:])
