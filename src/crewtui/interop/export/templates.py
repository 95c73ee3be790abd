"""The Jinja2 environment of the export templates (package data under interop/templates/export).

Templates receive identifiers that were checked and Python literals that were already
rendered with ``repr`` (:mod:`crewtui.interop.pyliteral`): stored text never reaches a
template as raw text, so quotes, braces or Jinja syntax in it cannot change the code.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("crewtui.interop", "templates/export"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
