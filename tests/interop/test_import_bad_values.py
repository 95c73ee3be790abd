"""Hostile values in an imported project: exit 2 with the file, the line and the field, nothing
written, never a traceback (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crewtui.cli import cli
from crewtui.services import Services

from .guard import bounded
from .hostile import AGENTS_YAML, crew_py, json_project, yaml_project
from .test_import_cli import counts

BIG = "9" * 5000
HUGE = "99999999999999999999999"

#: case -> (agents.yaml text, what the message must hold)
YAML_CASES: dict[str, tuple[str, list[str]]] = {
    "5000-digit max_iter": (
        AGENTS_YAML + f"  max_iter: {BIG}\n",
        ["config/agents.yaml:5", "max_iter"],
    ),
    "huge max_iter": (AGENTS_YAML + f"  max_iter: {HUGE}\n", ["config/agents.yaml:5", "max_iter"]),
    "max_rpm past 32 bits": (
        AGENTS_YAML + "  max_rpm: 2147483648\n",
        ["config/agents.yaml:5", "max_rpm"],
    ),
    "5000-digit int in embedder": (
        AGENTS_YAML + f"  embedder:\n    provider: openai\n    config:\n      dimensions: {BIG}\n",
        ["config/agents.yaml:8"],
    ),
    "escaped NUL in role": (
        AGENTS_YAML.replace("role: Researcher", 'role: "Re\\0searcher"'),
        ["config/agents.yaml:2", "role", "NUL"],
    ),
    "raw NUL in goal": (
        AGENTS_YAML.replace("Find facts", "Find\x00facts"),
        ["config/agents.yaml:3"],
    ),
    "lone surrogate in backstory": (
        AGENTS_YAML.replace("backstory: Careful", 'backstory: "Care\\ud800ful"'),
        ["config/agents.yaml:4", "invalid Unicode character"],
    ),
}


def invoke(db_url: str, project: Path) -> tuple[int, str]:
    with bounded():
        result = CliRunner().invoke(cli, ["import", str(project), "--db", db_url])
    return result.exit_code, result.stderr + (
        f"\n{type(result.exception).__name__}: {result.exception}"
        if result.exception and not isinstance(result.exception, SystemExit)
        else ""
    )


def _check(services: Services, code: int, err: str, needles: list[str]) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert counts(services) == (0, 0)


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_values(services: Services, db_url: str, tmp_path: Path, case: str) -> None:
    agents, needles = YAML_CASES[case]
    project = yaml_project(tmp_path / "proj", agents=agents)
    code, err = invoke(db_url, project)
    _check(services, code, err, needles)


@pytest.mark.parametrize(
    "case", ["huge max_iter in crew.py", "NUL in crew.py", "5000-digit int in crew.py"]
)
def test_python_values(services: Services, db_url: str, tmp_path: Path, case: str) -> None:
    extra = {
        "huge max_iter in crew.py": f", max_iter={HUGE}",
        "NUL in crew.py": ', goal="a\\x00b"',
        "5000-digit int in crew.py": f", max_iter={BIG}",
    }[case]
    project = yaml_project(tmp_path / "proj", crew=crew_py(agent_extra=extra))
    code, err = invoke(db_url, project)
    _check(services, code, err, ["crew.py:"])


@pytest.mark.parametrize(
    "case", ["5000-digit max_rpm", "huge max_rpm", "NUL in role", "lone surrogate in role"]
)
def test_jsonc_values(services: Services, db_url: str, tmp_path: Path, case: str) -> None:
    crew, agent = None, None
    if case == "5000-digit max_rpm":
        crew = f'{{\n  "name": "demo",\n  "agents": ["researcher"],\n  "max_rpm": {BIG}\n}}\n'
        needles = ["crew.jsonc:4"]
    elif case == "huge max_rpm":
        crew = f'{{\n  "name": "demo",\n  "agents": ["researcher"],\n  "max_rpm": {HUGE}\n}}\n'
        needles = ["crew.jsonc:4", "max_rpm"]
    else:
        bad = "\\u0000" if "NUL" in case else "\\ud800"
        agent = f'{{\n  "role": "R{bad}",\n  "goal": "G",\n  "backstory": "B"\n}}\n'
        needles = ["agents/researcher.jsonc:2", "role"]
    project = json_project(tmp_path / "proj", crew=crew, agent=agent)
    code, err = invoke(db_url, project)
    _check(services, code, err, needles)
