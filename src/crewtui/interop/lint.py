"""The crew lint: what crewai would reject, and what it would silently get wrong, before export.

**Errors** stop an export: crewai would refuse to construct or run the crew, or would build
something other than what is stored. **Warnings** still export, and say what the export does
about them. Rules (``LintIssue.rule``):

errors
    ``process-consensual`` (crewai has no such process), ``no-tasks``, ``no-members``,
    ``manager-missing`` (hierarchical without manager agent or LLM), ``manager-is-member``,
    ``manager-tools`` (crewai fails at kickoff), ``name-clash`` (agent keys, task names,
    ``@llm`` methods and output models share the generated crew class and module),
    ``package-name`` (the crew name makes a package name Python or the project's imports
    already use), ``bounds`` (a stored value outside the model's bounds: crewai accepts
    ``max_iter=-3`` and fails at run time),
    the task-graph rules of :mod:`crewtui.domain.taskgraph` (``context-cycle``,
    ``context-self``, ``context-future``, ``context-unknown``, ``async-trailing``,
    ``async-context``, ``agent-missing``, ``agent-not-member``), ``required`` (description,
    expected_output), ``output-both``, ``output-file`` (crewai's path rules),
    ``guardrail-agent`` (a plain-language guardrail needs an agent), ``knowledge-missing``,
    ``embedder-provider``, ``embedder-key`` (a key crewai would drop, such as ``model``),
    ``log-folder`` (see :mod:`crewtui.interop.lint_runtime`, also for the rules checked
    before a run).

warnings
    ``duplicate-role`` (crewai de-duplicates the crew's agents by role; tasks keep their own
    agents and the crew runs), ``release-deprecated`` and ``release-missing`` (see
    :mod:`crewtui.interop.lint_release`), ``llm-extra`` (the provider needs a crewai extra; the
    export adds it), ``date-format``
    (converted to strftime), ``agent-memory`` (crewai 1.3 has crew memory only: the export
    turns it on for the crew), ``memory-config-unused``, ``memory-embedder`` (no usable
    embedder configuration), ``memory-configs``, ``memory-dimensions``, ``memory-settings``
    (storage and limits crewai does not take), ``code-execution`` (Docker is checked when the
    agent is built), ``agent-status``, ``knowledge-files`` (to copy into knowledge/),
    ``manager-unused``, ``manager-llm-unused``, ``planning-llm-unused``, ``output-model-stub``,
    ``guardrail-stub``, ``tool-stub``, ``tool-extra``, ``tool-config``, ``tool-status``,
    ``input-missing`` (a ``{placeholder}`` no input supplies), ``log-name``,
    ``response-template``.

The crewai settings the export writes as code (the crew's knowledge sources and kickoff hooks,
conditional tasks, response models, a task's crewai name) have their rules in
:mod:`crewtui.interop.lint_settings` (``condition-first``, ``condition-async``, ``hook-stub``,
``condition-stub``, ``response-model-stub``, ``format-missing``); the skill folders agents
and crews name (``skill-path``: the export writes none) in :mod:`crewtui.interop.lint_skills`.

The rules that depend on crewai's own tables (providers, tool classes, embedder keys) are in
:mod:`crewtui.interop.lint_rules`, beside :mod:`crewtui.interop.crewai_map` which holds those
facts for export and lint alike; the issue type and the crewai-independent checks are in
:mod:`crewtui.domain.lint`.
"""

from __future__ import annotations

from collections.abc import Collection

from ..domain.bundle import CrewBundle
from ..domain.lint import LintIssue
from ..domain.taskgraph import check_tasks
from . import lint_rules as rules
from .lint_release import release_rules
from .lint_runtime import export_rules
from .lint_settings import ExportFormat, settings_rules
from .lint_skills import skill_rules
from .releases import OLDEST, Release


def lint_bundle(
    bundle: CrewBundle,
    *,
    inputs: Collection[str] | None = None,
    target: Release = OLDEST,
    format: ExportFormat | None = None,
) -> list[LintIssue]:
    """Every issue of the crew, crew first, then agents, tasks, tools and memory configs.

    ``inputs``: the kickoff inputs that will be supplied; None means the ones the export
    knows how to fill by itself (see ``crewai_map.INPUT_DEFAULTS``). ``target``: the crewai
    release the crew is exported for (see :mod:`crewtui.interop.lint_release`); ``format``:
    the project format (``json`` names the settings ``crew.jsonc`` cannot hold).
    """
    out: list[LintIssue] = []
    out += rules.crew_rules(bundle)
    out += export_rules(bundle)
    out += rules.agent_rules(bundle, target)
    out += release_rules(bundle, target)
    out += settings_rules(bundle, target, format)
    out += skill_rules(bundle, target)
    out += _task_graph(bundle)
    out += rules.task_rules(bundle)
    out += rules.tool_rules(bundle, target)
    out += rules.memory_rules(bundle)
    out += rules.input_rules(bundle, inputs)
    order = {"crew": 0, "agent": 1, "task": 2, "tool": 3, "memory_config": 4}
    # stable: rules keep their order within an object kind
    return sorted(_dedupe(out), key=lambda i: order[i.object_kind])


def _dedupe(issues: list[LintIssue]) -> list[LintIssue]:
    seen: set[LintIssue] = set()
    out: list[LintIssue] = []
    for i in issues:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _task_graph(bundle: CrewBundle) -> list[LintIssue]:
    members = [m.agent_id for m in bundle.crew.members]
    found = check_tasks(bundle.tasks, process_type=bundle.crew.process_type, member_ids=members)
    return [LintIssue(i.severity, i.rule, "task", i.task, i.field, i.message) for i in found]
