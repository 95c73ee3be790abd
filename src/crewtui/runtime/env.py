"""Which Python runs crews, what it has, and how crewtui creates one.

The runtime is, in this order: the ``--python`` given to a command, ``$CREWTUI_CREWAI_PYTHON``,
the path saved with ``crewtui runtime use``, or the virtualenv ``crewtui runtime install``
creates in the data directory. Reading what it has (crewai's version, the provider modules)
does not import crewai, so it is quick.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ENV_PYTHON = "CREWTUI_CREWAI_PYTHON"
DEFAULT_CREWAI = "1.3.0"
_PROBE = (
    "import importlib.metadata as m, importlib.util as u, json, sys\n"
    "mods = ['anthropic', 'azure.ai.inference', 'google.genai', 'boto3', 'litellm']\n"
    "def has(n):\n"
    "    try:\n"
    "        return u.find_spec(n) is not None\n"
    "    except (ImportError, ValueError):\n"
    "        return False\n"
    "try:\n"
    "    v = m.version('crewai')\n"
    "except m.PackageNotFoundError:\n"
    "    v = None\n"
    "print(json.dumps({'crewai': v, 'modules': [n for n in mods if has(n)],"
    " 'python': sys.version.split()[0]}))\n"
)


class RuntimeMissing(Exception):
    """No Python with crewai to run the crew with."""


@dataclass(frozen=True)
class Runtime:
    python: Path
    crewai_version: str
    modules: tuple[str, ...]
    python_version: str


def _data_dir() -> Path:
    from ..settings import data_dir

    return data_dir()


def default_venv() -> Path:
    return _data_dir() / "runtime"


def _saved_file() -> Path:
    return _data_dir() / "runtime.json"


def save_python(path: Path) -> None:
    """Remember the chosen Python (never written through a link in the data folder)."""
    from ..interop.safefiles import write_file

    target = _saved_file()
    write_file(target.parent, target.name, json.dumps({"python": str(path)}), mode=0o600)


def chosen_python(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_PYTHON):
        return Path(os.environ[ENV_PYTHON])
    saved = _saved_file()
    if saved.is_file():
        try:
            return Path(json.loads(saved.read_text(encoding="utf-8"))["python"])
        except (ValueError, KeyError, TypeError):
            pass
    return default_venv() / "bin" / "python"


_CACHE: dict[Path, Runtime] = {}


def probe(explicit: str | Path | None = None) -> Runtime:
    """The runtime's crewai version and provider modules; RuntimeMissing if it has none."""
    python = chosen_python(explicit)
    if python in _CACHE:
        return _CACHE[python]
    if not python.exists():
        raise RuntimeMissing(
            f"no Python at {python}: run `crewtui runtime install` or pass --python PATH"
        )
    try:
        out = subprocess.run(
            [str(python), "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True
        )
        data = json.loads(out.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
        raise RuntimeMissing(f"{python} could not be asked what it has: {exc}") from exc
    if not data.get("crewai"):
        raise RuntimeMissing(f"{python} has no crewai: run `crewtui runtime install`")
    runtime = Runtime(python, data["crewai"], tuple(data["modules"]), data["python"])
    _CACHE[python] = runtime
    return runtime


def install(
    version: str = DEFAULT_CREWAI,
    *,
    target: Path | None = None,
    say: Callable[[str], None] = print,
) -> Runtime:
    """Create a virtualenv with ``crewai[tools]==version``; each pip line goes to ``say``."""
    venv = target or default_venv()
    say(f"Creating a virtualenv at {venv}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    cmd = [
        str(python),
        "-m",
        "pip",
        "install",
        "--progress-bar",
        "off",
        f"crewai[tools]=={version}",
    ]
    say("Installing crewai " + version)
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            say(line.rstrip())
    if proc.returncode:
        raise RuntimeMissing(f"pip could not install crewai {version} (exit {proc.returncode})")
    _CACHE.pop(python, None)
    return probe(python)
