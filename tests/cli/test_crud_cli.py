"""``crewtui agents|crews|tasks|memory-configs|departments|tools`` on both databases."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from crewtui.cli import cli

from .conftest import Query, Run, as_json

AGENT = (
    "role=Analyst",
    "goal=Size {topic}",
    "backstory=Ten years in research.",
    "name=Market Analyst",
)


def test_agent_create_show_set_delete(run: Run, query: Query) -> None:
    assert run("departments", "create", "research", "name=Research").exit_code == 0
    r = run(
        "agents",
        "create",
        "market-analyst",
        *AGENT,
        "department_id=research",
        "temperature=0.3",
        "allow_delegation=no",
        "tools=web_search,file_read",
        'embedder_config={"provider": "openai"}',
    )
    assert r.exit_code == 0, r.output
    assert "created agent 'market-analyst' (version 1)" in r.stdout

    data = as_json(run("agents", "show", "market-analyst", "--json"))
    assert data["version"] == 1 and data["temperature"] == 0.3 and data["allow_delegation"] is False
    assert data["tools"] == ["web_search", "file_read"] and data["embedder_config"] == {
        "provider": "openai"
    }
    assert {"id", "created_at", "updated_at", "execution_count", "step_callback_url"} <= set(data)

    text_out = run("agents", "show", "market-analyst").stdout
    assert "[Basic]" in text_out and "[LLM]" in text_out and "[Metadata]" in text_out
    assert "Department" in text_out and "research" in text_out and "Crews: -" in text_out

    r = run(
        "agents",
        "set",
        "market-analyst",
        "max_iter=7",
        "function_calling_llm=openai/gpt-4o-mini",
        "--if-version",
        "1",
    )
    assert r.exit_code == 0 and "(version 2)" in r.stdout
    assert query("SELECT max_iter, function_calling_llm, version FROM crewai_agents") == [
        (7, "openai/gpt-4o-mini", 2)
    ]
    assert run("agents", "set", "market-analyst", "function_calling_llm=").exit_code == 0
    assert query("SELECT function_calling_llm FROM crewai_agents") == [(None,)]

    listing = run("agents", "list").stdout.splitlines()
    assert listing[0].split() == ["KEY", "NAME", "ROLE", "DEPT", "LLM", "STATUS", "FLAGS"]
    assert listing[1].startswith("market-analyst  Market Analyst")
    assert listing[0].index("ROLE") == listing[1].index("  Analyst  ") + 2
    assert [
        a["agent_key"] for a in as_json(run("agents", "list", "--json", "--filter", "RESEARCH"))
    ] == ["market-analyst"]

    assert run("agents", "delete", "market-analyst").exit_code == 0
    assert query("SELECT count(*) FROM crewai_agents") == [(0,)]


def test_exit_codes_and_nothing_written(run: Run, query: Query) -> None:
    assert run("agents", "create", "analyst", *AGENT).exit_code == 0

    r = run("agents", "set", "analyst", "max_iter=0")
    assert r.exit_code == 2 and "max_iter" in r.stderr
    r = run("agents", "set", "analyst", "temperature=hot", "colour=red")
    assert r.exit_code == 2 and "temperature: must be a number" in r.stderr and "colour" in r.stderr
    r = run("agents", "create", "Not A Key", *AGENT)
    assert r.exit_code == 2 and "agent_key" in r.stderr
    r = run("agents", "create", "analyst", *AGENT)
    assert r.exit_code == 2 and "agent_key: is already taken" in r.stderr
    assert query("SELECT agent_key, max_iter, version FROM crewai_agents") == [("analyst", 25, 1)]

    r = run("agents", "set", "analyst", "max_iter=3", "--if-version", "4")
    assert r.exit_code == 3 and "version 1, not 4" in r.stderr
    assert query("SELECT max_iter, version FROM crewai_agents") == [(25, 1)]

    assert run("agents", "show", "ghost").exit_code == 4
    assert run("agents", "set", "ghost", "max_iter=3").exit_code == 4
    assert run("crews", "show", "ghost").exit_code == 4
    assert run("tasks", "show", "ghost/task").exit_code == 4
    assert run("tasks", "show", "no-slash").exit_code == 2
    assert run("departments", "set", "x", "name=y", "--if-version", "1").exit_code == 2


def test_delete_refused_with_references_listed(run: Run, query: Query) -> None:
    for key in ("lead", "boss"):
        assert run("agents", "create", key, *AGENT).exit_code == 0
    assert (
        run(
            "crews", "create", "board", "process_type=hierarchical", "manager_agent_id=boss"
        ).exit_code
        == 0
    )
    assert run("crews", "add-member", "board", "lead").exit_code == 0
    assert run("tasks", "create", "board/brief", "agent=lead").exit_code == 0

    r = run("agents", "delete", "boss")
    assert r.exit_code == 5 and "crew 'board' (manager agent)" in r.stderr
    r = run("agents", "delete", "lead")
    assert r.exit_code == 5
    assert (
        "task 'board/brief' (assigned agent)" in r.stderr and "crew 'board' (member #1)" in r.stderr
    )
    assert query("SELECT count(*) FROM crewai_agents") == [(2,)]


def test_crew_members_and_json(run: Run, query: Query) -> None:
    for key in ("ann", "ben", "cat"):
        assert run("agents", "create", key, *AGENT).exit_code == 0
    assert run("crews", "create", "team", "memory_enabled=yes", "max_rpm=5").exit_code == 0
    assert run("crews", "add-member", "team", "ann", "--role", "lead").exit_code == 0
    assert run("crews", "add-member", "team", "ben").exit_code == 0
    r = run("crews", "add-member", "team", "cat", "--role", "writer", "--position", "1")
    assert r.exit_code == 0 and r.stdout.splitlines()[1].split() == ["1", "cat", "writer"]
    assert run("crews", "move-member", "team", "cat", "3").exit_code == 0
    assert run("crews", "remove-member", "team", "ben").exit_code == 0
    assert run("crews", "move-member", "team", "ann", "9").exit_code == 2
    assert run("crews", "remove-member", "team", "ben").exit_code == 4
    assert query(
        "SELECT a.agent_key, m.role_in_crew, m.sequence_order FROM crew_members m "
        "JOIN crewai_agents a ON a.id = m.agent_id ORDER BY m.sequence_order"
    ) == [("ann", "lead", 1), ("cat", "writer", 2)]

    assert (
        run("tasks", "create", "team/gather", "agent=ann", "description=Gather {topic}").exit_code
        == 0
    )
    assert (
        run(
            "tasks", "create", "team/write", "agent=cat", "context=gather", "async_execution=yes"
        ).exit_code
        == 0
    )
    data = as_json(run("crews", "show", "team", "--json"))
    assert data["version"] == 6 and data["memory_enabled"] is True and data["max_rpm"] == 5
    assert data["members"] == [
        {"agent_key": "ann", "role_in_crew": "lead", "sequence_order": 1},
        {"agent_key": "cat", "role_in_crew": "writer", "sequence_order": 2},
    ]
    assert [t["name"] for t in data["tasks"]] == ["gather", "write"]
    gather, write = data["tasks"]
    assert write["context_task_ids"] == [gather["id"]] and write["async_execution"] is True
    assert {"expected_output", "guardrail_max_retries", "version", "sequence_order"} <= set(gather)

    shown = run("crews", "show", "team").stdout
    assert "1. ann  (lead)" in shown and "2. write  agent: cat  context: gather  async" in shown


def test_tasks_move_reorder_and_context(run: Run, query: Query) -> None:
    assert run("agents", "create", "ann", *AGENT).exit_code == 0
    assert run("crews", "create", "team").exit_code == 0
    for name in ("a", "b", "c"):
        assert run("tasks", "create", f"team/{name}", "agent=ann").exit_code == 0
    assert run("tasks", "create", "team/first", "--position", "1").exit_code == 0
    order = "SELECT name, sequence_order FROM crewai_tasks ORDER BY sequence_order"
    assert query(order) == [("first", 1), ("a", 2), ("b", 3), ("c", 4)]

    assert run("tasks", "move", "team/first", "4").exit_code == 0
    assert query(order) == [("a", 1), ("b", 2), ("c", 3), ("first", 4)]
    assert run("tasks", "reorder", "team", "c", "b", "a", "first").exit_code == 0
    assert query(order) == [("c", 1), ("b", 2), ("a", 3), ("first", 4)]
    assert run("tasks", "reorder", "team", "c", "b").exit_code == 2

    r = run("tasks", "context", "team/a", "c", "b")
    assert r.exit_code == 0 and "c, b" in r.stdout
    assert as_json(run("tasks", "show", "team/a", "--json"))["context_task_ids"] == [
        as_json(run("tasks", "show", f"team/{n}", "--json"))["id"] for n in ("c", "b")
    ]
    assert run("tasks", "context", "team/a", "--none").exit_code == 0
    assert as_json(run("tasks", "show", "team/a", "--json"))["context_task_ids"] == []
    assert run("tasks", "context", "team/a", "--default").exit_code == 0
    assert as_json(run("tasks", "show", "team/a", "--json"))["context_task_ids"] is None
    r = run("tasks", "context", "team/a", "zzz")
    assert r.exit_code == 2 and "'zzz' is not a task of crew 'team'" in r.stderr
    assert run("tasks", "context", "team/a").exit_code == 2

    assert run("tasks", "context", "team/b", "c").exit_code == 0
    r = run("tasks", "delete", "team/c")
    assert r.exit_code == 5 and "task 'team/b' (context)" in r.stderr
    r = run("tasks", "set", "team/b", "guardrail_max_retries=-1")
    assert r.exit_code == 2 and "guardrail_max_retries" in r.stderr
    r = run("tasks", "set", "team/b", "name=bee", "--if-version", "1")
    assert r.exit_code == 3
    assert query("SELECT name FROM crewai_tasks WHERE name = 'b'") == [("b",)]


def test_crew_delete_asks_when_it_has_tasks(run: Run, query: Query) -> None:
    assert run("crews", "create", "team").exit_code == 0
    assert run("tasks", "create", "team/only").exit_code == 0
    r = run("crews", "delete", "team", input="n\n")
    assert r.exit_code == 1 and query("SELECT count(*) FROM crewai_crews") == [(1,)]
    r = run("crews", "delete", "team", input="y\n")
    assert r.exit_code == 0 and "and its 1 task(s)" in r.stdout
    assert query("SELECT count(*) FROM crewai_tasks") == [(0,)]
    assert run("crews", "create", "solo").exit_code == 0
    assert run("crews", "delete", "solo").exit_code == 0


def test_catalog_groups(run: Run, query: Query) -> None:
    assert (
        run(
            "memory-configs", "create", "default", "long_term_enabled=true", "storage_type=file"
        ).exit_code
        == 0
    )
    r = run("memory-configs", "set", "default", "storage_type=s3")
    assert r.exit_code == 2 and "storage_type" in r.stderr
    assert (
        run("memory-configs", "set", "default", "entity_max_count=9", "--if-version", "1").exit_code
        == 0
    )
    assert (
        run("memory-configs", "set", "default", "entity_max_count=8", "--if-version", "1").exit_code
        == 3
    )
    assert as_json(run("memory-configs", "show", "default", "--json"))["entity_max_count"] == 9

    assert run("departments", "create", "research", "name=Research", "sort_order=2").exit_code == 0
    dept = as_json(run("departments", "show", "research", "--json"))
    assert dept["sort_order"] == 2 and "version" not in dept
    assert run("departments", "set", "research", "description=Looks things up").exit_code == 0

    assert (
        run(
            "tools",
            "create",
            "web_search",
            "name=Web search",
            "tool_class=SerperDevTool",
            'config={"n_results": 3}',
            "requires_api_key=on",
        ).exit_code
        == 0
    )
    tools_list = run("tools", "list").stdout.splitlines()
    assert tools_list[1].split()[:4] == ["web_search", "Web", "search", "SerperDevTool"]
    assert (
        run(
            "agents",
            "create",
            "searcher",
            *AGENT,
            "tools=web_search",
            "memory_config_id=default",
            "department_id=research",
        ).exit_code
        == 0
    )
    for group, key, via in (
        ("tools", "web_search", "tools"),
        ("memory-configs", "default", "memory config"),
        ("departments", "research", "department"),
    ):
        r = run(group, "delete", key)
        assert r.exit_code == 5 and f"agent 'searcher' ({via})" in r.stderr
    assert run("agents", "delete", "searcher").exit_code == 0
    for group, key in (
        ("tools", "web_search"),
        ("memory-configs", "default"),
        ("departments", "research"),
    ):
        assert run(group, "delete", key).exit_code == 0
        assert run(group, "show", key).exit_code == 4


@pytest.mark.parametrize(
    ("group", "noun", "key", "create", "change", "versioned"),
    [
        ("agents", "agent", "ann", AGENT, "max_iter=4", True),
        ("crews", "crew", "team", (), "max_rpm=4", True),
        ("memory-configs", "memory config", "mem", (), "entity_max_count=4", True),
        ("departments", "department", "lab", ("name=Lab",), "sort_order=4", False),
        (
            "tools",
            "tool",
            "search",
            ("name=Search", "tool_class=SerperDevTool"),
            "status=deprecated",
            False,
        ),
    ],
)
def test_every_group_creates_shows_sets_lists_and_deletes(
    run: Run,
    query: Query,
    group: str,
    noun: str,
    key: str,
    create: tuple[str, ...],
    change: str,
    versioned: bool,
) -> None:
    r = run(group, "create", key, *create)
    assert r.stdout == f"created {noun} '{key}'" + (" (version 1)" if versioned else "") + "\n", (
        r.output
    )
    r = run(group, "set", key, change, *(("--if-version", "1") if versioned else ()))
    assert r.stdout == f"saved {noun} '{key}'" + (" (version 2)" if versioned else "") + "\n", (
        r.output
    )
    field, value = change.split("=")
    shown = as_json(run(group, "show", key, "--json"))
    assert str(shown[field]) == value and ("version" in shown) == versioned
    text = run(group, "show", key).stdout
    assert text.startswith("[") and key in text
    listed = as_json(run(group, "list", "--json"))
    assert [
        row.get(
            "agent_key",
            row.get("crew_name", row.get("tool_key", row.get("department_key", row.get("name")))),
        )
        for row in listed
    ] == [key]
    assert run(group, "list").stdout.splitlines()[1].split()[0] == key
    r = run(group, "delete", key)
    assert r.stdout == f"deleted {noun} '{key}'\n", r.output
    assert run(group, "show", key).exit_code == 4


def test_task_show_set_delete_name_the_task_by_crew(run: Run) -> None:
    assert run("crews", "create", "team").exit_code == 0
    assert (
        run("tasks", "create", "team/brief").stdout == "created task 'team/brief' at position 1\n"
    )
    assert "[Basic]" in run("tasks", "show", "team/brief").stdout
    r = run("tasks", "set", "team/brief", "name=summary", "--if-version", "1")
    assert r.stdout == "saved task 'team/summary' (version 2)\n", r.output
    assert run("tasks", "delete", "team/brief").exit_code == 4
    assert run("tasks", "delete", "team/summary").stdout == "deleted task 'team/summary'\n"
    r = run("tasks", "delete", "summary")
    assert r.exit_code == 2 and "must be written CREW/TASK" in r.stderr


@pytest.mark.parametrize(
    ("group", "key"),
    [
        ("agents", "KEY"),
        ("crews", "NAME"),
        ("tasks", "CREW/TASK"),
        ("memory-configs", "KEY"),
        ("departments", "KEY"),
        ("tools", "KEY"),
    ],
)
def test_a_group_names_its_key_alike_in_every_command(group: str, key: str) -> None:
    for command in ("show", "create", "set", "delete"):
        r = CliRunner().invoke(cli, [group, command, "--help"])
        usage = r.stdout.splitlines()[0]
        assert usage.startswith(f"Usage: cli {group} {command} [OPTIONS] {key}"), usage


def test_demo_command_is_idempotent(run: Run, query: Query) -> None:
    r = run("demo")
    assert r.exit_code == 0 and "30 agents" in r.stdout and "11 departments" in r.stdout
    r = run("demo")
    assert r.exit_code == 0 and "nothing changed" in r.stdout
    assert query("SELECT count(*) FROM crewai_agents") == [(30,)]
    assert query("SELECT count(*) FROM crewai_crews") == [(2,)]
    assert len(run("agents", "list").stdout.splitlines()) == 31
    assert len(as_json(run("tasks", "list", "--json"))) == 9


def test_crud_cli_does_not_import_textual(db_url: str) -> None:
    code = (
        "import sys\n"
        "from crewtui.cli import main\n"
        "try:\n"
        f"    main(['agents', 'list', '--db', {db_url!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "import crewtui.cli.agents, crewtui.cli.crews, crewtui.cli.tasks, crewtui.cli.catalog, "
        "crewtui.services.demo\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_database_from_group_option_or_environment(db_url: str, run: Run) -> None:
    from click.testing import CliRunner

    from crewtui.cli import cli

    assert run("departments", "create", "research", "name=Research").exit_code == 0
    by_group = CliRunner().invoke(cli, ["--db", db_url, "departments", "list"])
    by_env = CliRunner(env={"CREWTUI_DATABASE_URL": db_url}).invoke(cli, ["departments", "list"])
    for result in (by_group, by_env):
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1].split() == ["research", "Research", "0"]
