"""Generated modules run under crewai 1.3.0 and the newest release (each generated for its
release) and build the agent that is stored.

All modules are built in one subprocess of the cached crewai virtualenv
(tests/compat/build_agent.py). Two stand-ins are reported by the runner and checked here:
LLM providers whose crewai extra is not installed there, and crewai_tools classes whose
optional dependencies are missing, are recorded with the arguments they were given.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.agent import Agent
from crewtui.domain.validators import to_strftime
from crewtui.interop.codegen import crewai_tool_class
from crewtui.interop.crewai_map import agent_model, llm_model_string
from crewtui.interop.crewai_tools_catalog import tools_for
from crewtui.interop.releases import NEWEST, OLDEST, Release
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo
from crewtui.services.deployments import Deployments, module_file_name
from tests.compat.crewai_env import offline_env, require_crewai, require_latest_crewai

from .conftest import basic_values, hostile_values

pytestmark = pytest.mark.crewai

RUNNER = Path(__file__).resolve().parents[1] / "compat" / "build_agent.py"


def _expected(
    agent: Agent, tool_classes: dict[str, str | None], target: Release = OLDEST
) -> dict[str, Any]:
    if target is NEWEST:
        # the newest release: reasoning is planning_config, code execution is gone
        return {
            **_expected(agent, tool_classes),
            "allow_code_execution": False,
            "code_execution_mode": "safe",
            "reasoning": False,
            "max_reasoning_attempts": None,
            "planning_attempts": (
                [agent.max_reasoning_attempts, True] if agent.reasoning_enabled else None
            ),
            "memory": agent.memory_enabled,
            "docker_check_skipped": False,
            "tools": [
                crewai_tool_class(t, tool_classes.get(t), tools_for("1.15")) or t
                for t in agent.tools
            ],
        }
    return {
        "role": agent.role,
        "goal": agent.goal,
        "backstory": agent.backstory,
        "max_rpm": agent.max_rpm or None,
        "max_iter": agent.max_iter,
        "max_execution_time": agent.max_execution_time or None,
        "max_retry_limit": agent.max_retry_limit,
        "allow_delegation": agent.allow_delegation,
        "allow_code_execution": agent.allow_code_execution,
        "code_execution_mode": agent.code_execution_mode,
        "respect_context_window": agent.respect_context_window,
        "cache": agent.cache_enabled,
        "reasoning": agent.reasoning_enabled,
        "max_reasoning_attempts": agent.max_reasoning_attempts,
        "system_template": agent.system_template,
        "prompt_template": agent.prompt_template,
        "response_template": agent.response_template,
        "inject_date": agent.inject_date,
        "date_format": to_strftime(agent.date_format) if agent.date_format else "%Y-%m-%d",
        "multimodal": agent.multimodal_enabled,
        "use_system_prompt": agent.use_system_prompt,
        "embedder": agent.embedder_config,
        "verbose": agent.verbose,
        "tools": [crewai_tool_class(t, tool_classes.get(t)) or t for t in agent.tools],
        "knowledge_contents": [
            k["content"] for k in agent.knowledge_sources if isinstance(k, dict)
        ],
        "step_callback": "step_callback" if agent.step_callback_url else None,
        "docker_check_skipped": agent.allow_code_execution,
    }


def _model(llm: dict[str, Any]) -> str:
    # crewai's native clients keep the model without its provider prefix
    if llm["substituted"]:
        return str(llm["model"])
    provider = llm.get("provider")
    if provider and "/" not in llm["model"] and provider != "openai":
        return f"{provider}/{llm['model']}"
    return llm_model_string(llm["model"])


@pytest.mark.parametrize("target", [OLDEST, NEWEST], ids=["1.3", "latest"])
def test_generated_demo_and_hostile_agents_build_under_crewai(
    tmp_path: Path, target: Release
) -> None:
    python = require_crewai() if target is OLDEST else require_latest_crewai()
    store = Store.open(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        services = Services(store)
        load_demo(services)
        services.create_agent(
            {
                **hostile_values(),
                "tools": ["web_search", "market_data"],
                "step_callback_url": "https://hooks.example.com/s?a=1&b='x'",
            }
        )
        # no model and no LLM settings: the module passes no llm, crewai picks its default
        services.create_agent(
            basic_values("no-model", llm_model=None, temperature=None, max_tokens=None)
        )
        deployments = Deployments(store)
        agents = {a.agent_key: services.get_agent(a.agent_key) for a in services.list_agents()}
        tool_classes = {t.tool_key: t.tool_class for t in services.list_tools()}
        out = tmp_path / "modules"
        out.mkdir()
        for key in agents:
            dep = deployments.generate(key, "alice", target=target)
            assert dep.deployment_status == "review_required", (
                key,
                dep.security_issues,
                dep.ast_validation_errors,
            )
            (out / module_file_name(key)).write_text(dep.generated_code)
    finally:
        store.dispose()
    assert len(agents) == 32

    done = subprocess.run(
        [str(python), str(RUNNER), *sorted(str(p) for p in out.iterdir())],
        capture_output=True,
        text=True,
        env=offline_env(tmp_path),
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    built = json.loads(done.stdout)
    assert len(built) == len(agents)
    for key, agent in agents.items():
        got = built[module_file_name(key)]
        assert "error" not in got, (key, got)
        want = _expected(agent, tool_classes, target)
        assert [k["content"] for k in got.pop("knowledge_sources")] == want.pop(
            "knowledge_contents"
        ), key
        for field, value in want.items():
            assert got[field] == value, (key, field, got[field], value)
        llm = got["llm"]
        assert _model(llm) == agent_model(agent), (key, llm)
        assert llm["temperature"] == (
            float(agent.temperature) if agent.temperature is not None else None
        ), key
        assert llm["max_tokens"] == agent.max_tokens, key
        if agent.function_calling_llm:
            assert _model(got["function_calling_llm"]) == llm_model_string(
                agent.function_calling_llm
            )
        else:
            assert got["function_calling_llm"] is None
    # the stand-ins are the exception, not the rule (the newest release runs more providers
    # without an extra)
    substituted = sum(built[module_file_name(k)]["llm"]["substituted"] for k in agents)
    others = sum(not agent_model(a).startswith("openai/") for a in agents.values())
    assert substituted == others if target is OLDEST else substituted <= others
