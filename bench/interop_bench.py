"""Export a crew of N agents to a crewai project, then import that project into an empty
database; prints the two times as JSON. Run as its own process (import time and peak memory
are its own).

    python bench/interop_bench.py SOURCE_URL TARGET_URL OUT_DIR AGENTS TASKS
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> None:
    source, target, out_dir, agents, tasks = (
        argv[0],
        argv[1],
        Path(argv[2]),
        int(argv[3]),
        int(argv[4]),
    )
    from bench.datagen import DataSize, populate
    from crewtui.db.migrate import upgrade_to_head
    from crewtui.services import Services, Store
    from crewtui.services.importer import import_project
    from crewtui.services.interop import export_crew

    upgrade_to_head(source)
    upgrade_to_head(target)
    populate(source, DataSize(agents=agents, crews=1, tasks=tasks, big_crew=agents))

    store = Store.open(source)
    try:
        services = Services(store, user="bench")
        t = time.perf_counter()
        result = export_crew(services, "crew-0000", out_dir, force=True)
        export_s = time.perf_counter() - t
    finally:
        store.dispose()
    size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
    # the export's figures first: a runner that stops a slow import still has them
    print(
        json.dumps({"export_s": export_s, "files": len(result.files), "project_bytes": size}),
        flush=True,
    )

    store = Store.open(target)
    try:
        t = time.perf_counter()
        report = import_project(store, out_dir, dry_run=False)
        import_s = time.perf_counter() - t
        counts = report.counts()
        imported = Services(store, user="bench").count_agents()
    finally:
        store.dispose()
    print(
        json.dumps({"import_s": import_s, "plan": counts, "agents_after_import": imported}),
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
