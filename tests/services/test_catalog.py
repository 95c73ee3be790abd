"""Memory configs, departments and tools: CRUD and refusal while referenced (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crewtui.domain.errors import Conflict, InUse, NotFound, ValidationFailed
from crewtui.services import Services

from .conftest import agent_values, make_crew


def count(services: Services, table: str) -> int:
    with services.store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_memory_config_crud_and_versions(services: Services) -> None:
    cfg = services.create_memory_config(
        {"name": "default", "long_term_enabled": True, "storage_type": "file"}
    )
    assert cfg.version == 1 and cfg.long_term_enabled
    saved = services.update_memory_config("default", {"entity_max_count": 50}, expected_version=1)
    assert (saved.version, saved.entity_max_count) == (2, 50)
    with pytest.raises(Conflict) as exc:
        services.update_memory_config("default", {"entity_max_count": 60}, expected_version=1)
    assert exc.value.theirs["entity_max_count"] == 50
    with pytest.raises(ValidationFailed) as invalid:
        services.update_memory_config("default", {"storage_type": "s3", "embedder_dimensions": 0})
    assert set(invalid.value.by_field()) == {"storage_type", "embedder_dimensions"}
    with pytest.raises(ValidationFailed) as invalid:
        services.create_memory_config({"name": "default"})
    assert invalid.value.by_field() == {"name": "is already taken"}
    assert [m.name for m in services.list_memory_configs()] == ["default"]

    services.create_agent(
        agent_values("rememberer", memory_enabled=True, memory_config_id="default")
    )
    with pytest.raises(InUse) as in_use:
        services.delete_memory_config("default")
    assert [(r.kind, r.name) for r in in_use.value.references] == [("agent", "rememberer")]
    services.update_agent("rememberer", {"memory_config_id": None})
    services.delete_memory_config("default")
    with pytest.raises(NotFound):
        services.get_memory_config("default")


def test_department_crud_parent_and_references(services: Services) -> None:
    services.create_department({"department_key": "research", "name": "Research"})
    child = services.create_department(
        {"department_key": "product", "name": "Product", "parent_department_id": "research"}
    )
    assert child.parent_department_id == services.get_department("research").id
    saved = services.update_department("product", {"name": "Product & Design", "sort_order": 3})
    assert (saved.name, saved.sort_order) == ("Product & Design", 3)
    assert [d.department_key for d in services.list_departments()] == ["research", "product"]

    with pytest.raises(ValidationFailed) as exc:
        services.update_department("research", {"parent_department_id": "product"})
    assert "own ancestor" in exc.value.by_field()["parent_department_id"]
    assert services.get_department("research").parent_department_id is None
    with pytest.raises(ValidationFailed) as exc:
        services.create_department({"department_key": "Bad Key", "name": ""})
    assert set(exc.value.by_field()) == {"department_key", "name"}

    services.create_agent(agent_values("designer", department_id="product"))
    with pytest.raises(InUse) as in_use:
        services.delete_department("research")
    assert [(r.kind, r.name) for r in in_use.value.references] == [("department", "product")]
    with pytest.raises(InUse) as in_use:
        services.delete_department("product")
    assert [(r.kind, r.name) for r in in_use.value.references] == [("agent", "designer")]
    assert count(services, "agent_departments") == 2


def test_tool_crud_and_usage_in_agent_and_task_tool_lists(services: Services) -> None:
    services.create_tool(
        {
            "tool_key": "web_search",
            "name": "Web search",
            "tool_class": "SerperDevTool",
            "config": {"n_results": 5, "api_key_env": "SERPER_API_KEY"},
        }
    )
    services.create_tool(
        {"tool_key": "file_read", "name": "Read file", "tool_class": "FileReadTool"}
    )
    assert services.get_tool("web_search").config == {
        "n_results": 5,
        "api_key_env": "SERPER_API_KEY",
    }
    with pytest.raises(ValidationFailed) as exc:
        services.update_tool("web_search", {"config": {"api_key": "sk-secret"}})
    assert "looks like a secret" in exc.value.by_field()["config"]

    make_crew(services, "team", ["searcher"])
    services.update_agent("searcher", {"tools": ["file_read", "web_search_extra", "web_search"]})
    services.create_task("team", {"name": "look", "tools": ["web_search"]})
    with pytest.raises(InUse) as in_use:
        services.delete_tool("web_search")
    assert {(r.kind, r.name) for r in in_use.value.references} == {
        ("agent", "searcher"),
        ("task", "team/look"),
    }
    with pytest.raises(InUse):
        services.update_tool("web_search", {"tool_key": "search"})
    # a name that merely starts like a used one is not a reference
    services.update_agent("searcher", {"tools": ["web_search_extra"]})
    services.update_task("team", "look", {"tools": None})
    services.delete_tool("web_search")
    assert [t.tool_key for t in services.list_tools()] == ["file_read"]
