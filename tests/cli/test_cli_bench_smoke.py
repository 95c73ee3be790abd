"""The command-line benchmark runs end to end (one repetition on 30 agents): it proves the
suite works, it measures nothing."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import run_bench


def test_the_cli_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "cli.json"
    run_bench(
        "cli_bench.py",
        "--backend",
        "sqlite",
        "--agents",
        "30",
        "--reps",
        "1",
        "--json",
        str(out),
        cwd=tmp_path,
    )
    figures = json.loads(out.read_text())["sqlite"]
    assert set(figures) == {
        "agents show KEY --json",
        "agents set KEY field=value",
        "crews list --json",
        "agents set KEY tools=NAME",
    }
    assert all(f["ratio_median"] > 0 for f in figures.values())
