"""YAML read for import and scan (:mod:`crewtui.interop.yamlload`) gives what PyYAML's safe
loader gives: the same data, the same key and field lines as its node tree, and an error
where it has one, for documents made of plain and tricky lines."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.yamlload import YamlProblem, load_yaml

from .strategies import FUZZ

SCALARS = [
    "Analyst",
    "Analyst 1",
    "25",
    "-3",
    "0.7",
    "1e3",
    ".inf",
    "true",
    "False",
    "yes",
    "off",
    "null",
    "~",
    "2024-01-02",
    "2001-12-14t21:59:43.10-05:00",
    "0x1F",
    "1_000",
    "1:30",
    "'%Y-%m-%d'",
    "''",
    "'it''s'",
    "'a' b'",
    '"plain double"',
    '"with \\n escape"',
    "http://x.io/a",
    "a: b",
    "a #c",
    "a:",
    "#c",
    "- x",
    "-x",
    "[a, b]",
    "{a: 1}",
    "&anchor x",
    "*anchor",
    "!!str 5",
    "|",
    "|-",
    ">",
    "'open",
    "R&D and *stars*",
    "{topic} at {date}",
    "? q",
    ":x",
    "@x",
    "`x`",
    "%x",
    "<<",
    "=",
    "café ☕",
    "tail ",
]
KEYS = ["role", "goal", "tools", "max_iter", "true", "on", "a-b", "_x", "<<", "1", "k e"]

field_line = st.builds(lambda k, v: f"  {k}: {v}", st.sampled_from(KEYS), st.sampled_from(SCALARS))
extra_line = st.sampled_from(
    [
        "",
        "  ",
        "# note",
        "  # note",
        "  tools:",
        "  - serper_dev_tool",
        "  - 'x'",
        "  -",
        "  - a: 1",
        "    - deeper",
        "    more text",
        "    nested: 1",
        "  context: [a, b]",
        "  text: |",
        "    line one",
        "",
        "    line two",
        "  text: |+",
        "  text: >-",
        "    ",
        "---",
        "...",
        "%YAML 1.1",
        "- top",
        "  role:x",
        "   odd: 1",
        "\tx: 1",
        "  role: a\r",
        "  x: 'multi",
        "  line'",
        "key: value",
        "'quoted': 1",
        "? k",
        "  - - x",
        "  -   ",
        " - x",
        "  text: |-",
        "  text: |2",
        "  text: | # c",
        "      deeper text",
        "    # kept in a block",
        "      ",
        "   three",
        "    'quoted' : # text",
    ]
)
top_line = st.sampled_from(["agent_a:", "agent_b:", "agent_a:  ", "true:", "x-y:", "task_1:"])
document = st.lists(st.one_of(top_line, field_line, extra_line), max_size=14).map("\n".join)


def _reference(text: str) -> Any:
    """PyYAML's safe loader: ("ok", data, key lines, field lines) or ("error",)."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        keys: dict[str, int] = {}
        fields: dict[tuple[str, str], int] = {}
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = str(loader.construct_object(k))
                keys[key] = k.start_mark.line + 1
                if isinstance(v, yaml.MappingNode):
                    for fk, _fv in v.value:
                        fields[(key, str(loader.construct_object(fk)))] = fk.start_mark.line + 1
    except (yaml.YAMLError, ValueError, TypeError):
        return ("error",)
    finally:
        loader.dispose()
    return ("ok", data, keys, fields)


def _ours(text: str) -> Any:
    try:
        got = load_yaml(text)
    except YamlProblem as exc:
        assert exc.message
        return ("error",)
    return ("ok", got.data, got.key_lines, got.field_lines)


def _same(text: str) -> None:
    want, got = _reference(text), _ours(text)
    if "<<" in text and want[0] == got[0] == "ok":
        assert want[1] == got[1], text  # merged keys have no line of their own
        return
    assert want == got, text


@FUZZ
@given(
    st.lists(
        st.tuples(top_line, st.lists(st.one_of(field_line, extra_line), max_size=5)), max_size=5
    )
)
@example([("agent_a:", ["  role: 'it''s'", "  tools:", "  - serper_dev_tool", "  max_iter: 25"])])
@example([("agent_a:", ["  text: |+", "    line one", ""]), ("agent_b:", ["  role: Analyst"])])
@example([("agent_a:", ["  x: 'multi"]), ("agent_b:", ["  line'"])])
@example(
    [("agent_a:", ["  text: |+", "    line one", "", "      deeper text", "", "  role: A", ""])]
)
@example(
    [
        (
            "agent_a:",
            [
                "  text: |-",
                "    line one",
                "    # kept in a block",
                "  # a comment",
                "",
                "  role: A",
            ],
        )
    ]
)
def test_entries_read_line_by_line_match_the_yaml_parser(
    entries: list[tuple[str, list[str]]],
) -> None:
    _same("\n".join(line for top, fields in entries for line in (top, *fields)) + "\n")


@FUZZ
@given(document)
def test_any_mix_of_lines_matches_the_yaml_parser(text: str) -> None:
    _same(text)


block_line = st.sampled_from(
    [
        "  text: |",
        "  text: |-",
        "  text: |+",
        "    line one",
        "",
        "    ",
        "      deeper text",
        "    # kept",
        "  # c",
        "  role: A",
        "     ",
        "   three",
        "  - x",
        "  tools:",
    ]
)


@FUZZ
@given(st.lists(st.tuples(top_line, st.lists(block_line, max_size=8)), max_size=4), st.booleans())
def test_literal_blocks_match_the_yaml_parser(
    entries: list[tuple[str, list[str]]], final_break: bool
) -> None:
    _same(
        "\n".join(line for top, fields in entries for line in (top, *fields))
        + ("\n" if final_break else "")
    )


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


settings = st.dictionaries(
    st.sampled_from(KEYS[:4]) | st.text(max_size=6),
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=15)
    | st.lists(st.text(max_size=6), max_size=3),
    max_size=5,
)


@FUZZ
@given(st.dictionaries(st.text(min_size=1, max_size=8), settings | st.none(), max_size=4))
def test_dumped_documents_match_the_yaml_parser(data: dict[str, Any]) -> None:
    _same(_dump(data))


@pytest.mark.parametrize(
    "text",
    [
        "agent_a:\n  role: A\nagent_a:\n  role: B\n",  # defined twice: warned about
        "agent_a:\n  role: A\nagent_b: text\n",  # not a mapping
        "agent_a:\n  role: A\n  goal: [unclosed\nagent_b:\n  role: B\n",  # malformed
        "agent_a:\n  role: A\n  goal: |\n    two\n    lines\nagent_b:\n  role: 2024-01-02\n",
    ],
)
def test_known_shapes_match_the_yaml_parser(text: str) -> None:
    _same(text)
