"""The crewai default each agent, crew and task field declares is the one the installed crewai
releases use (the export leaves a value out when it is that default)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.agent import Agent
from crewtui.domain.crew import Crew
from crewtui.domain.crewai_values import CONVERTERS
from crewtui.domain.fields import fields_of
from crewtui.domain.task import Task
from crewtui.interop.releases import NEWEST, OLDEST, Release

from .crewai_env import offline_env, require_crewai, require_latest_crewai

SCRIPT = """
import json, sys
import crewai
cls = getattr(crewai, sys.argv[1])
out = {}
for name, f in cls.model_fields.items():
    if f.is_required():
        continue
    value = f.get_default(call_default_factory=True)
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        out[name] = value
print('DEFAULTS ' + json.dumps(out, default=str))
"""


def _crewai_defaults(python: Path, tmp: Path, cls: str = "Agent") -> dict[str, Any]:
    proc = subprocess.run(
        [str(python), "-c", SCRIPT, cls],
        env=offline_env(tmp),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("DEFAULTS ")), None)
    assert line, proc.stderr[-3000:]
    return dict(json.loads(line[len("DEFAULTS ") :]))


def _empty(value: Any) -> bool:
    return value is None or value == []


@pytest.mark.parametrize("release", [OLDEST, NEWEST], ids=["1.3", "latest"])
def test_declared_agent_defaults_are_crewais(release: Release, tmp_path: Path) -> None:
    python = require_crewai() if release is OLDEST else require_latest_crewai()
    actual = _crewai_defaults(python, tmp_path)
    checked, wrong = [], []
    for f in fields_of(Agent):
        name = f.keyword
        if name is None or name not in actual:
            continue
        declared = CONVERTERS[f.convert].to_crewai(f.crewai_default)
        checked.append(name)
        same = declared == actual[name] or (_empty(declared) and _empty(actual[name]))
        if not same:
            wrong.append(f"{name}: declared {declared!r}, crewai {actual[name]!r}")
    assert len(checked) > 15
    assert wrong == [], f"{release.label}: {wrong}"


@pytest.mark.parametrize("release", [OLDEST, NEWEST], ids=["1.3", "latest"])
@pytest.mark.parametrize("model", [Crew, Task], ids=["crew", "task"])
def test_declared_crew_and_task_defaults_are_crewais(
    model: type[Crew] | type[Task], release: Release, tmp_path: Path
) -> None:
    python = require_crewai() if release is OLDEST else require_latest_crewai()
    actual = _crewai_defaults(python, tmp_path, model.__name__)
    required = {n for n, info in model.model_fields.items() if info.is_required()}
    checked, wrong = [], []
    for f in fields_of(model):
        name = f.keyword
        if name is None or name not in actual or f.name in required:
            continue
        declared = CONVERTERS[f.convert].to_crewai(f.crewai_default)
        same = declared == actual[name] or (_empty(declared) and _empty(actual[name]))
        changed = f.default_changed is not None and release.at_least(f.default_changed)
        checked.append(name)
        if same == changed:  # a default declared as changed must differ in that release
            wrong.append(f"{name}: declared {declared!r}, crewai {actual[name]!r}")
    assert len(checked) > 5
    assert wrong == [], f"{release.label} {model.__name__}: {wrong}"
