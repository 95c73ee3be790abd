"""Legacy values the new constraints reject: normalise the unambiguous, refuse the rest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pytest
import sqlalchemy as sa

from crewtui.db import migrate
from crewtui.db.migrations.legacy import RollbackRefused, UpgradeRefused, parse_process_map

from .legacy_fixture import rid
from .snapshot import dump_url

ODD_CREWS = {
    "odd-case": "Hierarchical",
    "odd-space": " sequential ",
    "odd-null": None,
    "odd-parallel": "parallel",
}


def _exec(url: str, sql: str, **params: object) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params)
    engine.dispose()


def _crew_types(url: str) -> dict[str, str | None]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        column = "crew_type" if migrate.describe_state(url).state == "legacy" else "process_type"
        rows: Sequence[sa.Row[str, str | None]] = conn.execute(
            sa.text(f"SELECT crew_name, {column} FROM crewai_crews")
        ).all()
    engine.dispose()
    return {name: value for name, value in rows if name in ODD_CREWS}


@pytest.fixture
def odd_url(legacy_url: str) -> str:
    crews = sa.table(
        "crewai_crews", sa.column("id", sa.Uuid()), sa.column("crew_name"), sa.column("crew_type")
    )
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        for name, value in ODD_CREWS.items():
            conn.execute(
                crews.insert().values(id=rid("crew", name), crew_name=name, crew_type=value)
            )
    engine.dispose()
    return legacy_url


def test_unknown_process_is_refused_before_anything_changes(odd_url: str) -> None:
    before = dump_url(odd_url)
    with pytest.raises(UpgradeRefused) as caught:
        migrate.upgrade(odd_url)
    message = caught.value.message
    assert "crew 'odd-parallel'" in message
    assert str(rid("crew", "odd-parallel")) in message
    assert "'parallel'" in message
    assert "--map-process parallel=sequential" in message
    assert f"WHERE id = '{rid('crew', 'odd-parallel')}'" in message
    assert [r.row_name for r in caught.value.rows] == ["odd-parallel"]
    # Nothing changed: still legacy, no history, same rows.
    assert migrate.describe_state(odd_url).state == "legacy"
    assert migrate.current(odd_url) is None
    assert dump_url(odd_url) == before


def test_mapping_normalises_records_and_rollback_restores(odd_url: str) -> None:
    before = dump_url(odd_url)
    report = migrate.upgrade(odd_url, process_map={"Parallel": "sequential"})
    changed = {(n.row_name, n.original, n.new) for n in report.normalised}
    assert changed == {
        ("odd-case", "Hierarchical", "hierarchical"),
        ("odd-space", " sequential ", "sequential"),
        ("odd-null", None, "sequential"),
        ("odd-parallel", "parallel", "sequential"),
    }
    assert _crew_types(odd_url) == {
        "odd-case": "hierarchical",
        "odd-space": "sequential",
        "odd-null": "sequential",
        "odd-parallel": "sequential",
    }
    assert {c.name: c.passed for c in migrate.verify(odd_url)}["crews have a process_type"]
    migrate.rollback(odd_url)
    assert dump_url(odd_url) == before


def test_fixing_the_row_by_hand_unblocks_the_upgrade(odd_url: str) -> None:
    _exec(
        odd_url, "UPDATE crewai_crews SET crew_type = 'sequential' WHERE crew_name = 'odd-parallel'"
    )
    report = migrate.upgrade(odd_url)
    assert {n.row_name for n in report.normalised} == {"odd-case", "odd-space", "odd-null"}


def test_a_value_changed_after_the_upgrade_survives_rollback(odd_url: str) -> None:
    migrate.upgrade(odd_url, process_map={"parallel": "sequential"})
    _exec(
        odd_url, "UPDATE crewai_crews SET process_type = 'consensual' WHERE crew_name = 'odd-case'"
    )
    migrate.rollback(odd_url)
    types = _crew_types(odd_url)
    assert types["odd-case"] == "consensual"  # the later decision wins
    assert types["odd-parallel"] == "parallel"


def test_bad_mapping_target_is_rejected() -> None:
    with pytest.raises(ValueError, match="must be one of"):
        parse_process_map(["parallel=fast"])
    with pytest.raises(ValueError, match="OLD=NEW"):
        parse_process_map(["parallel"])
    assert parse_process_map([" Parallel =Hierarchical"]) == {"parallel": "hierarchical"}


def test_rollback_refuses_custom_task_types_before_changing_anything(legacy_url: str) -> None:
    migrate.upgrade(legacy_url)
    task_id = uuid.uuid4()
    tasks = sa.table(
        "crewai_tasks",
        sa.column("id", sa.Uuid()),
        sa.column("crew_id", sa.Uuid()),
        sa.column("name"),
        sa.column("task_type"),
    )
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        conn.execute(
            tasks.insert().values(
                id=task_id,
                crew_id=rid("crew", "venture-research"),
                name="deep_dive",
                task_type="research",
            )
        )
    engine.dispose()
    with pytest.raises(RollbackRefused) as caught:
        migrate.rollback(legacy_url)
    assert "venture-research/deep_dive" in caught.value.message
    assert str(task_id) in caught.value.message
    assert "'research'" in caught.value.message
    assert migrate.current(legacy_url) == migrate.HEAD_REVISION
    assert not [c for c in migrate.verify(legacy_url) if not c.passed]
    _exec(legacy_url, "UPDATE crewai_tasks SET task_type = NULL WHERE name = 'deep_dive'")
    migrate.rollback(legacy_url)
    assert migrate.describe_state(legacy_url).state == "legacy"


def test_task_names_are_deduplicated_within_a_crew(legacy_url: str) -> None:
    crew = rid("crew", "venture-research")
    tasks = sa.table(
        "crewai_tasks",
        sa.column("id", sa.Uuid()),
        sa.column("crew_id", sa.Uuid()),
        sa.column("task_type"),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    engine = sa.create_engine(legacy_url)
    with engine.begin() as conn:
        for n, task_type in enumerate(("market_sizing", None, None)):
            conn.execute(
                tasks.insert().values(id=uuid.UUID(int=n + 1), crew_id=crew, task_type=task_type)
            )
    engine.dispose()
    migrate.upgrade(legacy_url)
    engine = sa.create_engine(legacy_url)
    with engine.connect() as conn:
        names: Sequence[str] = (
            conn.execute(
                sa.select(sa.column("name"))
                .select_from(sa.table("crewai_tasks"))
                .where(sa.column("crew_id", sa.Uuid()) == crew)
                .order_by(sa.column("sequence_order"))
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert sorted(names) == sorted(
        [
            "market_sizing",
            "market_sizing_2",
            "pain_point",
            "competitive",
            "strategic_fit",
            "task",
            "task_2",
        ]
    )
