"""YAML import reads any file content: a project spec or ProjectInvalid, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.importer import ProjectInvalid, read_project

from .strategies import FUZZ

AGENT_FIELDS = [
    "role",
    "goal",
    "backstory",
    "llm",
    "tools",
    "max_iter",
    "allow_delegation",
    "verbose",
    "memory",
]
TASK_FIELDS = [
    "description",
    "expected_output",
    "agent",
    "context",
    "output_file",
    "async_execution",
    "tools",
]

leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
yamlish = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _entries(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    settings = st.dictionaries(st.sampled_from(fields) | st.text(max_size=8), yamlish, max_size=6)
    return st.dictionaries(st.text(min_size=1, max_size=12), settings | yamlish, max_size=3)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


contents = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=200),
    _entries(AGENT_FIELDS).map(_dump),
    _entries(TASK_FIELDS).map(_dump),
)


def _read(agents: str | bytes, tasks: str | bytes, crew_py: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        config.mkdir()
        if crew_py is not None:
            (Path(tmp) / "crew.py").write_text(crew_py, encoding="utf-8", errors="surrogatepass")
        for name, content in (("agents.yaml", agents), ("tasks.yaml", tasks)):
            target = config / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            read_project(Path(tmp))
        except ProjectInvalid as exc:
            assert exc.issues
            for issue in exc.issues:
                assert issue.message


DEEP = "a: " + "[" * 5000 + "]" * 5000
BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    + ["analyst:", "  role: *a7", "  goal: g", "  backstory: b"]
)


CREW_HEAD = (
    "from crewai import Agent, Crew, Task\n"
    "from crewai.project import CrewBase, agent, crew, task\n\n@CrewBase\nclass Research:\n"
)
crew_modules = st.none() | st.text(max_size=200).map(lambda body: CREW_HEAD + body)


@FUZZ
@given(agents=contents, tasks=contents, crew_py=crew_modules)
@example(
    agents="? [a, b]\n: c\n", tasks="!!python/object/apply:os.system ['echo hi']\n", crew_py=None
)
def test_read_project_raises_only_project_invalid(
    agents: str | bytes, tasks: str | bytes, crew_py: str | None
) -> None:
    _read(agents, tasks, crew_py)


@pytest.mark.parametrize(
    ("agents", "tasks", "crew_py"),
    [
        (DEEP, "", None),
        (BOMB, "", None),
        (
            "analyst:\n  role: r\n  goal: g\n  backstory: b\n",
            "t:\n  agent: [1]\n  description: d\n",
            None,
        ),
        ("", "", CREW_HEAD + "    x = " + "-" * 3000 + "1\n"),
    ],
    ids=["deeply-nested-yaml", "alias-bomb", "agent-given-as-a-list", "deeply-nested-crew-py"],
)
def test_hostile_projects_are_refused_cleanly(agents: str, tasks: str, crew_py: str | None) -> None:
    _read(agents, tasks, crew_py)
