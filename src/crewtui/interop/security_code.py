"""The allow-list scan of generated Python: what it may import, use and name.

Instead of listing what is dangerous (there is always one more way to reach ``os``: through
``typing.sys``, ``collections._sys``, ``urllib.request.os``...), the scan lists what generated
agent code needs and refuses everything else, the approach RestrictedPython takes:

- **imports**: only the modules in :data:`ALLOWED_MODULES`, and from each only the members
  listed for it (``from crewai import Agent``; ``from crewai import agent`` is refused);
- **module attributes**: ``module.name`` must be a listed member or an allowed submodule, so
  an attribute chain from an allowed module to anything else is refused at its first step;
- **module values**: a module name may only be the base of such an attribute: it cannot be
  assigned, passed, subscripted or returned (no ``t = typing`` and then ``t.sys``);
- **names**: builtins other than :data:`SAFE_BUILTINS` (``eval``, ``getattr``, ``type``,
  ``open``, ``vars``...) are refused wherever they appear, and a name that is neither defined
  in the module nor a safe builtin is refused;
- **attributes of anything**: private and dunder attributes (``_x``, ``__globals__``) and
  the names in :data:`FORBIDDEN_ATTRIBUTES` (module names such as ``os`` and ``sys``,
  ``system``, ``popen``, ``modules``, frame and code internals, ``environ``...) are refused
  on any object, as a second line behind the module rules;
- **format strings**: ``str.format``/``format_map`` reach attributes through ``{0.attr}``:
  only constant format strings without attribute or index fields are allowed.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .crewai_map import KNOWLEDGE_CLASSES
from .crewai_tools_catalog import CREWAI_TOOLS


def _members(*names: str) -> frozenset[str]:
    return frozenset(names)


#: module -> the members generated code may use from it
ALLOWED_MODULES: Mapping[str, frozenset[str]] = {
    "__future__": _members("annotations"),
    "crewai": _members("Agent", "Crew", "Task", "Process", "LLM", "Knowledge"),
    "crewai.tools": _members("BaseTool", "tool"),
    "crewai_tools": frozenset(CREWAI_TOOLS),
    **{module: _members(cls) for module, cls in KNOWLEDGE_CLASSES.values()},
    "json": _members("dumps", "loads", "JSONDecodeError"),
    "typing": _members(
        "Any", "Optional", "Union", "Literal", "List", "Dict", "Tuple", "ClassVar", "Final"
    ),
    "collections.abc": _members(
        "Mapping", "MutableMapping", "Sequence", "Iterable", "Iterator", "Callable"
    ),
    "urllib.request": _members("Request", "urlopen"),
    "urllib.parse": _members("urlencode", "quote", "urlparse"),
    "pydantic": _members("BaseModel", "Field"),
}

#: builtins generated code may name: values, containers, pure functions and exceptions
SAFE_BUILTINS: frozenset[str] = frozenset(
    {
        *("None", "True", "False", "NotImplemented", "Ellipsis", "__name__"),
        *("bool", "int", "float", "str", "bytes", "list", "dict", "set", "frozenset", "tuple"),
        *("abs", "all", "any", "len", "max", "min", "sum", "round", "sorted", "reversed"),
        *("enumerate", "zip", "range", "map", "filter", "iter", "next", "repr", "print"),
        *("isinstance", "issubclass", "callable", "chr", "ord", "divmod", "pow", "slice"),
        *("classmethod", "staticmethod", "property", "super"),
        *("Exception", "ValueError", "TypeError", "KeyError", "LookupError", "IndexError"),
        *("RuntimeError", "NotImplementedError", "OSError", "TimeoutError", "ConnectionError"),
        *("AttributeError", "StopIteration", "ArithmeticError", "ZeroDivisionError"),
    }
)

_BUILTIN_NAMES = frozenset(dir(builtins))

#: attribute names refused on any object: ways to a module, a process, a frame or the
#: environment, whatever the object is
FORBIDDEN_ATTRIBUTES: frozenset[str] = frozenset(
    {
        *("os", "sys", "subprocess", "builtins", "importlib", "shutil", "socket", "ctypes"),
        *("posix", "nt", "pty", "io", "pathlib", "marshal", "pickle", "runpy", "codecs"),
        *("tempfile", "signal", "multiprocessing", "threading", "inspect", "gc", "types"),
        *("system", "popen", "spawn", "spawnv", "spawnl", "execv", "execve", "execl", "fork"),
        *("modules", "environ", "getenv", "putenv", "unsetenv", "kill", "open", "eval"),
        *("exec", "compile", "load_module", "exec_module", "get_data", "mro", "unlink"),
        *("remove", "rmtree", "write_text", "write_bytes", "chmod", "chown", "rename"),
        *("f_globals", "f_locals", "f_builtins", "f_back", "f_code", "gi_frame", "gi_code"),
        *("cr_frame", "cr_code", "ag_frame", "ag_code", "tb_frame", "tb_next", "func_globals"),
        *("func_code", "im_func", "im_self", "co_code", "getattribute"),
    }
)

_FIELD_ACCESS = re.compile(r"\{[^{}]*[.\[][^{}]*\}")


@dataclass(frozen=True)
class Issue:
    """One finding: which rule, where, and what to do about it."""

    rule: str
    message: str
    line: int | None = None
    col: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.message} [{self.rule}]"


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _bound_names(tree: ast.AST) -> set[str]:
    """Every name the module defines somewhere (assignment, def, class, argument, import)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out.update((a.asname or a.name).split(".", 1)[0] for a in node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            out.add(node.rest)
    return out


class _Scan(ast.NodeVisitor):
    def __init__(self, allowed: Mapping[str, frozenset[str]], bound: set[str]) -> None:
        self.allowed = allowed
        self.bound = bound
        self.modules: dict[str, str] = {}  # name -> the module it is bound to
        self.issues: list[Issue] = []

    def _add(self, node: ast.AST, rule: str, message: str) -> None:
        self.issues.append(
            Issue(rule, message, getattr(node, "lineno", None), getattr(node, "col_offset", None))
        )

    def _is_module(self, path: str) -> bool:
        """An allowed module, or a package on the way to one (``urllib`` for ``urllib.request``)."""
        return path in self.allowed or any(m.startswith(path + ".") for m in self.allowed)

    # ---- imports
    def bind_imports(self, tree: ast.AST) -> None:
        """Know every module name before the walk (a function may use one imported later)."""
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.visit(node)
        self.issues.clear()

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name not in self.allowed:
                self._add(node, "import", f"import of '{alias.name}' is not allowed")
                continue
            if alias.asname:
                self.modules[alias.asname] = alias.name
            else:
                root = alias.name.split(".", 1)[0]
                self.modules[root] = root

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self._add(node, "import", "relative imports are not allowed")
            return
        module = node.module or ""
        for alias in node.names:
            bound = alias.asname or alias.name
            if alias.name == "*":
                self._add(node, "import", f"'from {module} import *' is not allowed")
            elif f"{module}.{alias.name}" in self.allowed:
                self.modules[bound] = f"{module}.{alias.name}"
            elif module not in self.allowed:
                self._add(node, "import", f"import of '{module}' is not allowed")
            elif alias.name not in self.allowed[module]:
                self._add(node, "import", f"'{alias.name}' from '{module}' is not allowed")

    # ---- names and attributes
    def _module_of(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.modules.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self._module_of(node.value)
            if base is not None and self._is_module(f"{base}.{node.attr}"):
                return f"{base}.{node.attr}"
        return None

    def visit_Name(self, node: ast.Name) -> None:
        self._name(node, as_base=False)

    def _name(self, node: ast.Name, *, as_base: bool) -> None:
        name = node.id
        if name in self.modules and not as_base:
            self._add(
                node, "module-value", f"module '{name}' may only be used as {name}.<allowed name>"
            )
        if name in SAFE_BUILTINS:
            return
        if _is_dunder(name) or name in _BUILTIN_NAMES:
            rule = "dunder" if _is_dunder(name) and name not in _BUILTIN_NAMES else "builtin"
            self._add(node, rule, f"use of '{name}' is not allowed")
        elif isinstance(node.ctx, ast.Load) and name not in self.bound:
            self._add(node, "name", f"'{name}' is neither defined here nor an allowed builtin")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._attribute(node, as_base=False)

    def _attribute(self, node: ast.Attribute, *, as_base: bool) -> None:
        attr = node.attr
        base = self._module_of(node.value)
        if _is_dunder(attr):
            self._add(node, "dunder", f"access to attribute '{attr}' is not allowed")
        elif attr.startswith("_"):
            self._add(node, "attribute", f"access to private attribute '{attr}' is not allowed")
        elif attr in FORBIDDEN_ATTRIBUTES:
            self._add(node, "attribute", f"access to attribute '{attr}' is not allowed")
        elif base is not None:
            full = f"{base}.{attr}"
            if not self._is_module(full) and attr not in self.allowed.get(base, frozenset()):
                self._add(
                    node, "attribute", f"'{full}' is not on the list of what generated code may use"
                )
            elif not isinstance(node.ctx, ast.Load):
                self._add(node, "attribute", f"'{full}' may not be assigned or deleted")
            elif self._is_module(full) and not as_base:
                self._add(
                    node, "module-value", f"module '{full}' may only be used as {full}.<name>"
                )
        if isinstance(node.value, ast.Name):
            self._name(node.value, as_base=True)
        elif isinstance(node.value, ast.Attribute):
            self._attribute(node.value, as_base=True)
        else:
            self.visit(node.value)

    # ---- format strings
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
            template = func.value
            text = template.value if isinstance(template, ast.Constant) else None
            if not isinstance(text, str) or _FIELD_ACCESS.search(text):
                self._add(
                    node,
                    "format",
                    "str.format may only use a constant format without attribute or index fields",
                )
        self.generic_visit(node)


def scan_code(
    source: str, *, allowed_modules: Mapping[str, frozenset[str]] | None = None
) -> list[Issue]:
    """Findings in Python ``source``; a syntax error is itself a finding."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [Issue("syntax", f"does not parse: {exc.msg}", exc.lineno, exc.offset)]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [Issue("syntax", f"does not parse: {type(exc).__name__}")]
    scan = _Scan(allowed_modules or ALLOWED_MODULES, _bound_names(tree))
    try:
        scan.bind_imports(tree)
        scan.visit(tree)
    except RecursionError:
        scan.issues.append(Issue("syntax", "nested too deeply to check"))
    return scan.issues
