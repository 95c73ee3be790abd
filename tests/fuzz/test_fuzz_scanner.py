"""The Python agent scanner reads any text without crashing and never runs what it reads."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.scanner import scan_path, scan_source

from .strategies import FUZZ

MARKER_NAME = "crewtui-scanner-ran-me"

names = st.sampled_from(
    [
        "analyst",
        "writer",
        "Agent",
        "Crew",
        "Task",
        "tools",
        "x",
        "_",
        "llm",
        "role",
        "self",
        "CrewBase",
    ]
)
literals = st.one_of(
    st.text(max_size=12).map(repr),
    st.integers(-5, 10**6).map(str),
    st.sampled_from(
        [
            "None",
            "True",
            "[]",
            "{}",
            "...",
            "f'{x}'",
            "'''a\nb'''",
            "1e309",
            "[*a]",
            "{**b}",
            "lambda: 0",
        ]
    ),
)
exprs = st.recursive(
    literals | names,
    lambda inner: st.one_of(
        st.tuples(names, st.lists(st.tuples(names, inner), max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(f'{k}={v}' for k, v in t[1])})"
        ),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(inner, st.sampled_from(["+", ".", " if x else ", " % "]), inner).map("".join),
    ),
    max_leaves=8,
)
side_effects = st.sampled_from(
    [
        f"open({MARKER_NAME!r}, 'w').write('ran')",
        f"__import__('pathlib').Path({MARKER_NAME!r}).touch()",
        "import crewtui_fuzz_sentinel_module",
        "raise SystemExit(3)",
        "while True: pass",
    ]
)
lines = st.one_of(
    st.sampled_from(
        [
            "from crewai import Agent, Crew, Task",
            "from crewai.project import CrewBase, agent, crew, task",
            "import crewai",
            "@CrewBase",
            "class Research:",
            "    @agent",
            "    def analyst(self) -> Agent:",
            "        return Agent(config=self.agents_config['analyst'])",
            "agents_config = 'config/agents.yaml'",
        ]
    ),
    st.tuples(names, exprs).map(lambda t: f"{t[0]} = {t[1]}"),
    st.tuples(st.sampled_from(["", "    ", "        "]), exprs).map("".join),
    side_effects,
    st.text(max_size=30),
)
sources = st.lists(lines, max_size=14).map("\n".join) | st.text(max_size=200)


def _check(source: str) -> None:
    before = set(sys.modules)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        agents, problems = scan_source(source, "crew.py", root / "crew.py")
        for p in problems:
            assert str(p)
        for found in agents:
            assert found.agent_key
        (root / "pkg").mkdir()
        (root / "pkg" / "crew.py").write_text(source, encoding="utf-8", errors="surrogatepass")
        result = scan_path(root)
        assert result.files == 1
        assert not (Path.cwd() / MARKER_NAME).exists() and not (root / MARKER_NAME).exists()
    assert "crewtui_fuzz_sentinel_module" not in sys.modules
    assert set(sys.modules) - before <= {
        m for m in set(sys.modules) - before if m.startswith(("crewtui", "encodings"))
    }


@FUZZ
@given(source=sources)
@example(source="from crewai import Agent\n" + "x = " + "(" * 300 + ")" * 300)
@example(source="from crewai import Agent\nx = " + "-" * 5000 + "1")
@example(source="from crewai import Agent\na = Agent(role='r' * 10, goal=f'{1}', backstory='b')\0")
@example(
    source="from crewai import Agent\n"
    + "\n".join(f"a{i} = Agent(role=a{i - 1}, goal='g', backstory='b')" for i in range(1, 400))
)
@example(
    source=(
        "from crewai import Agent\nimport crewtui_fuzz_sentinel_module\n"
        "open('crewtui-scanner-ran-me','w')\nAgent(role='r', goal='g', backstory='b')"
    )
)
def test_scanner_never_crashes_and_never_runs_code(source: str) -> None:
    _check(source)
