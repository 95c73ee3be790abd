"""YAML as crewai reads it: ``yaml.safe_dump`` with keys in the given order and block strings.

One emitter: libyaml's (PyYAML's ``CSafeDumper``) when PyYAML was built with it, the
pure-Python ``SafeDumper`` otherwise. libyaml writes a 10,000-agent ``agents.yaml`` in 2.0 s
of CPU where the Python emitter takes 10.0 s (``scripts/reader_figures.py``). Text holding
characters beyond U+FFFF (emoji), NEL or the Unicode line and paragraph separators is
written double-quoted with escapes by libyaml; every value reads back the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    _Base = yaml.SafeDumper
else:
    _Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block; the emitter falls back to a quoted style
    # by itself when the text cannot be a block (trailing spaces, special characters).
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict[str, Any], header: str = "") -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    return header + body
