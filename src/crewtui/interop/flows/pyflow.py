"""Reading a Python ``Flow`` class statically (``ast``; the code is never run).

Found: the class deriving from ``Flow`` (or ``Flow[State]``), its state model's fields and
defaults, and each method decorated with ``@start()``, ``@listen(...)`` or ``@router(...)``
(conditions: method names, strings, ``or_``/``and_``). A method's action is the crew it
kicks off (``SomeCrew().crew().kickoff(inputs={...})``, the crew read from the module it is
imported from), over ``for item in self.state.xs`` a loop; a router's labels are the strings
it returns, and a router of the form ``if COND: return 'a'`` / ``return 'b'`` keeps COND as
an expression. Anything else in a body stays in the flow's Python code (with a warning).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..importer.errors import ProjectInvalid, issue
from ..importer.files import read_project_text
from ..importer.reader import read_project
from .definition import FlowImport, flow_key_of

_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class NotCel(ValueError):
    pass


def to_cel(node: ast.expr, loop_var: str | None = None) -> str:
    """A Python condition over ``self.state`` as CEL (a small subset; NotCel otherwise)."""
    if isinstance(node, ast.Attribute):
        parts: list[str] = []
        cur: ast.expr = node
        while isinstance(cur, ast.Attribute):
            parts.insert(0, cur.attr)
            cur = cur.value
        if isinstance(cur, ast.Name) and cur.id == "self" and parts and parts[0] == "state":
            return ".".join(parts)
        if isinstance(cur, ast.Name) and cur.id == loop_var:
            return ".".join(["item", *parts])
        raise NotCel(ast.unparse(node))
    if isinstance(node, ast.Name) and node.id == loop_var:
        return "item"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "'" + node.value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool)):
        return "null" if node.value is None else "true" if node.value else "false"
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return repr(node.value)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMP:
        op = _CMP[type(node.ops[0])]
        return f"{to_cel(node.left, loop_var)} {op} {to_cel(node.comparators[0], loop_var)}"
    if isinstance(node, ast.BoolOp):
        op = " && " if isinstance(node.op, ast.And) else " || "
        return "(" + op.join(to_cel(v, loop_var) for v in node.values) + ")"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return f"!({to_cel(node.operand, loop_var)})"
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
    ):
        return f"size({to_cel(node.args[0], loop_var)})"
    raise NotCel(ast.unparse(node))


def to_template(node: ast.expr, loop_var: str | None = None) -> Any:
    """A Python value as a flow template: literals stay, paths become ``${...}``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue):
                parts.append("${" + to_cel(v.value, loop_var) + "}")
        return "".join(parts)
    return "${" + to_cel(node, loop_var) + "}"


def _condition(node: ast.expr, methods: set[str]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in methods:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in methods:
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id
        in (
            "or_",
            "and_",
        )
    ):
        return {node.func.id[:-1]: [_condition(a, methods) for a in node.args]}
    raise NotCel(ast.unparse(node))


def _kickoff(node: ast.AST) -> tuple[str, ast.Call] | None:
    """``X().crew().kickoff(...)`` -> (X, the kickoff call)."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr in ("kickoff", "kickoff_async")
            and isinstance(sub.func.value, ast.Call)
            and isinstance(sub.func.value.func, ast.Attribute)
            and sub.func.value.func.attr == "crew"
            and isinstance(sub.func.value.func.value, ast.Call)
            and isinstance(sub.func.value.func.value.func, ast.Name)
        ):
            return sub.func.value.func.value.func.id, sub
    return None


class _PyReader:
    def __init__(self, path: Path, root: Path, flow_key: str | None) -> None:
        self.path, self.root = path, root
        self.flow_key = flow_key
        self.out = FlowImport(values={})
        self.imports: dict[str, tuple[int, str]] = {}
        self.crews: dict[str, str] = {}  # class name -> crew name

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(issue(self.path, line, message, root=self.root))

    def crew_folder(self, cls: str, line: int) -> Path:
        level, module = self.imports.get(cls, (0, ""))
        if not module and level == 0:
            raise ProjectInvalid(
                [issue(self.path, line, f"crew class {cls} is not imported", root=self.root)]
            )
        parts = module.split(".") if module else []
        bases = (
            [self.path.parent.parents[level - 2] if level > 1 else self.path.parent]
            if level
            else [
                self.root / "src",
                self.root,
                self.path.parent,
                self.path.parent.parent,
            ]
        )
        for base in bases:
            candidate = base.joinpath(*parts)
            for folder in (candidate.parent, candidate):
                kept = (folder / "config" / "agents.yaml").is_file() or (
                    folder / "crew.jsonc"
                ).is_file()
                if kept and folder.resolve().is_relative_to(self.root.resolve()):
                    return folder
        raise ProjectInvalid(
            [
                issue(
                    self.path,
                    line,
                    f"crew class {cls}: its crew files were not found",
                    root=self.root,
                )
            ]
        )

    def crew_action(self, cls: str, call: ast.Call, loop_var: str | None) -> dict[str, Any]:
        if cls not in self.crews:
            spec = read_project(self.crew_folder(cls, call.lineno))
            self.out.crews.append(spec)
            self.out.warnings += spec.warnings
            self.crews[cls] = spec.crew.name
        inputs: dict[str, Any] = {}
        for kw in call.keywords:
            if kw.arg == "inputs" and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values, strict=True):
                    if not isinstance(k, ast.Constant):
                        continue
                    try:
                        inputs[str(k.value)] = to_template(v, loop_var)
                    except NotCel as exc:
                        self.warn(call.lineno, f"input '{k.value!s}' = {exc} is kept as text")
                        inputs[str(k.value)] = str(exc)
        return {"call": "crew", "crew": self.crews[cls], "inputs": inputs}

    def action(self, fn: ast.FunctionDef, routes: bool) -> tuple[dict[str, Any], list[str]]:
        returns = sorted(
            (n.lineno, n.value.value)
            for n in ast.walk(fn)
            if isinstance(n, ast.Return)
            and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str)
        )
        labels = [label for _line, label in returns]
        for stmt in fn.body:
            if isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Name):
                found = _kickoff(stmt)
                if found:
                    try:
                        items = to_cel(stmt.iter)
                    except NotCel as exc:
                        self.warn(stmt.lineno, f"{fn.name}: loop over {exc} is not kept")
                        break
                    step = self.crew_action(found[0], found[1], stmt.target.id)
                    return {
                        "call": "each",
                        "in": items,
                        "steps": [{"name": "run", "action": step}],
                    }, labels
        found = _kickoff(fn)
        if found:
            return self.crew_action(*found, None), labels
        if routes and labels:
            body = [
                s
                for s in fn.body
                if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            ]
            if (
                len(body) == 2
                and isinstance(body[0], ast.If)
                and len(body[0].body) == 1
                and isinstance(body[0].body[0], ast.Return)
                and isinstance(body[1], ast.Return)
                and body[0].body[0].value is not None
                and body[1].value is not None
            ):
                try:
                    cond = to_cel(body[0].test)
                    yes, no = to_cel(body[0].body[0].value), to_cel(body[1].value)
                    return {"call": "expression", "expr": f"{cond} ? {yes} : {no}"}, labels
                except NotCel:
                    pass
            self.warn(fn.lineno, f"{fn.name}: its routing logic stays in the Python code")
            return {"call": "expression", "expr": repr(labels[0])}, labels
        self.warn(fn.lineno, f"{fn.name}: its body stays in the Python code")
        return {"call": "expression", "expr": "state"}, labels

    def read(self) -> FlowImport:
        text = read_project_text(self.path, self.root)
        try:
            tree = ast.parse(text)
        except SyntaxError as exc:
            raise ProjectInvalid(
                [issue(self.path, exc.lineno, f"invalid Python: {exc.msg}", root=self.root)]
            ) from None
        models: dict[str, ast.ClassDef] = {}
        flow_cls: ast.ClassDef | None = None
        state_name: str | None = None
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = (node.level, node.module or "")
            if not isinstance(node, ast.ClassDef):
                continue
            for base in node.bases:
                if isinstance(base, ast.Name) and base.id == "BaseModel":
                    models[node.name] = node
                if isinstance(base, ast.Name) and base.id == "Flow" and flow_cls is None:
                    flow_cls = node
                if (
                    isinstance(base, ast.Subscript)
                    and isinstance(base.value, ast.Name)
                    and base.value.id == "Flow"
                    and flow_cls is None
                ):
                    flow_cls = node
                    if isinstance(base.slice, ast.Name):
                        state_name = base.slice.id
        if flow_cls is None:
            raise ProjectInvalid(
                [issue(self.path, 1, "defines no class deriving from Flow", root=self.root)]
            )
        state = self.state(models.get(state_name or ""))
        functions = [f for f in flow_cls.body if isinstance(f, ast.FunctionDef)]
        names = {f.name for f in functions}
        methods = []
        for fn in functions:
            m = self.method(fn, names)
            if m is not None:
                methods.append(m)
        key = self.flow_key or flow_key_of(flow_cls.name)
        self.out.values = {
            "flow_key": key,
            "name": flow_cls.name,
            "description": ast.get_docstring(flow_cls),
            "flow_definition": {"state": state, "methods": methods},
            "python_code": text,
        }
        return self.out

    def state(self, cls: ast.ClassDef | None) -> dict[str, Any]:
        props: dict[str, Any] = {}
        default: dict[str, Any] = {}
        for stmt in cls.body if cls else []:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name = stmt.target.id
                ann = stmt.annotation
                typ = _TYPES.get(ann.id) if isinstance(ann, ast.Name) else None
                if isinstance(ann, ast.Subscript) and isinstance(ann.value, ast.Name):
                    typ = {"list": "array", "dict": "object"}.get(ann.value.id)
                props[name] = {"type": typ} if typ else {}
                if stmt.value is not None:
                    try:
                        default[name] = ast.literal_eval(stmt.value)
                    except ValueError:
                        self.warn(stmt.lineno, f"state field '{name}': default not kept")
        return {"schema": {"type": "object", "properties": props}, "default": default}

    def method(self, fn: ast.FunctionDef, names: set[str]) -> dict[str, Any] | None:
        kinds: set[str] = set()
        cond: Any = None
        for d in fn.decorator_list:
            call = d if isinstance(d, ast.Call) else None
            fname = call.func if call else d
            ident = fname.id if isinstance(fname, ast.Name) else getattr(fname, "attr", None)
            if ident not in ("start", "listen", "router"):
                continue
            kinds.add(str(ident))
            if call and call.args:
                try:
                    cond = _condition(call.args[0], names)
                except NotCel as exc:
                    self.warn(fn.lineno, f"{fn.name}: trigger {exc} is not understood")
                    return None
        if not kinds:
            return None
        is_start = "start" in kinds
        kind = "router" if "router" in kinds else "listen" if "listen" in kinds else "start"
        routes = kind == "router"
        do, labels = self.action(fn, routes)
        out: dict[str, Any] = {"name": fn.name, "start": is_start, "do": do}
        doc = ast.get_docstring(fn)
        if doc:
            out["description"] = doc
        if cond is not None:
            out["listen"] = cond
        if routes:
            out["router"] = True
            out["emit"] = list(dict.fromkeys(labels))
        return out


def read_flow_class(
    path: Path, *, root: Path | None = None, flow_key: str | None = None
) -> FlowImport:
    """The flow of the Python module ``path`` (files read only inside ``root``, by default
    the module's folder's parent); ProjectInvalid names the file and line of each problem."""
    path = Path(path)
    return _PyReader(path, root or path.parent, flow_key).read()
