"""The domain models judge any input: a record or a ValidationFailed naming fields, nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crewtui.domain.base import Record
from crewtui.domain.errors import ValidationFailed

from .strategies import FUZZ, MODELS, VALID_BASE, record_dicts, values


def _judge(model: type[Record], data: Any) -> Record | ValidationFailed:
    try:
        return model.validated(data)
    except ValidationFailed as exc:
        assert exc.problems, "a ValidationFailed must say what is wrong"
        for p in exc.problems:
            assert p.field and p.message
        return exc


@FUZZ
@given(data=st.data())
def test_validated_raises_only_validation_failed(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(MODELS))
    raw = data.draw(record_dicts(model))
    result = _judge(model, raw)
    if isinstance(result, ValidationFailed):
        names = set(model.model_fields)
        for p in result.problems:
            head = p.field.split(".")[0]
            # a model field, or one of the keys given (names may hold dots themselves)
            assert p.field in raw or head in names or head in raw or p.field == "value", p


@FUZZ
@given(data=st.data())
def test_one_field_changed_anyhow(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(sorted(VALID_BASE, key=lambda m: m.__name__)))
    """A valid record with one field set to anything: accepted, or rejected naming that field."""
    name = data.draw(st.sampled_from(sorted(model.model_fields)))
    value = data.draw(values)
    result = _judge(model, {**VALID_BASE[model], name: value})
    if isinstance(result, ValidationFailed):
        assert {p.field.split(".")[0] for p in result.problems} == {name}
    else:
        # what was accepted survives a round trip through the model's own dump
        again = model.validated(result.model_dump())
        assert again == result


@FUZZ
@given(data=st.data())
def test_updated_raises_only_validation_failed(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(sorted(VALID_BASE, key=lambda m: m.__name__)))
    record = model.validated(VALID_BASE[model])
    changes = data.draw(record_dicts(model))
    try:
        new = record.updated(changes)
    except ValidationFailed as exc:
        assert exc.problems
        return
    assert new.id == record.id and new.version == record.version


@FUZZ
@given(data=values)
def test_non_dict_input_is_a_validation_failure(data: Any) -> None:
    from crewtui.domain.agent import Agent

    if isinstance(data, dict):
        return
    with pytest.raises(ValidationFailed):
        Agent.validated(data)
