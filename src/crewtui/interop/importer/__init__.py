"""Importing crewai projects: YAML (``crewai create crew``) and JSON-first, read statically.

:func:`read_project` reads files only (YAML with the safe loader's rules, plain entries line
by line; Python with :mod:`ast`, the plainly written crew methods from their lines);
:func:`spec_to_changes` compares the result with what the database holds. Writing the plan is
:mod:`crewtui.services.importer`'s job, in one unit of work.

Everything crewtui's export writes is read back, so export -> import -> export gives the same
files: ``@llm`` methods and ``llms.py`` (temperature, max_tokens), tool classes in ``tools/``
(their settings, and the registry key and class named in a generated stub's docstring),
``models.py`` (output schemas), ``callbacks.py`` (the URL each callback posts to), the crew
embedder (kept on a memory configuration of the first member), the crew description in
README.md and, from ``.env.example``, the environment variables of crewai_tools classes.

Besides one ``crewai create crew`` package, a project may hold several crews: the
``@CrewBase`` classes of a flow (``src/<pkg>/crews/<name>/``), several classes in one package,
or a script building ``Agent``/``Task``/``Crew`` objects at module level (directly or through
helper classes, see :mod:`.helpers`). :func:`find_crews`
lists them; :func:`read_crews` reads several at once (see :mod:`.shared` for agents they share).
The kickoff inputs of main.py (``inputs = {...}`` in ``run()``) travel on the spec.
"""

from __future__ import annotations

from .discover import CrewSource, SeveralCrews, find_crews
from .errors import Issue, ProjectInvalid
from .plan import Change, Existing, FieldChange, ImportPlan, agent_key, spec_to_changes
from .reader import list_crews, read_crews, read_project
from .spec import AgentSpec, CrewSpec, ProjectSpec, TaskSpec, ToolSpec

__all__ = [
    "AgentSpec",
    "Change",
    "CrewSource",
    "CrewSpec",
    "Existing",
    "FieldChange",
    "ImportPlan",
    "Issue",
    "ProjectInvalid",
    "ProjectSpec",
    "SeveralCrews",
    "TaskSpec",
    "ToolSpec",
    "agent_key",
    "find_crews",
    "list_crews",
    "read_crews",
    "read_project",
    "spec_to_changes",
]
