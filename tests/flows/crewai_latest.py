"""The newest crewai release's virtualenv, and loading exported flow projects with it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.compat.crewai_env import offline_env

HERE = Path(__file__).parent


def latest_venv() -> Path:
    env = os.environ.get("CREWTUI_CREWAI_LATEST_VENV")
    return Path(env) if env else Path.home() / ".cache" / "crewtui" / "crewai-latest"


def require_latest() -> Path:
    python = latest_venv() / "bin" / "python"
    if not python.exists():
        msg = f"no newest-crewai virtualenv at {latest_venv()} (set CREWTUI_CREWAI_LATEST_VENV)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + "; under CI=true this is a failure", pytrace=False)
        pytest.skip(msg)
    return python


def load_projects(projects: list[Path], tmp: Path) -> dict[str, dict[str, Any]]:
    """What crewai loaded from each project, by project path; fails with crewai's message."""
    proc = subprocess.run(
        [str(require_latest()), str(HERE / "load_flow.py"), *map(str, projects)],
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
