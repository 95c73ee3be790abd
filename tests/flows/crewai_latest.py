"""Loading exported flow projects with real crewai: declarative projects with the newest
release, Python flow projects with 1.3.0."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.compat.crewai_env import offline_env, require_crewai, require_latest_crewai

HERE = Path(__file__).parent


def load_projects(projects: list[Path], tmp: Path) -> dict[str, dict[str, Any]]:
    """What crewai loaded from each project, by project path; fails with crewai's message."""
    proc = subprocess.run(
        [str(require_latest_crewai()), str(HERE / "load_flow.py"), *map(str, projects)],
        env=offline_env(tmp),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"crewai refused:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith("LOADED "):
            data = json.loads(line[len("LOADED ") :])
            out[data["project"]] = data
    return out


def build_python_flow(project: Path, package: str, tmp: Path) -> dict[str, Any]:
    """What crewai 1.3.0 built from an exported Python flow project (construct_pyflow.py)."""
    proc = subprocess.run(
        [str(require_crewai()), str(HERE / "construct_pyflow.py"), str(project), package],
        env=offline_env(tmp),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BUILT ")), None)
    assert proc.returncode == 0 and line, proc.stdout[-2000:] + proc.stderr[-4000:]
    built: dict[str, Any] = json.loads(line[len("BUILT ") :])
    return built
