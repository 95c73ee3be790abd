"""The exported YAML is the same bytes whichever emitter writes it: libyaml where it writes
what the pure-Python emitter writes, the Python emitter for the text where they differ."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.export import yamlio

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


def _python(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=yamlio._Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )


@FUZZ
@given(document)
@example({"agent": {"backstory": "ends in a blank line\n\n"}})
@example({"agent": {"role": "😀"}})
@example({"": {"role": "x"}})
def test_dump_matches_the_python_emitter(data: dict[str, Any]) -> None:
    assert yamlio.dump_yaml(data, "# head\n") == "# head\n" + _python(data)


@pytest.mark.parametrize("text", TRICKY)
def test_each_tricky_text_matches_the_python_emitter(text: str) -> None:
    for data in (
        {"a": {"f": text}},
        {"a": {"f": [text]}},
        {"a": {text or "k": 1}},
        {text: {"f": 1}},
    ):
        assert yamlio.dump_yaml(data) == _python(data)


@pytest.mark.skipif(getattr(yaml, "CSafeDumper", None) is None, reason="PyYAML without libyaml")
def test_plain_agents_are_written_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[type] = []
    real = yaml.dump

    def spy(data: Any, **kwargs: Any) -> Any:
        used.append(kwargs["Dumper"])
        return real(data, **kwargs)

    monkeypatch.setattr(yaml, "dump", spy)
    yamlio.dump_yaml(
        {
            "writer": {
                "role": "Writer",
                "goal": "Write {topic}.",
                "max_iter": 25,
                "tools": ["serper"],
                "backstory": "Two\nlines\n",
                "temperature": 0.7,
                "memory": None,
            }
        }
    )
    yamlio.dump_yaml({"writer": {"role": "Writer 😀"}})
    assert used == [yamlio._FastDumper, yamlio._Dumper]
