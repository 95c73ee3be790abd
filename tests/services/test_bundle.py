"""A crew bundle holds exactly what lint and export need."""

from __future__ import annotations

import uuid

from sqlalchemy import insert

from crewtui.db.models import KnowledgeRow
from crewtui.services import Services

from .conftest import agent_values, make_crew


def test_bundle_has_members_manager_tasks_configs_tools_and_knowledge(services: Services) -> None:
    services.create_memory_config({"name": "default"})
    services.create_memory_config({"name": "unused"})
    services.create_tool({"tool_key": "web_search", "name": "Web search"})
    make_crew(services, "board", ["ann", "ben"], process_type="hierarchical")
    services.create_agent(agent_values("boss", memory_config_id="default"))
    services.create_agent(agent_values("outsider"))
    services.update_crew("board", {"manager_agent_id": "boss"})
    services.create_task("board", {"name": "one", "agent": "ben"})
    services.create_task("board", {"name": "two", "agent": "ann", "context": ["one"]})
    services.move_member("board", "ben", 1)
    boss_id, outsider_id = services.get_agent("boss").id, services.get_agent("outsider").id
    with services.store.engine.begin() as conn:
        conn.execute(
            insert(KnowledgeRow),
            [
                {"id": uuid.uuid4(), "agent_id": boss_id, "title": "Handbook", "content": "Rules."},
                {"id": uuid.uuid4(), "agent_id": outsider_id, "title": "Other", "content": "x"},
            ],
        )

    bundle = services.load_bundle("board")
    assert [a.agent_key for a in bundle.members] == ["ben", "ann"]
    assert bundle.manager is not None and bundle.manager.agent_key == "boss"
    assert {a.agent_key for a in bundle.agents.values()} == {"ann", "ben", "boss"}
    assert [t.name for t in bundle.tasks] == ["one", "two"]
    assert bundle.task_by_id(bundle.tasks[1].context_task_ids[0]).name == "one"  # type: ignore[index,union-attr]
    assert [m.name for m in bundle.memory_configs.values()] == ["default"]
    assert list(bundle.tools) == ["web_search"]
    assert [(k.title, k.agent_id) for k in bundle.knowledge] == [("Handbook", boss_id)]
