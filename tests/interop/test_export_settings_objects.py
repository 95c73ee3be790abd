"""The crewai settings the export writes as objects or code: the crew's knowledge sources and
embedder, kickoff hooks, conditional tasks, response models and a task's crewai name, in the
YAML project of each release and in the JSON-first project of the newest."""

from __future__ import annotations

import ast
from typing import Any
from uuid import uuid4

import pytest
import yaml

from crewtui.domain.bundle import KnowledgeItem
from crewtui.interop.export import render_project
from crewtui.interop.releases import NEWEST, OLDEST, Release

from .bundles import agent, bundle, simple, task
from .hooks_bundle import EMBEDDER, hooks_bundle
from .test_export_render import jsonc

CREW_PY = "src/test_crew/crew.py"
RELEASES = pytest.mark.parametrize("target", [OLDEST, NEWEST], ids=["1.3", "latest"])


def _methods(source: str) -> dict[str, tuple[list[str], ast.FunctionDef]]:
    """Methods of the crew class: name -> (decorator names, node)."""
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    out: dict[str, tuple[list[str], ast.FunctionDef]] = {}
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            names = [d.id for d in node.decorator_list if isinstance(d, ast.Name)]
            out[node.name] = (names, node)
    return out


def _call_kwargs(node: ast.FunctionDef) -> tuple[str, dict[str, str]]:
    """The class a method returns and its keyword arguments (as source)."""
    ret = next(n for n in ast.walk(node) if isinstance(n, ast.Return))
    assert isinstance(ret.value, ast.Call) and isinstance(ret.value.func, ast.Name)
    return ret.value.func.id, {
        k.arg: ast.unparse(k.value) for k in ret.value.keywords if k.arg is not None
    }


@RELEASES
def test_yaml_crew_class_has_the_hooks_the_condition_and_the_response_model(
    target: Release,
) -> None:
    files = render_project(hooks_bundle(), format="yaml", target=target)
    methods = _methods(files[CREW_PY])
    assert methods["prepare_inputs"][0] == ["before_kickoff"]
    assert methods["log_start"][0] == ["before_kickoff"]
    assert methods["publish_result"][0] == ["after_kickoff"]
    assert "return hooks.prepare_inputs(inputs)" in ast.unparse(methods["prepare_inputs"][1])
    assert "return hooks.publish_result(output)" in ast.unparse(methods["publish_result"][1])
    cls, kw = _call_kwargs(methods["check"][1])
    assert (cls, kw["condition"]) == ("ConditionalTask", "conditions.needs_check")
    cls, kw = _call_kwargs(methods["research"][1])
    assert (cls, kw["response_model"]) == ("Task", "Findings")
    cls, kw = _call_kwargs(methods["crew"][1])
    assert kw["embedder"] == "EMBEDDER"
    assert kw["knowledge_sources"].count("StringKnowledgeSource(") == 2
    assert "The market grew 4% last year." in kw["knowledge_sources"]
    source = files[CREW_PY]
    assert "from crewai.tasks.conditional_task import ConditionalTask" in source
    assert "from test_crew import conditions" in source
    assert "from test_crew import hooks" in source
    assert "from test_crew.models import Findings" in source
    assert (
        "from crewai.project import CrewBase, after_kickoff, agent, before_kickoff, crew, llm, "
        "task" in source
    )


@RELEASES
def test_yaml_task_keeps_its_crewai_name_beside_its_key(target: Release) -> None:
    files = render_project(hooks_bundle(), format="yaml", target=target)
    tasks = yaml.safe_load(files["src/test_crew/config/tasks.yaml"])
    assert tasks["research"]["name"] == "Market research"
    assert "name" not in tasks["check"] and "name" not in tasks["write"]
    # the method keeps the key, so context still names it
    assert tasks["check"]["context"] == ["research"]


def test_generated_modules_hold_stubs_to_complete() -> None:
    files = render_project(hooks_bundle(), format="yaml")
    hooks = files["src/test_crew/hooks.py"]
    conditions = files["src/test_crew/conditions.py"]
    models = files["src/test_crew/models.py"]
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    defs = {n.name: n for n in ast.parse(hooks).body if isinstance(n, ast.FunctionDef)}
    assert list(defs) == ["prepare_inputs", "log_start", "publish_result"]
    assert [a.arg for a in defs["publish_result"].args.args] == ["output"]
    assert "NotImplementedError" in ast.unparse(defs["prepare_inputs"])
    cond = [n for n in ast.parse(conditions).body if isinstance(n, ast.FunctionDef)]
    assert [(c.name, ast.unparse(c.returns) if c.returns else None) for c in cond] == [
        ("needs_check", "bool")
    ]
    assert "class Findings(BaseModel)" in models and models.count("class Findings") == 1
    readme = files["README.md"]
    assert "kickoff hook `publish_result` in `hooks.py`" in readme
    assert "task condition `needs_check` in `conditions.py`" in readme


def test_json_crew_file_references_the_same_objects() -> None:
    files = render_project(hooks_bundle(), format="json", target=NEWEST)
    crew = jsonc(files["crew.jsonc"])
    assert crew["knowledge_sources"] == {"python": "knowledge.crew_sources"}
    assert crew["embedder"] == EMBEDDER
    assert crew["before_kickoff_callbacks"] == [
        {"python": "hooks.prepare_inputs"},
        {"python": "hooks.log_start"},
    ]
    assert crew["after_kickoff_callbacks"] == [{"python": "hooks.publish_result"}]
    tasks = {t["name"]: t for t in crew["tasks"]}
    assert tasks["check"]["type"] == "ConditionalTask"
    assert tasks["check"]["condition"] == {"python": "conditions.needs_check"}
    assert "type" not in tasks["research"]
    assert tasks["research"]["response_model"] == {"python": "models.Findings"}
    # crew.jsonc names a task by its key: crewai's other name for it is not written
    assert list(tasks) == ["research", "check", "write"]
    assert "Market research" not in files["crew.jsonc"]
    assert "crew_sources = [" in files["knowledge.py"]
    for name in ("hooks.py", "conditions.py", "models.py", "knowledge.py"):
        compile(files[name], name, "exec")
    assert "hooks.py" in files and "conditions.py" in files


def test_a_crew_without_these_settings_renders_as_before() -> None:
    files = render_project(simple(), format="yaml")
    assert not any(p.endswith(("hooks.py", "conditions.py")) for p in files)
    source = files[CREW_PY]
    assert "ConditionalTask" not in source and "kickoff" not in source.split("class", 1)[1]
    assert "from typing import Any" not in source


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_crew_embedder_without_memory_is_defined_and_written(fmt: Any) -> None:
    """The crew's own embedder (no member memory): crew.py defines what it passes."""
    b = simple()
    b.crew = b.crew.updated({"crewai_settings": {"embedder": {"provider": "ollama"}}})
    files = render_project(b, format=fmt, target=NEWEST)
    if fmt == "yaml":
        source = files[CREW_PY]
        assign = next(
            n
            for n in ast.parse(source).body
            if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "EMBEDDER"
        )
        namespace = {"EMBEDDER": ast.literal_eval(assign.value)}
        assert namespace["EMBEDDER"] == {"provider": "ollama", "config": {}}
        assert "embedder=EMBEDDER" in source
    else:
        assert jsonc(files["crew.jsonc"])["embedder"] == {"provider": "ollama", "config": {}}


def test_crew_knowledge_by_title_uses_the_knowledge_entry() -> None:
    b = simple()
    note = KnowledgeItem(uuid4(), None, "pricing", "Prices are in euros.")
    b = bundle(
        list(b.members),
        list(b.tasks),
        knowledge=[note],
        crewai_settings={
            "knowledge_sources": ["pricing", {"type": "text_file", "file_paths": ["a.txt"]}]
        },
    )
    files = render_project(b, format="yaml")
    crew = _call_kwargs(_methods(files[CREW_PY])["crew"][1])[1]
    assert "StringKnowledgeSource(content='Prices are in euros.')" in crew["knowledge_sources"]
    assert "TextFileKnowledgeSource(file_paths=['a.txt'])" in crew["knowledge_sources"]
    assert "- `a.txt`" in files["knowledge/README.md"]


def test_response_model_of_a_schema_task_reuses_the_generated_class() -> None:
    """A response model named after a class generated from a task's schema is that class,
    written with ``Optional[...]``: crewai 1.3's converter cannot read ``X | None``."""
    lead = agent("lead")
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
    }
    first = task("research", lead, 0, output_json_schema=schema)
    second = task("write", lead, 1, crewai_settings={"response_model": "ResearchOutput"})
    files = render_project(bundle([lead], [first, second]), format="yaml")
    models = files["src/test_crew/models.py"]
    assert models.count("class ResearchOutput(BaseModel)") == 1
    assert "tags: Optional[list[str]] = None" in models and "| None" not in models
    kw = _call_kwargs(_methods(files[CREW_PY])["write"][1])[1]
    assert kw["response_model"] == "ResearchOutput"
