"""Import and export run with the cycle collector paused, and leave it as they found it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from crewtui.interop.importer import ProjectInvalid
from crewtui.services import importer
from crewtui.services.gcpause import paused_gc
from crewtui.services.store import Store


def test_paused_gc_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def test_import_reads_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def read(path: Path, *args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        raise ProjectInvalid([])

    monkeypatch.setattr(importer, "read_project", read)
    with pytest.raises(ProjectInvalid):
        importer.import_project(Store.__new__(Store), tmp_path, dry_run=True)
    assert seen == [False] and gc.isenabled()
