"""The agent editor (sections as tabs) and the new-agent wizard (sections as steps)."""

from __future__ import annotations

from textual.binding import Binding

from ...domain.base import Record
from ..workers import app_of
from .kinds import AGENT, Choices
from .record_editor import RecordEditorScreen, RecordWizardScreen


class AgentEditorScreen(RecordEditorScreen):
    """Every column of ``crewai_agents``: editable ones by section, run figures read-only."""

    BINDINGS = [Binding("ctrl+g", "generate", "Generate code")]

    def __init__(
        self, agent_key: str, preloaded: tuple[Record | None, Choices] | None = None
    ) -> None:
        super().__init__(AGENT, agent_key, preloaded)

    def action_generate(self) -> None:
        if self.key is not None:
            app_of(self).generate_code(self.key)


class AgentWizardScreen(RecordWizardScreen):
    """Basic, LLM, Behavior, Memory, Reasoning, Prompt templates, Multimodal, Advanced LLM,
    Knowledge, Observability: one step each, the agent created at the end."""

    def __init__(self) -> None:
        super().__init__(AGENT)
