"""Reading a ``crewai.flow/v1`` document (YAML or JSON) into a flow and the crews it runs.

Nothing is run: the document is parsed with the import's YAML loader (within its limits) and
the crews are read by the project readers: ``from_declaration`` names a JSON-first crew
folder or file inside the definition's folder, ``with`` holds the crew inline. Methods keep
their triggers; actions become crewtui's (a crew is kept under its name and run by it; an
inline agent, a tool reference, an expression and ``each`` keep their text); a
``human_feedback`` step becomes a feedback action (the method's own action is then dropped,
with a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..importer.errors import Issue, ProjectInvalid, issue
from ..importer.files import read_project_text
from ..importer.reader import read_project
from ..importer.spec import ProjectSpec
from ..yamlload import YamlProblem, load_yaml
from .inline import InlineCrewReader

SCHEMA = "crewai.flow/v1"


@dataclass
class FlowImport:
    """A flow read from files: its record values and the crews it runs."""

    values: dict[str, Any]
    crews: list[ProjectSpec] = field(default_factory=list)
    #: inline agents of ``call: agent``, kept as agents: key -> values
    agents: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)


def flow_key_of(name: str) -> str:
    """``ResearchReviewFlow`` -> ``research-review-flow``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name.strip())
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "flow"


def state_of(state: Any) -> dict[str, Any]:
    if not isinstance(state, dict):
        return {"schema": {"type": "object", "properties": {}}, "default": {}}
    got_default, got_schema = state.get("default"), state.get("json_schema")
    default: dict[str, Any] = dict(got_default) if isinstance(got_default, dict) else {}
    schema = dict(got_schema) if isinstance(got_schema, dict) else None
    if schema is None:
        schema = {"type": "object", "properties": {k: {} for k in default}}
    return {"schema": schema, "default": default}


class _Reader:
    def __init__(self, path: Path, root: Path, flow_key: str | None) -> None:
        self.path = path
        self.root = root
        self.flow_key = flow_key or ""
        self.out = FlowImport(values={})
        self.errors: list[Issue] = []
        self.lines: dict[tuple[str, str], int] = {}

    def err(self, line: int, message: str) -> None:
        self.errors.append(issue(self.path, line, message, root=self.root))

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(issue(self.path, line, message, root=self.root))

    def crew(self, method: str, action: dict[str, Any], line: int) -> dict[str, Any] | None:
        spec: ProjectSpec
        if isinstance(action.get("from_declaration"), str):
            target = (self.path.parent / action["from_declaration"]).resolve()
            if not target.is_relative_to(self.root.resolve()):
                self.err(line, f"{method}: crew declaration {target} is outside the folder")
                return None
            spec = read_project(target)
        elif isinstance(action.get("with"), dict):
            data = action["with"]
            name = data.get("name") if isinstance(data.get("name"), str) else None
            spec = InlineCrewReader(self.path.parent, self.path, line).read_inline(
                data, name or f"{self.flow_key}-{method}".replace("_", "-")
            )
        else:
            self.err(line, f"{method}: a crew action needs from_declaration or with")
            return None
        self.out.crews.append(spec)
        self.out.warnings += spec.warnings
        inputs = {**spec.inputs, **(action.get("inputs") or {})}
        if isinstance(action.get("with"), dict):
            inputs = {**(action["with"].get("inputs") or {}), **(action.get("inputs") or {})}
        return {"call": "crew", "crew": spec.crew.name, "inputs": inputs}

    def action(self, method: str, action: Any, line: int) -> dict[str, Any] | None:
        if not isinstance(action, dict):
            self.err(line, f"{method}: do must be an action")
            return None
        call = action.get("call")
        if call == "crew":
            return self.crew(method, action, line)
        if call == "agent" and isinstance(action.get("with"), dict):
            data = dict(action["with"])
            key = f"{self.flow_key}-{method}".replace("_", "-")[:100]
            text = data.pop("input", "")
            llm = data.get("llm")
            self.out.agents[key] = {
                "agent_key": key,
                "name": str(data.get("role") or key)[:200],
                "role": data.get("role") or key,
                "goal": data.get("goal") or "",
                "backstory": data.get("backstory") or "",
                **({"llm_model": llm} if isinstance(llm, str) else {}),
            }
            return {
                "call": "agent",
                "agent": key,
                "input": text if isinstance(text, str) else str(text),
            }
        if call == "tool" and isinstance(action.get("ref"), str):
            return {"call": "tool", "tool": action["ref"], "args": action.get("with") or {}}
        if call == "expression" and isinstance(action.get("expr"), str):
            return {"call": "expression", "expr": action["expr"]}
        if call == "each" and isinstance(action.get("do"), list):
            steps = []
            for step in action["do"]:
                if not isinstance(step, dict):
                    continue
                inner = self.action(method, step.get("action"), line)
                if inner is not None:
                    entry = {"name": step.get("name"), "action": inner}
                    if step.get("if"):
                        entry["if"] = step["if"]
                    steps.append(entry)
            return {"call": "each", "in": action.get("in"), "steps": steps}
        if call in ("code", "script"):
            self.warn(
                line, f"{method}: '{call}' actions run Python; kept as the expression 'state'"
            )
            return {"call": "expression", "expr": "state"}
        self.err(line, f"{method}: unknown action {call!r}")
        return None

    def method(self, name: str, data: Any, line: int) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.err(line, f"method '{name}' must be a mapping")
            return None
        out: dict[str, Any] = {"name": name}
        if isinstance(data.get("description"), str):
            out["description"] = data["description"]
        start = data.get("start")
        if start not in (None, False, True):
            self.warn(line, f"{name}: a conditional start is kept as a plain start")
        out["start"] = bool(start)
        if data.get("listen") is not None:
            out["listen"] = data["listen"]
        out["router"] = bool(data.get("router"))
        out["emit"] = list(data.get("emit") or [])
        do = self.action(name, data.get("do"), line)
        if do is None:
            return None
        fb = data.get("human_feedback")
        if isinstance(fb, dict):
            if do.get("call") != "expression":
                self.warn(line, f"{name}: the action before human feedback is not kept")
            do = {
                "call": "feedback",
                "message": fb.get("message") or "",
                "show": do.get("expr", "state"),
                "emit": list(fb.get("emit") or []),
                "default_outcome": fb.get("default_outcome"),
                "llm": fb.get("llm") if isinstance(fb.get("llm"), str) else None,
            }
            if do["emit"]:
                out["router"], out["emit"] = False, []
        out["do"] = do
        return out

    def read(self) -> FlowImport:
        text = read_project_text(self.path, self.root)
        try:
            loaded = load_yaml(text)
        except YamlProblem as exc:
            raise ProjectInvalid(
                [issue(self.path, exc.line, exc.message, root=self.root)]
            ) from None
        doc = loaded.data
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            raise ProjectInvalid(
                [
                    issue(
                        self.path, 1, f"is not a flow definition (schema: {SCHEMA})", root=self.root
                    )
                ]
            )
        name = doc.get("name")
        if not isinstance(name, str) or not name:
            self.err(loaded.key_lines.get("name", 1), "name is required")
            name = "Flow"
        self.flow_key = self.flow_key or flow_key_of(name)
        got_methods = doc.get("methods")
        methods: dict[str, Any] = dict(got_methods) if isinstance(got_methods, dict) else {}
        out_methods = []
        for mname, mdata in methods.items():
            line = loaded.field_lines.get(("methods", str(mname)), 0)
            m = self.method(str(mname), mdata, line)
            if m is not None:
                out_methods.append(m)
        if self.errors:
            raise ProjectInvalid(self.errors)
        got_config = doc.get("config")
        config: dict[str, Any] = dict(got_config) if isinstance(got_config, dict) else {}
        definition: dict[str, Any] = {"state": state_of(doc.get("state")), "methods": out_methods}
        if isinstance(config.get("max_method_calls"), int):
            definition["config"] = {"max_method_calls": config["max_method_calls"]}
        self.out.values = {
            "flow_key": self.flow_key,
            "name": name,
            "description": doc.get("description")
            if isinstance(doc.get("description"), str)
            else None,
            "flow_definition": definition,
        }
        return self.out


def read_definition(
    path: Path, *, root: Path | None = None, flow_key: str | None = None
) -> FlowImport:
    """The flow in the ``crewai.flow/v1`` file ``path`` (files read only inside ``root``,
    by default the file's folder); ProjectInvalid names the file and line of each problem."""
    path = Path(path)
    return _Reader(path, root or path.parent, flow_key).read()
