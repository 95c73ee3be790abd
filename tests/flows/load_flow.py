"""Load exported flow projects the way ``crewai run`` does, and describe them as JSON.

Run by the crewai (newest release) virtualenv's Python, never by crewtui's::

    python load_flow.py PROJECT_DIR [PROJECT_DIR...]

For each project (or a definition file on its own): reads ``[tool.crewai]`` from
pyproject.toml, loads the definition with
``FlowDefinition.from_declaration``, builds the runnable flow with ``Flow.from_declaration``
and loads every crew declaration a crew action names with ``load_crew`` (agents, tasks and
LLM objects are built; nothing is kicked off). Prints one ``LOADED {json}`` line per project.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any


def load(project: Path) -> dict[str, Any]:
    from crewai.flow.flow import Flow
    from crewai.flow.flow_definition import FlowDefinition
    from crewai.flow.runtime._actions import _resolve_crew_declaration
    from crewai.project.crew_loader import load_crew, load_crew_from_definition

    if project.is_dir():
        config = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["crewai"]
        assert config["type"] == "flow", config
        path = project / config["definition"]
    else:
        path = project  # a definition file on its own
    definition = FlowDefinition.from_declaration(path=path)
    flow = Flow.from_declaration(path=path)
    crews: dict[str, Any] = {}
    methods: dict[str, Any] = {}
    for name, method in definition.methods.items():
        action = method.do
        methods[name] = {
            "call": action.call,
            "start": method.is_start,
            "listen": method.listen,
            "router": method.router,
            "emit": method.emit,
            "human_feedback": method.human_feedback is not None,
        }
        steps = [s.action for s in action.do] if action.call == "each" else [action]
        for step in steps:
            if step.call != "crew":
                continue
            if step.from_declaration:
                crew, _defaults = load_crew(
                    _resolve_crew_declaration(step.from_declaration, base_dir=path.parent)
                )
            else:
                crew, _defaults = load_crew_from_definition(step.with_)
            crews[name] = {
                "agents": [a.role for a in crew.agents],
                "tasks": [t.name for t in crew.tasks],
                "inputs": step.inputs,
            }
    return {
        "name": definition.name,
        "flow_class": type(flow).__name__,
        "state": definition.state.type if definition.state else None,
        "methods": methods,
        "crews": crews,
    }


def main() -> None:
    for arg in sys.argv[1:]:
        print("LOADED " + json.dumps({"project": arg, **load(Path(arg))}, default=str))


if __name__ == "__main__":
    main()
