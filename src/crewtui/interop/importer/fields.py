"""crewai 1.3.0's field names, which of them crewtui stores, and crewai's defaults.

The importer uses these to report keys crewai would silently ignore (unknown names) and keys
crewai knows but crewtui has no column for (they would be lost on the next export).
"""

from __future__ import annotations

from typing import Any

AGENT_FIELDS = frozenset(
    ["a2a", "adapted_agent", "agent_executor", "agent_knowledge_context", "allow_code_execution", "allow_delegation", "apps", "backstory", "cache", "cache_handler", "callbacks", "code_execution_mode", "config", "crew", "crew_knowledge_context", "date_format", "embedder", "from_repository", "function_calling_llm", "goal", "guardrail", "guardrail_max_retries", "i18n", "id", "inject_date", "knowledge", "knowledge_config", "knowledge_search_query", "knowledge_sources", "knowledge_storage", "llm", "max_execution_time", "max_iter", "max_reasoning_attempts", "max_retry_limit", "max_rpm", "max_tokens", "mcps", "multimodal", "prompt_template", "reasoning", "respect_context_window", "response_template", "role", "security_config", "step_callback", "system_template", "tools", "tools_handler", "tools_results", "use_system_prompt", "verbose"]
)
TASK_FIELDS = frozenset(
    ["agent", "allow_crewai_trigger_context", "async_execution", "callback", "config", "context", "converter_cls", "create_directory", "delegations", "description", "end_time", "expected_output", "guardrail", "guardrail_max_retries", "guardrails", "human_input", "i18n", "id", "markdown", "max_retries", "name", "output", "output_file", "output_json", "output_pydantic", "processed_by_agents", "prompt_context", "response_model", "retry_count", "security_config", "start_time", "tools", "tools_errors", "used_tools"]
)
CREW_FIELDS = frozenset(
    ["after_kickoff_callbacks", "agents", "before_kickoff_callbacks", "cache", "chat_llm", "config", "embedder", "entity_memory", "execution_logs", "external_memory", "function_calling_llm", "id", "knowledge", "knowledge_sources", "long_term_memory", "manager_agent", "manager_llm", "max_rpm", "memory", "name", "output_log_file", "parent_flow", "planning", "planning_llm", "process", "prompt_file", "security_config", "share_crew", "short_term_memory", "step_callback", "task_callback", "task_execution_output_json_files", "tasks", "token_usage", "tracing", "usage_metrics", "verbose"]
)

#: crewai agent parameter -> crewtui column (values converted by the plan)
AGENT_COLUMNS: dict[str, str] = {
    "role": "role",
    "goal": "goal",
    "backstory": "backstory",
    "tools": "tools",
    "llm": "llm_model",
    "temperature": "temperature",
    "max_tokens": "max_tokens",
    "max_rpm": "max_rpm",
    "max_iter": "max_iter",
    "max_execution_time": "max_execution_time",
    "max_retry_limit": "max_retry_limit",
    "allow_delegation": "allow_delegation",
    "allow_code_execution": "allow_code_execution",
    "code_execution_mode": "code_execution_mode",
    "respect_context_window": "respect_context_window",
    "cache": "cache_enabled",
    "reasoning": "reasoning_enabled",
    "max_reasoning_attempts": "max_reasoning_attempts",
    "system_template": "system_template",
    "prompt_template": "prompt_template",
    "response_template": "response_template",
    "inject_date": "inject_date",
    "date_format": "date_format",
    "multimodal": "multimodal_enabled",
    "function_calling_llm": "function_calling_llm",
    "use_system_prompt": "use_system_prompt",
    "knowledge_sources": "knowledge_sources",
    "embedder": "embedder_config",
    "verbose": "verbose",
    "step_callback": "step_callback_url",
}

TASK_COLUMNS: dict[str, str] = {
    "description": "description",
    "expected_output": "expected_output",
    "agent": "agent",
    "async_execution": "async_execution",
    "human_input": "human_input",
    "markdown": "markdown_enabled",
    "output_file": "output_file",
    "create_directory": "create_directory",
    "output_json": "output_json_schema",
    "output_pydantic": "output_pydantic_schema",
    "guardrail": "guardrail_function",
    "guardrail_max_retries": "guardrail_max_retries",
    "context": "context",
    "tools": "tools",
    "callback": "callback_url",
}

CREW_COLUMNS: dict[str, str] = {
    "process": "process_type",
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
}

#: what a column holds when the project leaves the crewai parameter out (crewai's default)
AGENT_OMITTED: dict[str, Any] = {
    "tools": [],
    "llm_model": None,
    "temperature": None,
    "max_tokens": None,
    "max_rpm": 0,
    "max_iter": 25,
    "max_execution_time": 0,
    "max_retry_limit": 2,
    "allow_delegation": False,
    "allow_code_execution": False,
    "code_execution_mode": "safe",
    "respect_context_window": True,
    "cache_enabled": True,
    "reasoning_enabled": False,
    "max_reasoning_attempts": None,
    "system_template": None,
    "prompt_template": None,
    "response_template": None,
    "inject_date": False,
    "date_format": "%Y-%m-%d",
    "multimodal_enabled": False,
    "function_calling_llm": None,
    "use_system_prompt": True,
    "knowledge_sources": [],
    "embedder_config": None,
    "verbose": False,
    "step_callback_url": None,
}

TASK_OMITTED: dict[str, Any] = {
    "description": None,
    "expected_output": None,
    "async_execution": False,
    "human_input": False,
    "markdown_enabled": False,
    "output_file": None,
    "create_directory": True,
    "output_json_schema": None,
    "output_pydantic_schema": None,
    "guardrail_function": None,
    "guardrail_max_retries": 3,
    "tools": None,
    "callback_url": None,
}

CREW_OMITTED: dict[str, Any] = {
    "process_type": "sequential",
    "manager_llm": None,
    "verbose": False,
    "function_calling_llm": None,
    "planning_enabled": False,
    "planning_llm": None,
    "memory_enabled": False,
    "max_rpm": 0,
    "cache_enabled": True,
    "step_callback_url": None,
    "task_callback_url": None,
    "output_log_file": None,
    "prompt_file_path": None,
    "share_crew": False,
}
