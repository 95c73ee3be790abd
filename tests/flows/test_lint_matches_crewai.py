"""What the check marks is what the newest crewai refuses or what fails or never happens when
the flow runs: flows of expression methods (no model involved) are written out and kicked
off by crewai itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.flow import Flow
from crewtui.domain.flow_lint import lint_flow
from crewtui.interop.export.yamlio import dump_yaml
from crewtui.interop.flows.export import FlowSources, flow_document
from tests.compat.crewai_env import offline_env, require_latest_crewai


def expr(e: str) -> dict[str, Any]:
    return {"call": "expression", "expr": e}


CASES: dict[str, list[dict[str, Any]]] = {
    "good": [
        {"name": "a", "start": True, "do": expr("state.n")},
        {
            "name": "route",
            "listen": "a",
            "router": True,
            "emit": ["big", "small"],
            "do": expr("state.n > 1 ? 'big' : 'small'"),
        },
        {"name": "b", "listen": "big", "do": expr("outputs.a")},
        {"name": "c", "listen": {"and": ["a", "b"]}, "do": expr("1")},
    ],
    "unknown_trigger": [
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "listen": "nobody_emits_this", "do": expr("2")},
    ],
    "unreachable": [
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "listen": "c", "do": expr("2")},
        {"name": "c", "listen": "b", "do": expr("3")},
    ],
    "cycle": [
        {"name": "a", "start": True, "do": expr("1")},
        {"name": "b", "listen": {"or": ["a", "c"]}, "do": expr("2")},
        {"name": "c", "listen": "b", "do": expr("3")},
    ],
    "self_listen": [
        {"name": "a", "start": True, "listen": "a", "do": expr("1")},
    ],
    "unknown_root": [
        {"name": "a", "start": True, "do": expr("env.HOME")},
    ],
    "unknown_state": [
        {"name": "a", "start": True, "do": expr("state.missing.size()")},
    ],
}


def write(tmp: Path, name: str, methods: list[dict[str, Any]]) -> tuple[Path, list[str]]:
    flow = Flow.model_construct(
        flow_key=name,
        name="Case",
        description=None,
        flow_definition={
            "state": {"schema": {"type": "object", "properties": {"n": {}}}, "default": {"n": 2}},
            "methods": methods,
            "config": {"max_method_calls": 20},
        },
    )
    codes = [p.code for p in lint_flow(flow.definition) if p.severity == "error"]
    path = tmp / f"{name}.yaml"
    path.write_text(dump_yaml(flow_document(flow, FlowSources())))
    return path, codes


@pytest.mark.crewai
@pytest.mark.slow
def test_every_marked_problem_is_one_crewai_has(tmp_path: Path) -> None:
    files = {name: write(tmp_path, name, methods) for name, methods in CASES.items()}
    proc = subprocess.run(
        [
            str(require_latest_crewai()),
            str(Path(__file__).parent / "kick_flow.py"),
            *(str(p) for p, _ in files.values()),
        ],
        env={**offline_env(tmp_path), "CREWAI_TRACING_ENABLED": "false"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    got = {
        Path(d["path"]).stem: d
        for d in (
            json.loads(ln[len("KICKED ") :])
            for ln in proc.stdout.splitlines()
            if ln.startswith("KICKED ")
        )
    }
    # the check
    assert files["good"][1] == []
    for name in CASES:
        if name != "good":
            assert name in files[name][1], (name, files[name][1])
    # crewai
    assert got["good"]["error"] is None and got["good"]["ran"] == ["a", "b", "c", "route"]
    assert got["unknown_trigger"]["error"] is None and got["unknown_trigger"]["ran"] == ["a"]
    assert got["unreachable"]["ran"] == ["a"]
    # a loop without a router: crewai runs each method once and silently stops
    assert got["cycle"]["error"] is None and got["cycle"]["ran"] == ["a", "b", "c"]
    assert got["self_listen"]["error"] and "listen" in got["self_listen"]["error"]
    assert got["unknown_root"]["error"] and "env" in got["unknown_root"]["error"]
    assert got["unknown_state"]["error"], got["unknown_state"]
