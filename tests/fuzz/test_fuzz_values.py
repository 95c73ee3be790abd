"""The CLI's FIELD=VALUE parser: any text gives values or a ValidationFailed naming the field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crewtui.domain.errors import ValidationFailed
from crewtui.domain.fields import fields_of
from crewtui.services.values import format_value, parse_assignments, parse_text

from .strategies import FUZZ, MODELS

KINDS = sorted({f.kind for m in MODELS for f in fields_of(m)})

texts = st.text(max_size=60) | st.sampled_from(
    [
        "",
        "null",
        "None",
        " yes ",
        "1_000",
        "1e999",
        "NaN",
        "-0",
        "[1,",
        '{"a": 1}',
        "[]",
        "a, ,b",
        "\x00",
        "0x10",
        "²",
    ]
)


@FUZZ
@given(kind=st.sampled_from(KINDS), text=texts, optional=st.booleans())
def test_parse_text_raises_only_value_error(kind: str, text: str, optional: bool) -> None:
    try:
        parse_text(kind, text, optional=optional)  # type: ignore[arg-type]
    except ValueError as exc:
        assert str(exc)


@FUZZ
@given(data=st.data())
def test_parse_assignments_names_the_field(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(MODELS))
    names = sorted(model.model_fields)
    field = st.sampled_from(names) | st.text(max_size=10)
    items = data.draw(
        st.lists(st.tuples(field, st.sampled_from(["=", "", "=="]), texts), max_size=5)
    )
    lines = [f"{n}{sep}{t}" for n, sep, t in items]
    try:
        out = parse_assignments(model, lines)
    except ValidationFailed as exc:
        assert exc.problems
        given_names = {line.partition("=")[0].strip().replace("-", "_") for line in lines}
        for p in exc.problems:
            # the field that is wrong, or the whole item when it is not FIELD=VALUE
            assert p.field in given_names or p.field in lines or p.field == "value", p
        return
    assert set(out) <= set(names)


@FUZZ
@given(data=st.data())
def test_cli_values_then_the_model(data: st.DataObject) -> None:
    """Parsing then validating never raises anything but ValidationFailed."""
    model = data.draw(st.sampled_from(MODELS))
    specs = [f for f in fields_of(model) if not f.readonly]
    chosen = data.draw(st.lists(st.sampled_from(specs), max_size=4, unique_by=lambda s: s.name))
    lines = [f"{s.name}={data.draw(texts)}" for s in chosen]
    try:
        model.validated(parse_assignments(model, lines))
    except ValidationFailed as exc:
        assert exc.problems


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_default_reads_back(model: type) -> None:
    """What ``show`` prints for a default value parses back to that value."""
    for spec in fields_of(model):
        if spec.readonly or spec.kind in ("ref", "uuid_list") or spec.default is None:
            continue
        text = format_value(spec.default, spec.kind)
        assert parse_text(spec.kind, text, optional=spec.optional) == spec.default, spec.name
