"""Exported YAML reads back as what was written, for any text (and through the loader import
uses, with a line for every key and field); multi-line text is written as a literal block."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.export import yamlio
from crewtui.interop.yamlload import load_yaml

from .strategies import FUZZ

TRICKY = [
    "",
    "\n",
    "x\n\n",
    "line\n",
    " lead",
    "trail ",
    "a: b",
    "- x",
    "#c",
    "'q'",
    '"d"',
    "null",
    "yes",
    "1.0",
    "%Y-%m-%d",
    "{topic}",
    "é ü ☕",
    "😀 emoji",
    "\x85",
    "\u2028",
    "a\r\nb",
    "\ufeff",
    "a\x00b",
    "\x7f",
    "a\tb",
    "a  \n  b\n",
    "]\n\n\n",
    "word " * 2500,
    "x" * 12_000,
    ("a\x01 b " * 2500).strip(),
    ("line " * 2500 + "\n") * 3,
]
text = st.text(max_size=40) | st.sampled_from(TRICKY)
leaf = st.none() | st.booleans() | st.integers() | st.floats() | text
value = st.recursive(
    leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=10,
)
document = st.dictionaries(text, st.dictionaries(text, value, max_size=6), max_size=4)


def _floats_equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_floats_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_floats_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) and type(a) is type(b)


def _reads_back(data: dict[str, Any]) -> None:
    text = yamlio.dump_yaml(data, "# head\n")
    assert text.startswith("# head\n")
    assert _floats_equal(yaml.safe_load(text), data), text
    loaded = load_yaml(text)
    assert _floats_equal(loaded.data, data), text
    assert set(loaded.key_lines) == {str(k) for k in data}


@FUZZ
@given(document)
@example({"agent": {"backstory": "ends in a blank line\n\n"}})
@example({"agent": {"role": "😀"}})
@example({"": {"role": "x"}})
def test_dump_reads_back(data: dict[str, Any]) -> None:
    _reads_back(data)


@pytest.mark.parametrize("text", TRICKY)
def test_each_tricky_text_reads_back(text: str) -> None:
    for data in (
        {"a": {"f": text}},
        {"a": {"f": [text]}},
        {"a": {text or "k": 1}},
        {text: {"f": 1}},
    ):
        _reads_back(data)


def test_multi_line_text_is_a_literal_block() -> None:
    text = yamlio.dump_yaml({"writer": {"backstory": "Two\nlines\n", "role": "Writer"}})
    assert text == "writer:\n  backstory: |\n    Two\n    lines\n  role: Writer\n"


@pytest.mark.skipif(getattr(yaml, "CSafeDumper", None) is None, reason="PyYAML without libyaml")
def test_libyaml_writes_it() -> None:
    assert issubclass(yamlio._Dumper, yaml.CSafeDumper)
