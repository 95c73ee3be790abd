"""From crewai arguments (and crewtui column names) to ``crewai_agents`` columns."""

from __future__ import annotations

import ast
from typing import Any

from ...domain.agent import Agent
from ...domain.fields import field_map
from ..params import llm_fields, scanner_columns, scanner_keywords, stored_value
from ..pyeval import Evaluator
from ..pysyntax import Unresolved, call_class_name, shown

#: crewai Agent arguments read into a column that is not their own declaration: crewai 1.3's
#: own ``max_tokens`` (crewtui writes it on the LLM) and the newer releases' agent memory
_EXTRA_ARGUMENTS = {"max_tokens": "max_tokens", "memory": "memory_enabled"}


def crewai_to_column() -> dict[str, str]:
    """crewai Agent argument -> column, from the field declarations."""
    return {**scanner_keywords(Agent), **_EXTRA_ARGUMENTS}


def columns() -> frozenset[str]:
    """Columns a class may declare under their own name."""
    return scanner_columns(Agent) | {"name", "memory_enabled"}


#: crewai arguments that hold code, not configuration: noted, never stored
CODE_ARGUMENTS = frozenset(
    {
        "step_callback",
        "callbacks",
        "guardrail",
        "agent_executor",
        "cache_handler",
        "tools_handler",
        "crew",
        "knowledge",
        "config",
    }
)

_KNOWLEDGE_TYPES = {
    "StringKnowledgeSource": "string",
    "TextFileKnowledgeSource": "text_file",
    "PDFKnowledgeSource": "pdf",
    "CSVKnowledgeSource": "csv",
    "ExcelKnowledgeSource": "excel",
    "JSONKnowledgeSource": "json",
}


def _no(node: ast.expr, reason: str) -> Unresolved:
    return Unresolved(shown(node), getattr(node, "lineno", 0), reason)


def column_for(name: str, *, class_attribute: bool = False) -> str | None:
    mapping = crewai_to_column()
    if name in mapping:
        return mapping[name]
    if class_attribute and name in columns():
        return name
    return None


def _tools(node: ast.expr, r: Evaluator) -> Any:
    if not isinstance(node, (ast.List, ast.Tuple)):
        value = r.plain(node)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return value if isinstance(value, Unresolved) else _no(node, "tools is not a list")
    names: list[str] = []
    for el in node.elts:
        target = el
        if isinstance(el, ast.Name) and el.id in r.scope.constants:
            target = r.scope.constants[el.id]
        cls = call_class_name(target)
        if cls is not None:
            names.append(cls)
            continue
        value = r.plain(el)
        if isinstance(value, str):
            names.append(value)
        else:
            why = value.reason if isinstance(value, Unresolved) else "not a tool name"
            return _no(el, f"tool '{shown(el)}': {why}")
    return names


def _call_kwargs(node: ast.Call, r: Evaluator) -> dict[str, Any]:
    return {k.arg: r.plain(k.value) for k in node.keywords if k.arg is not None}


def _llm(node: ast.expr, r: Evaluator, column: str) -> dict[str, Any] | Unresolved:
    if isinstance(node, ast.Name) and node.id in r.scope.constants:
        node = r.scope.constants[node.id]
    if isinstance(node, ast.Call) and call_class_name(node) == "LLM":
        kw = _call_kwargs(node, r)
        model = kw.get(
            "model", r.plain(node.args[0]) if node.args else _no(node, "LLM without model")
        )
        if not isinstance(model, str):
            return model if isinstance(model, Unresolved) else _no(node, "LLM model is not text")
        out: dict[str, Any] = {column: model}
        if column == "llm_model":
            for key, f in llm_fields(Agent).items():
                if key in kw:
                    if isinstance(kw[key], Unresolved):
                        return _no(node, f"LLM {key}: {kw[key].reason}")
                    out[f.name] = normalise(f.name, kw[key])
        return out
    value = r.plain(node)
    if isinstance(value, Unresolved):
        return value
    if value is None and column == "function_calling_llm":
        return {column: None}
    if not isinstance(value, str):
        return _no(node, f"{column} is not a model name")
    return {column: value}


def _knowledge(node: ast.expr, r: Evaluator) -> Any:
    if not isinstance(node, (ast.List, ast.Tuple)):
        return r.plain(node)
    out: list[Any] = []
    for el in node.elts:
        cls = call_class_name(el)
        if cls in _KNOWLEDGE_TYPES and isinstance(el, ast.Call):
            kw = _call_kwargs(el, r)
            bad = next((v for v in kw.values() if isinstance(v, Unresolved)), None)
            if bad is not None:
                return bad
            out.append({"type": _KNOWLEDGE_TYPES[cls], **kw})
        else:
            value = r.plain(el)
            if isinstance(value, Unresolved):
                return value
            out.append(value)
    return out


def convert(
    name: str, node: ast.expr, r: Evaluator, *, class_attribute: bool = False
) -> dict[str, Any] | Unresolved | None:
    """Columns set by one argument or attribute; None when it is not configuration."""
    column = column_for(name, class_attribute=class_attribute)
    if column is None:
        return None
    f = field_map(Agent).get(column)
    how = f.convert if f is not None else "plain"
    if how in ("model", "optional_model"):
        return _llm(node, r, column)
    if how == "tools":
        value = _tools(node, r)
    elif how == "knowledge":
        value = _knowledge(node, r)
    else:
        value = r.plain(node)
    if isinstance(value, Unresolved):
        return value
    return {column: normalise(column, value)}


def normalise(column: str, value: Any) -> Any:
    """A value as crewai takes it -> what the column stores (the declared converter)."""
    return stored_value(Agent, column, value)


def from_yaml(entry: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Columns from an agents.yaml entry, and the keys that are not stored."""
    out: dict[str, Any] = {}
    ignored: list[str] = []
    for key, value in entry.items():
        column = column_for(str(key))
        if column is None:
            ignored.append(str(key))
            continue
        if column == "tools" and isinstance(value, str):
            value = [value]
        out[column] = normalise(column, value)
    return out, ignored
