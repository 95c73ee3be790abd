"""What the export writes so that a crew runs, and the lint rules that say so before a run."""

from __future__ import annotations

import ast
import json
from typing import Any

from crewtui.interop.export import render_project
from crewtui.interop.lint import lint_bundle
from crewtui.interop.lint_runtime import run_rules

from ..interop.bundles import agent, bundle, task


def _rules(issues: list[Any]) -> dict[str, str]:
    return {i.rule: i.severity for i in issues}


def _crew(**crew: Any) -> Any:
    a = agent("writer", **crew.pop("agent", {}))
    t = task("write", a, 0, context=[], **crew.pop("task", {}))
    return bundle([a], [t], **crew)


def test_log_file_gets_the_name_crewai_uses_and_its_folder() -> None:
    b = _crew(output_log_file="logs/run.log")
    for fmt in ("yaml", "json"):
        files = render_project(b, format=fmt)
        assert "logs/.gitkeep" in files
        text = "\n".join(files.values())
        assert "logs/run.log.txt" in text and "logs/run.log'" not in text
    assert _rules(lint_bundle(b))["log-name"] == "warning"
    kept = _crew(output_log_file="logs/run.txt")
    assert "log-name" not in _rules(lint_bundle(kept))


def test_log_outside_the_project_is_an_error() -> None:
    for path in ("/var/log/crew.txt", "../logs/crew.txt", "~/crew.txt"):
        b = _crew(output_log_file=path)
        assert _rules(lint_bundle(b))["log-folder"] == "error", path
        assert not any(p.endswith(".gitkeep") for p in render_project(b, format="yaml"))
    assert "log-folder" not in _rules(lint_bundle(_crew(output_log_file="crew.txt")))


def test_response_template_without_a_stop_text_is_left_out() -> None:
    b = _crew(agent={"response_template": "{{ .Response }}"})
    for fmt in ("yaml", "json"):
        text = "\n".join(render_project(b, format=fmt).values())
        assert "response_template" not in text
    assert _rules(lint_bundle(b))["response-template"] == "warning"
    good = _crew(agent={"response_template": "{{ .Response }}<|end|>"})
    assert "response_template" in "\n".join(render_project(good, format="yaml").values())
    assert "response-template" not in _rules(lint_bundle(good))


def test_output_models_use_typing_names_crewai_13_reads() -> None:
    schema = {
        "type": "object",
        "properties": {
            "notes": {"type": "array", "items": {"type": "string"}},
            "either": {"type": ["string", "integer"]},
            "total": {"type": "number"},
        },
        "required": ["total"],
    }
    b = _crew(task={"output_json_schema": schema})
    files = render_project(b, format="yaml")
    models = next(v for k, v in files.items() if k.endswith("models.py"))
    assert "notes: Optional[list[str]] = None" in models
    assert "either: Optional[Union[str, int]] = None" in models
    assert " | " not in models
    ast.parse(models)


def test_model_endpoint_reaches_llm_and_the_key_stays_a_name() -> None:
    b = _crew(
        agent={
            "llm_base_url": "http://127.0.0.1:11434/v1",
            "llm_api_key_env": "LOCAL_KEY",
            "llm_timeout": 30,
            "llm_top_p": "0.9",
            "llm_seed": 7,
            "llm_stop": ["END"],
            "temperature": None,
            "max_tokens": None,
        },
        process_type="hierarchical",
        manager_llm="openai/gpt-4o",
        llm_base_url="http://gateway.local/v1",
        llm_api_key_env="GATEWAY_KEY",
    )
    yaml_files = render_project(b, format="yaml")
    crew_py = yaml_files["src/test_crew/crew.py"]
    assert "import os" in crew_py
    assert (
        "LLM(model='openai/gpt-4o-mini', base_url='http://127.0.0.1:11434/v1', timeout=30, "
        "top_p=0.9, seed=7, stop=['END'], api_key=os.environ.get('LOCAL_KEY'))" in crew_py
    )
    assert (
        "manager_llm=LLM(model='openai/gpt-4o', base_url='http://gateway.local/v1', "
        "api_key=os.environ.get('GATEWAY_KEY'))" in crew_py
    )
    json_files = render_project(b, format="json")
    llms = json_files["llms.py"]
    assert "import os" in llms and "crew_manager_llm = LLM(" in llms
    body = [ln for ln in json_files["crew.jsonc"].splitlines() if not ln.startswith("//")]
    crew = json.loads("\n".join(body))
    assert crew["manager_llm"] == {"python": "llms.crew_manager_llm"}
    for files in (yaml_files, json_files):
        env = files[".env.example"]
        assert "LOCAL_KEY=" in env and "GATEWAY_KEY=" in env and "OPENAI_API_KEY" not in env
        for path, text in files.items():
            if path.endswith(".py"):
                compile(text, path, "exec")


def test_run_rules_know_the_runtime() -> None:
    schema = {"type": "object", "properties": {"gone": {"type": "null"}}}
    b = _crew(
        agent={"llm_model": "anthropic/claude-3-5-haiku", "llm_api_key_env": "CLAUDE_KEY"},
        task={"output_json_schema": schema},
    )
    on_13 = _rules(run_rules(b, crewai_version="1.3.0", modules=set(), environ={}))
    assert on_13 == {
        "output-model-converter": "error",
        "runtime-extra": "error",
        "api-key-missing": "error",
    }
    ready = run_rules(
        b, crewai_version="1.15.30", modules={"anthropic"}, environ={"CLAUDE_KEY": "x"}
    )
    assert ready == []
    openai = _crew()
    assert _rules(run_rules(openai, crewai_version="1.3.0", modules=set(), environ={})) == {
        "api-key-missing": "error"
    }
