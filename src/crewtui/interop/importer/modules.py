"""The Python modules of a project, parsed (never imported) and linked through their imports."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from ..pyeval import Evaluator, module_scope
from ..pysyntax import decorator_names, dotted_name
from ..sources import PythonUnreadable, parse_python
from .errors import ProjectInvalid, issue
from .files import read_project_text
from .methodlines import LineMethod, lift_methods, place_methods


@dataclass
class Module:
    path: Path
    tree: ast.Module
    ev: Evaluator
    #: local name -> (module, level, name in that module)
    imports: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    #: methods read from their lines (see methodlines), by the line of their @CrewBase class
    lifted: dict[int, list[LineMethod]] = field(default_factory=dict)


def _index(path: Path, tree: ast.Module) -> Module:
    mod = Module(path, tree, Evaluator(module_scope(tree)))
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                mod.imports[alias.asname or alias.name] = (
                    stmt.module or "",
                    stmt.level,
                    alias.name,
                )
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                mod.imports[alias.asname or alias.name.split(".")[0]] = (alias.name, 0, "")
        elif isinstance(stmt, ast.ClassDef):
            mod.classes[stmt.name] = stmt
        elif isinstance(stmt, ast.FunctionDef):
            mod.functions[stmt.name] = stmt
    return mod


def _parse_lifted(source: str, path: Path) -> tuple[ast.Module, dict[int, list[LineMethod]]] | None:
    """The tree of ``source`` without its plainly written crew methods, and those methods;
    None when there are none or they cannot be set apart (the source is parsed as it is)."""
    try:
        reduced, methods = lift_methods(source)
    except ValueError:  # an integer literal longer than Python converts: ast reports it
        return None
    if not methods:
        return None
    try:
        tree = parse_python(reduced, str(path))
    except PythonUnreadable:
        return None
    placed = place_methods(tree, methods)
    return None if placed is None else (tree, placed)


class ModuleIndex:
    """Parses project modules on demand; ``package_dir`` is the folder that holds config/."""

    def __init__(self, package_dir: Path, root: Path) -> None:
        self.package_dir = package_dir.resolve()
        self.root = root.resolve()
        self._cache: dict[Path, Module] = {}

    def load(self, path: Path, source: str | None = None) -> Module:
        """The module at ``path`` (``source`` when the caller has read it already)."""
        shown = path
        path = path.resolve()
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        if source is None:
            source = read_project_text(shown, self.root)
        lifted = _parse_lifted(source, path)
        if lifted is not None:
            mod = _index(path, lifted[0])
            mod.lifted = lifted[1]
        else:
            try:
                tree = parse_python(source, str(path))
            except PythonUnreadable as exc:
                raise ProjectInvalid([issue(shown, exc.line, exc.reason, root=self.root)]) from None
            mod = _index(path, tree)
        self._cache[path] = mod
        return mod

    def module_file(self, origin: Module, module: str, level: int) -> Path | None:
        """The project file an import names, or None when it is outside the project."""
        parts = [p for p in module.split(".") if p]
        candidates: list[Path] = []
        if level > 0:
            base = origin.path.parent
            for _ in range(level - 1):
                base = base.parent
            candidates.append(base.joinpath(*parts))
        elif parts:
            candidates.append(self.package_dir.parent.joinpath(*parts))
            candidates.append(
                self.package_dir.joinpath(*parts[1:])
                if len(parts) > 1
                else self.package_dir / parts[0]
            )
            candidates.append(self.root.joinpath(*parts))
            candidates.append(self.root.joinpath("src", *parts))
        for cand in candidates:
            for path in (cand.with_suffix(".py"), cand / "__init__.py"):
                if path.is_file() and self._inside(path):
                    return path
        return None

    def _inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
            return True
        except ValueError:
            return False

    def origin_module(self, mod: Module, name: str) -> str | None:
        """Where ``name`` was imported from (``crewai_tools``), or None if defined locally."""
        imp = mod.imports.get(name.split(".")[0])
        return imp[0] if imp else None

    def resolve(
        self, mod: Module, name: str, _depth: int = 0
    ) -> tuple[Module, ast.ClassDef | ast.FunctionDef] | None:
        """The project definition ``name`` refers to from ``mod`` (following imports)."""
        if _depth > 10:
            return None
        if name in mod.classes:
            return mod, mod.classes[name]
        if name in mod.functions:
            return mod, mod.functions[name]
        imp = mod.imports.get(name)
        if imp is None:
            return None
        module, level, original = imp
        if not original:
            return None
        path = self.module_file(mod, module, level)
        if path is None:
            # ``from .tools import custom_tool``-style: a submodule, not a name in a module
            return None
        return self.resolve(self.load(path), original, _depth + 1)


def base_names(cls: ast.ClassDef) -> list[str]:
    return [(dotted_name(b) or "").rsplit(".", 1)[-1] for b in cls.bases]


def class_string_attr(cls: ast.ClassDef, ev: Evaluator, attr: str) -> str | None:
    for stmt in cls.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        if isinstance(target, ast.Name) and target.id == attr and value is not None:
            got = ev.eval(value)
            return got if isinstance(got, str) else None
    return None


def tool_decorator_label(func: ast.FunctionDef, ev: Evaluator) -> str | None:
    """The name given in ``@tool("Name")`` (crewai.tools), or the function name for ``@tool``."""
    for d in func.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if (dotted_name(target) or "").rsplit(".", 1)[-1] != "tool":
            continue
        if isinstance(d, ast.Call) and d.args:
            label = ev.eval(d.args[0])
            if isinstance(label, str):
                return label
        return func.name
    return None


def is_tool_function(func: ast.FunctionDef) -> bool:
    return "tool" in decorator_names(func)
