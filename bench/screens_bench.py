"""How fast screens open: the agent editor, a switch of its section, the crew builder on a
50-member crew and the task editor, each against the floor app pushing a form of the same
number of plain Inputs (``bench/floor_form.py``), measured in the same run.

    python bench/screens_bench.py [--backend sqlite|postgresql|both] [--agents N] [--reps N]
                                  [--out PATH.md] [--json PATH]

Each figure is the time from the key to the end of the first frame that shows the opened
screen's content (not a blank or "Loading…" frame): the editor's fields, the crew's title
once its members are read. The app and the floor run side by side, in turn (app action,
floor action, ...), on a 120x40 pseudo-terminal; the ratios are of the medians and of the
95th percentiles. Target: p95 within 2x the floor.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.cli_bench import database, p95  # noqa: E402
from bench.datagen import DataSize, crew_name, populate  # noqa: E402
from bench.measure import FIRST_KEY, SIZE, child_env, driver_argv  # noqa: E402
from bench.ptyterm import PtyProgram  # noqa: E402

TARGET = 2.0
TIMEOUT = 60.0


def field_counts() -> dict[str, int]:
    """Inputs the floor form gets for each screen: the fields the screen first shows."""
    from crewtui.domain.agent import Agent
    from crewtui.domain.crew import CREW_GROUPS, Crew
    from crewtui.domain.fields import fields_of, groups_of
    from crewtui.domain.task import Task

    def group(model: type, name: str) -> int:
        return sum(1 for f in fields_of(model) if f.group == name)

    agent_groups = groups_of(Agent)
    crew_fields = sum(group(Crew, g) for g in CREW_GROUPS)
    return {
        "open agent editor": group(Agent, agent_groups[0]),
        "switch editor section": group(Agent, agent_groups[1]),
        "open crew builder (50 members)": crew_fields + 50,
        "open task editor": group(Task, groups_of(Task)[0]),
    }


def _timed(p: PtyProgram, keys: tuple[str, ...], shows: str | re.Pattern[str]) -> float:
    sent, offset = p.press(*keys)
    when, _ = p.frame_with(offset, shows, TIMEOUT)
    p.settle(0.3)
    return when - sent


def _back(p: PtyProgram, keys: tuple[str, ...] = ("escape",)) -> None:
    p.press(*keys)
    p.settle(0.5)


class Floor:
    """One floor app per screen size; ``open()`` times one push of its form."""

    def __init__(self, fields: int, env: dict[str, str]) -> None:
        self.p = PtyProgram(
            [sys.executable, str(ROOT / "bench" / "floor_form.py"), str(fields)], env=env, size=SIZE
        )
        self.p.frame_with(0, "floor ready", TIMEOUT)
        self.p.settle(0.5)
        self.opened = 0

    def open(self) -> float:
        self.opened += 1
        t = _timed(self.p, ("o",), f"form {self.opened} ready")
        _back(self.p)
        return t

    def close(self) -> None:
        self.p.close()


def measure(url: str, reps: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    counts = field_counts()
    floors = {name: Floor(n, env) for name, n in counts.items()}
    app = PtyProgram(driver_argv(url), env=env, size=SIZE)
    times: dict[str, list[float]] = {name: [] for name in counts}
    floor_times: dict[str, list[float]] = {name: [] for name in counts}
    big = crew_name(0)
    try:
        app.frame_with(0, FIRST_KEY, TIMEOUT)
        app.settle(1.0)
        steps: dict[str, Callable[[], float]] = {}

        def open_agent() -> float:
            t = _timed(app, ("home", "enter"), "Backstory")
            _back(app)
            return t

        def switch_section() -> float:
            _timed(app, ("home", "enter"), "Backstory")
            t = _timed(app, ("alt+down",), "Temperature")
            t2 = _timed(app, ("alt+up",), "Backstory")
            _back(app)
            return max(t, t2)

        def open_crew() -> float:
            app.press("2")
            app.settle(0.5)
            app.press("home")
            app.settle(0.3)
            t = _timed(app, ("enter",), re.compile(rf"{big} · (?:sequential|hierarchical)"))
            _back(app)
            _back(app, ("1",))
            return t

        def open_task() -> float:
            app.press("3")
            app.frame_with(0, "tasks in execution order", TIMEOUT)
            # the section reads its crew again (and lints it) when shown: the editor is
            # timed from a settled list, not with that read
            app.settle(1.5)
            t = _timed(app, ("home", "enter"), "Expected output")
            _back(app)
            _back(app, ("1",))
            return t

        steps = {
            "open agent editor": open_agent,
            "switch editor section": switch_section,
            "open crew builder (50 members)": open_crew,
            "open task editor": open_task,
        }
        for i in range(reps + 1):  # the first round warms caches and is not counted
            for name, step in steps.items():
                t = step()
                f = floors[name].open()
                if i:
                    times[name].append(t)
                    floor_times[name].append(f)
    finally:
        app.close()
        for floor in floors.values():
            floor.close()
    out: dict[str, dict[str, float]] = {}
    for name in counts:
        m, p = statistics.median(times[name]), p95(times[name])
        fm, fp = statistics.median(floor_times[name]), p95(floor_times[name])
        out[name] = {
            "fields": counts[name],
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
        f"Screens opening at {agents:,} agents, {reps} times each, as ratios to the floor app",
        "pushing a form of the same number of plain Inputs in the same run "
        "(target: p95 within 2x).",
        "",
        "| screen | backend | inputs in the floor form | median | p95 "
        "| median / floor | p95 / floor | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, figures in results.items():
        for name, f in figures.items():
            ok = "met" if f["ratio_p95"] <= TARGET else "missed"
            lines.append(
                f"| {name} | {backend} | {int(f['fields'])} | {f['median_s'] * 1000:.0f} ms"
                f" | {f['p95_s'] * 1000:.0f} ms | {f['ratio_median']:.2f}x"
                f" | {f['ratio_p95']:.2f}x | {ok} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--agents", type=int, default=10_000)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    size = DataSize(args.agents, max(1, args.agents // 20), args.agents // 2)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="crewtui-screens-bench-") as tmp_name:
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
                results[backend] = measure(url, args.reps, child_env(tmp / "data"))
    text = report(results, args.agents, args.reps)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
