"""The agent editor (sections as tabs) and the new-agent wizard (sections as steps)."""

from __future__ import annotations

from .kinds import AGENT
from .record_editor import RecordEditorScreen, RecordWizardScreen


class AgentEditorScreen(RecordEditorScreen):
    """Every column of ``crewai_agents``: editable ones by section, run figures read-only."""

    def __init__(self, agent_key: str) -> None:
        super().__init__(AGENT, agent_key)


class AgentWizardScreen(RecordWizardScreen):
    """Basic, LLM, Behavior, Memory, Reasoning, Prompt templates, Multimodal, Advanced LLM,
    Knowledge, Observability: one step each, the agent created at the end."""

    def __init__(self) -> None:
        super().__init__(AGENT)
