"""The crew's chat LLM in the crew builder: crewai's ``chat_llm`` has no column of its own and
is kept in the crew's ``crewai_settings``; the builder edits it with the model-name field every
other LLM field uses."""

from __future__ import annotations

from typing import Any

from ...domain.crew import LLM, Crew
from ...domain.fields import FieldSpec
from ..forms.editors import ModelNameField
from ..forms.field_row import FieldRow

KEY = "chat_llm"
CHAT_LLM = FieldSpec(
    name=KEY,
    group=LLM,
    label="Chat LLM",
    help="LLM of `crewai chat`: it talks with the user and kicks off the crew (crewai: chat_llm).",
    kind="str",
    optional=True,
    crewai=KEY,
)


def chat_row() -> FieldRow:
    return FieldRow(CHAT_LLM, ModelNameField(CHAT_LLM, id="field-chat_llm"))


def stored(crew: Crew | None) -> str | None:
    value = (crew.crewai_settings or {}).get(KEY) if crew is not None else None
    return str(value) if value else None


def shown(row: FieldRow) -> str | None:
    value = row.editor.read()
    return str(value).strip() or None if value else None


def settings_with(crew: Crew | None, value: str | None) -> dict[str, Any]:
    """The crew's crewai settings with ``chat_llm`` set to ``value`` (removed for None)."""
    settings = dict(crew.crewai_settings or {}) if crew is not None else {}
    settings.pop(KEY, None)
    if value:
        settings[KEY] = value
    return settings
