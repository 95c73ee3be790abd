"""Command-line speed: three everyday commands against a floor command, in the same run.

    python bench/cli_bench.py [--backend sqlite|postgresql|both] [--agents N] [--reps N]
                              [--out PATH.md] [--json PATH]

The floor (``bench/cli_floor.py``) is a click command that opens the same database with the
bare driver and prints one agent row as JSON. Each command runs ``--reps`` times, in turn
with the floor (floor, command, floor, command, ...), as a fresh process; the figures are the
median and the 95th percentile of the wall time, and each as a ratio to the floor's figure
of the same run. Target: every command within 2x the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.datagen import DataSize, agent_key, crew_name, populate  # noqa: E402

TARGET = 2.0
COMMANDS = {
    "agents show KEY --json": ["agents", "show", "{agent}", "--json"],
    "agents set KEY field=value": ["agents", "set", "{agent}", "max_iter={n}"],
    "crews list --json": ["crews", "list", "--json"],
    "agents set KEY tools=NAME": ["agents", "set", "{agent}", "tools=tool_{n}"],
}
#: commands measured and reported without a target: a field with a check of its own (tools,
#: keys, URLs, JSON, references) is saved through the models, which load SQLAlchemy and
#: pydantic (a number, a switch, a choice or a line of text is written with the bare driver)
NO_TARGET = {"agents set KEY tools=NAME"}


@contextmanager
def database(backend: str, tmp: Path) -> Iterator[str]:
    from crewtui.db.migrate import upgrade_to_head

    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'cli.db'}"
        upgrade_to_head(url)
        yield url
        return
    from tests.dbutil import scratch_postgres

    with scratch_postgres("bench_cli") as url:
        upgrade_to_head(url)
        yield url


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREWTUI_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["CREWTUI_DATA_DIR"] = str(data_dir)
    env["CREWTUI_USER"] = "bench"
    # as an installed package runs: its modules compiled once, not at every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {proc.stderr[-2000:]}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(url: str, agents: int, reps: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    agent = agent_key(agents // 2)
    floor = [sys.executable, str(ROOT / "bench" / "cli_floor.py"), "--db", url, agent]
    out: dict[str, dict[str, float]] = {}
    for name, args in COMMANDS.items():
        floor_times: list[float] = []
        times: list[float] = []
        for i in range(reps + 1):  # the first pair warms the disk cache and is not counted
            argv = [a.format(agent=agent, n=2 + i % 20, crew=crew_name(0)) for a in args]
            f = _time(floor, env)
            t = _time([sys.executable, "-m", "crewtui", *argv, "--db", url], env)
            if i:
                floor_times.append(f)
                times.append(t)
        fm, fp = statistics.median(floor_times), p95(floor_times)
        m, p = statistics.median(times), p95(times)
        out[name] = {
            "median_s": m,
            "p95_s": p,
            "floor_median_s": fm,
            "floor_p95_s": fp,
            "ratio_median": m / fm,
            "ratio_p95": p / fp,
        }
        print(f"  {name}: median {m * 1000:.0f} ms ({m / fm:.2f}x), p95 {p / fp:.2f}x", flush=True)
    return out


def report(results: dict[str, dict[str, dict[str, float]]], agents: int, reps: int) -> str:
    lines = [
        f"Command-line speed at {agents:,} agents, {reps} runs each, as ratios to the floor",
        "command measured in the same run (target: within 2x).",
        "",
        "| command | backend | median | p95 | median / floor | p95 / floor | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, figures in results.items():
        for name, f in figures.items():
            ok = "met" if max(f["ratio_median"], f["ratio_p95"]) <= TARGET else "missed"
            if name in NO_TARGET:
                ok = "none (models' checks)"
            lines.append(
                f"| `crewtui {name}` | {backend} | {f['median_s'] * 1000:.0f} ms"
                f" | {f['p95_s'] * 1000:.0f} ms | {f['ratio_median']:.2f}x"
                f" | {f['ratio_p95']:.2f}x | {ok} |"
            )
        floors = [f["floor_median_s"] for f in figures.values()]
        lines.append(
            f"| floor (`bench/cli_floor.py`), each command's own | {backend}"
            f" | {min(floors) * 1000:.0f}-{max(floors) * 1000:.0f} ms | | 1.00x | 1.00x | |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--agents", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    size = DataSize(args.agents, max(1, args.agents // 20), args.agents // 2)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="crewtui-cli-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for backend in backends:
            if backend == "postgresql":
                from tests.dbutil import postgres_problem

                problem = postgres_problem()
                if problem:
                    print(f"PostgreSQL skipped: {problem}", flush=True)
                    continue
            print(f"{backend}: {args.agents} agents", flush=True)
            with database(backend, tmp) as url:
                populate(url, size)
                results[backend] = measure(url, args.agents, args.reps, _env(tmp / "data"))
    text = report(results, args.agents, args.reps)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
