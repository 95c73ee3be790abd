"""The drafts store: atomic private files, keyed by a database name that hides passwords."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pytest

from crewtui.ui.drafts import Draft, DraftStore, FieldDraft, database_id, write_atomic

SECRET = "s3cr3t-pw"
URL = f"postgresql+psycopg://alice:{SECRET}@db.example:5432/crews?sslpassword={SECRET}"


def _draft(**fields: FieldDraft) -> Draft:
    return Draft(kind="agent", key="writer", version=3, fields=dict(fields), group="LLM")


def test_file_is_private_and_holds_no_password(tmp_path: Path) -> None:
    store = DraftStore(URL, tmp_path)
    path = store.save(_draft(name=FieldDraft(text="Writer II")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SECRET not in path.name
    assert SECRET not in path.read_text()
    assert "****" in path.read_text()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_databases_are_kept_apart(tmp_path: Path) -> None:
    one = DraftStore("sqlite:///one.db", tmp_path)
    two = DraftStore("sqlite:///two.db", tmp_path)
    one.save(_draft(name=FieldDraft(text="x")))
    assert len(one.load_all()) == 1
    assert two.load_all() == []
    assert database_id(URL) == database_id(URL.replace(SECRET, "other"))


def test_every_field_kind_round_trips(tmp_path: Path) -> None:
    ids = [uuid4(), uuid4()]
    fields = {
        "temperature": FieldDraft(value=Decimal("0.70")),
        "context_task_ids": FieldDraft(value=ids),
        "department_id": FieldDraft(value=ids[0]),
        "knowledge_sources": FieldDraft(
            value={"kind": [1, Decimal("2.5")], "when": datetime(2026, 1, 2, tzinfo=UTC)}
        ),
        "tools": FieldDraft(value=["search", "scrape"]),
        "max_iter": FieldDraft(text="12x"),  # does not parse: kept as typed
        "allow_delegation": FieldDraft(value=True),
        "memory_config_id": FieldDraft(value=None),
        "backstory": FieldDraft(text=""),
    }
    store = DraftStore("sqlite:///x.db", tmp_path)
    store.save(
        Draft(
            kind="task",
            key="crew/a task",
            version=None,
            fields=fields,
            extra={"members": [["a", None]]},
        )
    )
    (back,) = store.load_all()
    assert back.fields == fields
    assert back.kind == "task" and back.key == "crew/a task" and back.version is None
    assert back.extra == {"members": [["a", None]]}
    assert back.when is not None


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.json"
    write_atomic(path, b"old")

    def broken_replace(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"  # the reader never sees a half-written file
    monkeypatch.undo()
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_remove_and_unreadable_files(tmp_path: Path) -> None:
    store = DraftStore("sqlite:///x.db", tmp_path)
    store.save(_draft(name=FieldDraft(text="x")))
    store.path("agent", "broken").write_text("{not json")
    assert [d.key for d in store.load_all()] == ["writer"]
    store.remove("agent", "writer")
    store.remove("agent", "writer")  # twice is fine
    assert store.load_all() == []
