"""Lint rules that depend on the crewai release the crew is exported for.

warnings
    ``release-deprecated``: a stored value asks for a parameter the release deprecates; the
    message says what the export writes instead (``reasoning`` -> ``planning_config``; code
    execution is left out since CodeInterpreterTool is gone; ``multimodal`` and
    ``function_calling_llm`` are kept because they still work, with crewai's warning).
    ``release-missing``: a crewai setting stored for the crew, an agent or a task that the
    release does not have; the export leaves it out.
"""

from __future__ import annotations

from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue, ObjectKind
from .releases import Kind, Release, field_life, has_field


def _w(rule: str, kind: ObjectKind, name: str, field: str, message: str) -> LintIssue:
    return LintIssue("warning", rule, kind, name, field, message)


def release_rules(bundle: CrewBundle, target: Release) -> list[LintIssue]:
    out: list[LintIssue] = []
    agents = list(bundle.members)
    if bundle.manager is not None and bundle.manager not in agents:
        agents.append(bundle.manager)
    newer = target.at_least("1.15")
    for a in agents:
        key = a.agent_key
        if newer and a.reasoning_enabled:
            out.append(
                _w(
                    "release-deprecated",
                    "agent",
                    key,
                    "reasoning_enabled",
                    f"{target.label} deprecates reasoning: the export writes planning_config"
                    + (
                        f" with max_attempts={a.max_reasoning_attempts}"
                        if a.max_reasoning_attempts is not None
                        else ""
                    ),
                )
            )
        if newer and a.allow_code_execution:
            out.append(
                _w(
                    "release-deprecated",
                    "agent",
                    key,
                    "allow_code_execution",
                    f"{target.label} has no CodeInterpreterTool: code execution is left out "
                    "(give the agent a sandbox tool instead)",
                )
            )
        if newer and a.multimodal_enabled:
            out.append(
                _w(
                    "release-deprecated",
                    "agent",
                    key,
                    "multimodal_enabled",
                    f"{target.label} deprecates multimodal (files are passed natively): "
                    "it is still written and crewai warns about it",
                )
            )
        if newer and a.function_calling_llm:
            out.append(
                _w(
                    "release-deprecated",
                    "agent",
                    key,
                    "function_calling_llm",
                    f"{target.label} deprecates function_calling_llm: it is still written and "
                    "crewai warns about it",
                )
            )
        out += _missing("agent", "agent", key, getattr(a, "crewai_settings", None), target)
    if newer and bundle.crew.function_calling_llm:
        out.append(
            _w(
                "release-deprecated",
                "crew",
                bundle.crew.crew_name,
                "function_calling_llm",
                f"{target.label} deprecates function_calling_llm: it is still written and "
                "crewai warns about it",
            )
        )
    crew_settings = getattr(bundle.crew, "crewai_settings", None)
    out += _missing("crew", "crew", bundle.crew.crew_name, crew_settings, target)
    for t in bundle.tasks:
        out += _missing("task", "task", t.name, getattr(t, "crewai_settings", None), target)
    return out


def _missing(
    kind: Kind, object_kind: ObjectKind, name: str, settings: object, target: Release
) -> list[LintIssue]:
    if not isinstance(settings, dict):
        return []
    out: list[LintIssue] = []
    for field in sorted(settings):
        crewai_name = field.split(".", 1)[0]
        if not has_field(target, kind, crewai_name):
            life = field_life(kind, crewai_name)
            since = f" (it came with crewai {life.since})" if life else ""
            out.append(
                _w(
                    "release-missing",
                    object_kind,
                    name,
                    field,
                    f"{target.label} has no {kind} setting {crewai_name}{since}: "
                    "the export leaves it out",
                )
            )
    return out
