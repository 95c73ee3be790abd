"""Memory configurations, departments and the tool registry."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from ..db.repos import department_references, memory_config_references, tool_references
from ..db.repos.base import Repository
from ..domain.base import Record
from ..domain.catalog import Department, MemoryConfig, Tool
from ..domain.errors import InUse, ValidationFailed
from .base import ServiceBase, Work, check_create_fields, check_version, taken
from .refs import resolve_refs

R = TypeVar("R", bound=Record)


def _create(w: Work, repo: Repository[Any, Any], model: type[R], values: dict[str, Any]) -> R:
    check_create_fields(model, values)
    record = model.validated(resolve_refs(w, model, values))
    if repo.by_key(record.key) is not None:
        raise taken(model.key_field)
    result: R = repo.to_domain(repo.add(record))
    return result


def _update(
    w: Work, repo: Repository[Any, Any], row: Any, changes: dict[str, Any], expected: int | None
) -> Any:
    current = repo.to_domain(row)
    check_version(current, expected)
    new = current.updated(resolve_refs(w, type(current), changes))
    if new.key != current.key and repo.by_key(new.key) is not None:
        raise taken(type(current).key_field)
    repo.apply(row, new)
    return repo.to_domain(row)


class CatalogServices(ServiceBase):
    # ---- memory configs (versioned)

    def list_memory_configs(self) -> list[MemoryConfig]:
        return self._query(
            lambda w: [w.memory_configs.to_domain(r) for r in w.memory_configs.list_all()]
        )

    def get_memory_config(self, name: str) -> MemoryConfig:
        return self._query(lambda w: w.memory_configs.to_domain(w.memory_configs.require(name)))

    def create_memory_config(self, values: dict[str, Any]) -> MemoryConfig:
        return self._run(lambda w: _create(w, w.memory_configs, MemoryConfig, values))

    def update_memory_config(
        self, name: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> MemoryConfig:
        ids: list[uuid.UUID] = []

        def run(w: Work) -> MemoryConfig:
            row = w.memory_configs.require(name)
            ids.append(row.id)
            result: MemoryConfig = _update(w, w.memory_configs, row, changes, expected_version)
            return result

        return self._saving(
            run,
            lambda w: w.memory_configs.to_domain(w.memory_configs.require_id(ids[0])),
            blind=expected_version is None,
        )

    def delete_memory_config(self, name: str) -> None:
        def run(w: Work) -> None:
            row = w.memory_configs.require(name)
            refs = memory_config_references(w.session, row.id)
            if refs:
                raise InUse(f"Memory config '{name}'", refs)
            w.memory_configs.delete(row)

        self._run(run)

    # ---- departments (no version column: the last save wins)

    def list_departments(self) -> list[Department]:
        return self._query(lambda w: [w.departments.to_domain(r) for r in w.departments.list_all()])

    def get_department(self, key: str) -> Department:
        return self._query(lambda w: w.departments.to_domain(w.departments.require(key)))

    def create_department(self, values: dict[str, Any]) -> Department:
        return self._run(lambda w: _create(w, w.departments, Department, values))

    def update_department(
        self, key: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Department:
        """``expected_version`` is accepted like everywhere else and not checked: departments
        have no version column."""

        def run(w: Work) -> Department:
            row = w.departments.require(key)
            result: Department = _update(w, w.departments, row, changes, None)
            _check_parent_chain(w, row.id)
            return result

        return self._run(run)

    def delete_department(self, key: str) -> None:
        def run(w: Work) -> None:
            row = w.departments.require(key)
            refs = department_references(w.session, row.id)
            if refs:
                raise InUse(f"Department '{key}'", refs)
            w.departments.delete(row)

        self._run(run)

    # ---- tools (no version column: the last save wins)

    def list_tools(self) -> list[Tool]:
        return self._query(lambda w: [w.tools.to_domain(r) for r in w.tools.list_all()])

    def get_tool(self, key: str) -> Tool:
        return self._query(lambda w: w.tools.to_domain(w.tools.require(key)))

    def create_tool(self, values: dict[str, Any]) -> Tool:
        return self._run(lambda w: _create(w, w.tools, Tool, values))

    def update_tool(
        self, key: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Tool:
        """``expected_version`` is not checked: tools have no version column."""

        def run(w: Work) -> Tool:
            old = w.tools.require(key)
            result: Tool = _update(w, w.tools, old, changes, None)
            if result.tool_key != key:
                # agents and tasks name tools by key: renaming would silently cut them off
                refs = tool_references(w.session, key)
                if refs:
                    raise InUse(f"Tool '{key}' cannot be renamed: it", refs)
            return result

        return self._run(run)

    def delete_tool(self, key: str) -> None:
        def run(w: Work) -> None:
            row = w.tools.require(key)
            refs = tool_references(w.session, key)
            if refs:
                raise InUse(f"Tool '{key}'", refs)
            w.tools.delete(row)

        self._run(run)


def _check_parent_chain(w: Work, department_id: uuid.UUID) -> None:
    seen = {department_id}
    row = w.departments.get(department_id)
    while row is not None and row.parent_department_id is not None:
        if row.parent_department_id in seen:
            raise ValidationFailed.single(
                "parent_department_id", "would make a department its own ancestor"
            )
        seen.add(row.parent_department_id)
        row = w.departments.get(row.parent_department_id)
