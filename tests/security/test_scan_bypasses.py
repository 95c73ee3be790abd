"""The allow-list scan against a corpus of known ways out of a deny-list.

Every snippet below reaches ``os``, ``sys``, ``subprocess``, ``builtins``, ``importlib``, the
file system, the environment or a frame from code that a deny-list of imports and builtins
lets through; each must get at least one finding. Code the generator writes must get none.
"""

from __future__ import annotations

import pytest

from crewtui.domain.agent import Agent
from crewtui.interop.codegen import generate_code
from crewtui.interop.security import scan_code, scan_template

BYPASSES: dict[str, str] = {
    # attribute chains from allowed modules
    "typing.sys": "import typing\ntyping.sys.modules['os'].system('id')\n",
    "typing.sys as alias": "import typing as t\nt.sys.modules['os'].system('id')\n",
    "collections._sys": "import collections.abc\ncollections._sys.modules['os'].system('id')\n",
    "collections.abc._sys": "from collections import abc\nabc._sys.exit(1)\n",
    "urllib.request.os": "import urllib.request\nurllib.request.os.system('id')\n",
    "urllib.request.socket": "import urllib.request\nurllib.request.socket.socket()\n",
    "urllib.parse.sys": "import urllib.parse\nurllib.parse.sys.exit()\n",
    "json.decoder.re": "import json\njson.decoder.re.compile('x')\n",
    "json.codecs": "import json\njson.codecs.open('/etc/passwd').read()\n",
    "json.scanner": "import json\njson.scanner.make_scanner\n",
    "crewai.agent submodule": "import crewai\ncrewai.agent.os.system('id')\n",
    "crewai utilities": "import crewai\ncrewai.utilities.Printer()\n",
    "crewai_tools os": "import crewai_tools\ncrewai_tools.os.system('id')\n",
    "from allowed import module attr": "from urllib.request import os\nos.system('id')\n",
    "from typing import sys": "from typing import sys\nsys.exit()\n",
    "from crewai import agent": "from crewai import agent\nagent.os.system('x')\n",
    "from json import decoder": "from json import decoder\n",
    # aliasing a module to hide the chain
    "module assigned": "import typing\nt = typing\nt.sys.exit()\n",
    "module in a list": "import typing\nmods = [typing]\nmods[0].sys.exit()\n",
    "module passed": "import json\ndef f(m):\n    return m.codecs\nf(json)\n",
    "module returned": "import json\ndef f():\n    return json\nf().codecs.open('x')\n",
    "module in a lambda": "import typing\ng = lambda: typing\ng().sys.exit()\n",
    "module in a dict": "import json\nd = {'m': json}\n",
    "submodule as value": "import urllib.request\nr = urllib.request\nr.os.system('x')\n",
    "module monkeypatched": "import crewai\ncrewai.Agent = print\n",
    # builtins by another name
    "getattr": "import typing\ngetattr(typing, 'sys').exit()\n",
    "vars": "import typing\nvars(typing)['sys'].exit()\n",
    "globals": "globals()['__builtins__']['eval']('1')\n",
    "locals": "locals()\n",
    "type() new class": "T = type('T', (), {})\n",
    "object subclasses": "object.__subclasses__()\n",
    "builtins name": "__builtins__['exec']('1')\n",
    "import via dunder": "__import__('os').system('id')\n",
    "loader": "__loader__.load_module('os')\n",
    "spec": "__spec__.loader\n",
    "eval alias": "e = eval\ne('1')\n",
    "exec": "exec('import os')\n",
    "compile": "compile('1', 'x', 'eval')\n",
    "open": "open('/etc/passwd').read()\n",
    "breakpoint": "breakpoint()\n",
    "help": "help()\n",
    "input": "input()\n",
    "memoryview": "memoryview(b'x')\n",
    "shadowed builtin kept": "if False:\n    open = print\nopen('/etc/shadow')\n",
    "hasattr probe": "hasattr(print, '__self__')\n",
    # dunders and private attributes on objects
    "function globals": "def f():\n    pass\nf.__globals__['os']\n",
    "lambda globals": "(lambda: 0).__globals__\n",
    "class mro": "().__class__.__mro__[1].__subclasses__()\n",
    "class base": "''.__class__.__base__\n",
    "frame walk": "def g():\n    yield 1\ng().gi_frame.f_back.f_globals\n",
    "traceback frame": (
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    e.__traceback__.tb_frame\n"
    ),
    "private attribute": "import crewai\ncrewai.Agent._private\n",
    "mro method": "str.mro()\n",
    "environment": "import crewai\nx = crewai.Agent\nx.environ\n",
    "os on an object": "import crewai\ncrewai.Agent.os\n",
    # format strings that read attributes
    "format attribute": "'{0.__class__}'.format(1)\n",
    "format globals": "'{0.__globals__[os]}'.format(print)\n",
    "format index": "'{0[0]}'.format(['a'])\n",
    "format non-constant": "s = input\nt = 'x'\nt.format(1)\n",
    "format_map": "'{a.b}'.format_map({'a': 1})\n",
    # imports
    "import os": "import os\n",
    "import subprocess": "import subprocess as sp\n",
    "import importlib": "import importlib\nimportlib.import_module('os')\n",
    "import builtins": "import builtins\n",
    "import collections (parent)": "import collections\ncollections.OrderedDict()\n",
    "relative import": "from . import sibling\n",
    "star import": "from crewai import *\n",
    "star import json": "from json import *\n",
    "nested import": "def f():\n    import ctypes\n",
    "pydantic internals": "from pydantic import main\n",
    "unknown free name": "os.system('id')\n",
    "undefined helper": "run_shell('id')\n",
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_every_known_bypass_is_caught(name: str) -> None:
    issues = scan_code(BYPASSES[name])
    assert issues, f"{name} passed the scan"
    assert all(i.rule != "syntax" for i in issues), issues


def test_the_corpus_is_large_enough() -> None:
    assert len(BYPASSES) >= 60


CLEAN = [
    "from __future__ import annotations\nimport json\nimport crewai\n"
    "from crewai_tools import SerperDevTool\nx = crewai.Agent\n",
    "import json\nimport urllib.request\n\n"
    "def post(url: str, payload: dict) -> None:\n"
    "    body = json.dumps(payload, default=str).encode('utf-8')\n"
    "    req = urllib.request.Request(url, data=body, method='POST')\n"
    "    with urllib.request.urlopen(req, timeout=10):\n        pass\n",
    "from collections.abc import Mapping\nfrom typing import Any\n\n"
    "def f(given: Mapping[str, Any]) -> list[Any]:\n"
    "    return [v for k, v in sorted(given.items()) if isinstance(v, str)]\n",
    "label = 'agent {}'.format(3)\n",
]


@pytest.mark.parametrize("source", CLEAN)
def test_code_generated_agents_need_passes(source: str) -> None:
    assert scan_code(source) == []


def test_generated_code_with_every_feature_passes() -> None:
    agent = Agent.model_validate(
        {
            "agent_key": "everything",
            "name": "Everything",
            "role": "Uses {topic} and __dunders__ in text",
            "goal": "g",
            "backstory": "b",
            "tools": ["SerperDevTool", "my_custom_tool"],
            "llm_model": "gpt-4o",
            "temperature": 0.3,
            "max_tokens": 1000,
            "knowledge_sources": [{"type": "string", "content": "facts"}],
            "step_callback_url": "https://example.invalid/hook",
            "date_format": "YYYY-MM-DD",
        }
    )
    generated = generate_code(agent)
    assert generated.security_issues == [], generated.security_issues
    assert "urllib.request.urlopen" in generated.code and "crewai_tools." in generated.code


def test_a_template_that_renders_a_bypass_fails_the_scan() -> None:
    rendered = "import typing\n\ntyping.sys.modules['os'].system('id')\n"
    assert scan_template("{{ role }}") == []
    assert {i.rule for i in scan_code(rendered)} >= {"attribute"}
