"""Kickoff inputs a project gives its crew (``inputs = {...}`` in main.py's ``run()``), read
statically: the values the evaluator can read become text; one only known when the code runs
(``str(datetime.now().year)``) is kept empty, with a warning."""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from pathlib import Path

from ..pysyntax import assignments, first_unresolved, shown
from ..sources import PythonUnreadable, parse_python
from .context import ReadContext
from .files import optional_text
from .modules import Module


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, dict)) and first_unresolved(value) is None:
        try:
            return json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            return None
    return None


def input_values(
    ctx: ReadContext, mod: Module, node: ast.Dict, local: Mapping[str, ast.expr] | None = None
) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in zip(node.keys, node.values, strict=True):
        if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
            continue
        value = mod.ev.eval(v, local)
        text = _text(value)
        if text is None:
            ctx.warn(
                mod.path,
                v.lineno,
                f"kickoff input '{k.value}': '{shown(v)}' is only known when the code runs; "
                "kept with an empty default",
            )
            text = ""
        out[k.value] = text
    return out


def main_inputs(ctx: ReadContext, package_dir: Path) -> dict[str, str]:
    """``inputs = {...}`` of ``run()`` in main.py (another function's when run() has none)."""
    path = package_dir / "main.py"
    text = optional_text(path, ctx.root, ctx.warnings)
    if text is None:
        return {}
    try:
        tree = parse_python(text, str(path))
    except PythonUnreadable:
        ctx.warn(path, 0, "cannot be parsed; kickoff inputs not read")
        return {}
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    funcs.sort(key=lambda f: f.name != "run")
    mod = ctx.index.load(path, text)
    for func in funcs:
        for node in ast.walk(func):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "inputs"
                and isinstance(node.value, ast.Dict)
            ):
                return input_values(ctx, mod, node.value, assignments(func.body))
    # crewtui's own export: ``def default_inputs(): return {...}``
    for func in funcs:
        ret = next((s for s in func.body if isinstance(s, ast.Return)), None)
        if func.name == "default_inputs" and ret is not None and isinstance(ret.value, ast.Dict):
            return input_values(ctx, mod, ret.value, assignments(func.body))
    return {}


def _kickoff_of(node: ast.AST, class_name: str) -> ast.Dict | None:
    """``ClassName().crew().kickoff(inputs={...})``: the dict given, else None."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("kickoff", "kickoff_async")
    ):
        return None
    crew = node.func.value
    if not (
        isinstance(crew, ast.Call)
        and isinstance(crew.func, ast.Attribute)
        and crew.func.attr == "crew"
        and isinstance(crew.func.value, ast.Call)
        and isinstance(crew.func.value.func, ast.Name)
        and crew.func.value.func.id == class_name
    ):
        return None
    arg = next((k.value for k in node.keywords if k.arg == "inputs"), None)
    return arg if isinstance(arg, ast.Dict) else None


def caller_inputs(ctx: ReadContext, package_dir: Path, class_name: str) -> dict[str, str]:
    """The inputs a flow kicks the crew of ``class_name`` off with
    (``PoemCrew().crew().kickoff(inputs={...})`` in a main.py above the crew's package)."""
    root = ctx.root.resolve()
    folder = package_dir.resolve()
    while folder != root and root in folder.parents:  # up to the project folder, not past it
        folder = folder.parent
        path = folder / "main.py"
        text = optional_text(path, ctx.root, ctx.warnings) if path.is_file() else None
        if text is None or class_name not in text:
            continue
        try:
            tree = parse_python(text, str(path))
        except PythonUnreadable:
            return {}
        for node in ast.walk(tree):
            found = _kickoff_of(node, class_name)
            if found is not None:
                return input_values(ctx, ctx.index.load(path, text), found)
    return {}
