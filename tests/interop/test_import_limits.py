"""Import stays inside the project folder and never hangs: links out, FIFOs, devices, alias
bombs and deep nesting end in ProjectInvalid naming the file, in bounded time and memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crewtui.interop.importer import ProjectInvalid, read_project

from .guard import in_child
from .hostile import (
    bomb_agents,
    crew_py,
    deep_python,
    json_project,
    yaml_project,
)


def _read(path: Path) -> tuple[str, str]:
    """("ok", agent keys) or ("invalid", the issues, one a line)."""
    try:
        spec = read_project(path)
    except ProjectInvalid as exc:
        return "invalid", "\n".join(str(i) for i in exc.issues)
    return "ok", ",".join(sorted(spec.agents))


def outcome(path: Path) -> tuple[str, str]:
    """What reading ``path`` gives, from a child with capped memory and time."""
    kind, value = in_child(lambda: _read(path))
    if kind == "ok":
        return value
    return kind, str(value)


def _outside(tmp_path: Path) -> Path:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "agents.yaml").write_text(
        "researcher:\n  role: Planted\n  goal: G\n  backstory: B\n", encoding="utf-8"
    )
    (other / "crew.py").write_text(crew_py(), encoding="utf-8")
    return other


# ---- links and paths that leave the project


@pytest.mark.parametrize(
    "case", ["agents.yaml link", "tasks.yaml link", "crew.py link", "absolute", "dotdot"]
)
def test_nothing_is_read_from_outside_the_project(tmp_path: Path, case: str) -> None:
    other = _outside(tmp_path)
    (other / "tasks.yaml").write_text("research:\n  description: Planted\n", encoding="utf-8")
    project = yaml_project(tmp_path / "proj")
    shown = {
        "agents.yaml link": "config/agents.yaml",
        "tasks.yaml link": "config/tasks.yaml",
        "crew.py link": "crew.py",
    }
    if case in shown:
        target = project / shown[case]
        target.unlink()
        target.symlink_to(other / ("crew.py" if case == "crew.py link" else target.name))
    elif case == "absolute":
        (project / "crew.py").write_text(crew_py(str(other / "agents.yaml")))
    else:
        (project / "crew.py").write_text(crew_py("../elsewhere/agents.yaml"))
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert "outside the project folder" in text
    assert "Planted" not in text


def test_a_link_inside_the_project_is_followed(tmp_path: Path) -> None:
    project = yaml_project(tmp_path / "proj")
    (project / "shared").mkdir()
    (project / "config" / "agents.yaml").rename(project / "shared" / "agents.yaml")
    (project / "config" / "agents.yaml").symlink_to(project / "shared" / "agents.yaml")
    assert outcome(project) == ("ok", "researcher")


# ---- files that are not regular files


@pytest.mark.parametrize("case", ["agents.yaml fifo", "crew.py fifo", "agents_config /dev/zero"])
def test_only_regular_files_are_read(tmp_path: Path, case: str) -> None:
    project = yaml_project(tmp_path / "proj")
    if case == "agents_config /dev/zero":
        (project / "crew.py").write_text(crew_py("/dev/zero"))
    else:
        target = project / ("crew.py" if case.startswith("crew.py") else "config/agents.yaml")
        target.unlink()
        os.mkfifo(target)
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert ("not a regular file" in text) or ("outside the project folder" in text)


def test_a_file_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.interop import limits

    project = yaml_project(tmp_path / "proj")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert "larger than" in text


# ---- alias bombs and nesting


@pytest.mark.parametrize("field", ["role", "embedder", "knowledge_sources"])
def test_an_alias_bomb_is_refused_with_its_line(tmp_path: Path, field: str) -> None:
    project = yaml_project(tmp_path / "proj", agents=bomb_agents(field))
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert "config/agents.yaml:" in text and "alias" in text


@pytest.mark.parametrize("case", ["crew.py", "crew.jsonc", "agents.yaml"])
def test_deep_nesting_is_refused_with_the_file(tmp_path: Path, case: str) -> None:
    if case == "crew.py":
        project = yaml_project(tmp_path / "proj", crew=crew_py() + deep_python())
        where = "crew.py"
    elif case == "crew.jsonc":
        deep = "[" * 100_000 + "]" * 100_000
        project = json_project(
            tmp_path / "proj",
            crew='{\n  "name": "demo",\n  "agents": ["researcher"],\n  "embedder": '
            + deep
            + "\n}\n",
        )
        where = "crew.jsonc:4"
    else:
        deep = "[" * 100_000 + "]" * 100_000
        project = yaml_project(
            tmp_path / "proj",
            agents=f"researcher:\n  role: R\n  goal: G\n  backstory: B\n  tools: {deep}\n",
        )
        where = "config/agents.yaml:5"
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert where in text and "nested" in text


def test_a_read_over_its_time_is_refused_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.interop import limits

    project = yaml_project(tmp_path / "proj")
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)
    kind, text = outcome(project)
    assert kind == "invalid", text
    assert "time limit (0 s)" in text
