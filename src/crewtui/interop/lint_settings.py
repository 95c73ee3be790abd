"""Lint rules of the crewai settings that the export writes as code: the crew's knowledge
sources and kickoff hooks, conditional tasks, response models and a task's crewai name.

errors
    ``condition-first``: crewai rejects a crew whose first task is a ConditionalTask (and so
    one made of conditional tasks only). ``condition-async``: crewai rejects an asynchronous
    ConditionalTask. ``name-clash``: a kickoff hook becomes a method of the crew class and a
    function of ``hooks.py``; it cannot take the name of an agent, task or ``@llm`` method, a
    name crewai's crew class uses, a Python keyword, or be both a before- and an after-kickoff
    hook. ``knowledge-missing``: a crew knowledge source names no knowledge entry.

warnings
    ``hook-stub`` / ``condition-stub``: the function is exported as a stub to complete
    (crewtui stores its name only). ``response-model-stub``: the response model is exported as
    an open model to complete unless a task's output schema generates the class.
    ``format-missing``: the JSON-first project (``crew.jsonc``) cannot hold the setting.
    ``stream-unread``: a crew that streams, exported JSON-first: ``crewai run`` (1.15.30) kicks
    it off without reading the stream, so the crew never runs (the YAML project's main.py
    reads it; ``crewtui run`` reads it in either format).
"""

from __future__ import annotations

import keyword
from typing import Literal

from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue
from . import crewai_map as cm
from .lint_rules import RESERVED_METHODS
from .releases import Release, has_field

ExportFormat = Literal["yaml", "json"]

#: names the generated modules import; a function there cannot take one of them
_HOOK_MODULE_NAMES = frozenset({"Any"})
_CONDITION_MODULE_NAMES = frozenset({"TaskOutput"})


def settings_rules(
    bundle: CrewBundle, target: Release, format: ExportFormat | None = None
) -> list[LintIssue]:
    out = _crew_rules(bundle, target)
    out += _task_rules(bundle, target, format)
    settings = bundle.crew.crewai_settings or {}
    if format == "json" and settings.get("stream") and has_field(target, "crew", "stream"):
        out.append(
            LintIssue(
                "warning",
                "stream-unread",
                "crew",
                bundle.crew.crew_name,
                "crewai_settings.stream",
                f"crewai run ({target.label}) kicks a JSON-first crew off without reading its "
                "stream, so the crew never runs: turn stream off, or export the YAML project "
                "(its main.py reads the stream)",
            )
        )
    return out


def _crew_rules(bundle: CrewBundle, target: Release) -> list[LintIssue]:
    crew = bundle.crew.crew_name
    settings = bundle.crew.crewai_settings or {}
    out: list[LintIssue] = []
    if has_field(target, "crew", "knowledge_sources"):
        _specs, missing = cm.source_specs(settings.get("knowledge_sources") or [], bundle)
        out += [
            LintIssue(
                "error",
                "knowledge-missing",
                "crew",
                crew,
                "crewai_settings.knowledge_sources",
                f"no knowledge entry titled or with id '{m}'",
            )
            for m in missing
        ]
    taken = _class_methods(bundle)
    seen: dict[str, str] = {}
    for which in ("before_kickoff", "after_kickoff"):
        field = f"{which}_callbacks"
        if not has_field(target, "crew", field):
            continue
        for name in dict.fromkeys(settings.get(field) or []):
            problem = None
            if keyword.iskeyword(name) or name in _HOOK_MODULE_NAMES:
                problem = f"'{name}' cannot be the name of a function in hooks.py"
            elif name in RESERVED_METHODS:
                problem = f"'{name}' is a name crewai's crew class already uses"
            elif name in taken:
                problem = f"becomes the method '{name}', which {taken[name]} already uses"
            elif name in seen:
                problem = f"'{name}' is also a {seen[name]} hook: one function cannot be both"
            seen.setdefault(name, which.replace("_", "-"))
            if problem:
                out.append(
                    LintIssue(
                        "error", "name-clash", "crew", crew, f"crewai_settings.{field}", problem
                    )
                )
            else:
                out.append(
                    LintIssue(
                        "warning",
                        "hook-stub",
                        "crew",
                        crew,
                        f"crewai_settings.{field}",
                        f"exported as a function '{name}' in hooks.py to complete",
                    )
                )
    return out


def _class_methods(bundle: CrewBundle) -> dict[str, str]:
    """Methods the generated crew class has besides the kickoff hooks -> who owns them."""
    owners: dict[str, str] = {}
    agents = list(bundle.members) + ([bundle.manager] if bundle.manager else [])
    for a in agents:
        owners.setdefault(cm.snake_key(a.agent_key), f"agent {a.agent_key}")
        if cm.needs_llm_object(a):
            owners.setdefault(cm.llm_method_name(a), f"agent {a.agent_key}")
    for t in bundle.tasks:
        owners.setdefault(t.name, f"task {t.name}")
    return owners


def _task_rules(
    bundle: CrewBundle, target: Release, format: ExportFormat | None
) -> list[LintIssue]:
    out: list[LintIssue] = []
    schemas = {cm.output_model_name(t) for t in bundle.tasks if t.output_json_schema}
    for pos, t in enumerate(bundle.tasks):
        settings = t.crewai_settings or {}
        condition = settings.get("condition")
        if condition:
            if pos == 0:
                out.append(
                    LintIssue(
                        "error",
                        "condition-first",
                        "task",
                        t.name,
                        "crewai_settings.condition",
                        "crewai rejects a ConditionalTask as the crew's first task: it decides "
                        "on the output of the task before it",
                    )
                )
            if t.async_execution:
                out.append(
                    LintIssue(
                        "error",
                        "condition-async",
                        "task",
                        t.name,
                        "crewai_settings.condition",
                        "crewai rejects an asynchronous ConditionalTask",
                    )
                )
            if keyword.iskeyword(condition) or condition in _CONDITION_MODULE_NAMES:
                out.append(
                    LintIssue(
                        "error",
                        "name-clash",
                        "task",
                        t.name,
                        "crewai_settings.condition",
                        f"'{condition}' cannot be the name of a function in conditions.py",
                    )
                )
            else:
                out.append(
                    LintIssue(
                        "warning",
                        "condition-stub",
                        "task",
                        t.name,
                        "crewai_settings.condition",
                        f"exported as a function '{condition}' in conditions.py to complete",
                    )
                )
        response = settings.get("response_model")
        if response and has_field(target, "task", "response_model"):
            if response in cm.RESERVED_PY_NAMES or keyword.iskeyword(response):
                out.append(
                    LintIssue(
                        "error",
                        "name-clash",
                        "task",
                        t.name,
                        "crewai_settings.response_model",
                        f"the response model '{response}' would hide a name crew.py uses",
                    )
                )
            elif response not in schemas:
                out.append(
                    LintIssue(
                        "warning",
                        "response-model-stub",
                        "task",
                        t.name,
                        "crewai_settings.response_model",
                        f"exported as an open model '{response}' in models.py to complete",
                    )
                )
        name = settings.get("name")
        if format == "json" and name and name != t.name:
            out.append(
                LintIssue(
                    "warning",
                    "format-missing",
                    "task",
                    t.name,
                    "crewai_settings.name",
                    f"the JSON-first project of {target.label} names each task by its key "
                    f"('{t.name}', used by context): crewai's name '{name}' is left out",
                )
            )
    return out
