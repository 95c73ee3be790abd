"""State shared while one project is read: where we are, what went wrong, the tools found."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import Deadline
from ..pysyntax import (
    ClassCall,
    Dotted,
    NameRef,
    SelfCall,
    Unresolved,
    dotted_name,
    first_unresolved,
)
from .errors import Issue, ProjectInvalid, issue
from .modules import Module, ModuleIndex, class_string_attr, tool_decorator_label
from .spec import ToolSpec, Where
from .tool_env import env_config, listed_env

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_URL = re.compile(r"^https?://\S+$")
_STUB_ORIGIN = re.compile(r"Registry tool '(?P<key>[^']+)', class '(?P<cls>[^']+)'\.")
_STUB_BARE = re.compile(r"Tool '(?P<key>[^']+)' has no crewai_tools class\.")
#: BaseTool's own fields: not settings of a tool class
_BASETOOL_FIELDS = frozenset(
    {
        "name",
        "description",
        "args_schema",
        "cache_function",
        "current_usage_count",
        "description_updated",
        "env_vars",
        "max_usage_count",
        "result_as_answer",
        "model_config",
        "package_dependencies",
    }
)


#: values that are literals as they are
_SCALARS = frozenset({str, int, float, bool})


def snake(name: str) -> str:
    """``SerperDevTool`` -> ``serper_dev_tool``; ``Web-Search`` -> ``web_search``."""
    out = _CAMEL.sub("_", name).replace("-", "_").replace(" ", "_").lower()
    return re.sub(r"_+", "_", out).strip("_")


@dataclass
class ReadContext:
    root: Path
    index: ModuleIndex
    warnings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    tools: dict[str, ToolSpec] = field(default_factory=dict)
    env_listed: set[str] = field(default_factory=set)
    #: the end of the time this read may take (checked agent by agent, task by task)
    deadline: Deadline = field(default_factory=Deadline)
    #: rel() per path: resolving touches the disk, and it is asked once per field read
    _rel: dict[Path, str] = field(default_factory=dict, init=False, repr=False)
    #: the path asked last (the same file is asked for field after field)
    _last_rel: tuple[Path | None, str] = field(default=(None, ""), init=False, repr=False)

    def __post_init__(self) -> None:
        self.env_listed = listed_env(self.root, self.warnings)

    def where(self, path: Path, line: int | None = 0) -> Where:
        return Where(self.rel(path), line or 0)

    def rel(self, path: Path) -> str:
        if path is self._last_rel[0]:
            return self._last_rel[1]
        found = self._rel.get(path)
        if found is None:
            try:
                found = str(path.resolve().relative_to(self.root.resolve()))
            except ValueError:
                found = str(path)
            self._rel[path] = found
        self._last_rel = (path, found)
        return found

    def warn(self, path: Path, line: int | None, message: str) -> None:
        self.warnings.append(issue(self.rel(path), line, message))

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.errors.append(issue(self.rel(path), line, message))

    def raise_errors(self) -> None:
        if self.errors:
            raise ProjectInvalid(self.errors)

    # ---- plain values

    def plain(self, value: Any, path: Path, line: int, what: str) -> Any:
        """A value that must be a literal; anything else is reported and dropped (None)."""
        if value is None or type(value) in _SCALARS:
            return value
        if isinstance(value, Dotted):
            if value.text.rsplit(".", 1)[0].endswith("Process"):
                return value.last  # Process.hierarchical
            self.warn(
                path,
                line,
                f"{what}: '{value.text}' cannot be read without running the code; not imported",
            )
            return None
        bad = first_unresolved(value)
        if bad is not None:
            self.warn(
                path,
                bad.line or line,
                f"{what}: '{bad.text}' cannot be read without running the code; not imported",
            )
            return None
        if isinstance(value, (SelfCall, NameRef, ClassCall)):
            self.warn(
                path,
                getattr(value, "line", line) or line,
                f"{what}: not a literal value; not imported",
            )
            return None
        return value

    # ---- tools

    def add_tool(self, spec: ToolSpec) -> str:
        """Register a tool; the same class with other arguments gets a numbered key."""
        base = spec.key
        n = 1
        while spec.key in self.tools:
            have = self.tools[spec.key]
            if (have.tool_class, have.config, have.name) == (
                spec.tool_class,
                spec.config,
                spec.name,
            ):
                return spec.key
            n += 1
            spec.key = f"{base}_{n}"
        self.tools[spec.key] = spec
        return spec.key

    def tool_from_call(self, call: ClassCall, mod: Module, key: str | None = None) -> str | None:
        cls_name = call.name.rsplit(".", 1)[-1]
        config: dict[str, Any] = {}
        for k, v in call.kwargs.items():
            val = self.plain(v, mod.path, call.line, f"{cls_name}({k}=...)")
            if val is not None:
                config[k] = val
        if call.args:
            self.warn(mod.path, call.line, f"{cls_name}(...): positional arguments are not stored")
        found = self.index.resolve(mod, call.name) if "." not in call.name else None
        if found is not None and isinstance(found[1], ast.ClassDef):
            return self.tool_from_class(found[0], found[1], config, call.line, key)
        from ..crewai_tools_catalog import known_tool_class

        imported = mod.imports.get(call.name)
        if imported is not None and imported[0].split(".")[0] == "crewai_tools" and imported[2]:
            cls_name = imported[2]  # ``from crewai_tools import SerperDevTool as Search``
        if not known_tool_class(cls_name):
            self.warn(
                mod.path,
                call.line,
                f"tool class {cls_name} is neither a crewai_tools class nor defined in the project",
            )
        config = {**config, **env_config(cls_name, self.env_listed)}
        return self._register(
            ToolSpec(
                key=key or snake(cls_name),
                name=cls_name,
                tool_class=cls_name,
                config=config,
                where=self.where(mod.path, call.line),
            ),
            mod,
            call.line,
        )

    def tool_from_class(
        self, tmod: Module, cls: ast.ClassDef, kwargs: dict[str, Any], line: int, key: str | None
    ) -> str | None:
        """A project tool class: a BaseTool subclass or a crewai_tools class with settings."""
        config: dict[str, Any] = {}
        for stmt in cls.body:
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.value is not None
            ):
                name = stmt.target.id
                if name in _BASETOOL_FIELDS or name.startswith("_"):
                    continue
                val = self.plain(
                    tmod.ev.eval(stmt.value), tmod.path, stmt.lineno, f"{cls.name}.{name}"
                )
                if val is not None:
                    config[name] = val
        config.update(kwargs)
        doc = ast.get_docstring(tmod.tree) or ""
        bare = _STUB_BARE.search(doc)
        if bare is not None:
            return bare.group("key")  # a tool known only by name: no registry entry
        origin = _STUB_ORIGIN.search(doc)
        tool_class = cls.name
        bases = [dotted_name(b) or "" for b in cls.bases]
        crewai_base = next(
            (b.split(".", 1)[1] for b in bases if b.startswith("crewai_tools.")), None
        )
        if crewai_base:
            tool_class = crewai_base
        if origin is not None:
            tool_class = origin.group("cls")
            key = key or origin.group("key")
        elif crewai_base:
            key = key or snake(tmod.path.stem)
        if crewai_base and origin is None:
            config = {**config, **env_config(crewai_base, self.env_listed)}
        name = class_string_attr(cls, tmod.ev, "name") or tool_class
        description = class_string_attr(cls, tmod.ev, "description")
        spec = ToolSpec(
            key=key or snake(cls.name),
            name=name,
            tool_class=tool_class,
            description=description,
            config=config,
            where=self.where(tmod.path, cls.lineno),
        )
        return self._register(spec, tmod, line)

    def _register(self, spec: ToolSpec, mod: Module, line: int) -> str:
        from ...domain.validators import find_secret_keys

        for secret in find_secret_keys(spec.config):
            top = secret.split(".")[0].split("[")[0]
            spec.config.pop(top, None)
            self.warn(
                mod.path,
                line,
                f"{spec.tool_class}: '{top}' looks like a secret; not stored (name an "
                "environment variable instead)",
            )
        return self.add_tool(spec)

    def tool_from_function(self, mod: Module, func: ast.FunctionDef) -> str | None:
        label = tool_decorator_label(func, mod.ev)
        if label is None:
            return None
        # a function tool has no class: the export writes a tool class for it to complete
        spec = ToolSpec(
            key=snake(func.name),
            name=label,
            tool_class=None,
            description=ast.get_docstring(func),
            where=self.where(mod.path, func.lineno),
        )
        return self.add_tool(spec)

    def tool_from_value(
        self, value: Any, mod: Module, line: int, tool_methods: dict[str, Any]
    ) -> str | None:
        """A tool key for one entry of ``tools=[...]``; unknown entries are reported."""
        if isinstance(value, ClassCall):
            if value.name.rsplit(".", 1)[-1] in ("tool",):
                self.warn(
                    mod.path,
                    value.line,
                    "an inline tool(...) cannot be read statically; not imported",
                )
                return None
            return self.tool_from_call(value, mod)
        if isinstance(value, SelfCall):
            method = tool_methods.get(value.name)
            if method is None:
                self.error(
                    mod.path,
                    value.line,
                    f"unknown tool 'self.{value.name}()': no @tool method of that name",
                )
                return None
            return self.tool_from_method(method, mod)
        if isinstance(value, NameRef):
            found = self.index.resolve(mod, value.name)
            if found is not None and isinstance(found[1], ast.FunctionDef):
                key = self.tool_from_function(found[0], found[1])
                if key:
                    return key
            if found is not None and isinstance(found[1], ast.ClassDef):
                self.warn(
                    mod.path,
                    value.line,
                    f"tool '{value.name}' is a class, not an instance (crewai needs "
                    f"{value.name}())",
                )
                return self.tool_from_call(ClassCall(value.name, value.line), mod)
            self.warn(
                mod.path, value.line, f"tool '{value.name}' cannot be read statically; not imported"
            )
            return None
        if isinstance(value, Dotted):
            got = self.resolve_dotted(mod, value.text)
            if got is not None and isinstance(got[1], ast.FunctionDef):
                return self.tool_from_function(got[0], got[1])
            self.warn(
                mod.path, line, f"tool '{value.text}' cannot be read statically; not imported"
            )
            return None
        if isinstance(value, Unresolved):
            self.warn(
                mod.path, value.line, f"tool '{value.text}' cannot be read statically; not imported"
            )
            return None
        self.warn(mod.path, line, f"tool entry {value!r} is not a tool; not imported")
        return None

    def tool_from_method(self, method: Any, mod: Module) -> str | None:
        """A ``@tool`` method of the crew class: its name is the tool key the YAML uses."""
        value = method.value
        if isinstance(value, ClassCall):
            return self.tool_from_call(value, mod, key=snake(method.name))
        if isinstance(value, NameRef):
            found = self.index.resolve(mod, value.name)
            if found is not None and isinstance(found[1], ast.FunctionDef):
                return self.tool_from_function(found[0], found[1])
        self.warn(
            mod.path,
            method.line,
            f"@tool method '{method.name}' does not return a tool instance that can be read "
            "statically; not imported",
        )
        return None

    # ---- callbacks

    def callback_url(
        self, value: Any, mod: Module, line: int, what: str, callbacks: dict[str, Any] | None = None
    ) -> str | None:
        """The URL a callback function posts to (as the export writes them), else reported."""
        func: tuple[Module, ast.FunctionDef] | None = None
        if isinstance(value, str) and _URL.match(value):
            return value
        if isinstance(value, str) and callbacks and value in callbacks:
            value = callbacks[value].value
        if isinstance(value, Dotted):
            got = self.resolve_dotted(mod, value.text)
            if got is not None and isinstance(got[1], ast.FunctionDef):
                func = (got[0], got[1])
            elif got is not None:
                value = got[0].ev.eval(got[1])
                mod = got[0]
        if isinstance(value, NameRef):
            found = self.index.resolve(mod, value.name)
            if found is not None and isinstance(found[1], ast.FunctionDef):
                func = (found[0], found[1])
        elif isinstance(value, ClassCall):
            url = next(
                (
                    a
                    for a in [*value.args, *value.kwargs.values()]
                    if isinstance(a, str) and _URL.match(a)
                ),
                None,
            )
            if url:
                return url
        if func is not None:
            url = _first_url(func[0], func[1])
            if url:
                return url
        self.warn(
            mod.path,
            line,
            f"{what}: only callbacks that post to a fixed http(s) URL can be stored; not imported",
        )
        return None

    def resolve_dotted(self, mod: Module, text: str) -> tuple[Module, Any] | None:
        """``callbacks.step`` where ``callbacks`` is a project module imported by ``mod``:
        (that module, its function or the expression assigned to the name)."""
        head, _, attr = text.rpartition(".")
        if not head:
            return None
        imp = mod.imports.get(head)
        path = None
        if imp is not None:
            module, level, original = imp
            path = self.index.module_file(
                mod, f"{module}.{original}" if original else module, level
            )
        if path is None:
            path = self.index.module_file(mod, head, 0) or self.index.module_file(mod, head, 1)
        if path is None:
            return None
        target = self.index.load(path)
        if attr in target.functions:
            return target, target.functions[attr]
        if attr in target.classes:
            return target, target.classes[attr]
        if attr in target.ev.constants:
            return target, target.ev.constants[attr]
        return None


def _first_url(mod: Module, func: ast.FunctionDef) -> str | None:
    for node in ast.walk(func):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _URL.match(node.value)
        ):
            return node.value
        if isinstance(node, ast.Name) and node.id in mod.ev.constants:
            val = mod.ev.eval(mod.ev.constants[node.id])
            if isinstance(val, str) and _URL.match(val):
                return val
    return None
