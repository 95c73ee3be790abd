"""Agents and tasks a script gets from helper functions and classes, as in the older crewAI
examples (``agents = TripAgents(); guide = agents.local_expert()`` where ``local_expert``
returns ``Agent(...)``; ``tasks.plan(guide, city)`` returning ``Task(...)``), read statically.

The helper's ``return Agent(...)``/``return Task(...)`` is read in the helper's module, its
parameters bound to what the caller passes: an agent or task of the script stays a reference,
a value the evaluator reads becomes that value, and one only known when the code runs becomes
the crewai input ``{parameter}`` (with a warning), so the crew still runs with that input.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..pysyntax import dotted_name, return_expr, shown
from .context import ReadContext
from .modules import Module

_KINDS = ("Agent", "Task", "Crew")
_SCALARS = (str, int, float, bool)


@dataclass
class Built:
    """``var = Agent(...)`` (or Task, Crew), directly or through a helper."""

    kind: str
    var: str
    call: ast.Call
    #: the helper's module, when the call is in a helper
    mod: Module | None = None
    #: the names the helper's expressions see: its locals and parameters
    local: dict[str, ast.expr] | None = None
    #: helper parameters that stand for an agent or task of the script: parameter -> variable
    refs: dict[str, str] = field(default_factory=dict)


def kind_of(node: ast.expr | None) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    name = (dotted_name(node.func) or "").rsplit(".", 1)[-1]
    return name if name in _KINDS else None


def _target(
    ctx: ReadContext, mod: Module, call: ast.Call, local: Mapping[str, ast.expr]
) -> tuple[Module, ast.FunctionDef, bool] | None:
    """The helper function a call runs: (its module, the function, whether it is a method)."""
    func = call.func
    if isinstance(func, ast.Name):
        got = ctx.index.resolve(mod, func.id)
        if got is not None and isinstance(got[1], ast.FunctionDef):
            return got[0], got[1], False
        return None
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return None
    owner: ast.expr | None = local.get(func.value.id) or mod.ev.constants.get(func.value.id)
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name):
        cls_name = owner.func.id
    elif owner is None:
        cls_name = func.value.id  # ``Helpers.make_agent(...)``: a static method
    else:
        return None
    got = ctx.index.resolve(mod, cls_name)
    if got is None or not isinstance(got[1], ast.ClassDef):
        return None
    for stmt in got[1].body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == func.attr:
            return got[0], stmt, owner is not None
    return None


def from_helper(
    ctx: ReadContext,
    mod: Module,
    var: str,
    call: ast.Call,
    local: Mapping[str, ast.expr],
    known: Mapping[str, Built],
) -> Built | None:
    """``var = helper(...)`` when the helper returns Agent(...) or Task(...), else None."""
    found = _target(ctx, mod, call, local)
    if found is None:
        return None
    hmod, func, method = found
    ret, flocals = return_expr(func)
    kind = kind_of(ret)
    if kind not in ("Agent", "Task") or not isinstance(ret, ast.Call):
        return None
    params = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
    if method and params:
        params = params[1:]
    given: dict[str, ast.expr] = dict(zip(params, call.args, strict=False))
    given.update({k.arg: k.value for k in call.keywords if k.arg in params})
    tail = func.args.defaults[-len(params) :] if params else []
    defaults = dict(zip(params[len(params) - len(tail) :], tail, strict=True))
    bound: dict[str, ast.expr] = dict(flocals)
    refs: dict[str, str] = {}
    for name in params:
        arg = given.get(name)
        if arg is None:
            if name in defaults:
                bound[name] = defaults[name]
            continue
        if isinstance(arg, ast.Name) and arg.id in known:
            refs[name] = arg.id
            continue
        value = mod.ev.eval(arg, local)
        if isinstance(value, _SCALARS):
            bound[name] = ast.Constant(value)
        else:
            ctx.warn(
                mod.path,
                call.lineno,
                f"{var}: '{shown(arg)}' given for '{name}' is only known when the code runs; "
                f"kept as the input {{{name}}}",
            )
            bound[name] = ast.Constant("{" + name + "}")
    return Built(kind, var, ret, hmod, bound, refs)
