"""The exported demo crews, byte for byte (both formats, from SQLite and PostgreSQL).

Regenerate after an intended change and review the diff:
``CREWTUI_UPDATE_GOLDEN=1 pytest tests/interop/test_export_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crewtui.interop.export import render_project
from crewtui.services import Services

GOLDEN = Path(__file__).parent / "golden"
DEMO_CREWS = ("venture-research", "board-briefing")


def _read_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _write_tree(root: Path, files: dict[str, str]) -> None:
    if root.exists():
        for p in sorted(root.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("crew", DEMO_CREWS)
def test_demo_export_matches_golden(demo: Services, crew: str, fmt: str) -> None:
    files = render_project(demo.load_bundle(crew), format=fmt)  # type: ignore[arg-type]
    root = GOLDEN / fmt / crew
    if os.environ.get("CREWTUI_UPDATE_GOLDEN") == "1":
        _write_tree(root, files)
    assert root.is_dir(), f"no golden files at {root}: run with CREWTUI_UPDATE_GOLDEN=1"
    expected = _read_tree(root)
    assert sorted(files) == sorted(expected)
    for path, text in files.items():
        assert text == expected[path], f"{fmt}/{crew}/{path} differs from the golden file"
