"""The benchmark suite runs end to end on tiny data (no timing is judged here).

``bench/run.py --smoke`` builds 50 agents, starts the floor app and crewtui on a 120x40
pseudo-terminal, types into the filter, opens and saves an agent, reorders a crew, exports
and imports a small project, and writes its Markdown report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import require_postgres, run_bench

EXPECTED_FIGURES = (
    "first paint (50)",
    "first agent row (50)",
    "filter keystroke (50)",
    "open agent (50)",
    "keystroke in a field bytes (50)",
    "save agent (50)",
    "save crew (reorder) (50)",
    "list cursor move bytes (50)",
    "focus change bytes (50)",
    "export a 20-agent project",
    "import a 20-agent project",
)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_bench_runs_on_tiny_data(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql":
        require_postgres()
    out = tmp_path / "RESULTS.md"
    raw = tmp_path / "raw.json"
    run_bench(
        "run.py",
        "--smoke",
        "--backend",
        backend,
        "--out",
        str(out),
        "--json",
        str(raw),
        cwd=tmp_path,
    )
    text = out.read_text()
    assert "## Machine and versions" in text and f"## {backend}" in text
    for figure in EXPECTED_FIGURES:
        assert f"| {figure} |" in text, f"{figure} missing from the report:\n{text}"
    assert "Errors:" not in text, text
