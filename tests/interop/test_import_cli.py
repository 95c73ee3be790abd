"""``crewtui import PATH [--dry-run] [--crew-name NAME] [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from crewtui.cli import cli
from crewtui.db.models import AgentRow, TaskRow
from crewtui.services import Services

CORPUS = Path(__file__).parent / "corpus"


def counts(services: Services) -> tuple[int, int]:
    with services.store.uow() as uow:
        agents = uow.session.scalar(select(func.count()).select_from(AgentRow)) or 0
        tasks = uow.session.scalar(select(func.count()).select_from(TaskRow)) or 0
    return agents, tasks


def invoke(db_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", *args, "--db", db_url], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_prints_changes_and_writes_nothing(services: Services, db_url: str) -> None:
    code, out, _err = invoke(db_url, str(CORPUS / "trip_planner"), "--dry-run")
    assert code == 0
    assert counts(services) == (0, 0)
    assert "crew 'Trip Planner'" in out and "dry run, nothing written" in out
    assert "agent  city-expert" in out
    assert "    llm_model: openai/gpt-4o" in out
    assert "    temperature: 0.3" in out
    assert "    manager_agent: travel-manager" in out
    assert "4 to create" not in out and "9 to create, 0 to update" in out


def test_import_then_change_shows_old_and_new(
    services: Services, db_url: str, tmp_path: Path
) -> None:
    import shutil

    project = tmp_path / "newsletter"
    shutil.copytree(CORPUS / "newsletter", project)
    code, out, _ = invoke(db_url, str(project))
    assert code == 0 and "6 created" in out
    assert counts(services) == (2, 2)
    agents = project / "config/agents.yaml"
    agents.write_text(agents.read_text().replace("max_iter: 10", "max_iter: 12"))
    code, out, _ = invoke(db_url, str(project), "--dry-run")
    assert code == 0
    assert "agent  curator" in out and "    max_iter: 10 -> 12" in out
    assert services.get_agent("curator").max_iter == 10
    code, out, _ = invoke(db_url, str(project), "--json")
    data = json.loads(out)
    assert data["written"] is True
    [curator] = [c for c in data["changes"] if c["key"] == "curator"]
    assert curator["fields"] == [{"field": "max_iter", "old": 10, "new": 12}]
    assert services.get_agent("curator").max_iter == 12


def test_crew_name_option(services: Services, db_url: str) -> None:
    code, _out, _ = invoke(db_url, str(CORPUS / "newsletter"), "--crew-name", "weekly-digest")
    assert code == 0
    assert [c.crew_name for c in services.list_crews()] == ["weekly-digest"]


def test_malformed_yaml_exits_2_with_file_and_line(services: Services, db_url: str) -> None:
    code, _out, err = invoke(db_url, str(CORPUS / "broken" / "malformed_yaml"))
    assert code == 2
    assert "Cannot import the project" in err
    assert "config/tasks.yaml:10: malformed YAML" in err
    assert counts(services) == (0, 0)


def test_unknown_reference_is_named(services: Services, db_url: str) -> None:
    code, _out, err = invoke(db_url, str(CORPUS / "broken" / "unknown_context"))
    assert code == 2
    assert "unknown context task 'fact_check'" in err


FLOW = CORPUS / "flow_poems"


def crews_in(services: Services) -> list[str]:
    return sorted(c.crew_name for c in services.list_crews())


def test_several_crews_without_a_choice_list_them(services: Services, db_url: str) -> None:
    code, out, err = invoke(db_url, str(FLOW))
    assert code == 2 and out == ""
    assert "holds 2 crews" in err
    assert "1. poem_crew (PoemCrew in src/flow_poems/crews/poem_crew/poem_crew.py)" in err
    assert "2. review_crew (ReviewCrew in" in err
    assert "--crew NAME (repeatable) or --all" in err
    assert crews_in(services) == []


def test_crew_option_imports_the_crews_named(services: Services, db_url: str) -> None:
    code, out, _ = invoke(db_url, str(FLOW), "--crew", "review_crew")
    assert code == 0, out
    assert "crew 'review_crew' from" in out and "crew 'poem_crew' from" not in out
    assert crews_in(services) == ["review_crew"]
    code, out, _ = invoke(db_url, str(FLOW), "--crew", "PoemCrew", "--crew", "review_crew")
    assert code == 0, out
    assert "crew 'poem_crew' from" in out and "crew 'review_crew' from" in out
    assert crews_in(services) == ["poem_crew", "review_crew"]
    assert services.get_agent("poet-review-crew").role == "Poetry Critic"


def test_all_option_and_json(services: Services, db_url: str) -> None:
    code, out, _ = invoke(db_url, str(FLOW), "--all", "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert [c["crew"] for c in data["crews"]] == ["poem_crew", "review_crew"]
    assert crews_in(services) == []
    code, out, _ = invoke(db_url, str(FLOW), "--all")
    assert code == 0 and "crew 'review_crew' from" in out
    assert crews_in(services) == ["poem_crew", "review_crew"]
    assert counts(services) == (3, 4)


def test_unknown_crew_and_bad_combinations(services: Services, db_url: str) -> None:
    code, _, err = invoke(db_url, str(FLOW), "--crew", "sonnet_crew")
    assert code != 0
    assert "No such crew in the project" in err and "'sonnet_crew'" in err and "poem_crew" in err
    code, _, err = invoke(db_url, str(FLOW), "--crew", "poem_crew", "--all")
    assert code == 2 and "not both" in err
    code, _, err = invoke(db_url, str(FLOW), "--all", "--crew-name", "x")
    assert code == 2 and "--crew-name names one crew" in err
    assert crews_in(services) == []


def test_one_crew_can_be_renamed(services: Services, db_url: str) -> None:
    code, out, _ = invoke(db_url, str(FLOW), "--crew", "poem_crew", "--crew-name", "Poems")
    assert code == 0, out
    assert crews_in(services) == ["Poems"]


def test_run_inputs_are_shown(services: Services, db_url: str) -> None:
    code, out, _ = invoke(db_url, str(CORPUS / "create_crew"), "--dry-run")
    assert code == 0
    assert "run inputs from the project: topic=AI LLMs, current_year=(empty)" in out
