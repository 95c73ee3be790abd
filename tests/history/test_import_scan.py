"""Bulk paths record too: an import (agents written with COPY / multi-row inserts, members
written at once) and a scan register their changes with the path they came through."""

from __future__ import annotations

from pathlib import Path

from crewtui.services import Services, Store
from crewtui.services.importer import import_project
from crewtui.services.interop import export_crew
from crewtui.services.scan import scan_and_register

from .conftest import make_crew, rows, task_values


def test_an_import_records_every_record(services: Services, store: Store, tmp_path: Path) -> None:
    make_crew(services, "crew", ["writer", "editor"])
    services.create_task("crew", task_values("draft", agent="writer"))
    export_crew(services, "crew", tmp_path / "project")
    services.delete_crew("crew")
    services.delete_agent("writer")
    services.delete_agent("editor")
    before = len(rows(store))
    importer = Services(store, user="bob", via="cli")
    import_project(importer, tmp_path / "project", dry_run=False)
    new = rows(store)[before:]
    assert {(r.actor, r.via) for r in new} == {("bob", "import")}
    kinds = sorted((r.record_kind, r.record_key, r.action) for r in new)
    assert ("agent", "writer", "create") in kinds and ("agent", "editor", "create") in kinds
    assert ("crew", "crew", "create") in kinds and ("task", "draft", "create") in kinds
    assert len({r.change_set for r in new}) == 1
    # an import that changes an agent records the fields it changed
    services.update_agent("writer", {"max_iter": 3})
    before = len(rows(store))
    import_project(importer, tmp_path / "project", dry_run=False)
    changed = [r for r in rows(store)[before:] if r.record_kind == "agent"]
    assert [(r.record_key, r.changes) for r in changed] == [("writer", {"max_iter": [3, 25]})]


def test_a_dry_run_records_nothing(services: Services, store: Store, tmp_path: Path) -> None:
    make_crew(services, "crew", ["writer"])
    services.create_task("crew", task_values("draft", agent="writer"))
    export_crew(services, "crew", tmp_path / "project")
    services.delete_crew("crew")
    services.delete_agent("writer")
    before = len(rows(store))
    import_project(services, tmp_path / "project", dry_run=True)
    assert len(rows(store)) == before


def test_members_written_at_once_are_recorded(
    services: Services, store: Store, tmp_path: Path
) -> None:
    make_crew(services, "crew", ["writer", "editor"])
    services.create_task("crew", task_values("draft", agent="writer"))
    export_crew(services, "crew", tmp_path / "project")
    services.set_members("crew", [])
    import_project(services, tmp_path / "project", dry_run=False)
    crew_rows = [r for r in rows(store) if r.record_kind == "crew"]
    ids = [str(services.get_agent(k).id) for k in ("writer", "editor")]
    assert crew_rows[-1].changes == {"members": [[], [[ids[0], None], [ids[1], None]]]}
    assert crew_rows[-1].via == "import"


def test_a_scan_records_with_its_path(services: Services, store: Store, tmp_path: Path) -> None:
    (tmp_path / "agents.py").write_text(
        "from crewai import Agent\n"
        "scout = Agent(role='Scout', goal='Find things', backstory='Seen it all')\n"
    )
    report = scan_and_register(store, tmp_path, user="carol")
    assert report.registered
    new = [r for r in rows(store) if r.record_kind == "agent"]
    assert [(r.actor, r.via, r.action) for r in new] == [("carol", "scan", "create")]
