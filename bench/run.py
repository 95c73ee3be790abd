"""Run the crewtui benchmarks and write bench/RESULTS.md.

    python bench/run.py [--quick] [--backend sqlite|postgresql|both] [--out PATH]

Every figure is also given as a multiple of the floor app (header, one line, footer)
measured the same way in the same run; see bench/RESULTS.md for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench import measure  # noqa: E402
from bench.datagen import DataSize, filter_counts, populate  # noqa: E402
from bench.report import Figures, load_average, write_results  # noqa: E402


@dataclass(frozen=True)
class Plan:
    name: str
    main: DataSize
    #: the large agent list (None: skipped)
    big: DataSize | None
    startup_reps: int
    big_startup_reps: int
    sessions: int
    #: filter queries typed (and erased) key by key at each size
    queries: int
    interop_sizes: tuple[int, ...]
    interop_tasks: int
    interop_timeout: float


PLANS = {
    # start-up times on a shared machine spread by +-20%: enough starts for a stable median
    "full": Plan(
        "full",
        DataSize(10_000, 500, 5_000),
        DataSize(100_000, 500, 5_000),
        11,
        5,
        2,
        3,
        (1_000, 2_000, 10_000),
        100,
        120.0,
    ),
    "quick": Plan("quick", DataSize(10_000, 500, 5_000), None, 2, 0, 1, 1, (500,), 20, 120.0),
    "smoke": Plan(
        "smoke", DataSize(50, 5, 50, big_crew=20, crew_size=5), None, 1, 0, 1, 1, (20,), 5, 120.0
    ),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---- databases


@contextmanager
def database(backend: str, tmp: Path, tag: str) -> Iterator[str]:
    """An empty migrated database: a SQLite file, or a scratch PostgreSQL database."""
    from crewtui.db.migrate import upgrade_to_head

    if backend == "sqlite":
        url = f"sqlite:///{tmp / f'{tag}.db'}"
        upgrade_to_head(url)
        yield url
        return
    from tests.dbutil import scratch_postgres

    with scratch_postgres(f"bench_{tag}") as url:
        upgrade_to_head(url)
        yield url


@contextmanager
def url_pair(backend: str, tmp: Path, tag: str) -> Iterator[tuple[str, str]]:
    with database(backend, tmp, tag + "_src") as a, database(backend, tmp, tag + "_dst") as b:
        yield a, b


def _analyse(url: str) -> None:
    """Planner statistics, as a database in use would have them."""
    from sqlalchemy import text

    from crewtui.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()


# ---- queries typed in the filter


def pick_queries(n_agents: int, want: int) -> list[str]:
    """Digit strings whose every prefix leaves a different, non-empty set of agents, so each
    keystroke visibly changes the count line."""
    out: list[str] = []
    for candidate in ("7421", "3859", "5062", "9134", "2706", "6318", "8547", "1293"):
        counts = filter_counts(n_agents, candidate)
        if all(c > 0 for c in counts) and len(set(counts)) == len(counts) and counts[0] < n_agents:
            out.append(candidate)
        if len(out) == want:
            break
    return out or ["1"]


# ---- one backend


@dataclass
class BackendRun:
    backend: str
    figures: Figures = field(default_factory=Figures)


def timed_startups(plan_reps: int, url: str, env: dict[str, str], fig: Figures, label: str) -> None:
    """Floor and crewtui started alternately, so both see the same machine load."""
    for i in range(plan_reps):
        floor = measure.startup(measure.floor_argv(), env, paint="floor ready", row=None)
        fig.add_floor("first paint", floor.first_paint)
        fig.add_floor("first paint bytes", floor.first_paint_bytes)
        fig.add_floor("peak memory", floor.max_rss)
        app = measure.startup(measure.crewtui_argv(url), env, paint="Agents", row=measure.FIRST_KEY)
        fig.add(f"first paint ({label})", app.first_paint)
        fig.add(f"first agent row ({label})", app.first_row)
        fig.add(f"first paint bytes ({label})", app.first_paint_bytes)
        fig.add(f"start screen bytes, settled ({label})", app.settled_bytes)
        fig.add(f"peak memory after start ({label})", app.max_rss)
        log(
            f"  start {i + 1}/{plan_reps} {label}: floor {floor.first_paint:.2f}s, paint "
            f"{app.first_paint:.2f}s, "
            f"row {app.first_row:.2f}s"
        )


def sessions(
    plan: Plan,
    size: DataSize,
    url: str,
    env: dict[str, str],
    fig: Figures,
    label: str,
    *,
    with_actions: bool,
) -> None:
    queries = pick_queries(size.agents, plan.queries)
    for i in range(plan.sessions):
        floor = measure.floor_interactive(env, reps=10)
        for a in floor.actions:
            fig.add_floor("key to screen", a.latency)
            fig.add_floor("key bytes", a.bytes)
        before = member_position(url, "crew-0000", "agent-000001")
        s = measure.interactive(
            url,
            env,
            total=size.agents,
            queries=queries,
            crew="crew-0000",
            member="agent-000001",
            with_editor=with_actions,
        )
        after = member_position(url, "crew-0000", "agent-000001")
        if with_actions and before is not None and after != before + 1:
            s.errors.append(f"the reorder was not saved (agent-000001 at {before}, then {after})")
        for lat in s.filter_latencies:
            fig.add(f"filter keystroke ({label})", lat)
        for b in s.filter_bytes:
            fig.add(f"filter keystroke bytes ({label})", b)
        fig.add(f"peak memory after session ({label})", s.max_rss)
        if with_actions:
            for a in s.actions:
                if a.latency is not None:
                    fig.add(f"{a.name} ({label})", a.latency)
                fig.add(f"{a.name} bytes ({label})", a.bytes)
        fig.errors += [f"{label}: {e}" for e in s.errors + floor.errors]
        log(
            f"  session {i + 1}/{plan.sessions} {label}: {len(s.filter_latencies)} filter keys"
            + (f", errors: {s.errors}" if s.errors else "")
        )


def member_position(url: str, crew: str, agent: str) -> int | None:
    """1-based position of ``agent`` in ``crew`` as stored."""
    from crewtui.services import Services, Store

    store = Store.open(url)
    try:
        members = Services(store, user="bench").get_crew(crew).members
        ordered = sorted(members, key=lambda m: m.sequence_order)
        return next((i for i, m in enumerate(ordered, start=1) if m.agent_key == agent), None)
    finally:
        store.dispose()


def interop(plan: Plan, backend: str, tmp: Path, fig: Figures, env: dict[str, str]) -> None:
    """Export then import projects of growing size; a size that runs out of time ends it."""
    for n in plan.interop_sizes:
        with url_pair(backend, tmp, f"io{n}") as (src, dst):
            out = tmp / f"export_{backend}_{n}"
            argv = [
                sys.executable,
                str(ROOT / "bench" / "interop_bench.py"),
                src,
                dst,
                str(out),
                str(n),
                str(plan.interop_tasks),
            ]
            proc = subprocess.Popen(
                argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            timed_out = False
            try:
                stdout, stderr = proc.communicate(timeout=plan.interop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
                timed_out = True
            result: dict[str, Any] = {}
            for line in stdout.splitlines():
                if line.startswith("{"):
                    result.update(json.loads(line))
            if "export_s" in result:
                fig.add(f"export a {n}-agent project", result["export_s"])
                fig.info[f"{n}-agent project"] = (
                    f"{result['files']} files, {result['project_bytes']:,} bytes"
                )
            if "import_s" in result:
                fig.add(f"import a {n}-agent project", result["import_s"])
                fig.info[f"{n}-agent project"] += f"; import plan {result['plan']}"
            if timed_out:
                if "export_s" not in result:
                    fig.timeouts[f"export a {n}-agent project"] = plan.interop_timeout
                fig.timeouts[f"import a {n}-agent project"] = plan.interop_timeout
                fig.notes.append(
                    f"{backend}: {'import' if 'export_s' in result else 'export'} of the {n}-agent "
                    f"project did not finish within {plan.interop_timeout:.0f} s (stopped there)"
                )
                log(f"  interop {n}: stopped after {plan.interop_timeout:.0f} s")
                break
            if proc.returncode != 0:
                fig.errors.append(
                    f"{backend} interop {n}: exit {proc.returncode}: {stderr.strip()[-500:]}"
                )
                log(f"  interop {n}: failed")
                break
            log(
                f"  interop {n}: export {result.get('export_s', 0):.2f}s import "
                f"{result.get('import_s', 0):.2f}s"
            )


def run_backend(plan: Plan, backend: str, tmp: Path) -> BackendRun:
    run = BackendRun(backend)
    fig = run.figures
    env = measure.child_env(tmp / "data")
    # the main data with every action, then the large list with start-up and filtering only
    sizes = [("main", plan.main, plan.startup_reps, True)]
    if plan.big is not None:
        sizes.append(("big", plan.big, plan.big_startup_reps, False))
    for tag, size, reps, with_actions in sizes:
        with database(backend, tmp, tag) as url:
            t = time.perf_counter()
            populate(url, size)
            _analyse(url)
            fig.info[f"generate {size.agents} agents"] = f"{time.perf_counter() - t:.1f} s"
            label = f"{size.agents:,}"
            log(f"{backend}: {size}")
            timed_startups(reps, url, env, fig, label)
            sessions(plan, size, url, env, fig, label, with_actions=with_actions)
    interop(plan, backend, tmp, fig, env)
    return run


def postgres_available() -> str | None:
    from tests.dbutil import postgres_problem

    return postgres_problem()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick", action="store_true", help="fewer repetitions, no 100k list (~3 minutes)"
    )
    ap.add_argument(
        "--smoke", action="store_true", help="tiny data, one repetition (proves the suite runs)"
    )
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures as JSON")
    ap.add_argument(
        "--render",
        type=Path,
        default=None,
        metavar="JSON",
        help="measure nothing: write the report again from the figures of an earlier --json",
    )
    args = ap.parse_args(argv)
    plan = PLANS["smoke" if args.smoke else "quick" if args.quick else "full"]
    if args.render:
        return render(args.render, args.out, plan)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    skipped: dict[str, str] = {}
    if "postgresql" in backends:
        problem = postgres_available()
        if problem:
            backends.remove("postgresql")
            skipped["postgresql"] = problem
            log(f"PostgreSQL skipped: {problem}")
    started = time.perf_counter()
    runs: list[BackendRun] = []
    with tempfile.TemporaryDirectory(prefix="crewtui-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for backend in backends:
            folder = tmp / backend
            folder.mkdir()
            runs.append(run_backend(plan, backend, folder))
    elapsed = time.perf_counter() - started
    write_results(
        args.out,
        plan=plan,
        runs=[(r.backend, r.figures) for r in runs],
        skipped=skipped,
        elapsed=elapsed,
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "plan": plan.name,
                    "elapsed": elapsed,
                    "skipped": skipped,
                    "finished": time.time(),
                    "load": load_average(),
                    "backends": {r.backend: r.figures.as_dict() for r in runs},
                },
                indent=1,
            )
        )
    log(f"wrote {args.out} in {elapsed:.0f} s")
    return 1 if any(r.figures.errors for r in runs) else 0


def render(raw_path: Path, out: Path, plan: Plan) -> int:
    """The report from saved figures (the wording of the notes may have changed since)."""
    raw = json.loads(raw_path.read_text())
    backends = raw.get("backends", raw)
    if "plan" in raw:
        plan = PLANS[raw["plan"]]
    runs = []
    for backend, data in backends.items():
        fig = Figures()
        for name in ("values", "floor", "info", "timeouts"):
            setattr(fig, name, data.get(name, {}))
        fig.notes, fig.errors = data.get("notes", []), data.get("errors", [])
        runs.append((backend, fig))
    write_results(
        out,
        plan=plan,
        runs=runs,
        skipped=raw.get("skipped", {}),
        elapsed=raw.get("elapsed", 0.0),
        when=raw.get("finished"),
        load=raw.get("load"),
    )
    log(f"wrote {out} from {raw_path}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CREWTUI_USER", "bench")
    sys.exit(main())
