"""The crewai settings the export writes as objects or code, built by each real release: the
crew's knowledge sources and embedder, kickoff hooks, a ConditionalTask with its condition,
response models and a task's crewai name.

The YAML project is constructed the way ``crewai run`` does under crewai 1.3.0 and under the
newest release; the JSON-first project goes through the newest release's own ``crewai run``
dispatch and JSON loader. An exported project imports back into the same stored settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import NEWEST, resolve_target
from tests.interop.hooks_bundle import EMBEDDER, hooks_bundle

from .crewai_env import require_crewai, require_latest_crewai
from .test_construct_exports import construct
from .test_latest_release import caused_by_export, dispatch

pytestmark = [pytest.mark.crewai, pytest.mark.slow]

SOURCES = [
    {"type": "StringKnowledgeSource", "content": "The market grew 4% last year."},
    {"type": "StringKnowledgeSource", "content": "Prices are set in euros."},
]


def _task_shape(tasks: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(t["name"], t["type"], t["condition"], t["response_model"]) for t in tasks]


@pytest.mark.parametrize("release", ["1.3", "latest"])
def test_yaml_export_builds_the_settings_under_each_release(release: str, tmp_path: Path) -> None:
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    project = tmp_path / "project"
    files = render_project(hooks_bundle(), format="yaml", target=resolve_target(release))
    write_project(files, project)
    built = construct(project, tmp_path, python)
    assert built["knowledge_sources"] == SOURCES
    assert built["embedder"] == EMBEDDER
    assert built["before_kickoff"] == ["prepare_inputs", "log_start"]
    # the crew class adds its own after-kickoff step (closing MCP servers)
    assert built["after_kickoff"] == ["publish_result", "close_mcp_server"]
    assert _task_shape(built["tasks"]) == [
        ("Market research", "Task", None, "Findings"),
        ("check", "ConditionalTask", "needs_check", None),
        ("write", "Task", None, "Findings"),
    ]
    # context still reaches the renamed task
    assert [t["context"] for t in built["tasks"]] == [[], ["Market research"], ["Market research"]]


def test_json_export_builds_the_settings_through_crewais_loader(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_project(render_project(hooks_bundle(), format="json", target=NEWEST), project)
    report = dispatch(project, tmp_path)
    assert report["dispatch"] == "json", report
    crew = report["crew"]
    assert crew["knowledge_sources"] == SOURCES
    assert crew["embedder"] == EMBEDDER
    assert crew["before_kickoff"] == ["prepare_inputs", "log_start"]
    assert crew["after_kickoff"] == ["publish_result"]
    # crew.jsonc names tasks by their keys (lint says the crewai name is left out)
    assert _task_shape(crew["tasks"]) == [
        ("research", "Task", None, "Findings"),
        ("check", "ConditionalTask", "needs_check", None),
        ("write", "Task", None, "Findings"),
    ]
    assert caused_by_export(report) == []
