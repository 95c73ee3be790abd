"""The security scan: generated code, rendered user templates and template sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.domain.agent import Agent
from crewtui.interop.codegen import builtin_template, generate_code, user_template
from crewtui.interop.security import scan_code, scan_template

from .conftest import basic_values


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("import os\n", "import"),
        ("import subprocess as sp\n", "import"),
        ("from os import path\n", "import"),
        ("from . import sibling\n", "import"),
        ("eval('1')\n", "builtin"),
        ("exec('x = 1')\n", "builtin"),
        ("compile('1', 'f', 'eval')\n", "builtin"),
        ("__import__('os')\n", "builtin"),
        ("open('/etc/passwd')\n", "builtin"),
        ("f = eval\n", "builtin"),
        ("x = ().__class__.__mro__\n", "dunder"),
        ("y = (lambda: 0).__globals__\n", "dunder"),
        ("def f(:\n", "syntax"),
    ],
)
def test_code_findings(source: str, rule: str) -> None:
    issues = scan_code(source)
    assert rule in {i.rule for i in issues}
    assert all(i.line is not None for i in issues)


def test_allowed_code_has_no_findings() -> None:
    code = (
        "from __future__ import annotations\nimport json\nimport crewai\n"
        "from crewai_tools import SerperDevTool\nx = crewai.Agent\n"
    )
    assert scan_code(code) == []


@pytest.mark.parametrize(
    "template",
    [
        "{% import 'x.j2' as x %}",
        "{% from 'x.j2' import y %}",
        "{% include 'other.j2' %}",
        "{% extends 'base.j2' %}",
        "{{ role.__class__ }}",
        "{{ role['__class__'] }}",
        "{{ role|attr('__class__') }}",
        "{{ self._TemplateReference__context }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% for x in range(10) %}{% endfor %}",
        "{{ '__cla' ~ 'ss__' }}",
        "{% if %}",
    ],
)
def test_template_findings(template: str) -> None:
    assert scan_template(template)


def test_builtin_template_is_clean() -> None:
    assert scan_template(builtin_template().source()) == []


def _user_template(tmp_path: Path, body: str) -> Path:
    d = tmp_path / "tpl"
    d.mkdir()
    (d / "agent.py.j2").write_text(body)
    return d


def test_user_template_that_imports_fails_both_scans(tmp_path: Path) -> None:
    body = (
        builtin_template()
        .source()
        .replace("import crewai\n", "import crewai\nimport os\n{{ cycler.__init__ }}\n", 1)
    )
    result = generate_code(
        Agent.validated(basic_values("a-b")), template=user_template(_user_template(tmp_path, body))
    )
    rules = {i["rule"] for i in result.security_issues}
    assert "template-dunder" in rules and not result.passed


def test_user_template_rendering_raw_text_is_caught_after_rendering(tmp_path: Path) -> None:
    # a template cannot reach raw stored text, only literals; slicing the quotes off a
    # literal is the one way to splice text into code, and the rendered module is scanned
    body = "import crewai\n{{ attributes[2][1][1:-1] }}\n"
    agent = Agent.validated(basic_values("a-b", role="x\nimport os"))
    result = generate_code(agent, template=user_template(_user_template(tmp_path, body)))
    assert not result.passed
    assert result.ast_errors or result.security_issues


def test_template_that_cannot_render_is_recorded(tmp_path: Path) -> None:
    result = generate_code(
        Agent.validated(basic_values("a-b")),
        template=user_template(_user_template(tmp_path, "{{ no_such_name }}")),
    )
    assert result.code == ""
    assert [i["rule"] for i in result.security_issues] == ["template-render"]
