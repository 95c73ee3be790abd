"""Where the crewai virtualenv used by the compatibility tests is, and how to run it offline.

The virtualenv (``crewai[tools]==1.3.0``) lives outside the repository: ``$CREWTUI_CREWAI_VENV``
or ``~/.cache/crewtui/crewai-1.3.0``. ``.ci/run`` creates it. Locally the tests skip when it is
missing; with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CREWAI_VERSION = "1.3.0"


def venv_dir() -> Path:
    env = os.environ.get("CREWTUI_CREWAI_VENV")
    return Path(env) if env else Path.home() / ".cache" / "crewtui" / f"crewai-{CREWAI_VERSION}"


def crewai_python() -> Path:
    """The Python interpreter of the crewai virtualenv (it may not exist)."""
    return venv_dir() / "bin" / "python"


def require_crewai() -> Path:
    """The crewai Python; skip the test when it is missing (fail under CI=true)."""
    python = crewai_python()
    if not python.exists():
        msg = f"no crewai {CREWAI_VERSION} virtualenv at {venv_dir()} (set CREWTUI_CREWAI_VENV)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + "; under CI=true this is a failure", pytrace=False)
        pytest.skip(msg)
    return python


def offline_env(tmp: Path) -> dict[str, str]:
    """Environment for constructing crewai objects with no network and no writes outside ``tmp``."""
    home = tmp / "home"
    storage = tmp / "storage"
    home.mkdir(parents=True, exist_ok=True)
    storage.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "CREWAI_STORAGE_DIR": str(storage),
        "OPENAI_API_KEY": "sk-offline-test",
        "CREWAI_DISABLE_TELEMETRY": "true",
        "CREWAI_TESTING": "true",
        "OTEL_SDK_DISABLED": "true",
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }


LATEST_VERSION = "1.15.30"


def latest_venv_dir() -> Path:
    env = os.environ.get("CREWTUI_CREWAI_LATEST_VENV")
    return Path(env) if env else Path.home() / ".cache" / "crewtui" / "crewai-latest"


def require_latest_crewai() -> Path:
    """The newest crewai's Python; skip when it is missing (fail under CI=true)."""
    python = latest_venv_dir() / "bin" / "python"
    if not python.exists():
        msg = f"no newest-crewai virtualenv at {latest_venv_dir()} (set CREWTUI_CREWAI_LATEST_VENV)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + "; under CI=true this is a failure", pytrace=False)
        pytest.skip(msg)
    return python
