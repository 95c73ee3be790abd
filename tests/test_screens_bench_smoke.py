"""The screens benchmark runs end to end on small data (one repetition): it proves the
measurement works, it judges no time."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_bench


def test_the_screens_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "screens.json"
    run_bench(
        "screens_bench.py",
        "--backend",
        "sqlite",
        "--agents",
        "100",
        "--reps",
        "1",
        "--json",
        str(out),
        cwd=tmp_path,
    )
    figures = json.loads(out.read_text())["sqlite"]
    assert set(figures) == {
        "open agent editor",
        "switch editor section",
        "open crew builder (50 members)",
        "open task editor",
    }
    assert all(f["ratio_median"] > 0 and f["fields"] > 0 for f in figures.values())
