"""Lint of the crewai settings the export writes as code, per release and project format."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.domain.lint import LintIssue, has_errors
from crewtui.interop import releases
from crewtui.interop.export import render_project
from crewtui.interop.lint import lint_bundle
from crewtui.interop.releases import NEWEST, OLDEST, FieldLife
from crewtui.services import Services

from .bundles import agent, bundle, simple, task
from .hooks_bundle import hooks_bundle


def _rules(issues: list[LintIssue], field_prefix: str = "crewai_settings") -> set[tuple[str, str]]:
    return {(i.rule, i.object_name) for i in issues if (i.field or "").startswith(field_prefix)}


def test_stubs_are_warnings_and_the_crew_exports() -> None:
    issues = lint_bundle(hooks_bundle(), target=OLDEST)
    assert not has_errors(issues)
    assert _rules(issues) == {
        ("hook-stub", "test-crew"),
        ("condition-stub", "check"),
        ("response-model-stub", "research"),
        ("response-model-stub", "write"),
    }


def test_json_project_names_the_task_name_it_cannot_hold() -> None:
    yaml_issues = lint_bundle(hooks_bundle(), target=NEWEST, format="yaml")
    json_issues = lint_bundle(hooks_bundle(), target=NEWEST, format="json")
    assert ("format-missing", "research") not in _rules(yaml_issues)
    found = [i for i in json_issues if i.rule == "format-missing"]
    assert [(i.object_name, i.field) for i in found] == [("research", "crewai_settings.name")]
    assert "crewai 1.15.30" in found[0].message and "Market research" in found[0].message


def test_conditional_task_first_or_async_is_an_error() -> None:
    lead = agent("lead")
    first = task("first", lead, 0, crewai_settings={"condition": "go"})
    later = task("later", lead, 1, async_execution=True, crewai_settings={"condition": "go"})
    last = task("last", lead, 2)
    issues = lint_bundle(bundle([lead], [first, later, last]))
    errors = {(i.rule, i.object_name) for i in issues if i.severity == "error"}
    assert ("condition-first", "first") in errors
    assert ("condition-async", "later") in errors
    assert ("condition-first", "later") not in errors


def test_kickoff_hook_names_that_clash_are_errors() -> None:
    b = simple()
    b.crew = b.crew.updated(
        {
            "crewai_settings": {
                "before_kickoff_callbacks": ["research", "agents", "prepare"],
                "after_kickoff_callbacks": ["prepare", "Any"],
            }
        }
    )
    issues = [i for i in lint_bundle(b) if i.rule == "name-clash"]
    messages = sorted(i.message for i in issues)
    assert len(issues) == 4, messages
    assert any("task research" in m for m in messages)
    assert any("'agents' is a name crewai's crew class already uses" in m for m in messages)
    assert any("'prepare' is also a before-kickoff hook" in m for m in messages)
    assert any("'Any' cannot be the name of a function in hooks.py" in m for m in messages)


def test_missing_crew_knowledge_entry_is_an_error() -> None:
    b = simple()
    b.crew = b.crew.updated({"crewai_settings": {"knowledge_sources": ["nowhere"]}})
    issues = [i for i in lint_bundle(b) if i.rule == "knowledge-missing"]
    assert [(i.object_kind, i.field) for i in issues] == [
        ("crew", "crewai_settings.knowledge_sources")
    ]


def test_a_release_without_a_setting_leaves_it_out_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The gate every one of these settings goes through: both known releases have them all
    (the field table is checked against the installed releases), so a release that lacks
    them is simulated by the table."""
    table = dict(releases.FIELDS)
    for kind, name in (
        ("crew", "knowledge_sources"),
        ("crew", "before_kickoff_callbacks"),
        ("crew", "after_kickoff_callbacks"),
        ("task", "response_model"),
        ("task", "name"),
    ):
        table[(kind, name)] = FieldLife(kind, name, since="1.15")  # type: ignore[arg-type]
    monkeypatch.setattr(releases, "FIELDS", table)
    files = render_project(hooks_bundle(), format="yaml", target=OLDEST)
    source = files["src/test_crew/crew.py"]
    assert "knowledge_sources=" not in source and "kickoff" not in source
    assert "response_model=" not in source and "Market research" not in "".join(files.values())
    assert "src/test_crew/hooks.py" not in files
    missing = {
        (i.object_name, i.field)
        for i in lint_bundle(hooks_bundle(), target=OLDEST)
        if i.rule == "release-missing"
    }
    assert missing == {
        ("test-crew", "after_kickoff_callbacks"),
        ("test-crew", "before_kickoff_callbacks"),
        ("test-crew", "knowledge_sources"),
        ("research", "name"),
        ("research", "response_model"),
        ("write", "response_model"),
    }
    newest = render_project(hooks_bundle(), format="yaml", target=NEWEST)
    assert "response_model=Findings" in newest["src/test_crew/crew.py"]


def test_export_reports_what_its_format_cannot_hold(tmp_path: Path) -> None:
    from crewtui.services.interop import export_bundle

    def rules(fmt: str) -> set[str]:
        result = export_bundle(
            hooks_bundle(),
            "test-crew",
            tmp_path / fmt,
            format=fmt,  # type: ignore[arg-type]
            target=NEWEST,
        )
        return {i.rule for i in result.warnings}

    assert "format-missing" in rules("json")
    assert "format-missing" not in rules("yaml")
    assert (tmp_path / "json" / "hooks.py").is_file()
    assert (tmp_path / "yaml" / "src" / "test_crew" / "conditions.py").is_file()


def test_a_streaming_crew_exported_json_first_is_a_warning(demo: Services) -> None:
    """crewai run kicks a JSON-first crew off without reading its stream; the YAML project's
    main.py reads it, so only the JSON-first export is warned about."""
    demo.update_crew("venture-research", {"crewai_settings": {"stream": True}})
    bundle = demo.load_bundle("venture-research")
    as_json = [i.rule for i in lint_bundle(bundle, target=NEWEST, format="json")]
    as_yaml = [i.rule for i in lint_bundle(bundle, target=NEWEST, format="yaml")]
    assert "stream-unread" in as_json and "stream-unread" not in as_yaml
    main = render_project(bundle, format="yaml", target=NEWEST)["src/venture_research/main.py"]
    assert "for chunk in streaming:" in main
    demo.update_crew("venture-research", {"crewai_settings": {}})
    plain = render_project(demo.load_bundle("venture-research"), format="yaml", target=NEWEST)
    assert "streaming" not in plain["src/venture_research/main.py"]
