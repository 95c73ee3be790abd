"""Export -> import -> export of the crewai settings written as objects or code: the crew's
knowledge sources, embedder and kickoff hooks, a ConditionalTask's condition, response models
and a task's crewai name come back as they were stored, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import NEWEST, OLDEST, Release
from crewtui.services import Services
from crewtui.services.importer import import_project

from .hooks_bundle import EMBEDDER, hooks_bundle

CASES = pytest.mark.parametrize(
    ("fmt", "target"),
    [("yaml", OLDEST), ("yaml", NEWEST), ("json", NEWEST)],
    ids=["yaml-1.3", "yaml-latest", "json-latest"],
)


@CASES
def test_settings_come_back_and_export_the_same_files(
    services: Services, tmp_path: Path, fmt: str, target: Release
) -> None:
    files = render_project(hooks_bundle(), format=fmt, target=target)  # type: ignore[arg-type]
    project = tmp_path / "project"
    write_project(files, project)
    import_project(services, project, dry_run=False)
    stored = services.load_bundle("test-crew")
    crew = stored.crew.crewai_settings
    assert crew["before_kickoff_callbacks"] == ["prepare_inputs", "log_start"]
    assert crew["after_kickoff_callbacks"] == ["publish_result"]
    assert [s["content"] for s in crew["knowledge_sources"]] == [
        "The market grew 4% last year.",
        "Prices are set in euros.",
    ]
    assert crew["embedder"] == EMBEDDER
    tasks = {t.name: t.crewai_settings for t in stored.tasks}
    assert tasks["check"] == {"condition": "needs_check"}
    assert tasks["write"] == {"response_model": "Findings"}
    research = {"response_model": "Findings"}
    if fmt == "yaml":  # crew.jsonc cannot hold it
        research["name"] = "Market research"
    assert tasks["research"] == research
    again = render_project(stored, format=fmt, target=target)  # type: ignore[arg-type]
    assert again == files


def test_a_hand_written_kickoff_method_and_crew_call_are_both_kept(tmp_path: Path) -> None:
    """``Crew(before_kickoff_callbacks=[...])`` and ``@before_kickoff`` methods: crewai runs the
    call's first, then the methods'."""
    from crewtui.interop.importer import read_project

    files = render_project(hooks_bundle(), format="yaml")
    crew_py = files["src/test_crew/crew.py"].replace(
        "            name='test-crew',\n",
        "            name='test-crew',\n            before_kickoff_callbacks=[hooks.warm_up],\n",
    )
    assert crew_py != files["src/test_crew/crew.py"]
    files["src/test_crew/crew.py"] = crew_py
    project = tmp_path / "project"
    write_project(files, project)
    spec = read_project(project)
    assert spec.crew.values["crewai_settings"]["before_kickoff_callbacks"] == [
        "warm_up",
        "prepare_inputs",
        "log_start",
    ]
