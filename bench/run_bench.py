"""What running a crew through crewtui costs: ``crewtui run`` against ``crewai run`` on the
same exported project and the same stand-in model server, as a ratio; and how many events
a run stores per second. Prints JSON.

    PYTHONPATH=src .venv/bin/python bench/run_bench.py CREWAI_PYTHON [CREW] [ROUNDS]

``crewai run`` is measured as what it executes: the project's ``run()`` from ``main.py`` in
the crewai Python (``uv run run_crew`` without uv's own start-up), with the same quiet
environment (no telemetry, no tracing) a crewtui run gets. Rounds alternate, so the ratio
holds on a busy machine.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.runs.conftest import run_env  # noqa: E402
from tests.standin.server import StandIn  # noqa: E402

from crewtui.db.migrate import upgrade_to_head  # noqa: E402
from crewtui.db.repos.runs import RunRepo  # noqa: E402
from crewtui.services import Services, Store  # noqa: E402
from crewtui.services.demo import load_demo  # noqa: E402
from crewtui.services.interop import export_bundle  # noqa: E402
from crewtui.services.runs_process import QUIET_ENV  # noqa: E402
from crewtui.services.runs_record import Recorder  # noqa: E402


def _direct(python: str, project: Path, env: dict[str, str]) -> float:
    src = project / "src"
    package = next(p.name for p in src.iterdir() if (p / "main.py").is_file())
    code = f"import sys; sys.argv=['run_crew','topic=AI']; from {package}.main import run; run()"
    start = time.perf_counter()
    subprocess.run(
        [python, "-c", code],
        cwd=project,
        env={**env, **QUIET_ENV, "PYTHONPATH": str(src)},
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,  # as the runner's: no prompt waits for a terminal
    )
    return time.perf_counter() - start


def _store_rate(s: Services, crew: str, n: int = 5000, batch: int = 50) -> float:
    bundle = s.load_bundle(crew)
    run_id = s._run(
        lambda w: (
            RunRepo(w.session)
            .add(
                crew_id=bundle.crew.id,
                crew_name=crew,
                started_by="bench",
                inputs={},
                export_format="yaml",
                export_hash="0" * 64,
                status="running",
            )
            .id
        )
    )
    rec = Recorder(s.store, run_id, bundle, [])
    task = bundle.tasks[0].name
    start = time.perf_counter()
    for i in range(0, n, batch):
        rec.receive(
            [
                {
                    "seq": i + j + 1,
                    "at": datetime.now(UTC).isoformat(),
                    "kind": "llm_call_completed",
                    "task": task,
                    "agent": "bench",
                    "payload": {"response": "x" * 200},
                }
                for j in range(batch)
            ]
        )
    return n / (time.perf_counter() - start)


def main(python: str, crew: str = "venture-research", rounds: int = 3) -> dict[str, Any]:
    server = StandIn().start()
    tmp = Path(tempfile.mkdtemp(prefix="crewtui-run-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    upgrade_to_head(url)
    s = Services(Store.open(url), user="bench")
    load_demo(s)
    for a in s.list_agents():
        s.update_agent(a.agent_key, {"llm_base_url": server.url})
    for c in s.list_crews():
        s.update_crew(c.crew_name, {"llm_base_url": server.url})
    env = run_env(server, tmp)
    project = tmp / "project"
    export_bundle(s.load_bundle(crew), crew, project)
    direct: list[float] = []
    ours: list[float] = []
    events: list[float] = []
    for _ in range(rounds):
        direct.append(_direct(python, project, env))
        start = time.perf_counter()
        info = s.run_crew(crew, {"topic": "AI"}, python=python, env=env)
        took = time.perf_counter() - start
        assert info.status == "succeeded", info.error
        ours.append(took)
        events.append(len(s.show_run(str(info.id)).events))
    result = {
        "crew": crew,
        "crewai_run_s": round(statistics.median(direct), 2),
        "crewtui_run_s": round(statistics.median(ours), 2),
        "ratio": round(statistics.median(ours) / statistics.median(direct), 3),
        "events_per_run": int(statistics.median(events)),
        "stored_events_per_s": round(_store_rate(s, crew)),
        "rounds": rounds,
        "id": uuid.uuid4().hex[:6],
    }
    server.stop()
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    crew = args[1] if len(args) > 1 else "venture-research"
    rounds = int(args[2]) if len(args) > 2 else 3
    print(json.dumps(main(args[0], crew, rounds), indent=2))
