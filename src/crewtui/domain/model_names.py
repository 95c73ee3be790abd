"""Provider-prefixed model names the LLM fields suggest (as crewai/LiteLLM spell them).

Maintained by hand: add a name when a provider ships a model people pick; the editors also
suggest every name already stored in the database, so a name missing here is one keystroke
away once someone has used it. A suggestion is only a suggestion: any name is accepted.
"""

from __future__ import annotations

KNOWN_MODELS: tuple[str, ...] = (
    "openai/gpt-4o",
    "openai/gpt-4o-mini",
    "openai/gpt-4.1",
    "openai/gpt-4.1-mini",
    "openai/gpt-4.1-nano",
    "openai/o3",
    "openai/o3-mini",
    "openai/o4-mini",
    "anthropic/claude-3-5-haiku-latest",
    "anthropic/claude-3-5-sonnet-latest",
    "anthropic/claude-3-7-sonnet-latest",
    "anthropic/claude-sonnet-4-0",
    "anthropic/claude-opus-4-0",
    "gemini/gemini-1.5-pro",
    "gemini/gemini-1.5-flash",
    "gemini/gemini-2.0-flash",
    "gemini/gemini-2.5-pro",
    "gemini/gemini-2.5-flash",
    "azure/gpt-4o",
    "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
    "groq/llama-3.3-70b-versatile",
    "mistral/mistral-large-latest",
    "mistral/mistral-small-latest",
    "deepseek/deepseek-chat",
    "deepseek/deepseek-reasoner",
    "ollama/llama3.1:8b",
    "ollama/llama3.2",
    "ollama/qwen2.5",
    "watsonx/ibm/granite-3-8b-instruct",
    "xai/grok-2-latest",
)

#: the LLM-name fields of agents and crews
LLM_FIELDS: tuple[str, ...] = (
    "llm_model",
    "function_calling_llm",
    "manager_llm",
    "planning_llm",
)


def model_suggestions(in_use: list[str]) -> list[str]:
    """The names in use first (most likely wanted again), then the maintained list."""
    seen: set[str] = set()
    out: list[str] = []
    for name in [*sorted(in_use), *KNOWN_MODELS]:
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out
