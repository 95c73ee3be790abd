"""The target crewai release: choosing one, its field table, and what the export writes for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from crewtui.domain.errors import CrewtuiError
from crewtui.interop.export import render_project
from crewtui.interop.releases import (
    NEWEST,
    OLDEST,
    has_field,
    is_deprecated,
    release_for_version,
    resolve_target,
)

from .bundles import agent, bundle, task


def jsonc(text: str) -> Any:
    return json.loads("\n".join(ln for ln in text.splitlines() if not ln.startswith("//")))


def test_target_names() -> None:
    assert resolve_target("1.3", env={}) is OLDEST
    assert resolve_target("latest", env={}) is NEWEST
    assert resolve_target("1.15.30", env={}) is NEWEST
    assert release_for_version("1.9.2") is OLDEST and release_for_version("2.1") is NEWEST
    with pytest.raises(CrewtuiError, match="banana"):
        resolve_target("banana", env={})


def test_default_is_the_runtime_environment_else_the_newest(tmp_path: Path) -> None:
    assert resolve_target(None, env={}) is NEWEST
    site = tmp_path / "lib" / "python3.11" / "site-packages"
    (site / "crewai-1.3.0.dist-info").mkdir(parents=True)
    assert resolve_target(None, env={"CREWTUI_RUNTIME_VENV": str(tmp_path)}) is OLDEST


def test_field_table() -> None:
    assert not has_field(OLDEST, "agent", "planning_config")
    assert has_field(NEWEST, "agent", "planning_config") and has_field(
        NEWEST, "task", "input_files"
    )
    assert not has_field(OLDEST, "crew", "stream")
    assert is_deprecated(NEWEST, "agent", "reasoning") and not is_deprecated(
        OLDEST, "agent", "reasoning"
    )
    assert is_deprecated(NEWEST, "crew", "function_calling_llm")


def _reasoning_bundle() -> Any:
    a = agent("thinker").updated(
        {"reasoning_enabled": True, "max_reasoning_attempts": 2, "memory_enabled": True}
    )
    return bundle([a], [task("think", a, 0)])


DEPRECATED = {
    "reasoning",
    "max_reasoning_attempts",
    "allow_code_execution",
    "code_execution_mode",
    "multimodal",
    "function_calling_llm",
}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_newest_release_writes_no_deprecated_setting(fmt: str) -> None:
    files = render_project(_reasoning_bundle(), format=fmt, target=NEWEST)  # type: ignore[arg-type]
    if fmt == "yaml":
        values = yaml.safe_load(files["src/test_crew/config/agents.yaml"])["thinker"]
    else:
        values = jsonc(files["agents/thinker.jsonc"])["settings"]
    assert not DEPRECATED & set(values)
    assert values["planning_config"] == {"max_attempts": 2} and values["memory"] is True
    assert '"crewai[tools]>=1.15.30,<2"' in files["pyproject.toml"]


def test_release_1_3_keeps_its_own_fields() -> None:
    files = render_project(_reasoning_bundle(), format="yaml", target=OLDEST)
    values = yaml.safe_load(files["src/test_crew/config/agents.yaml"])["thinker"]
    assert values["reasoning"] is True and values["max_reasoning_attempts"] == 2
    assert "planning_config" not in values and "memory" not in values


def test_json_first_needs_a_release_that_has_it() -> None:
    with pytest.raises(CrewtuiError, match="no JSON-first"):
        render_project(_reasoning_bundle(), format="json", target=OLDEST)


def test_lint_names_settings_the_target_lacks() -> None:
    from crewtui.interop.lint import lint_bundle

    a = agent("lead").updated(
        {"crewai_settings": {"tool_failure_policy": "raise", "mcps": ["notion"]}}
    )
    b = bundle([a], [task("t", a, 0).updated({"crewai_settings": {"input_files": {"f": "a.pdf"}}})])
    b.crew = b.crew.updated({"crewai_settings": {"stream": True}})
    old = {(i.rule, i.object_kind, i.field) for i in lint_bundle(b, target=OLDEST)}
    assert ("release-missing", "agent", "tool_failure_policy") in old
    assert ("release-missing", "task", "input_files") in old
    assert ("release-missing", "crew", "stream") in old
    assert not any(r == "release-missing" and f == "mcps" for r, _k, f in old)  # 1.3 has mcps
    files = render_project(b, format="yaml", target=OLDEST)
    assert "tool_failure_policy" not in files["src/test_crew/config/agents.yaml"]
    assert "input_files" not in files["src/test_crew/config/tasks.yaml"]
    new = {i.rule for i in lint_bundle(b, target=NEWEST)}
    assert "release-missing" not in new
    newest = render_project(b, format="yaml", target=NEWEST)
    assert "tool_failure_policy: raise" in newest["src/test_crew/config/agents.yaml"]
    assert "stream=True," in newest["src/test_crew/crew.py"]


def test_generated_module_follows_the_target() -> None:
    from crewtui.interop.codegen import ToolRef, generate_code

    a = agent("coder").updated(
        {
            "llm_model": "anthropic/claude-3-5-haiku-20241022",
            "allow_code_execution": True,
            "memory_enabled": True,
            "reasoning_enabled": True,
            "tools": ["code_interpreter"],
        }
    )
    tools = {"code_interpreter": ToolRef("CodeInterpreterTool")}
    new = generate_code(a, tool_classes=tools, target=NEWEST).code
    assert "crewai_requirement = 'crewai[anthropic,tools]>=1.15.30,<2'" in new
    assert "allow_code_execution=" not in new and "reasoning=" not in new
    assert "memory=cls.memory_enabled" in new and "planning_config=" in new
    # CodeInterpreterTool is gone from the newest crewai_tools: the caller supplies the tool
    assert "crewai_tools.CodeInterpreterTool" not in new
    old = generate_code(a, tool_classes=tools, target=OLDEST).code
    assert "crewai_tools.CodeInterpreterTool()" in old and "reasoning=cls.reasoning_enabled" in old
    assert "crewai_requirement = 'crewai[anthropic,tools]>=1.3.0,<1.4'" in old


def test_tool_catalogue_follows_the_target() -> None:
    from crewtui.interop.crewai_tools_catalog import tools_for

    newer = set(tools_for("1.15")) - set(tools_for("1.3"))
    assert len(newer) == 22 and {"BraveWebSearchTool", "E2BPythonTool"} <= newer
    assert "CodeInterpreterTool" not in tools_for("1.15")
    a = agent("searcher").updated({"tools": ["BraveWebSearchTool"]})
    b = bundle([a], [task("t", a, 0)])
    newest = render_project(b, format="json", target=NEWEST)
    assert jsonc(newest["agents/searcher.jsonc"])["tools"] == ["BraveWebSearchTool"]
    assert not any(p.startswith("tools/") for p in newest)
    # crewai_tools 1.3 has no such class: a stub to complete
    assert "src/test_crew/tools/bravewebsearchtool.py" in render_project(
        b, format="yaml", target=OLDEST
    )
