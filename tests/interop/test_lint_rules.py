"""Every lint rule: one example that trips it and one that does not."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from crewtui.domain.bundle import CrewBundle, KnowledgeItem
from crewtui.domain.catalog import MemoryConfig, Tool
from crewtui.domain.lint import LintIssue, has_errors
from crewtui.interop.lint import lint_bundle

from .bundles import agent, bundle, mutate, simple, task


def found(b: CrewBundle, **kw: object) -> set[tuple[str, str, str, str | None]]:
    return {(i.severity, i.rule, i.object_name, i.field) for i in lint_bundle(b, **kw)}  # type: ignore[arg-type]


def rules(b: CrewBundle, **kw: object) -> set[str]:
    return {i.rule for i in lint_bundle(b, **kw)}  # type: ignore[arg-type]


def test_clean_crew_has_no_issues() -> None:
    assert lint_bundle(simple()) == []


def test_issue_carries_object_and_field() -> None:
    b = simple()
    b.crew = b.crew.updated({"process_type": "consensual"})
    issue = next(i for i in lint_bundle(b) if i.rule == "process-consensual")
    assert issue == LintIssue(
        "error", "process-consensual", "crew", "test-crew", "process_type", issue.message
    )
    assert has_errors([issue])


# ---------------------------------------------------------------- crew


def test_legacy_values_out_of_bounds_are_errors() -> None:
    b = simple()
    a = b.members[0]
    b.agents[a.id] = mutate(a, max_iter=-3, temperature=Decimal("5"))  # type: ignore[index]
    got = found(b)
    assert ("error", "bounds", "researcher", "max_iter") in got
    assert ("error", "bounds", "researcher", "temperature") in got
    b.tasks[0] = mutate(b.tasks[0], guardrail_max_retries=-1)
    assert ("error", "bounds", "research", "guardrail_max_retries") in found(b)
    b.crew = mutate(b.crew, max_rpm=-5)
    assert ("error", "bounds", "test-crew", "max_rpm") in found(b)


def test_consensual_process_is_an_error() -> None:
    b = simple()
    assert "process-consensual" not in rules(b)
    b.crew = b.crew.updated({"process_type": "consensual"})
    assert ("error", "process-consensual", "test-crew", "process_type") in found(b)


def test_crew_without_tasks_or_members() -> None:
    b = bundle([], [])
    assert {"no-tasks", "no-members"} <= rules(b)
    assert not {"no-tasks", "no-members"} & rules(simple())


def test_hierarchical_needs_a_manager() -> None:
    a = agent("worker")
    t = task("job", a, 0)
    b = bundle([a], [t], process_type="hierarchical")
    assert ("error", "manager-missing", "test-crew", "manager_agent_id") in found(b)
    b.crew = b.crew.updated({"manager_llm": "openai/gpt-4o"})
    assert "manager-missing" not in rules(b)


def test_manager_must_not_be_a_member_or_have_tools() -> None:
    a, boss = agent("worker"), agent("boss", tools=["SerperDevTool"])
    b = bundle([a], [task("job", a, 0)], manager=boss)
    assert ("error", "manager-tools", "boss", "tools") in found(b)
    assert "manager-is-member" not in rules(b)
    b2 = bundle([a, boss], [task("job", a, 0)], manager=boss)
    assert ("error", "manager-is-member", "test-crew", "manager_agent_id") in found(b2)
    clean = bundle([a], [task("job", a, 0)], manager=agent("boss"))
    assert not {"manager-tools", "manager-is-member"} & rules(clean)


def test_manager_llm_beside_a_manager_agent_is_unused() -> None:
    a = agent("worker")
    b = bundle([a], [task("job", a, 0)], manager=agent("boss"), manager_llm="openai/gpt-4o")
    assert ("warning", "manager-llm-unused", "test-crew", "manager_llm") in found(b)


def test_manager_settings_in_a_sequential_crew_are_unused() -> None:
    b = simple()
    b.crew = b.crew.updated({"manager_llm": "openai/gpt-4o"})
    assert ("warning", "manager-unused", "test-crew", "manager_llm") in found(b)


def test_planning_llm_without_planning() -> None:
    b = simple()
    b.crew = b.crew.updated({"planning_llm": "openai/gpt-4o"})
    assert "planning-llm-unused" in rules(b)
    b.crew = b.crew.updated({"planning_enabled": True})
    assert "planning-llm-unused" not in rules(b)


def test_duplicate_roles_are_an_error() -> None:
    a, b_ = agent("first", role="Analyst"), agent("second", role="Analyst")
    b = bundle([a, b_], [task("one", a, 0), task("two", b_, 1)])
    # crewai de-duplicates self.agents by role but the tasks keep their agents: a warning
    assert ("warning", "duplicate-role", "second", "role") in found(b)
    assert "duplicate-role" not in rules(simple())


def test_names_that_clash_in_the_crew_class() -> None:
    a = agent("researcher")
    b = bundle([a], [task("researcher", a, 0)])
    assert ("error", "name-clash", "researcher", "name") in found(b)
    c = agent("crew")
    assert ("error", "name-clash", "crew", "agent_key") in found(bundle([c], [task("job", c, 0)]))


# ---------------------------------------------------------------- agents


@pytest.mark.parametrize(
    ("model", "extra"),
    [
        ("anthropic/claude-3-5-sonnet-20241022", "anthropic"),
        ("gemini/gemini-1.5-pro", "google-genai"),
        ("ollama/llama3.1:8b", "litellm"),
        ("bedrock/anthropic.claude-v2", "bedrock"),
    ],
)
def test_models_that_need_a_crewai_extra(model: str, extra: str) -> None:
    a = agent("writer", llm_model=model)
    issues = [i for i in lint_bundle(bundle([a], [task("job", a, 0)])) if i.rule == "llm-extra"]
    assert [(i.severity, i.field) for i in issues] == [("warning", "llm_model")]
    assert f"crewai[{extra}]" in issues[0].message
    plain = agent("writer", llm_model="gpt-4o-mini")
    assert "llm-extra" not in rules(bundle([plain], [task("job", plain, 0)]))


def test_date_format_tokens_are_converted() -> None:
    a = agent("writer", inject_date=True, date_format="DD/MM/YYYY")
    issues = [i for i in lint_bundle(bundle([a], [task("job", a, 0)])) if i.rule == "date-format"]
    assert len(issues) == 1 and "%d/%m/%Y" in issues[0].message
    ok = agent("writer", inject_date=True, date_format="%d/%m/%Y")
    assert "date-format" not in rules(bundle([ok], [task("job", ok, 0)]))


def test_agent_memory_without_crew_memory() -> None:
    a = agent("writer", memory_enabled=True)
    b = bundle([a], [task("job", a, 0)])
    assert ("warning", "agent-memory", "writer", "memory_enabled") in found(b)
    b.crew = b.crew.updated({"memory_enabled": True})
    assert "agent-memory" not in rules(b)


def test_memory_config_without_memory() -> None:
    cfg = MemoryConfig(id=uuid4(), name="m")
    a = agent("writer", memory_config_id=cfg.id)
    b = bundle([a], [task("job", a, 0)], memory_configs=[cfg])
    assert ("warning", "memory-config-unused", "writer", "memory_config_id") in found(b)
    b.crew = b.crew.updated({"memory_enabled": True})
    assert "memory-config-unused" not in rules(b)


def test_code_execution_needs_docker() -> None:
    a = agent("coder", allow_code_execution=True)
    assert ("warning", "code-execution", "coder", "allow_code_execution") in found(
        bundle([a], [task("job", a, 0)])
    )
    assert "code-execution" not in rules(simple())


def test_inactive_agent() -> None:
    a = agent("old", status="archived")
    assert ("warning", "agent-status", "old", "status") in found(bundle([a], [task("job", a, 0)]))


def test_knowledge_reference_that_names_nothing() -> None:
    a = agent("reader", knowledge_sources=["Pricing notes", "Missing notes"])
    item = KnowledgeItem(id=uuid4(), agent_id=a.id, title="Pricing notes", content="Net 30.")
    b = bundle([a], [task("job", a, 0)], knowledge=[item])
    issues = [i for i in lint_bundle(b) if i.rule == "knowledge-missing"]
    assert len(issues) == 1 and "Missing notes" in issues[0].message


def test_embedder_provider_and_keys() -> None:
    bad = agent("reader", embedder_config={"provider": "vertexai", "config": {}})
    assert ("error", "embedder-provider", "reader", "embedder_config") in found(
        bundle([bad], [task("job", bad, 0)])
    )
    typo = agent(
        "reader",
        embedder_config={"provider": "openai", "config": {"model": "text-embedding-3-small"}},
    )
    issues = [
        i for i in lint_bundle(bundle([typo], [task("job", typo, 0)])) if i.rule == "embedder-key"
    ]
    assert len(issues) == 1 and "model_name" in issues[0].message
    ok = agent(
        "reader",
        embedder_config={"provider": "openai", "config": {"model_name": "text-embedding-3-small"}},
    )
    assert not {"embedder-key", "embedder-provider"} & rules(bundle([ok], [task("job", ok, 0)]))


# ---------------------------------------------------------------- tasks


def test_task_graph_rules_reach_the_lint() -> None:
    b = simple()
    first, second = b.tasks
    b.tasks[0] = first.updated({"context_task_ids": [second.id]})
    assert ("error", "context-future", "research", "context_task_ids") in found(b)
    b.tasks[1] = second.updated({"assigned_agent_id": None})
    assert ("error", "agent-missing", "write", "assigned_agent_id") in found(b)


def test_task_needs_description_and_expected_output() -> None:
    b = simple()
    b.tasks[0] = b.tasks[0].updated({"description": None, "expected_output": "  "})
    got = found(b)
    assert ("error", "required", "research", "description") in got
    assert ("error", "required", "research", "expected_output") in got


def test_output_json_and_pydantic_together() -> None:
    b = simple()
    schema = {"type": "object", "properties": {"x": {"type": "string"}}}
    b.tasks[0] = b.tasks[0].updated(
        {"output_json_schema": schema, "output_pydantic_schema": "Report"}
    )
    assert ("error", "output-both", "research", "output_pydantic_schema") in found(b)
    b.tasks[0] = b.tasks[0].updated({"output_json_schema": None})
    assert ("warning", "output-model-stub", "research", "output_pydantic_schema") in found(b)
    b.tasks[0] = b.tasks[0].updated({"output_pydantic_schema": None, "output_json_schema": schema})
    assert not {"output-both", "output-model-stub"} & rules(b)


@pytest.mark.parametrize(
    "path",
    [
        "../out.md",
        "~/out.md",
        "$HOME/out.md",
        "out|x.md",
        "a>b.md",
        "a<b.md",
        "a&b.md",
        "a;b.md",
        "reports/{bad name}.md",
    ],
)
def test_output_file_rules(path: str) -> None:
    b = simple()
    b.tasks[0] = b.tasks[0].updated({"output_file": path})
    assert ("error", "output-file", "research", "output_file") in found(b)


def test_output_file_that_crewai_accepts() -> None:
    b = simple()
    b.tasks[0] = b.tasks[0].updated({"output_file": "reports/{topic}_brief.md"})
    assert "output-file" not in rules(b, inputs=["topic"])


def test_guardrails() -> None:
    b = simple()
    b.tasks[0] = b.tasks[0].updated({"guardrail_function": "check_report"})
    assert ("warning", "guardrail-stub", "research", "guardrail_function") in found(b)
    b.tasks[0] = b.tasks[0].updated({"guardrail_function": "Must cite sources."})
    assert not {"guardrail-stub", "guardrail-agent"} & rules(b)
    a = agent("worker")
    t = task("job", None, 0, guardrail_function="Must cite sources.")
    h = bundle([a], [t], manager=agent("boss"))
    assert ("error", "guardrail-agent", "job", "guardrail_function") in found(h)


# ---------------------------------------------------------------- tools


def test_tools_exported_as_stubs_or_with_settings() -> None:
    registry = [
        Tool(id=uuid4(), tool_key="crm", name="CRM", tool_class="inhouse.Crm"),
        Tool(
            id=uuid4(),
            tool_key="search",
            name="Search",
            tool_class="SerperDevTool",
            config={"n_results": 5, "colour": "red"},
        ),
        Tool(
            id=uuid4(), tool_key="old", name="Old", tool_class="FileReadTool", status="deprecated"
        ),
        Tool(id=uuid4(), tool_key="pdf", name="PDF", tool_class="PDFSearchTool"),
    ]
    a = agent("worker", tools=["crm", "search", "old", "pdf", "MysteryThing", "ScrapeWebsiteTool"])
    got = found(bundle([a], [task("job", a, 0)], tools=registry))
    assert ("warning", "tool-stub", "crm", "tool_class") in got
    assert ("warning", "tool-stub", "MysteryThing", "tool_class") in got
    assert ("warning", "tool-config", "search", "config") in got
    assert ("warning", "tool-status", "old", "status") in got
    assert ("warning", "tool-extra", "pdf", "tool_class") in got
    assert not any(name == "ScrapeWebsiteTool" for _s, _r, name, _f in got)


# ---------------------------------------------------------------- memory


def _memory_crew(*configs: MemoryConfig) -> CrewBundle:
    agents = [
        agent(f"a{i}", memory_enabled=True, memory_config_id=c.id) for i, c in enumerate(configs)
    ]
    tasks = [task(f"t{i}", a, i) for i, a in enumerate(agents)]
    return bundle(agents, tasks, memory_configs=list(configs), memory_enabled=True)


def test_memory_without_a_memory_config() -> None:
    b = simple()
    b.crew = b.crew.updated({"memory_enabled": True})
    assert ("warning", "memory-embedder", "test-crew", "memory_enabled") in found(b)
    ok = _memory_crew(
        MemoryConfig(
            id=uuid4(), name="files", storage_type="file", embedder_model="text-embedding-3-small"
        )
    )
    assert lint_bundle(ok) == []


def test_memory_embedders_crewai_cannot_fully_use() -> None:
    hf = MemoryConfig(id=uuid4(), name="hf", storage_type="file", embedder_provider="huggingface")
    assert ("warning", "memory-embedder", "hf", "embedder_provider") in found(_memory_crew(hf))
    co = MemoryConfig(
        id=uuid4(),
        name="co",
        storage_type="file",
        embedder_provider="cohere",
        embedder_model="embed-english-v3.0",
    )
    assert ("warning", "memory-embedder", "co", "embedder_provider") in found(_memory_crew(co))
    ada = MemoryConfig(id=uuid4(), name="ada", storage_type="file", embedder_dimensions=512)
    assert ("warning", "memory-dimensions", "ada", "embedder_dimensions") in found(
        _memory_crew(ada)
    )


def test_memory_settings_crewai_does_not_take() -> None:
    pg = MemoryConfig(
        id=uuid4(), name="pg", storage_type="postgresql", embedder_model="text-embedding-3-small"
    )
    assert ("warning", "memory-settings", "pg", "storage_type") in found(_memory_crew(pg))


def test_members_with_different_memory_configs() -> None:
    one = MemoryConfig(
        id=uuid4(), name="one", storage_type="file", embedder_model="text-embedding-3-small"
    )
    two = MemoryConfig(
        id=uuid4(), name="two", storage_type="file", embedder_model="text-embedding-3-large"
    )
    issues = [i for i in lint_bundle(_memory_crew(one, two)) if i.rule == "memory-configs"]
    assert len(issues) == 1 and "'one' is used" in issues[0].message


# ---------------------------------------------------------------- inputs


def test_placeholders_without_an_input() -> None:
    a = agent("writer", goal="Write about {topic} for {audience}")
    t = task("job", a, 0, description="Cover {topic} in {current_year}.")
    b = bundle([a], [t])
    missing = sorted(i.message.split()[0] for i in lint_bundle(b) if i.rule == "input-missing")
    assert missing == ["{audience}", "{topic}"]  # current_year has a default in main.py
    assert "input-missing" not in rules(b, inputs=["topic", "audience", "current_year"])
    assert [
        i.message.split()[0] for i in lint_bundle(b, inputs=["topic"]) if i.rule == "input-missing"
    ] == ["{audience}", "{current_year}"]


def test_output_model_names_that_clash() -> None:
    schema = {"type": "object", "properties": {"x": {"type": "string"}}}
    a = agent("worker")
    b = bundle(
        [a],
        [
            task("report", a, 0, output_json_schema=schema),
            task("other", a, 1, output_pydantic_schema="ReportOutput"),
        ],
    )
    assert ("error", "name-clash", "other", "output_pydantic_schema") in found(b)
    c = bundle([a], [task("one", a, 0, output_pydantic_schema="Agent")])
    assert ("error", "name-clash", "one", "output_pydantic_schema") in found(c)
    same = bundle(
        [a],
        [
            task("one", a, 0, output_pydantic_schema="Report"),
            task("two", a, 1, output_pydantic_schema="Report"),
        ],
    )
    assert "name-clash" not in rules(same)


def test_file_knowledge_sources_must_be_copied() -> None:
    a = agent("reader", knowledge_sources=[{"type": "pdf", "file_paths": ["terms.pdf"]}])
    issues = [
        i for i in lint_bundle(bundle([a], [task("job", a, 0)])) if i.rule == "knowledge-files"
    ]
    assert len(issues) == 1 and "terms.pdf" in issues[0].message
    assert "knowledge-files" not in rules(simple())


def test_every_rule_is_documented_with_its_severity() -> None:
    import inspect
    import re

    from crewtui.domain import taskgraph
    from crewtui.interop import lint, lint_rules

    doc = lint.__doc__ or ""
    errors_part, warnings_part = doc.split("\nwarnings\n")
    emitted = re.findall(r'_i\("(error|warning)",\s*"([a-z-]+)"', inspect.getsource(lint_rules))
    assert emitted
    for severity, rule in emitted:
        assert f"``{rule}``" in (errors_part if severity == "error" else warnings_part), rule
    for rule in re.findall(
        r'"(context-[a-z]+|async-[a-z]+|agent-[a-z-]+)"', inspect.getsource(taskgraph)
    ):
        assert f"``{rule}``" in errors_part, rule
    assert "``bounds``" in errors_part


@pytest.mark.parametrize("name", ["crewai", "class", "json"])
def test_crew_names_that_make_an_unusable_package(name: str) -> None:
    b = simple()
    b.crew = b.crew.updated({"crew_name": name})
    assert ("error", "package-name", name, "crew_name") in found(b)
    assert "package-name" not in rules(simple())
