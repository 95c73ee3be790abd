"""How a stored value becomes the value crewai takes, and back.

A field declared with ``spec(..., crewai=..., convert=NAME)`` names one of the converters in
:data:`CONVERTERS`. Export, code generation, the importer and the scanner all convert through
it, so a rule such as "0 means no limit, which crewai spells None" is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .validators import to_strftime

#: crewai 1.3.0's own default model (crewai.cli.constants.DEFAULT_LLM_MODEL)
CREWAI_DEFAULT_MODEL = "openai/gpt-4.1-mini"

#: crewai splits the response template at this marker; what follows becomes a stop word
RESPONSE_MARKER = "{{ .Response }}"

#: what crewai makes of the value: a plain value, an object built from stored data (tools,
#: knowledge sources) or code it calls (callbacks)
ValueKind = Literal["value", "object", "code"]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Converter:
    """Stored value -> crewai value (None: crewai's unset value, left out) and back."""

    name: str
    to_crewai: Callable[[Any], Any] = _same
    from_crewai: Callable[[Any], Any] = _same
    #: the expression generated code passes, ``{}`` standing for the stored class attribute;
    #: None: the class attribute holds the converted value itself
    code: str | None = "{}"
    kind: ValueKind = "value"


def llm_model_string(model: str) -> str:
    """Provider-prefixed model string; crewai treats an unprefixed name as OpenAI's."""
    model = model.strip()
    return model if "/" in model else f"openai/{model}"


def sorted_json(value: Any) -> Any:
    """Objects with keys in name order: PostgreSQL's JSONB does not keep the written order."""
    if isinstance(value, dict):
        return {k: sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [sorted_json(v) for v in value]
    return value


def response_template_usable(template: str) -> bool:
    """crewai stops every answer at the text after the marker: none (or no marker) means an
    empty stop word and an empty answer, or an error."""
    parts = template.split(RESPONSE_MARKER)
    return len(parts) > 1 and bool(parts[1].strip())


def _decimal(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _tuple_to_list(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


CONVERTERS: dict[str, Converter] = {
    c.name: c
    for c in (
        Converter("plain"),
        # an empty text is crewai's unset value
        Converter("text", lambda v: v or None),
        Converter("decimal", _float, _decimal),
        # 0 means "no limit" in the database; crewai spells that None
        Converter(
            "zero_is_none", lambda v: v or None, lambda v: 0 if v is None else v, "{} or None"
        ),
        # an empty model is left out: crewai then picks its own default model
        Converter("model", lambda v: llm_model_string(v) if v else None, code=None),
        Converter("optional_model", lambda v: llm_model_string(v) if v else None, code=None),
        Converter("strftime", lambda v: to_strftime(v) if v else None, code=None),
        # a template without text after the marker would end every answer at once
        Converter("response_template", lambda v: v if v and response_template_usable(v) else None),
        Converter("json_object", lambda v: sorted_json(v) if v else None),
        Converter("tools", from_crewai=_tuple_to_list, kind="object"),
        Converter("knowledge", kind="object"),
        Converter("callback", kind="code"),
    )
}


def converter(name: str) -> Converter:
    return CONVERTERS[name]
