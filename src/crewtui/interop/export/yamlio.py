"""YAML as crewai reads it: ``yaml.safe_dump`` with keys in the given order and block strings.

libyaml's emitter (when PyYAML was built with it) writes the same bytes as the pure-Python one
several times faster, except for a few kinds of text: characters beyond U+FFFF (escaped by
libyaml), NEL and the Unicode line and paragraph separators, text that ends in a blank line
(libyaml closes the document with ``...``), empty keys and keys over several lines, and text
long enough to be wrapped. A document holding any of those is written by the Python emitter.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block; PyYAML falls back to a quoted style by
    # itself when the text cannot be a block (trailing spaces, special characters).
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, _str)

_FastBase: Any = getattr(yaml, "CSafeDumper", None)


class _FastDumper(_FastBase or yaml.SafeDumper):  # type: ignore[misc]
    pass


_FastDumper.add_representer(str, _str)

#: characters the two emitters write differently
_UNEVEN = re.compile("[\x85\u2028\u2029\U00010000-\U0010ffff]")
#: text longer than this could reach the line width (10,000) and be wrapped
_LONG = 4000
_SCALARS = (int, float, bool, type(None))


def _text_ok(text: str) -> bool:
    return (
        len(text) <= _LONG
        and not text.endswith("\n\n")
        and text != "\n"
        and _UNEVEN.search(text) is None
    )


def _same_either_way(value: Any) -> bool:
    """Whether libyaml writes ``value`` as the Python emitter does (see the module docstring)."""
    if isinstance(value, str):
        return _text_ok(value)
    if isinstance(value, dict):
        for k, v in value.items():
            if not (isinstance(k, str) and k and "\n" not in k and "\r" not in k and _text_ok(k)):
                return False
            if not _same_either_way(v):
                return False
        return True
    if isinstance(value, list):
        return all(_same_either_way(v) for v in value)
    return type(value) in _SCALARS


def dump_yaml(data: dict[str, Any], header: str = "") -> str:
    dumper = _FastDumper if _FastBase is not None and _same_either_way(data) else _Dumper
    body = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return header + body
