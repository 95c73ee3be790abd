"""The crewai releases crewtui exports to, and which crewai settings each one has.

A *target* is one of the releases below. Export, lint and code generation take one
(``--crewai 1.3`` / ``--crewai latest``); without one they use the crewai version installed in
the run-time environment (the virtualenv ``CREWTUI_RUNTIME_VENV`` names) when there is one, else
the newest release crewtui knows.

:data:`FIELDS` is the one table of crewai settings by release: for every parameter crewtui
writes or stores, the first known release that has it, the release that deprecates it and what
replaces it. An agent's entries come from the field declarations (``spec(since=...,
deprecated=...)`` on :class:`~crewtui.domain.agent.Agent`, ``since`` on the keys of
:class:`~crewtui.domain.crewai_settings.AgentSettings`); the crew's, task's and LLM's are listed
here. It was checked against the ``model_fields`` of the installed releases
(``tests/compat/test_latest_release.py`` compares it again).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..domain.agent import Agent
from ..domain.crewai_settings import setting_names, setting_since
from ..domain.errors import CrewtuiError
from ..domain.fields import FieldSpec
from .params import keyword_fields, memo, to_crewai

Kind = Literal["agent", "crew", "task", "llm"]


@dataclass(frozen=True)
class Release:
    """One crewai release crewtui knows."""

    name: str  # "1.3" / "1.15": what ``--crewai`` accepts (besides "latest")
    version: tuple[int, int, int]  # the release checked
    #: the range of crewai the export pins (installable from PyPI)
    spec: str
    #: crewai_tools / crewai extras resolve under this release
    json_first: bool  # ``crew.jsonc`` projects (``crewai run`` loads them itself)

    @property
    def version_text(self) -> str:
        return ".".join(str(p) for p in self.version)

    @property
    def label(self) -> str:
        return f"crewai {self.version_text}"

    def at_least(self, name: str) -> bool:
        return self.version >= RELEASES[name].version


RELEASES: dict[str, Release] = {
    "1.3": Release("1.3", (1, 3, 0), ">=1.3.0,<1.4", json_first=False),
    "1.15": Release("1.15", (1, 15, 30), ">=1.15.30,<2", json_first=True),
}
NEWEST = RELEASES["1.15"]
OLDEST = RELEASES["1.3"]
TARGET_NAMES: tuple[str, ...] = ("1.3", "latest")


@dataclass(frozen=True)
class FieldLife:
    """A crewai parameter over the releases crewtui knows."""

    kind: Kind
    name: str
    since: str = "1.3"
    deprecated: str | None = None
    replacement: str = ""
    #: the export leaves the parameter out from this release on
    dropped: str | None = None

    def exists_in(self, release: Release) -> bool:
        return release.at_least(self.since)

    def deprecated_in(self, release: Release) -> bool:
        return self.deprecated is not None and release.at_least(self.deprecated)

    def dropped_in(self, release: Release) -> bool:
        return self.dropped is not None and release.at_least(self.dropped)


def _f(kind: Kind, names: str, **kw: str) -> list[FieldLife]:
    return [FieldLife(kind, n, **kw) for n in names.split()]


def declared_agent_fields() -> list[FieldLife]:
    """The agent's parameters, from the column declarations and the crewai_settings keys."""
    out = [
        FieldLife("agent", str(f.crewai), f.since, f.deprecated, f.replacement, f.dropped)
        for f in keyword_fields(Agent)
    ]
    known = {life.name for life in out}
    out += [
        FieldLife("agent", n, setting_since("agent", n))
        for n in setting_names("agent")
        if n not in known
    ]
    return out


FIELDS: dict[tuple[str, str], FieldLife] = {
    (f.kind, f.name): f
    for f in [
        *declared_agent_fields(),
        *_f(
            "crew",
            "name process agents tasks manager_llm manager_agent planning planning_llm memory "
            "embedder cache max_rpm verbose output_log_file prompt_file share_crew "
            "step_callback task_callback chat_llm knowledge_sources before_kickoff_callbacks "
            "after_kickoff_callbacks tracing",
        ),
        FieldLife("crew", "function_calling_llm", deprecated="1.15", replacement="the agents' llm"),
        *_f("crew", "stream checkpoint skills", since="1.15"),
        *_f(
            "task",
            "description expected_output agent context async_execution human_input markdown "
            "output_file create_directory output_json output_pydantic tools guardrail "
            "guardrail_max_retries guardrails callback name response_model",
        ),
        *_f("task", "input_files", since="1.15"),
        *_f(
            "llm",
            "model temperature max_tokens top_p stop seed timeout base_url api_base api_version "
            "presence_penalty frequency_penalty max_completion_tokens logprobs top_logprobs "
            "reasoning_effort stream api_key",
        ),
    ]
}


def field_life(kind: Kind, name: str) -> FieldLife | None:
    if kind == "agent":
        return _agent_lives().get(name)
    return FIELDS.get((kind, name))


def _agent_lives() -> dict[str, FieldLife]:
    return memo("lives", Agent, lambda _specs: {f.name: f for f in declared_agent_fields()})


def has_field(release: Release, kind: Kind, name: str) -> bool:
    """True when ``release`` has the parameter (unknown parameters: True, crewtui did not check)."""
    life = field_life(kind, name)
    return life is None or life.exists_in(release)


def writes(release: Release, kind: Kind, f: FieldSpec, stored: object) -> bool:
    """Whether the export writes the declared keyword of ``f`` for ``release``: the release has
    it and does not drop it, and when it deprecates it, the stored value asks for something
    other than crewai's default."""
    life = field_life(kind, str(f.crewai))
    if life is None:
        return True
    if not life.exists_in(release) or life.dropped_in(release):
        return False
    return not (life.deprecated_in(release) and stored == f.crewai_default)


def is_default(release: Release, f: FieldSpec, stored: object) -> bool:
    """Whether ``stored`` means what crewai does when the keyword is left out, under
    ``release`` and for the importer (which reads a left-out keyword as the declared default):
    the two converted values are equal and crewai's default has not changed by ``release``."""
    if f.default_changed is not None and release.at_least(f.default_changed):
        return False
    return bool(to_crewai(f, stored) == to_crewai(f, f.crewai_default))


def is_deprecated(release: Release, kind: Kind, name: str) -> bool:
    life = field_life(kind, name)
    return life is not None and life.deprecated_in(release)


# ---------------------------------------------------------------- choosing a target

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?")


def release_for_version(text: str) -> Release:
    """The newest known release at or below ``text`` (``1.9.2`` -> 1.3, ``2.0`` -> 1.15)."""
    m = _VERSION.match(text.strip())
    if not m:
        raise CrewtuiError(
            f"crewai release {text!r} is not a version (use one of {', '.join(TARGET_NAMES)})",
            title="Unknown crewai release",
        )
    version = (int(m[1]), int(m[2]), int(m[3] or 0))
    known = sorted(RELEASES.values(), key=lambda r: r.version)
    chosen = known[0]
    for rel in known:
        if (rel.version[0], rel.version[1]) <= version[:2]:
            chosen = rel
    return chosen


def runtime_version(env: Mapping[str, str] | None = None) -> str | None:
    """The crewai version installed in the run-time virtualenv, read from its metadata:
    ``$CREWTUI_RUNTIME_VENV``, else (with the process environment) the runtime that
    ``crewtui run`` uses (``$CREWTUI_CREWAI_PYTHON``, ``runtime use``, ``runtime install``)."""
    if env is None:
        env = os.environ
        if not env.get("CREWTUI_RUNTIME_VENV"):
            from ..runtime.env import chosen_python

            return _installed_crewai(chosen_python().parent.parent)
    venv = env.get("CREWTUI_RUNTIME_VENV")
    return _installed_crewai(Path(venv)) if venv else None


def _installed_crewai(venv: Path) -> str | None:
    for dist in sorted(venv.glob("lib/python*/site-packages/crewai-*.dist-info")):
        version = dist.name[len("crewai-") : -len(".dist-info")]
        if _VERSION.match(version):
            return version
    return None


def resolve_target(name: str | None = None, env: Mapping[str, str] | None = None) -> Release:
    """``--crewai NAME`` -> a release; None: the run-time environment's, else the newest."""
    if name is None:
        found = runtime_version(env)
        return release_for_version(found) if found else NEWEST
    if name.strip().lower() in ("latest", "newest"):
        return NEWEST
    return release_for_version(name)
