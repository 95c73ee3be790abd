"""Lint rules about running a crew: what the export fixes and what the runtime must hold.

Always (part of :func:`crewtui.interop.lint.lint_bundle`):

``log-folder`` (error)
    the crew's ``output_log_file`` lies outside the project (absolute, ``~``, ``..``): crewai
    does not create the log's folder, and the export creates one only inside the project.
``log-name`` (warning)
    crewai appends ``.txt`` to a log name that ends in neither ``.txt`` nor ``.json``; the
    export writes the name crewai uses.
``response-template`` (warning)
    the response template leaves nothing after ``{{ .Response }}``: crewai would add an empty
    stop word and every answer would come back empty. The export leaves the template out.

Before a run (:func:`run_rules`, which knows the runtime):

``output-model-converter`` (error, crewai 1.3)
    an output model with a property whose only type is ``null``: crewai 1.3's converter reads
    the annotation's ``__name__`` and fails (``X | None`` unions are exported as
    ``Optional[X]`` for the same reason).
``runtime-extra`` (error)
    a model's provider needs a crewai extra the runtime does not have.
``api-key-missing`` (error)
    the variable that holds a model's key is not set.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue, ObjectKind
from . import crewai_map as cm

#: the module whose presence tells that a crewai extra is installed
EXTRA_MODULES = {
    "anthropic": "anthropic",
    "azure-ai-inference": "azure.ai.inference",
    "google-genai": "google.genai",
    "bedrock": "boto3",
    "litellm": "litellm",
}


def _issue(sev: str, rule: str, kind: ObjectKind, name: str, field: str, msg: str) -> LintIssue:
    return LintIssue(sev, rule, kind, name, field, msg)  # type: ignore[arg-type]


def export_rules(bundle: CrewBundle) -> list[LintIssue]:
    out: list[LintIssue] = []
    crew = bundle.crew
    path = crew.output_log_file
    if path:
        inside = "/" not in path.replace("\\", "/") or cm.log_folder(path) is not None
        if not inside:
            out.append(
                _issue(
                    "error",
                    "log-folder",
                    "crew",
                    crew.crew_name,
                    "output_log_file",
                    f"'{path}' is outside the project: crewai does not create the log's folder "
                    "and fails at kickoff; use a relative path such as logs/run.txt",
                )
            )
        if cm.log_file_name(path) != path:
            out.append(
                _issue(
                    "warning",
                    "log-name",
                    "crew",
                    crew.crew_name,
                    "output_log_file",
                    f"crewai writes the log to '{cm.log_file_name(path)}'; "
                    "the export uses that name",
                )
            )
    for agent in [*bundle.members, *([bundle.manager] if bundle.manager else [])]:
        template = agent.response_template
        if template and not cm.response_template_usable(template):
            out.append(
                _issue(
                    "warning",
                    "response-template",
                    "agent",
                    agent.agent_key,
                    "response_template",
                    f"nothing follows {cm.RESPONSE_MARKER} in the response template: crewai would "
                    "stop every answer at once (empty answers); the export leaves it out",
                )
            )
    return out


def _null_only(schema: Any) -> bool:
    """Whether a property somewhere in the schema has ``null`` as its only type."""
    if not isinstance(schema, dict):
        return False
    props = schema.get("properties") or {}
    for sub in props.values():
        if isinstance(sub, dict) and sub.get("type") in ("null", ["null"]):
            return True
        if _null_only(sub) or _null_only(sub.get("items") if isinstance(sub, dict) else None):
            return True
    return False


def _model_keys(bundle: CrewBundle) -> list[tuple[ObjectKind, str, str, str, str | None]]:
    """(kind, name, field, model, key variable) of every LLM the crew uses."""
    crew = bundle.crew
    out: list[tuple[ObjectKind, str, str, str, str | None]] = []
    for a in [*bundle.members, *([bundle.manager] if bundle.manager else [])]:
        out.append(("agent", a.agent_key, "llm_model", cm.agent_model(a), a.llm_api_key_env))
        if a.function_calling_llm:
            out.append(("agent", a.agent_key, "function_calling_llm", a.function_calling_llm, None))
    for field in ("manager_llm", "planning_llm", "function_calling_llm"):
        value = getattr(crew, field)
        if value:
            out.append(("crew", crew.crew_name, field, value, crew.llm_api_key_env))
    return out


def run_rules(
    bundle: CrewBundle,
    *,
    crewai_version: str,
    modules: Collection[str],
    environ: Mapping[str, str],
) -> list[LintIssue]:
    """Issues that stop a run on this runtime: ``modules`` are the importable extra modules,
    ``environ`` the environment the run gets."""
    out: list[LintIssue] = []
    if crewai_version.startswith("1.3."):
        for t in bundle.tasks:
            if t.output_json_schema and _null_only(t.output_json_schema):
                out.append(
                    _issue(
                        "error",
                        "output-model-converter",
                        "task",
                        t.name,
                        "output_json_schema",
                        "a property whose only type is null: crewai 1.3's output converter "
                        "cannot read the generated model",
                    )
                )
    seen: set[tuple[str, str]] = set()
    for kind, name, field, model, key_env in _model_keys(bundle):
        extra = cm.provider_extra(model)
        module = EXTRA_MODULES.get(extra) if extra else None
        if module and module not in modules and (name, field) not in seen:
            seen.add((name, field))
            out.append(
                _issue(
                    "error",
                    "runtime-extra",
                    kind,
                    name,
                    field,
                    f"'{cm.llm_model_string(model)}' needs crewai[{extra}], which the runtime "
                    f"(crewai {crewai_version}) does not have",
                )
            )
        variable = key_env or ("OPENAI_API_KEY" if cm.llm_provider(model) == "openai" else None)
        if variable and not environ.get(variable):
            out.append(
                _issue(
                    "error",
                    "api-key-missing",
                    kind,
                    name,
                    "llm_api_key_env" if key_env else field,
                    f"the environment variable {variable} that holds the key of "
                    f"'{cm.llm_model_string(model)}' is not set",
                )
            )
    return out
