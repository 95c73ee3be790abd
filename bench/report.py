"""Collect the figures of a run and write them, with the machine and versions, as Markdown."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from .notes import FINDINGS, METHOD, MISSED

KIB = 1024


@dataclass
class Figures:
    values: dict[str, list[float]] = field(default_factory=dict)
    floor: dict[str, list[float]] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: figures that did not finish: name -> seconds waited
    timeouts: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, value: float | None) -> None:
        if value is not None:
            self.values.setdefault(name, []).append(float(value))

    def add_floor(self, name: str, value: float | None) -> None:
        if value is not None:
            self.floor.setdefault(name, []).append(float(value))

    def as_dict(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "floor": self.floor,
            "info": self.info,
            "notes": self.notes,
            "errors": self.errors,
            "timeouts": self.timeouts,
        }


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _kind(name: str) -> str:
    if "memory" in name:
        return "memory"
    if "bytes" in name:
        return "bytes"
    return "time"


def floor_of(name: str) -> str:
    """Which floor figure a crewtui figure is compared with."""
    kind = _kind(name)
    if kind == "memory":
        return "peak memory"
    if kind == "bytes":
        return (
            "first paint bytes" if name.startswith(("first paint", "start screen")) else "key bytes"
        )
    if name.startswith(("first paint", "first agent row", "export", "import")):
        return "first paint"
    return "key to screen"


def fmt(kind: str, value: float) -> str:
    if kind == "memory":
        return f"{value / KIB / KIB:.0f} MiB"
    if kind == "bytes":
        return f"{value / KIB:.1f} KiB" if value >= KIB else f"{value:.0f} B"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


@dataclass(frozen=True)
class Target:
    figure: str
    stat: str  # "median", "p95" or "ratio"
    limit: float
    text: str


TARGETS = (
    Target("first paint (10,000)", "ratio", 1.3, "first paint within 1.3x the floor"),
    Target(
        "first agent row (10,000)",
        "ratio",
        2.0,
        "first agent row within 2x the floor at 10,000 agents",
    ),
    Target("filter keystroke (10,000)", "p95", 0.016, "filter p95 under 16 ms at 10,000 agents"),
    Target("filter keystroke (100,000)", "p95", 0.033, "filter p95 under 33 ms at 100,000 agents"),
    Target("import a 10000-agent project", "median", 5.0, "import of 10,000 agents under 5 s"),
    Target("keystroke in a field bytes (10,000)", "p95", 4 * KIB, "a keystroke under 4 KB written"),
)


def check(fig: Figures, target: Target) -> tuple[str, str]:
    """("met"/"missed"/"not measured", the measured value as text)."""
    values = fig.values.get(target.figure)
    if not values and target.figure in fig.timeouts:
        return "missed", f"did not finish within {fig.timeouts[target.figure]:.0f} s"
    if not values:
        return "not measured", "—"
    kind = _kind(target.figure)
    if target.stat == "ratio":
        base = fig.floor.get(floor_of(target.figure))
        if not base:
            return "not measured", "—"
        value = statistics.median(values) / statistics.median(base)
        shown = f"{value:.2f}x ({fmt(kind, statistics.median(values))})"
    elif target.stat == "p95":
        value = p95(values)
        shown = f"p95 {fmt(kind, value)}"
    else:
        value = statistics.median(values)
        shown = fmt(kind, value)
    return (
        "met"
        if value < target.limit or (target.stat == "ratio" and value <= target.limit)
        else "missed"
    ), shown


def _table(fig: Figures) -> list[str]:
    lines = [
        "| figure | median | p95 | n | floor (median) | ratio to floor |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in fig.values.items():
        kind = _kind(name)
        base_name = floor_of(name)
        base = fig.floor.get(base_name)
        med = statistics.median(values)
        ratio = f"{med / statistics.median(base):.2f}x" if base and statistics.median(base) else "—"
        base_txt = f"{fmt(kind, statistics.median(base))} ({base_name})" if base else "—"
        lines.append(
            f"| {name} | {fmt(kind, med)} | {fmt(kind, p95(values))} | {len(values)} | "
            f"{base_txt} | {ratio} |"
        )
    return lines


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine(load: str | None = None) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / KIB / KIB:.1f} GiB"
    except OSError:
        pass
    load = load or load_average()
    return [
        (
            f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem}; {platform.system()} "
            f"{platform.release()}"
        ),
        f"- Load average at the end of the run: {load} (other work shared the machine)",
    ]


def versions(pg_version: str | None) -> list[str]:
    def v(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"- Python {sys.version.split()[0]}, Textual {v('textual')}, Rich {v('rich')}, "
        f"SQLAlchemy {v('sqlalchemy')}, "
        f"psycopg {v('psycopg')}, PyYAML {v('pyyaml')}",
        f"- SQLite {sqlite3.sqlite_version}; PostgreSQL server {pg_version or 'not used'}",
    ]


def pg_server_version() -> str | None:
    try:
        from sqlalchemy import create_engine, text
        from tests.dbutil import pg_base_url

        engine = create_engine(pg_base_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
        engine.dispose()
        return version
    except Exception:
        return None


def write_results(
    path: Path,
    *,
    plan: Any,
    runs: list[tuple[str, Figures]],
    skipped: dict[str, str],
    elapsed: float,
    when: float | None = None,
    load: str | None = None,
) -> None:
    uses_pg = any(b == "postgresql" for b, _ in runs)
    out = [
        "# crewtui benchmarks",
        "",
        f"Run `{plan.name}` on "
        f"{datetime.fromtimestamp(when, UTC) if when else datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{elapsed / 60:.1f} minutes "
        "(`python bench/run.py"
        f"{' --quick' if plan.name == 'quick' else ' --smoke' if plan.name == 'smoke' else ''}`).",
        "",
        "## Machine and versions",
        "",
        *machine(load),
        *versions(pg_server_version() if uses_pg else None),
        f"- Data: {plan.main.agents:,} agents, {plan.main.crews} crews, {plan.main.tasks:,} tasks"
        + (f"; {plan.big.agents:,} agents for the large list" if plan.big else ""),
        "",
        "## Targets",
        "",
        "| target | " + " | ".join(b for b, _ in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    missed: set[str] = set()
    for target in TARGETS:
        cells = []
        for _backend, fig in runs:
            state, shown = check(fig, target)
            if state == "missed":
                missed.add(target.figure)
            cells.append(f"**{state}**: {shown}")
        out.append(f"| {target.text} | " + " | ".join(cells) + " |")
    for backend, reason in skipped.items():
        out += ["", f"{backend} was not measured: {reason}"]
    if missed:
        out += ["", "### Why a target is missed, and what it would take", ""]
        for target in TARGETS:
            if target.figure in missed and target.figure in MISSED:
                out += [f"**{target.text}.** {MISSED[target.figure]}", ""]
    for backend, fig in runs:
        out += ["", f"## {backend}", "", *_table(fig)]
        if fig.info:
            out += ["", *(f"- {k}: {v}" for k, v in fig.info.items())]
        if fig.notes:
            out += ["", *(f"- {n}" for n in fig.notes)]
        if fig.errors:
            out += ["", "Errors:", "", *(f"- {e}" for e in fig.errors)]
    out += ["", FINDINGS, "", METHOD]
    path.write_text("\n".join(out) + "\n")
