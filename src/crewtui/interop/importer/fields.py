"""crewai's field names (1.3.0 and the newest release), which of them crewtui stores, and
crewai's defaults.

The importer uses these to report keys crewai would silently ignore (unknown names) and keys
crewai knows but crewtui has no column for (they would be lost on the next export).

An agent's tables are derived from the field declarations (:mod:`crewtui.interop.params`):
:func:`agent_columns`, :func:`agent_omitted` and :func:`agent_fields`; :data:`AGENT_FIELDS`
holds only the crewai names crewtui does not declare. A task's columns and every default
(:func:`task_omitted`, :func:`crew_omitted`) are derived too; the crew's columns are listed.
"""

from __future__ import annotations

from typing import Any

from ...domain.agent import Agent
from ...domain.crew import Crew
from ...domain.crewai_settings import setting_names
from ...domain.task import Task
from ..params import by_keyword, declared_defaults, import_columns, omitted_values

#: crewai Agent fields crewtui neither stores nor sets (besides the declared ones)
AGENT_FIELDS = frozenset(
    [
        "a2a",
        "adapted_agent",
        "agent_executor",
        "agent_knowledge_context",
        "cache_handler",
        "callbacks",
        "config",
        "crew",
        "crew_knowledge_context",
        "from_repository",
        "i18n",
        "id",
        "knowledge",
        "knowledge_search_query",
        "knowledge_storage",
        "max_tokens",
        "planning",
        "security_config",
        "tools_handler",
        "tools_results",
    ]
)
TASK_FIELDS = frozenset(
    [
        "agent",
        "allow_crewai_trigger_context",
        "async_execution",
        "callback",
        "condition",  # a ConditionalTask's
        "config",
        "context",
        "converter_cls",
        "create_directory",
        "delegations",
        "description",
        "end_time",
        "expected_output",
        "guardrail",
        "guardrail_max_retries",
        "guardrails",
        "human_input",
        "i18n",
        "id",
        "markdown",
        "max_retries",
        "name",
        "output",
        "output_file",
        "output_json",
        "output_pydantic",
        "processed_by_agents",
        "prompt_context",
        "response_model",
        "retry_count",
        "security_config",
        "start_time",
        "tools",
        "tools_errors",
        "used_tools",
        # newer releases
        "input_files",
        "tool_failure_policy",
    ]
)
CREW_FIELDS = frozenset(
    [
        "after_kickoff_callbacks",
        "agents",
        "before_kickoff_callbacks",
        "cache",
        "chat_llm",
        "config",
        "embedder",
        "entity_memory",
        "execution_logs",
        "external_memory",
        "function_calling_llm",
        "id",
        "knowledge",
        "knowledge_sources",
        "long_term_memory",
        "manager_agent",
        "manager_llm",
        "max_rpm",
        "memory",
        "name",
        "output_log_file",
        "parent_flow",
        "planning",
        "planning_llm",
        "process",
        "prompt_file",
        "security_config",
        "share_crew",
        "short_term_memory",
        "step_callback",
        "task_callback",
        "task_execution_output_json_files",
        "tasks",
        "token_usage",
        "tracing",
        "usage_metrics",
        "verbose",
        # newer releases
        "checkpoint",
        "skills",
        "stream",
        "tool_failure_policy",
    ]
)


def agent_fields() -> frozenset[str]:
    """Every crewai Agent field name: the declared keywords and settings, and the others."""
    return AGENT_FIELDS | set(by_keyword(Agent)) | set(setting_names("agent"))


def agent_columns() -> dict[str, str]:
    """crewai agent parameter -> crewtui column (values converted by the plan)."""
    return import_columns(Agent)


def agent_omitted() -> dict[str, Any]:
    """What an agent column holds when the project leaves the crewai parameter out."""
    return omitted_values(Agent)


#: newer-release agent parameters read into columns above: ``planning_config`` sets
#: reasoning (and its ``max_attempts`` the attempts), ``memory`` the agent's memory flag
AGENT_DERIVED: dict[str, str] = {
    "planning_config": "reasoning_enabled",
    "memory": "memory_enabled",
}


def task_columns() -> dict[str, str]:
    """crewai task parameter -> column; ``agent`` and ``context`` name keys the reader
    resolves, so they keep their crewai name."""
    return import_columns(Task)


CREW_COLUMNS: dict[str, str] = {
    "process": "process_type",
    # the endpoint of the manager, planning and function-calling LLMs, read from LLM(...)
    "llm_base_url": "llm_base_url",
    "llm_api_key_env": "llm_api_key_env",
    "manager_llm": "manager_llm",
    "verbose": "verbose",
    "function_calling_llm": "function_calling_llm",
    "planning": "planning_enabled",
    "planning_llm": "planning_llm",
    "memory": "memory_enabled",
    "max_rpm": "max_rpm",
    "cache": "cache_enabled",
    "step_callback": "step_callback_url",
    "task_callback": "task_callback_url",
    "output_log_file": "output_log_file",
    "prompt_file": "prompt_file_path",
    "share_crew": "share_crew",
    "crewai_settings": "crewai_settings",
}


def task_omitted() -> dict[str, Any]:
    """What a task column holds when the project leaves the crewai parameter out."""
    return omitted_values(Task)


def crew_omitted() -> dict[str, Any]:
    """What a crew column holds when the project leaves the crewai parameter out."""
    return declared_defaults(Crew, CREW_COLUMNS.values())
