"""render_project: what the files say, and that stored text cannot break or inject code."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
import yaml
from pydantic import ValidationError

from crewtui.domain.bundle import KnowledgeItem
from crewtui.domain.catalog import MemoryConfig, Tool
from crewtui.interop.export import render_project
from crewtui.interop.pyliteral import py_literal

from .bundles import agent, bundle, simple, task

HOSTILE = (
    'He said "stop" and \'left\'.\n"""\n{{ config.__class__ }} {% raw %} {#\n'
    "'); import os; os.system('x') #\n\\n\\x00 trailing \\\n{topic} {{topic}} }}"
)


def jsonc(text: str) -> Any:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return json.loads(body)


def strings_in(source: str) -> set[str]:
    return {
        n.value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_render_is_deterministic_and_sorted() -> None:
    for fmt in ("yaml", "json"):
        first = render_project(simple(), format=fmt)
        assert first == render_project(simple(), format=fmt)
        assert list(first) == sorted(first)


def test_every_python_file_compiles() -> None:
    b = _rich_bundle()
    for fmt in ("yaml", "json"):
        for path, text in render_project(b, format=fmt).items():
            if path.endswith(".py"):
                compile(text, path, "exec")


def _rich_bundle() -> Any:
    search = Tool(
        id=uuid4(),
        tool_key="web_search",
        name="Web search",
        tool_class="SerperDevTool",
        config={"n_results": 3, "api_key_env": "SERPER_API_KEY", "bogus": 1},
    )
    inhouse = Tool(
        id=uuid4(),
        tool_key="crm",
        name="CRM",
        tool_class="acme.Crm",
        description=HOSTILE,
        config={"region": "eu", "api_key_env": "CRM_KEY"},
    )
    mem = MemoryConfig(
        id=uuid4(),
        name="m",
        storage_type="file",
        embedder_model="text-embedding-3-large",
        embedder_dimensions=256,
    )
    a = agent(
        "lead-analyst",
        tools=["web_search", "crm"],
        backstory=HOSTILE,
        temperature=Decimal("0.25"),
        max_tokens=900,
        memory_enabled=True,
        memory_config_id=mem.id,
        step_callback_url="https://hooks.example.com/s?a='1'&b=\"2\"",
        knowledge_sources=["Terms", {"type": "string", "content": HOSTILE}],
        max_rpm=0,
        max_execution_time=0,
        inject_date=True,
        date_format="DD.MM.YYYY",
        function_calling_llm="gpt-4o-mini",
    )
    w = agent(
        "writer", temperature=None, max_tokens=None, llm_model="anthropic/claude-3-5-haiku-20241022"
    )
    item = KnowledgeItem(id=uuid4(), agent_id=a.id, title="Terms", content="Net 30")
    schema = {
        "type": "object",
        "description": HOSTILE,
        "properties": {
            "total": {"type": "number", "description": HOSTILE},
            "items": {
                "type": "array",
                "items": {"type": "object", "properties": {"name": {"type": "string"}}},
            },
            "class": {"type": ["string", "null"]},
            "meta": {"type": "object"},
        },
        "required": ["total"],
    }
    t1 = task(
        "research",
        a,
        0,
        context=[],
        description=HOSTILE,
        output_json_schema=schema,
        callback_url="https://hooks.example.com/t",
        guardrail_function="check_totals",
        tools=["ScrapeWebsiteTool"],
    )
    t2 = task(
        "write",
        w,
        1,
        context=[t1],
        output_pydantic_schema="Report",
        guardrail_function=HOSTILE,
        output_file="out/{topic}.md",
        create_directory=True,
    )
    t3 = task("summary", w, 2, async_execution=True)
    return bundle(
        [a, w],
        [t1, t2, t3],
        tools=[search, inhouse],
        memory_configs=[mem],
        knowledge=[item],
        memory_enabled=True,
        max_rpm=10,
        step_callback_url="https://hooks.example.com/crew",
        task_callback_url="https://hooks.example.com/task",
        planning_enabled=True,
        planning_llm="gpt-4o",
        output_log_file="logs/{x}.log",
        prompt_file_path="prompts.json",
    )


def test_hostile_text_survives_yaml_export_exactly() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    agents = yaml.safe_load(files["src/test_crew/config/agents.yaml"])
    tasks = yaml.safe_load(files["src/test_crew/config/tasks.yaml"])
    assert agents["lead_analyst"]["backstory"] == HOSTILE
    assert tasks["research"]["description"] == HOSTILE
    assert tasks["write"]["guardrail"] == HOSTILE
    crew_py = files["src/test_crew/crew.py"]
    assert HOSTILE in strings_in(crew_py)  # the knowledge source content, as one string constant
    assert HOSTILE in strings_in(files["src/test_crew/tools/crm.py"])
    models = files["src/test_crew/models.py"]
    assert HOSTILE in strings_in(models)
    # nothing but imports, assignments, classes and functions at module level
    for path, text in files.items():
        if path.endswith(".py"):
            for node in ast.parse(text).body:
                assert isinstance(
                    node,
                    (
                        ast.Import,
                        ast.ImportFrom,
                        ast.Assign,
                        ast.AnnAssign,
                        ast.ClassDef,
                        ast.FunctionDef,
                        ast.Expr,
                        ast.If,
                    ),
                ), (path, ast.dump(node)[:80])


def test_hostile_text_survives_json_export_exactly() -> None:
    files = render_project(_rich_bundle(), format="json")
    agent_file = jsonc(files["agents/lead_analyst.jsonc"])
    crew = jsonc(files["crew.jsonc"])
    assert agent_file["backstory"] == HOSTILE
    assert crew["tasks"][0]["description"] == HOSTILE
    assert HOSTILE in strings_in(files["knowledge.py"])


def test_yaml_agent_mapping() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    a = yaml.safe_load(files["src/test_crew/config/agents.yaml"])["lead_analyst"]
    assert a["llm"] == "lead_analyst_llm"
    assert a["function_calling_llm"] == "openai/gpt-4o-mini"
    assert a["date_format"] == "%d.%m.%Y"
    # crewai's defaults are left out: cache on, no reasoning, not multimodal
    assert "cache" not in a and "reasoning" not in a and "multimodal" not in a
    assert "max_rpm" not in a and "max_execution_time" not in a  # 0 = no limit = crewai's unset
    for not_crewai in (
        "name",
        "temperature",
        "max_tokens",
        "memory",
        "memory_enabled",
        "cache_enabled",
        "id",
        "agent_key",
    ):
        assert not_crewai not in a
    w = yaml.safe_load(files["src/test_crew/config/agents.yaml"])["writer"]
    assert w["llm"] == "anthropic/claude-3-5-haiku-20241022"
    crew_py = files["src/test_crew/crew.py"]
    assert "return LLM(model='openai/gpt-4o-mini', temperature=0.25, max_tokens=900)" in crew_py
    assert "def writer_llm" not in crew_py


def test_yaml_task_mapping() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    tasks = yaml.safe_load(files["src/test_crew/config/tasks.yaml"])
    assert list(tasks) == ["research", "write", "summary"]
    assert tasks["research"]["context"] == [] and tasks["write"]["context"] == ["research"]
    assert "context" not in tasks["summary"]  # unset = all earlier outputs
    assert tasks["write"]["agent"] == "writer"
    assert "guardrail" not in tasks["research"]  # a function name: passed in crew.py
    # create_directory is on, crewai's default: left out
    assert tasks["write"]["output_file"] == "out/{topic}.md"
    assert "create_directory" not in tasks["write"]
    crew_py = files["src/test_crew/crew.py"]
    assert "output_json=ResearchOutput" in crew_py and "output_pydantic=Report" in crew_py
    assert "guardrail=guardrails.check_totals" in crew_py
    assert "callback=callbacks.research_done" in crew_py
    assert "tools=[ScrapeWebsiteTool()]" in crew_py


def test_yaml_crew_settings() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    crew_py = files["src/test_crew/crew.py"]
    for expected in (
        "process=Process.sequential",
        "planning=True",
        "planning_llm='openai/gpt-4o'",
        "memory=True",
        "embedder=EMBEDDER",
        "max_rpm=10",
        "output_log_file='logs/{x}.log.txt'",
        "prompt_file='prompts.json'",
        "step_callback=callbacks.crew_step",
        "task_callback=callbacks.crew_task_done",
        "name='test-crew'",
    ):
        assert expected in crew_py, expected
    # crewai 1.3's defaults (cache on, not verbose, not shared) are left out
    for default in ("cache=", "verbose=", "share_crew="):
        assert default not in crew_py.split("def crew(")[1], default
    embedder = {
        "provider": "openai",
        "config": {"model_name": "text-embedding-3-large", "dimensions": 256},
    }
    assert f"EMBEDDER = {py_literal(embedder)}" in crew_py
    pyproject = files["pyproject.toml"]
    assert '"crewai[tools,anthropic]>=1.3.0,<1.4"' in pyproject
    assert files[".env.example"].splitlines()[1:] == [
        "CRM_KEY=",
        "OPENAI_API_KEY=",
        "SERPER_API_KEY=",
    ]


def test_tools_keep_only_arguments_the_class_takes() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    crew_py = files["src/test_crew/crew.py"]
    assert (
        "SerperDevTool(n_results=3)" in crew_py
    )  # bogus dropped, api_key_env read by the tool itself
    stub = files["src/test_crew/tools/crm.py"]
    assert (
        "class Crm(BaseTool):" in stub
        and "region: str = 'eu'" in stub
        and "raise NotImplementedError(TODO)" in stub
    )
    assert "from test_crew.tools.crm import Crm" in crew_py


def test_callbacks_post_to_the_stored_urls() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    cb = files["src/test_crew/callbacks.py"]
    assert "https://hooks.example.com/s?a='1'&b=\"2\"" in strings_in(cb)
    assert "lead_analyst_step = post_json(" in cb and "research_done = post_json(" in cb


def test_output_models_from_schemas() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    ns: dict[str, Any] = {"__name__": "generated_models"}
    exec(compile(files["src/test_crew/models.py"], "models.py", "exec", dont_inherit=True), ns)
    model = ns["ResearchOutput"]
    parsed = model.model_validate(
        {"total": 3.5, "items": [{"name": "a"}], "class": None, "meta": {"k": 1}}
    )
    assert parsed.total == 3.5 and parsed.items[0].name == "a" and parsed.class_ is None
    with pytest.raises(ValidationError):
        model.model_validate({"items": []})  # total is required
    assert ns["Report"].model_validate({"anything": 1}).model_extra == {"anything": 1}


def test_guardrail_stub_has_the_signature_crewai_checks() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    text = files["src/test_crew/guardrails.py"]
    assert "from __future__" not in text  # crewai inspects the real return annotation
    assert "def check_totals(output: TaskOutput) -> tuple[bool, Any]:" in text


def test_main_collects_inputs() -> None:
    files = render_project(_rich_bundle(), format="yaml")
    main = files["src/test_crew/main.py"]
    assert (
        "REQUIRED_INPUTS: tuple[str, ...] = ('topic',)" in main
    )  # output_log_file is not interpolated


def test_hierarchical_manager_is_a_plain_method() -> None:
    a = agent("worker")
    boss = agent("boss")
    b = bundle([a], [task("job", a, 0)], manager=boss)
    crew_py = render_project(b, format="yaml")["src/test_crew/crew.py"]
    tree = ast.parse(crew_py)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    methods = {
        f.name: [ast.unparse(d) for d in f.decorator_list]
        for f in cls.body
        if isinstance(f, ast.FunctionDef)
    }
    assert methods["boss"] == [] and methods["worker"] == ["agent"]
    assert "manager_agent=self.boss()" in crew_py and "agents=[self.worker()]" in crew_py
    b.crew = b.crew.updated({"manager_agent_id": None, "manager_llm": "gpt-4o"})
    crew_py = render_project(b, format="yaml")["src/test_crew/crew.py"]
    assert "manager_llm='openai/gpt-4o'" in crew_py and "manager_agent" not in crew_py


def test_sequential_crew_drops_manager_settings() -> None:
    b = simple()
    b.crew = b.crew.updated({"manager_llm": "openai/gpt-4o"})
    assert "manager" not in render_project(b, format="yaml")["src/test_crew/crew.py"]


def test_json_project_layout() -> None:
    files = render_project(_rich_bundle(), format="json")
    crew = jsonc(files["crew.jsonc"])
    assert crew["agents"] == ["lead_analyst", "writer"]
    assert [t["name"] for t in crew["tasks"]] == ["research", "write", "summary"]
    assert crew["tasks"][1]["context"] == ["research"]
    assert crew["tasks"][0]["output_json"] == {"python": "models.ResearchOutput"}
    assert crew["tasks"][0]["guardrail"] == {"python": "guardrails.check_totals"}
    assert crew["step_callback"] == {"python": "callbacks.crew_step"}
    assert crew["memory"] is True and crew["cache"] is True
    lead = jsonc(files["agents/lead_analyst.jsonc"])
    assert lead["llm"] == {"python": "llms.lead_analyst_llm"}
    assert lead["tools"] == ["custom:web_search", "custom:crm"]
    assert lead["settings"]["knowledge_sources"] == {"python": "knowledge.lead_analyst_sources"}
    assert (
        "class ConfiguredSerperDevTool(crewai_tools.SerperDevTool):" in files["tools/web_search.py"]
    )
    assert "lead_analyst_llm = LLM(" in files["llms.py"]
    pyproject = files["pyproject.toml"]
    assert '"crewai[tools,anthropic]>=1.15.30,<2"' in pyproject
    # crewai run hands the project to its JSON loader; no scripts point at a main module
    assert 'definition = "crew.jsonc"' in pyproject and "main:run" not in pyproject
    writer = jsonc(files["agents/writer.jsonc"])
    assert writer["llm"] == "anthropic/claude-3-5-haiku-20241022" and "tools" not in writer


def test_json_manager_is_not_in_the_agent_list() -> None:
    a, boss = agent("worker"), agent("boss")
    files = render_project(bundle([a], [task("job", a, 0)], manager=boss), format="json")
    crew = jsonc(files["crew.jsonc"])
    assert crew["agents"] == ["worker"] and crew["manager_agent"] == "boss"
    assert "agents/boss.jsonc" in files


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        render_project(simple(), format="toml")  # type: ignore[arg-type]


def test_stub_tool_classes_get_distinct_names() -> None:
    tools = [
        Tool(id=uuid4(), tool_key="alpha", name="A", tool_class="one.Tool"),
        Tool(id=uuid4(), tool_key="beta", name="B", tool_class="two.Tool"),
        Tool(id=uuid4(), tool_key="gamma", name="C", tool_class="three.Agent"),
    ]
    a = agent("worker", tools=["alpha", "beta", "gamma"])
    files = render_project(bundle([a], [task("job", a, 0)], tools=tools), format="yaml")
    crew_py = files["src/test_crew/crew.py"]
    assert "tools=[Tool(), BetaTool(), GammaTool()]" in crew_py
    assert "class GammaTool(BaseTool):" in files["src/test_crew/tools/gamma.py"]


def test_file_knowledge_sources_are_listed_in_the_knowledge_folder() -> None:
    a = agent("reader", knowledge_sources=[{"type": "pdf", "file_paths": ["terms.pdf"]}])
    for fmt in ("yaml", "json"):
        files = render_project(bundle([a], [task("job", a, 0)]), format=fmt)
        assert "- `terms.pdf`" in files["knowledge/README.md"]
    crew_py = render_project(bundle([a], [task("job", a, 0)]))["src/test_crew/crew.py"]
    assert "knowledge_sources=[PDFKnowledgeSource(file_paths=['terms.pdf'])]" in crew_py
    assert "from crewai.knowledge.source.pdf_knowledge_source import PDFKnowledgeSource" in crew_py
