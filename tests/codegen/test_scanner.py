"""The scanner reads agent definitions from source and never runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from crewtui.interop.scanner import kebab, scan_path, scan_source

from .conftest import MARKER

SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "python_agents"


@pytest.fixture(autouse=True)
def _no_marker() -> None:
    MARKER.unlink(missing_ok=True)


def test_corpus_agents(corpus: Path) -> None:
    result = scan_path(corpus)
    assert not MARKER.exists()
    found = result.by_key()
    assert sorted(found) == sorted(
        [
            "aliased-writer",
            "board-secretary",
            "build-chief-economist",
            "competitive-intel",
            "duplicate-analyst",
            "lost-agent",
            "module-attribute-editor",
            "nested-planner",
            "pain-point-researcher",
            "researcher",
            "risk-officer",
            "runtime-agent",
            "senior-market-analyst",
            "short-module-reviewer",
            "strategic-fit-assessor",
            "writer",
        ]
    )
    sma = found["senior-market-analyst"]
    assert sma.values["tools"] == ["SerperDevTool", "ScrapeWebsiteTool"]
    assert sma.values["backstory"] == (
        "Fifteen years of market sizing for climate-tech ventures. You distrust top-down numbers."
    )
    assert "llm_model" not in sma.values and "parameter 'llm'" in sma.unresolved["llm_model"]
    assert (
        found["pain-point-researcher"].values["backstory"]
        == "\nYou interview customers for a living and read support tickets for fun.\n"
    )
    assert found["strategic-fit-assessor"].kind == "class"
    assert found["strategic-fit-assessor"].values["tools"] == ["portfolio_db"]
    assert found["risk-officer"].values == {
        "role": "Risk Officer",
        "goal": "List the risks of {venture} with likelihood and impact",
        "backstory": "Ex-auditor.",
        "max_iter": 8,
        "verbose": True,
    }
    assert found["duplicate-analyst"].values["role"] == "First Definition"
    assert found["nested-planner"].values["max_iter"] == 7
    assert found["writer"].values["llm_model"] == "openai/gpt-4o"


def test_constants_fstrings_dedent_and_concatenation(corpus: Path) -> None:
    v = scan_path(corpus).by_key()["build-chief-economist"].values
    assert v["role"] == "Chief Economist"
    assert v["goal"] == "Forecast Acme's revenue for 12 quarters"
    assert (
        v["backstory"]
        == "Worked at {venture} competitors.\n  Indented line stays indented.\n Implicitly joined."
    )
    assert (v["llm_model"], v["temperature"], v["max_tokens"]) == (
        "openai/gpt-4o-mini",
        Decimal("0.2"),
        1500,
    )
    assert v["function_calling_llm"] == "openai/gpt-4o"
    assert v["tools"] == ["SerperDevTool", "ScrapeWebsiteTool", "custom_ledger"]
    assert v["max_rpm"] == 0 and v["max_execution_time"] == 300
    assert v["cache_enabled"] is False and v["multimodal_enabled"] is True
    assert v["embedder_config"] == {
        "provider": "openai",
        "config": {"model_name": "text-embedding-3-small"},
    }
    assert v["system_template"] == 'keep {{ braces }} and "quotes"'


def test_unresolvable_values_are_reported_not_guessed(corpus: Path) -> None:
    a = scan_path(corpus).by_key()["runtime-agent"]
    assert a.values == {"role": "Runtime Role", "max_iter": 5}
    assert set(a.unresolved) == {"goal", "backstory", "llm_model", "step_callback"}
    assert "load_goal" in a.unresolved["goal"]


def test_problems_are_reported(corpus: Path) -> None:
    problems = [str(p) for p in scan_path(corpus).problems]
    assert any(p.startswith("research/broken_syntax.py:4: does not parse") for p in problems)
    assert any(p.startswith("styles/binary_junk.py") for p in problems)
    assert any(
        "styles/duplicates.py:11: 'duplicate-analyst' is already defined at styles/duplicates.py:5"
        in p
        for p in problems
    )
    assert any(p.startswith("styles/duplicates_elsewhere.py:5") for p in problems)
    assert any("orphan_entry" in p for p in problems)
    assert any("missing.yaml" in p for p in problems)
    assert any("styles/unresolved.py:20: Agent(...) that is not assigned" in p for p in problems)


def test_look_alikes_are_not_agents(corpus: Path) -> None:
    keys = set(scan_path(corpus).by_key())
    assert not keys & {
        "persona",
        "other",
        "look-alike",
        "half-written",
        "never-finished",
        "orphan-entry",
    }


def test_agent_inside_function_takes_local_constants_and_reports_parameters() -> None:
    src = (
        "from crewai import Agent\n"
        "def make_scout(model='openai/gpt-4o'):\n"
        "    role = 'Scout'\n"
        "    return Agent(role=role, goal='g', backstory='b', llm=model)\n"
    )
    [a], problems = scan_source(src, "x.py")
    assert problems == [] and a.agent_key == "make-scout"
    assert a.values["role"] == "Scout" and "default 'openai/gpt-4o'" in a.unresolved["llm_model"]


def test_reassigned_constants_are_not_trusted() -> None:
    src = (
        "from crewai import Agent\nROLE = 'a'\nROLE = 'b'\n"
        "x = Agent(role=ROLE, goal='g', backstory='b')\n"
    )
    [a], _ = scan_source(src, "x.py")
    assert "role" in a.unresolved and "role" not in a.values


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SeniorMarketAnalyst", "senior-market-analyst"),
        ("pain_point_researcher", "pain-point-researcher"),
        ("HTTPAgent", "http-agent"),
        ("board_secretary", "board-secretary"),
    ],
)
def test_kebab(name: str, key: str) -> None:
    assert kebab(name) == key


def test_shared_fixture_expectations() -> None:
    if not (SHARED / "expected.json").is_file():
        pytest.skip("the shared python_agents fixture is not present")
    expected = json.loads((SHARED / "expected.json").read_text())
    result = scan_path(SHARED)
    assert not MARKER.exists()
    found = result.by_key()
    assert set(found) == set(expected["agents"])
    for key, values in expected["agents"].items():
        for field, value in values.items():
            assert found[key].values[field] == value, (key, field)
    assert not set(found) & set(expected["not_agents"])
    problem_paths = {p.path for p in result.problems}
    assert set(expected["reported_problems"]) <= problem_paths


def test_scanning_runs_no_code_from_the_scanned_files(corpus: Path) -> None:
    # an audit hook sees every code object executed and every import, whoever triggers it
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        root = {str(corpus)!r}
        stems = {{p.stem for p in Path(root).rglob("*.py")}}
        seen = []
        def hook(event, args):
            if event == "exec" and getattr(args[0], "co_filename", "").startswith(root):
                seen.append(("exec", args[0].co_filename))
            elif event == "import" and args[0].split(".")[0] in stems:
                seen.append(("import", args[0]))
        sys.addaudithook(hook)
        from crewtui.interop.scanner import scan_path
        result = scan_path(Path(root))
        assert len(result.agents) > 10, result
        print(seen)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert not MARKER.exists()


def test_names_rebound_anywhere_in_the_scope_are_not_constants() -> None:
    src = (
        "from crewai import Agent\n"
        "ROLE = 'a'\nGOAL = 'g'\nBACK = 'b'\nTEMPLATE = 't'\n"
        "if True:\n    GOAL = 'other'\n"
        "def mutate():\n    global BACK\n    BACK = 'changed'\n"
        "def local_only():\n    TEMPLATE = 'local'\n"
        "x = Agent(role=ROLE, goal=GOAL, backstory=BACK, system_template=TEMPLATE)\n"
    )
    [a], _ = scan_source(src, "x.py")
    assert a.values == {"role": "a", "system_template": "t"}
    assert set(a.unresolved) == {"goal", "backstory"}
