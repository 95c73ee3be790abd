"""The demo data: the specification's numbers, idempotency and crewai's rules."""

from __future__ import annotations

import re

from sqlalchemy import text

from crewtui.domain.bundle import CrewBundle
from crewtui.services import Services
from crewtui.services.demo import is_empty, load_demo

TABLES = (
    "agent_departments",
    "crewai_agents",
    "crewai_crews",
    "crew_members",
    "crewai_tasks",
    "agent_memory_configs",
    "agent_tools",
    "crewai_flows",
)


def snapshot(services: Services) -> dict[str, list[tuple]]:
    """Every row's id and version (or updated_at) per table."""
    out: dict[str, list[tuple]] = {}
    with services.store.engine.connect() as conn:
        for table in TABLES:
            cols = (
                "id, version"
                if table not in ("agent_departments", "agent_tools", "crew_members")
                else "id, created_at"
            )
            out[table] = sorted(
                (str(a), str(b)) for a, b in conn.execute(text(f"SELECT {cols} FROM {table}"))
            )
    return out


def test_numbers_and_idempotency(services: Services) -> None:
    assert is_empty(services)
    report = load_demo(services)
    assert report.created == {
        "departments": 11,
        "memory configs": 2,
        "tools": 10,
        "agents": 30,
        "crews": 2,
        "flows": 1,
    }
    assert report.summary() == (
        "added 11 departments, 2 memory configs, 10 tools, 30 agents, 2 crews, 1 flow"
    )
    assert not is_empty(services)
    before = snapshot(services)
    again = load_demo(services)
    assert not again.changed and again.existing == report.created
    assert snapshot(services) == before

    assert [f.flow_key for f in services.list_flows()] == ["venture-to-board"]
    assert services.check_flow("venture-to-board") == []
    assert len(services.list_departments()) == 11
    assert services.count_agents() == 30
    assert {c.crew_name: c.process_type for c in services.list_crews()} == {
        "venture-research": "sequential",
        "board-briefing": "hierarchical",
    }
    agents = [services.get_agent(a.agent_key) for a in services.list_agents()]
    assert all("/" in (a.llm_model or "") for a in agents)
    assert {f for a in agents for f in a.flags} == set("MRVC")
    tool_classes = {t.tool_class for t in services.list_tools()}
    assert {"SerperDevTool", "ScrapeWebsiteTool", "FileReadTool"} <= tool_classes
    registry = {t.tool_key for t in services.list_tools()}
    assert all(set(a.tools) <= registry for a in agents)


def test_a_partial_demo_is_completed(services: Services) -> None:
    services.create_department({"department_key": "research", "name": "Our research"})
    report = load_demo(services)
    assert report.created["departments"] == 10 and report.existing["departments"] == 1
    assert services.get_department("research").name == "Our research"


def check_crewai_rules(bundle: CrewBundle) -> list[str]:
    """crewai 1.3.0's construction rules (see crewai-facts.md) as plain checks."""
    problems: list[str] = []
    crew, tasks = bundle.crew, bundle.tasks
    member_ids = {m.agent_id for m in crew.members}
    position = {t.id: i for i, t in enumerate(tasks)}
    if crew.process_type == "hierarchical":
        manager = bundle.manager
        if manager is None and not crew.manager_llm:
            problems.append("hierarchical without manager")
        if manager is not None and (manager.id in member_ids or manager.tools):
            problems.append("manager is a member or has tools")
    for i, task in enumerate(tasks):
        if crew.process_type == "sequential" and task.assigned_agent_id not in member_ids:
            problems.append(f"{task.name}: agent is not a member")
        for cid in task.context_task_ids or []:
            if position[cid] >= i:
                problems.append(f"{task.name}: context on a later task")
            if (
                task.async_execution
                and tasks[position[cid]].async_execution
                and all(t.async_execution for t in tasks[position[cid] : i])
            ):
                problems.append(f"{task.name}: async context from the same async run")
        for field in (task.description, task.expected_output, task.output_file):
            for name in re.findall(r"\{([^}]*)\}", field or ""):
                if not name.isidentifier():
                    problems.append(f"{task.name}: placeholder {{{name}}}")
    trailing = 0
    for task in reversed(tasks):
        if not task.async_execution:
            break
        trailing += 1
    if trailing > 1:
        problems.append("more than one trailing async task")
    return problems


def test_demo_crews_obey_crewai_rules(services: Services) -> None:
    load_demo(services)
    research = services.load_bundle("venture-research")
    assert 4 <= len(research.crew.members) <= 6
    assert [m.sequence_order for m in research.crew.members] == list(
        range(1, len(research.crew.members) + 1)
    )
    names = [t.name for t in research.tasks]
    by_id = {t.id: t.name for t in research.tasks}
    async_tasks = [t for t in research.tasks if t.async_execution]
    assert len(async_tasks) == 1
    later = [
        t
        for t in research.tasks[names.index(async_tasks[0].name) + 1 :]
        if async_tasks[0].id in (t.context_task_ids or [])
    ]
    assert later and not any(t.async_execution for t in later)  # its output feeds a later sync task
    assert all(t.context_task_ids is not None for t in research.tasks)
    assert any(len(t.context_task_ids or []) >= 2 for t in research.tasks)
    assert set(by_id.values()) == set(names)
    assert check_crewai_rules(research) == []

    board = services.load_bundle("board-briefing")
    manager = board.manager
    assert manager is not None and manager.tools == []
    assert manager.id not in {m.agent_id for m in board.crew.members}
    assert check_crewai_rules(board) == []

    texts = [t.description or "" for b in (research, board) for t in b.tasks]
    assert all("{topic}" in s for s in texts)
