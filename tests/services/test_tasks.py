"""Tasks of a crew: execution order, agent, context by names; both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crewtui.domain.errors import Conflict, InUse, NotFound, ValidationFailed
from crewtui.services import Services

from .conftest import make_crew


def order_in_db(services: Services, crew: str) -> list[tuple[str, int]]:
    sql = text(
        "SELECT t.name, t.sequence_order FROM crewai_tasks t JOIN crewai_crews c ON c.id = "
        "t.crew_id "
        "WHERE c.crew_name = :n ORDER BY t.sequence_order"
    )
    with services.store.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(sql, {"n": crew})]


@pytest.fixture
def crew(services: Services) -> str:
    make_crew(services, "team", ["ann", "ben"])
    for name in ("gather", "analyse", "write"):
        services.create_task(
            "team", {"name": name, "agent": "ann", "description": f"{name} {{topic}}"}
        )
    return "team"


def test_create_show_update_delete(services: Services, crew: str) -> None:
    task = services.get_task(crew, "analyse")
    assert task.sequence_order == 2 and task.assigned_agent_id == services.get_agent("ann").id
    assert task.context_task_ids is None

    saved = services.update_task(
        crew,
        "analyse",
        {"agent": "ben", "expected_output": "A table.", "async_execution": True},
        expected_version=1,
    )
    assert saved.assigned_agent_id == services.get_agent("ben").id and saved.version == 2
    renamed = services.update_task(crew, "analyse", {"name": "analyse_market"})
    assert renamed.name == "analyse_market"

    services.delete_task(crew, "gather")
    assert order_in_db(services, crew) == [("analyse_market", 1), ("write", 2)]
    with pytest.raises(NotFound):
        services.get_task(crew, "gather")


def test_create_at_a_position(services: Services, crew: str) -> None:
    services.create_task(crew, {"name": "brief", "position": 1})
    services.create_task(crew, {"name": "review", "position": 4})
    assert order_in_db(services, crew) == [
        ("brief", 1),
        ("gather", 2),
        ("analyse", 3),
        ("review", 4),
        ("write", 5),
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.create_task(crew, {"name": "late", "position": 9})
    assert exc.value.by_field() == {"position": "must be between 1 and 6"}


def test_invalid_task_values_write_nothing(services: Services, crew: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.create_task(
            crew, {"name": "bad name", "guardrail_max_retries": -1, "agent": "zed"}
        )
    assert set(exc.value.by_field()) >= {"agent"}
    with pytest.raises(ValidationFailed) as exc:
        services.create_task(crew, {"name": "bad name", "guardrail_max_retries": -1})
    assert set(exc.value.by_field()) == {"name", "guardrail_max_retries"}
    with pytest.raises(ValidationFailed) as exc:
        services.create_task(crew, {"name": "gather"})
    assert exc.value.by_field() == {"name": "is already taken"}
    with pytest.raises(Conflict):
        services.update_task(crew, "write", {"description": "x"}, expected_version=5)
    assert order_in_db(services, crew) == [("gather", 1), ("analyse", 2), ("write", 3)]
    assert services.get_task(crew, "write").description == "write {topic}"


def test_same_name_in_two_crews_is_fine(services: Services, crew: str) -> None:
    services.create_crew({"crew_name": "other"})
    services.create_task("other", {"name": "gather"})
    assert [t.name for t in services.list_tasks("other")] == ["gather"]


def test_move_and_reorder(services: Services, crew: str) -> None:
    moved = services.move_task(crew, "write", 1)
    assert [(t.name, t.sequence_order) for t in moved] == [
        ("write", 1),
        ("gather", 2),
        ("analyse", 3),
    ]
    assert order_in_db(services, crew) == [("write", 1), ("gather", 2), ("analyse", 3)]

    services.reorder_tasks(crew, ["analyse", "gather", "write"])
    assert order_in_db(services, crew) == [("analyse", 1), ("gather", 2), ("write", 3)]
    assert [t.name for t in services.list_tasks(crew)] == ["analyse", "gather", "write"]

    with pytest.raises(ValidationFailed) as exc:
        services.reorder_tasks(crew, ["analyse", "analyse", "nope"])
    message = exc.value.message
    assert (
        "nope" in message
        and "listed twice: analyse" in message
        and "missing: gather, write" in message
    )
    with pytest.raises(ValidationFailed):
        services.move_task(crew, "write", 0)
    assert order_in_db(services, crew) == [("analyse", 1), ("gather", 2), ("write", 3)]


def test_context_by_names(services: Services, crew: str) -> None:
    ids = {t.name: t.id for t in services.list_tasks(crew)}
    task = services.set_context(crew, "write", ["gather", "analyse"])
    assert task.context_task_ids == [ids["gather"], ids["analyse"]]
    assert services.get_task(crew, "write").context_task_ids == [ids["gather"], ids["analyse"]]

    assert services.set_context(crew, "write", []).context_task_ids == []
    assert services.set_context(crew, "write", None).context_task_ids is None
    by_update = services.update_task(crew, "analyse", {"context": ["gather"]})
    assert by_update.context_task_ids == [ids["gather"]]
    raw = services.update_task(crew, "write", {"context_task_ids": [str(ids["analyse"])]})
    assert raw.context_task_ids == [ids["analyse"]]


def test_context_must_name_other_tasks_of_the_crew(services: Services, crew: str) -> None:
    services.create_crew({"crew_name": "other"})
    services.create_task("other", {"name": "elsewhere"})
    foreign = services.get_task("other", "elsewhere").id
    for context, fragment in (
        (["nope"], "'nope' is not a task of crew 'team'"),
        (["write"], "its own output"),
        (["gather", "gather"], "listed twice"),
        ([str(foreign)], "is not a task of crew 'team'"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            services.set_context(crew, "write", context)
        assert fragment in exc.value.by_field()["context"]
    assert services.get_task(crew, "write").context_task_ids is None


def test_delete_refused_while_taken_as_context(services: Services, crew: str) -> None:
    services.set_context(crew, "analyse", ["gather"])
    services.set_context(crew, "write", ["gather", "analyse"])
    with pytest.raises(InUse) as exc:
        services.delete_task(crew, "gather")
    assert sorted(r.name for r in exc.value.references) == ["team/analyse", "team/write"]
    assert order_in_db(services, crew) == [("gather", 1), ("analyse", 2), ("write", 3)]
