"""A pydantic model class, read statically, as the JSON schema crewtui stores for output_json.

The reverse of the export's model generation: ``str``/``float``/``int``/``bool``/``None`` are
the JSON types, ``list[X]`` an array of X, ``dict[...]`` an object without properties, a union
a list of types, a nested model class an object with its own properties; a field without a
default is required, and a default of None adds ``| None`` that is not part of the type; a
``Field(description=...)`` and the class docstring become descriptions; an ``alias`` is the
property name.
"""

from __future__ import annotations

import ast
from typing import Any

from ..pysyntax import ClassCall, dotted_name
from .modules import Module, ModuleIndex, base_names

_SCALARS = {"str": "string", "float": "number", "int": "integer", "bool": "boolean"}
_OPEN_MODEL_DOC = "Complete this model"


class SchemaError(ValueError):
    pass


def model_schema(
    index: ModuleIndex, mod: Module, cls: ast.ClassDef, _depth: int = 0
) -> dict[str, Any]:
    if _depth > 8:
        raise SchemaError(f"model {cls.name} nests too deeply")
    out: dict[str, Any] = {"type": "object"}
    doc = ast.get_docstring(cls)
    if doc and not doc.startswith(_OPEN_MODEL_DOC):
        out["description"] = doc
    props: dict[str, Any] = {}
    required: list[str] = []
    for stmt in cls.body:
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        name = stmt.target.id
        if name == "model_config":
            continue
        has_default = stmt.value is not None
        description: str | None = None
        if stmt.value is not None:
            value = mod.ev.eval(stmt.value)
            if isinstance(value, ClassCall) and value.name.rsplit(".", 1)[-1] == "Field":
                desc = value.kwargs.get("description")
                description = desc if isinstance(desc, str) else None
                alias = value.kwargs.get("alias")
                if isinstance(alias, str):
                    name = alias
                first = value.args[0] if value.args else value.kwargs.get("default", Ellipsis)
                has_default = first is not Ellipsis or "default_factory" in value.kwargs
        node = _annotation(index, mod, stmt.annotation, _depth, strip_none=has_default)
        if description is not None:
            node["description"] = description
        props[name] = node
        if not has_default:
            required.append(name)
    if not props:
        raise SchemaError(f"model {cls.name} has no annotated fields")
    out["properties"] = props
    if required:
        out["required"] = required
    return out


def _parts(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _parts(node.left) + _parts(node.right)
    if isinstance(node, ast.Subscript) and (dotted_name(node.value) or "").rsplit(".", 1)[-1] in (
        "Optional",
        "Union",
    ):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        extra = [ast.Constant(None)] if (dotted_name(node.value) or "").endswith("Optional") else []
        return [p for a in args for p in _parts(a)] + extra
    return [node]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _annotation(
    index: ModuleIndex, mod: Module, node: ast.expr, depth: int, *, strip_none: bool
) -> dict[str, Any]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        written = node.value
        try:
            node = ast.parse(written, mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise SchemaError(f"type '{written[:80]}' cannot be read") from None
    parts = _parts(node)
    if strip_none and len(parts) > 1 and _is_none(parts[-1]):
        parts = parts[:-1]
    if len(parts) == 1:
        return _one(index, mod, parts[0], depth)
    types: list[Any] = []
    extra: dict[str, Any] = {}
    for p in parts:
        sub = _one(index, mod, p, depth)
        t = sub.get("type")
        if not isinstance(t, str):
            raise SchemaError(f"type '{ast.unparse(node)}' cannot be turned into a JSON schema")
        types.append(t)
        extra.update({k: v for k, v in sub.items() if k != "type"})
    return {"type": types, **extra}


def _one(index: ModuleIndex, mod: Module, node: ast.expr, depth: int) -> dict[str, Any]:
    if _is_none(node):
        return {"type": "null"}
    name = dotted_name(node.value if isinstance(node, ast.Subscript) else node)
    last = (name or "").rsplit(".", 1)[-1]
    if isinstance(node, ast.Subscript):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if last in ("list", "List", "Sequence", "set", "Set"):
            inner = _annotation(index, mod, args[0], depth, strip_none=False)
            return {"type": "array", "items": inner} if inner else {"type": "array"}
        if last in ("dict", "Dict", "Mapping"):
            return {"type": "object"}
        if last == "Literal":
            return {"enum": [a.value for a in args if isinstance(a, ast.Constant)]}
    if last in _SCALARS:
        return {"type": _SCALARS[last]}
    if last == "Any":
        return {}
    if last in ("list", "List"):
        return {"type": "array"}
    if last in ("dict", "Dict"):
        return {"type": "object"}
    if name:
        found = index.resolve(mod, name)
        if (
            found is not None
            and isinstance(found[1], ast.ClassDef)
            and "BaseModel" in base_names(found[1])
        ):
            return model_schema(index, found[0], found[1], depth + 1)
    raise SchemaError(f"type '{ast.unparse(node)}' cannot be turned into a JSON schema")
