"""``crewtui lint`` and ``crewtui export`` end to end, and the export service's refusals."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from crewtui.cli import cli
from crewtui.domain.errors import ValidationFailed
from crewtui.interop.export import write_project
from crewtui.services import Services
from crewtui.services.interop import LintFailed, export_crew, lint_all, lint_crew


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", db_url], catch_exceptions=False)


def _break_board_briefing(services: Services) -> None:
    """A process crewai rejects (stored values may be anything the design allows)."""
    services.update_crew("board-briefing", {"process_type": "consensual"})


def test_lint_all_demo_crews_has_warnings_only(demo: Services, db_url: str) -> None:
    result = run(db_url, "lint", "--crewai", "1.3")
    assert result.exit_code == 0, result.output
    assert "crew 'board-briefing'" in result.output and "crew 'venture-research'" in result.output
    assert "2 crews: 0 errors," in result.output.splitlines()[-1]
    assert "warning  agent 'chief-of-staff'" in result.output


def test_lint_for_the_newest_release_names_deprecations(demo: Services, db_url: str) -> None:
    result = run(db_url, "lint", "venture-research", "--crewai", "latest", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["crewai"] == "1.15.30"
    rules = {(i["rule"], i["field"]) for i in data["crews"]["venture-research"]}
    assert ("release-deprecated", "reasoning_enabled") in rules
    assert ("agent-memory", "memory_enabled") not in rules


def test_unknown_crewai_release_is_refused(demo: Services, db_url: str) -> None:
    result = run(db_url, "lint", "--crewai", "banana")
    assert result.exit_code != 0 and "banana" in result.output


def test_lint_one_crew_as_json(demo: Services, db_url: str) -> None:
    result = run(db_url, "lint", "venture-research", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data["crews"]) == ["venture-research"] and data["errors"] == 0
    assert data["warnings"] == len(data["crews"]["venture-research"]) > 0
    assert {"severity", "rule", "object_kind", "object_name", "field", "message"} == set(
        data["crews"]["venture-research"][0]
    )


def test_lint_errors_exit_1(demo: Services, db_url: str) -> None:
    _break_board_briefing(demo)
    result = run(db_url, "lint", "board-briefing")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "consensual" in ln)
    assert line.startswith("error    crew 'board-briefing'") and "process_type" in line
    assert "1 crew: 1 error," in result.output.splitlines()[-1]


def test_export_for_release_1_3_keeps_its_fields(
    demo: Services, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "vr13"
    result = run(db_url, "export", "venture-research", "--out", str(out), "--crewai", "1.3")
    assert result.exit_code == 0, result.output
    agents = yaml.safe_load((out / "src/venture_research/config/agents.yaml").read_text())
    assert agents["senior_market_analyst"]["reasoning"] is True
    assert '"crewai[tools]>=1.3.0,<1.4"' in (out / "pyproject.toml").read_text()
    refused = run(
        db_url,
        "export",
        "venture-research",
        "--out",
        str(tmp_path / "j"),
        "--format",
        "json",
        "--crewai",
        "1.3",
    )
    assert refused.exit_code != 0 and "no JSON-first projects" in refused.output


def test_lint_unknown_crew(demo: Services, db_url: str) -> None:
    result = run(db_url, "lint", "no-such-crew")
    assert result.exit_code == 4 and "no-such-crew" in result.output


def test_export_writes_a_project(demo: Services, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "vr"
    result = run(db_url, "export", "venture-research", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "exported crew 'venture-research' (yaml, crewai 1.15.30)" in result.output
    agents = yaml.safe_load((out / "src/venture_research/config/agents.yaml").read_text())
    assert next(iter(agents)) == "senior_market_analyst"
    analyst = agents["senior_market_analyst"]
    assert "reasoning" not in analyst and analyst["planning_config"] == {"max_attempts": 3}
    assert tomllib.loads((out / "pyproject.toml").read_text())["tool"]["crewai"]["type"] == "crew"
    again = run(db_url, "export", "venture-research", "--out", str(out))
    assert again.exit_code == 2 and "not empty" in again.output
    forced = run(
        db_url,
        "export",
        "venture-research",
        "--out",
        str(out),
        "--format",
        "json",
        "--force",
        "--json",
    )
    assert forced.exit_code == 0
    assert json.loads(forced.output)["format"] == "json"
    assert (out / "crew.jsonc").is_file() and not (out / "src").exists()


def test_export_with_lint_errors_writes_nothing(
    demo: Services, db_url: str, tmp_path: Path
) -> None:
    _break_board_briefing(demo)
    out = tmp_path / "bb"
    result = run(db_url, "export", "board-briefing", "--out", str(out))
    assert result.exit_code == 1
    assert "lint errors; nothing was written" in result.output and "consensual" in result.output
    assert not out.exists()
    with pytest.raises(LintFailed) as exc:
        export_crew(demo, "board-briefing", out)
    assert any(i.rule == "process-consensual" for i in exc.value.issues)
    assert not out.exists()


def test_lint_services(demo: Services) -> None:
    assert sorted(lint_all(demo)) == ["board-briefing", "venture-research"]
    assert all(i.severity == "warning" for i in lint_crew(demo, "venture-research"))


def test_writer_is_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "p"
    write_project({"a.txt": "1", "d/b.txt": "2"}, out)
    assert (out / "d/b.txt").read_text() == "2"
    with pytest.raises(ValidationFailed):
        write_project({"../escape.txt": "x"}, tmp_path / "q")
    assert not (tmp_path / "q").exists() and not (tmp_path / "escape.txt").exists()
    write_project({"c.txt": "3"}, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["c.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["p"]  # no temporary folders left behind
