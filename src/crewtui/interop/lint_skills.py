"""Lint of the skill folders agents and crews name (crewai 1.15 and newer).

An entry of ``skills`` is a registry reference (``@org/name``), a SKILL.md text (starting with
``---``) or a path: a folder crewai searches for skill folders (each holding ``SKILL.md``) when
it builds the agent, failing (FileNotFoundError) when the folder is not there. crewtui keeps the
paths, not the folders, and the export writes no skill folder, so every path is a warning that
says where crewai will look:

``skill-path``
    a relative path: in the exported project's folder (where ``crewai run`` starts), so the
    folder must be copied there; a path climbing out of the project (``..``) or an absolute
    one: on the machine that runs the crew.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue, ObjectKind, Severity
from .releases import Release, has_field


def skill_rules(bundle: CrewBundle, target: Release) -> list[LintIssue]:
    out: list[LintIssue] = []
    if has_field(target, "crew", "skills"):
        crew = bundle.crew
        out += _paths("crew", crew.crew_name, (crew.crewai_settings or {}).get("skills"))
    if has_field(target, "agent", "skills"):
        agents = list(bundle.members) + ([bundle.manager] if bundle.manager else [])
        for a in {a.agent_key: a for a in agents}.values():
            out += _paths("agent", a.agent_key, (a.crewai_settings or {}).get("skills"))
    return out


def _paths(kind: ObjectKind, key: str, paths: object) -> list[LintIssue]:
    if not isinstance(paths, list):
        return []
    severity: Severity = "warning"
    return [
        LintIssue(severity, "skill-path", kind, key, "crewai_settings.skills", _where(str(p)))
        for p in paths
        if not str(p).startswith("@") and not str(p).lstrip().startswith("---")
    ]


def _where(path: str) -> str:
    p = PurePosixPath(path.replace("\\", "/"))
    if p.is_absolute() or path[1:3] == ":/" or path[1:3] == ":\\":
        return (
            f"skill folder '{path}' must exist on the machine that runs the crew: crewai fails "
            "to build the agent without it"
        )
    if ".." in p.parts:
        return (
            f"skill folder '{path}' lies outside the exported project: it must exist there on "
            "the machine that runs the crew, or crewai fails to build the agent"
        )
    return (
        f"skill folder '{path}' is not written by the export: copy it into the exported "
        "project's folder (crewai looks for it there and fails to build the agent without it)"
    )
