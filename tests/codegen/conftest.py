"""Fixtures for code generation, deployments and the scanner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.services import Services, Store
from crewtui.services.deployments import Deployments

CORPUS_SOURCE = Path(__file__).parent / "scan_corpus"
MARKER = Path("/tmp/crewtui-scanner-executed-me")

#: stored strings that try to escape a string literal, a template or a statement
HOSTILE: dict[str, str] = {
    "role": 'Analyst """; import os; os.system("x"); """',
    "goal": "Find {x} and {{ y }} and {% if 1 %}z{% endif %} and {#c#} for {topic}",
    "backstory": (
        "Quotes ' \" ''' \"\"\" and a backslash at the end \\\n"
        "\\n is not a newline; \\x00 neither; tab\there\r\n"
        "'''; __import__('os').system('rm -rf /'); '''\n"
        "\") + eval('1') + (\"\n"
        "# a comment?\nunicode: é ☃ \u2028 line separator\n" + "long " * 40 + "\\"
    ),
    "system_template": '{{ .System }} """\nexec(\'print(1)\')\n"""',
    "prompt_template": "'''{{ .Prompt }}'''\\",
    "response_template": "{{ .Response }}\n}}{{",
}


def hostile_values(key: str = "hostile-agent") -> dict[str, Any]:
    return {
        "agent_key": key,
        "name": 'Name "with" quotes',
        "llm_model": "openai/gpt-4o-mini",
        **HOSTILE,
    }


def basic_values(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "agent_key": key,
        "name": key.title(),
        "role": f"Role of {key}",
        "goal": "Goal",
        "backstory": "Backstory",
        **extra,
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The scan corpus, plus the files no linter should see in the repository."""
    root = tmp_path / "scan_corpus"
    shutil.copytree(CORPUS_SOURCE, root)
    (root / "research" / "broken_syntax.py").write_text(
        'from crewai import Agent\n\nclass HalfWritten(\n    agent = Agent(role="Never Finished"\n'
    )
    (root / "styles" / "binary_junk.py").write_bytes(b"\xff\xfe not utf-8 \x00")
    return root


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(sqlite_db_url: str) -> Iterator[Store]:
    s = Store.open(sqlite_db_url)
    yield s
    s.dispose()


@pytest.fixture
def services(store: Store) -> Services:
    return Services(store)


@pytest.fixture
def deploy_dir(tmp_path: Path) -> Path:
    return tmp_path / "agents"


@pytest.fixture
def deployments(store: Store, deploy_dir: Path) -> Deployments:
    return Deployments(store, deploy_dir=deploy_dir)


def git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return path


def git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(path), *args], check=True, capture_output=True, text=True
    ).stdout.strip()
