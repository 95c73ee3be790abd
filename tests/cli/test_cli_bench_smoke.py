"""The command-line benchmark runs end to end (one repetition on 30 agents): it proves the
suite works, it measures nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_cli_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "cli.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "cli_bench.py"),
            "--backend",
            "sqlite",
            "--agents",
            "30",
            "--reps",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    figures = json.loads(out.read_text())["sqlite"]
    assert set(figures) == {
        "agents show KEY --json",
        "agents set KEY field=value",
        "crews list --json",
        "agents set KEY tools=NAME",
    }
    assert all(f["ratio_median"] > 0 for f in figures.values())
