"""The scanner stays inside the folder it is given and never hangs: links and config paths
that leave it, FIFOs, devices, alias bombs, huge numbers and deep nesting are reported as
problems of their file while every other file still registers."""

from __future__ import annotations

import os
import reprlib
from pathlib import Path

import pytest

from crewtui.interop.scanner import scan_path

from ..interop.guard import in_child
from ..interop.hostile import alias_bomb, deep_python, scan_agent

CREWBASE = """\
from crewai import Agent
from crewai.project import CrewBase, agent


@CrewBase
class Board:
    agents_config = {config!r}

    @agent
    def secretary(self) -> Agent:
        return Agent(config=self.agents_config["secretary"])
"""
SECRETARY = "secretary:\n  role: Secretary\n  goal: Minutes\n  backstory: Precise\n"


def scan(root: Path) -> tuple[str, object]:
    """``scan_path`` in a child with capped memory and time: ("ok", (keys, values, problems))."""

    def run() -> tuple[list[str], dict[str, dict[str, object]], list[str]]:
        result = scan_path(root)
        values = {
            a.agent_key: {k: reprlib.repr(v) for k, v in a.values.items()} for a in result.agents
        }
        return sorted(a.agent_key for a in result.agents), values, [str(p) for p in result.problems]

    return in_child(run)


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "scanned"
    root.mkdir()
    (root / "good.py").write_text(scan_agent(), encoding="utf-8")
    return root


def _ok(outcome: tuple[str, object]) -> tuple[list[str], dict[str, dict[str, str]], str]:
    kind, value = outcome
    assert kind == "ok", value
    keys, values, problems = value  # type: ignore[misc]
    return keys, values, "\n".join(problems)


# ---- outside the folder


@pytest.mark.parametrize("case", ["absolute", "dotdot", "py link"])
def test_nothing_outside_the_folder_is_read(tmp_path: Path, case: str) -> None:
    root = _folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "agents.yaml").write_text(SECRETARY.replace("Secretary", "Planted"))
    (elsewhere / "planted.py").write_text(scan_agent("planted", "Planted"))
    if case == "absolute":
        (root / "board.py").write_text(CREWBASE.format(config=str(elsewhere / "agents.yaml")))
    elif case == "dotdot":
        (root / "board.py").write_text(CREWBASE.format(config="../elsewhere/agents.yaml"))
    else:
        (root / "planted.py").symlink_to(elsewhere / "planted.py")
    keys, values, problems = _ok(scan(root))
    assert "scout" in keys
    assert "Planted" not in str(values)
    assert "planted" not in keys
    assert "outside the scanned folder" in problems


# ---- not regular files, too big


@pytest.mark.parametrize("case", ["fifo", "zero link", "agents_config /dev/zero"])
def test_only_regular_files_are_read(tmp_path: Path, case: str) -> None:
    root = _folder(tmp_path)
    if case == "fifo":
        os.mkfifo(root / "pipe.py")
    elif case == "zero link":
        (root / "zero.py").symlink_to("/dev/zero")
    else:
        (root / "board.py").write_text(CREWBASE.format(config="/dev/zero"))
    keys, _values, problems = _ok(scan(root))
    assert "scout" in keys
    assert "not a regular file" in problems or "outside the scanned folder" in problems


def test_a_file_over_the_size_limit_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.interop import limits

    root = _folder(tmp_path)
    (root / "big.py").write_text(scan_agent("big") + "#" * 400 + "\n")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 300)
    keys, _values, problems = _ok(scan(root))
    assert keys == ["scout"]
    assert "big.py: is larger than" in problems


# ---- hostile content


def register(root: Path, db_url: str) -> tuple[str, object]:
    """Scan and register (dry run) in a child: ("ok", (registered, skipped, problems))."""

    def run() -> tuple[list[str], list[str], list[str]]:
        from crewtui.services.scan import scan_and_register
        from crewtui.services.store import Store

        store = Store.open(db_url)
        try:
            report = scan_and_register(store, root, user="tester", dry_run=True)
        finally:
            store.dispose()
        skipped = [f"{k}: {why[:200]}" for k, why in report.skipped]
        return report.registered, skipped, report.problems

    return in_child(run)


@pytest.mark.parametrize("field", ["role", "embedder", "knowledge_sources"])
def test_an_alias_bomb_in_agents_config_is_refused(tmp_path: Path, db_url: str, field: str) -> None:
    root = _folder(tmp_path)
    use = {
        "role": "  role: *l8\n  goal: G\n  backstory: B\n",
        "embedder": "  role: R\n  goal: G\n  backstory: B\n  embedder: {config: *l8}\n",
        "knowledge_sources": "  role: R\n  goal: G\n  backstory: B\n  knowledge_sources: *l8\n",
    }[field]
    (root / "config").mkdir()
    (root / "config" / "agents.yaml").write_text(alias_bomb() + "secretary:\n" + use)
    (root / "board.py").write_text(CREWBASE.format(config="config/agents.yaml"))
    registered, _skipped, problems = _ok(register(root, db_url))
    assert "scout" in registered
    assert "config/agents.yaml:" in problems and "alias" in problems


def test_a_huge_integer_in_agents_config_is_a_problem_of_that_file(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / "config").mkdir()
    (root / "config" / "agents.yaml").write_text(SECRETARY + "  max_iter: " + "9" * 5000 + "\n")
    (root / "board.py").write_text(CREWBASE.format(config="config/agents.yaml"))
    keys, _values, problems = _ok(scan(root))
    assert "scout" in keys
    assert "config/agents.yaml:5" in problems


@pytest.mark.parametrize("case", ["unary chain", "binary chain"])
def test_a_deep_expression_is_skipped_and_the_rest_registers(tmp_path: Path, case: str) -> None:
    root = _folder(tmp_path)
    deep = deep_python() if case == "unary chain" else "DEEP = " + "1 + " * 10_000 + "1\n"
    (root / "deep.py").write_text(scan_agent("deep") + deep)
    keys, _values, problems = _ok(scan(root))
    assert "scout" in keys
    assert "deep.py" in problems


def test_a_scan_over_its_time_is_cut_short_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.interop import limits

    root = _folder(tmp_path)
    (root / "second.py").write_text(scan_agent("second"))
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)
    keys, _values, problems = _ok(scan(root))
    assert keys == []
    assert "time limit" in problems


@pytest.mark.parametrize(
    "case",
    [
        "max_iter=99999999999999999999999",
        "max_rpm=2147483648",
        "role='a\\x00b', goal='g', backstory='b'",
        "role='a\\ud800b', goal='g', backstory='b'",
    ],
)
def test_values_no_database_holds_are_left_out_and_the_rest_registers(
    tmp_path: Path, db_url: str, case: str
) -> None:
    root = _folder(tmp_path)
    args = case if case.startswith("role") else f"role='R', goal='G', backstory='B', {case}"
    (root / "bad.py").write_text(f"from crewai import Agent\n\nbad = Agent({args})\n")
    registered, skipped, problems = _ok(register(root, db_url))
    assert "scout" in registered, (skipped, problems)
    column = case.split("=", 1)[0]
    if column == "role":
        assert any(s.startswith("bad: no role") for s in skipped), skipped
    else:
        assert "bad" in registered
