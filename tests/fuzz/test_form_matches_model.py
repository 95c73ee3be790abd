"""What the form accepts is exactly what the model accepts.

A form field turns its text into a value with :func:`crewtui.ui.forms.values.parse_text`
(the CLI's rules) and lets the pydantic model judge it (``RecordForm._recheck``); number
fields also keep out characters no number has. ``form_accepts`` below is that path; a
Pilot test further down checks it against the real form widget, and the properties check
it against the model:

- every value the model accepts can be typed into the form and comes back unchanged;
- text the form accepts gives a value the model accepts, and the CLI reads it the same.

Documented normalisations (asserted in ``test_documented_normalisations``): blank,
``null`` and ``none`` mean "no value" in optional fields; single-line text is stripped of
surrounding whitespace and cannot hold line breaks.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from crewtui.domain.agent import Agent
from crewtui.domain.base import Record
from crewtui.domain.catalog import Department, MemoryConfig, Tool
from crewtui.domain.crew import Crew
from crewtui.domain.errors import ValidationFailed
from crewtui.domain.fields import FieldSpec, fields_of
from crewtui.domain.task import Task
from crewtui.domain.validators import KEBAB_RE, SLUG_RE
from crewtui.services.values import parse_field
from crewtui.ui.forms.editors import make_editor
from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.forms.values import format_value, parse_text

from .strategies import FUZZ, VALID_BASE

TEXT_KINDS = ("str", "text", "int", "decimal", "json")
FORM_MODELS: tuple[type[Record], ...] = (Agent, Crew, Task, MemoryConfig, Department, Tool)
NULL_WORDS = {"", "null", "none"}


def _text_specs(model: type[Record]) -> list[FieldSpec]:
    return [f for f in fields_of(model) if not f.readonly and f.kind in TEXT_KINDS]


CASES = [(m, s) for m in FORM_MODELS for s in _text_specs(m)]


@cache
def _restrict(model: type[Record], name: str) -> str | None:
    spec = next(s for s in fields_of(model) if s.name == name)
    return getattr(make_editor(spec, None, animate=False, id="probe"), "restrict", None)


def _base(model: type[Record]) -> dict[str, Any]:
    return model.validated(VALID_BASE[model]).model_dump()


def model_verdict(model: type[Record], name: str, value: Any) -> Record | None:
    try:
        return model.validated({**_base(model), name: value})
    except ValidationFailed as exc:
        if name in {p.field.split(".")[0] for p in exc.problems}:
            return None
        raise AssertionError(f"setting {name} made other fields invalid: {exc}") from None


def form_accepts(model: type[Record], spec: FieldSpec, text: str) -> tuple[bool, Any]:
    restrict = _restrict(model, spec.name)
    if restrict is not None and re.fullmatch(restrict, text) is None:
        return False, None  # cannot be typed
    try:
        value = parse_text(spec, text)
    except ValueError:
        return False, None
    return model_verdict(model, spec.name, value) is not None, value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def values_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "int":
        return st.integers(-(10**12), 10**12)
    if spec.kind == "decimal":
        return st.decimals(
            allow_nan=False,
            allow_infinity=False,
            min_value=Decimal(-100),
            max_value=Decimal(100),
            places=3,
        )
    if spec.kind == "json":
        return (
            json_values
            | st.just({"provider": "openai", "config": {"model_name": "m"}})
            | st.lists(st.text(max_size=6), max_size=3)
        )
    return st.one_of(
        st.text(max_size=40),
        st.from_regex(KEBAB_RE, fullmatch=True),
        st.from_regex(SLUG_RE, fullmatch=True),
        st.sampled_from(
            [
                "https://example.com/hook",
                "%Y-%m-%d",
                "openai/gpt-4o-mini",
                "none",
                " padded ",
                "a\nb",
            ]
        ),
    )


def _documented_exception(spec: FieldSpec, value: Any) -> bool:
    if spec.optional and isinstance(value, str) and value.strip().lower() in NULL_WORDS:
        return True
    return (
        spec.kind == "str"
        and isinstance(value, str)
        and (value != value.strip() or "\n" in value or "\r" in value)
    )


@FUZZ
@given(data=st.data())
def test_every_value_the_model_accepts_can_be_typed(data: st.DataObject) -> None:
    model, spec = data.draw(st.sampled_from(CASES), label="field")
    value = data.draw(values_for(spec), label="value")
    record = model_verdict(model, spec.name, value)
    assume(record is not None and not _documented_exception(spec, value))
    assert record is not None
    stored = getattr(record, spec.name)
    text = format_value(spec, stored)
    ok, parsed = form_accepts(model, spec, text)
    assert ok, f"the model takes {stored!r} for {spec.name} but the form refuses {text!r}"
    again = model_verdict(model, spec.name, parsed)
    assert again is not None and getattr(again, spec.name) == stored


texts = st.text(max_size=40) | st.sampled_from(
    ["", " ", "null", "1_0", "-0", "1e3", "0.5", "[]", "{}", '{"a": 1}', "+3", "٣"]
)


@FUZZ
@given(data=st.data())
def test_what_the_form_accepts_the_model_and_the_cli_accept(data: st.DataObject) -> None:
    model, spec = data.draw(st.sampled_from(CASES), label="field")
    text = data.draw(texts, label="text")
    ok, value = form_accepts(model, spec, text)
    try:
        cli_value: Any = parse_field(spec, text)
    except ValueError:
        cli_value = ValueError
    if ok:
        assert cli_value == value, "the form and the CLI read the same text differently"
        assert model_verdict(model, spec.name, value) is not None


def test_documented_normalisations() -> None:
    spec = next(s for s in fields_of(Task) if s.name == "task_type")
    assert spec.optional and spec.kind == "str"
    for text in ("", "  ", "null", "None", "NONE "):
        assert form_accepts(Task, spec, text) == (True, None)
    assert form_accepts(Task, spec, "  market ") == (True, "market")


# ---- the real widget agrees with form_accepts


class FormApp(App[None]):
    def __init__(self, model: type[Record]) -> None:
        super().__init__()
        self.model = model

    def compose(self) -> ComposeResult:
        yield RecordForm(
            self.model, self.model.validated(VALID_BASE[self.model]), animate=False, id="form"
        )


SAMPLES = [
    "",
    "7",
    "-1",
    "1_000",
    "abc",
    "null",
    "0.25",
    "[1]",
    '{"provider": "openai"}',
    "x" * 120,
    " spaced ",
]
#: one field of each kind per model: every pause re-checks the whole form, so keep it small
WIDGET_FIELDS = {
    Agent: ("max_iter", "temperature", "name", "goal", "embedder_config", "step_callback_url"),
    Task: (
        "guardrail_max_retries",
        "confidence_score",
        "task_type",
        "description",
        "output_json_schema",
    ),
}


@pytest.mark.parametrize("model", list(WIDGET_FIELDS), ids=lambda m: m.__name__)
async def test_the_form_widget_gives_the_same_verdicts(model: type[Record]) -> None:
    app = FormApp(model)
    async with app.run_test(size=(120, 50)) as pilot:
        form = app.query_one(RecordForm)
        form.reveal_errors()
        checked = 0
        for spec in (s for s in _text_specs(model) if s.name in WIDGET_FIELDS[model]):
            editor: Any = form.editor(spec.name)
            for text in SAMPLES:
                ok, _ = form_accepts(model, spec, text)
                restrict = _restrict(model, spec.name)
                if restrict is not None and re.fullmatch(restrict, text) is None:
                    continue  # the widget would not let it be typed
                if hasattr(editor, "load_text"):
                    editor.load_text(text)
                else:
                    editor.value = text
                await pilot.pause()
                assert (spec.name not in form.problems) == ok, (
                    spec.name,
                    text,
                    form.problems.get(spec.name),
                )
                checked += 1
            if hasattr(editor, "load_text"):
                editor.load_text(format_value(spec, getattr(form.record, spec.name)))
            else:
                editor.value = format_value(spec, getattr(form.record, spec.name))
            await pilot.pause()
        assert checked > 30
