"""What recording history costs: the import of a 10,000-agent project with history on and
off (alternating, same run, so the ratio holds on a busy machine), and the bytes a typical
edit stores. Prints JSON.

    python bench/history_bench.py SQLITE_DIR [POSTGRES_BASE_URL] [AGENTS]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROUNDS = 3


def _scratch(kind: str, base: Path, pg: str | None) -> tuple[str, Any]:
    if kind == "sqlite":
        return f"sqlite:///{base / f'{uuid.uuid4().hex}.db'}", None
    assert pg is not None
    name = f"crewtui_hbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(pg).set(database=name).render_as_string(hide_password=False), drop


def _import(url: str, project: Path, on: bool) -> float:
    from crewtui.db import history
    from crewtui.db.migrate import upgrade_to_head
    from crewtui.services import Store
    from crewtui.services.importer import import_project

    upgrade_to_head(url)
    history.set_enabled(on)
    store = Store.open(url)
    try:
        t = time.perf_counter()
        import_project(store, project, dry_run=False)
        return time.perf_counter() - t
    finally:
        store.dispose()
        history.set_enabled(True)


def _edit_bytes(url: str) -> dict[str, int]:
    """Stored bytes of the history row of typical edits."""
    from crewtui.db.migrate import upgrade_to_head
    from crewtui.services import Services, Store

    upgrade_to_head(url)
    store = Store.open(url)
    s = Services(store, user="alice", via="app")
    s.create_agent(
        {"agent_key": "writer", "name": "W", "role": "R", "goal": "G", "backstory": "B" * 400}
    )
    edits: dict[str, dict[str, Any]] = {
        "temperature": {"temperature": Decimal("0.3")},
        "three_fields": {"max_iter": 5, "llm_model": "gpt-4o", "verbose": True},
        "backstory_400_chars": {"backstory": "C" * 400},
    }
    out: dict[str, int] = {}
    for name, change in edits.items():
        s.update_agent("writer", change)
        with store.engine.connect() as conn:
            if store.is_sqlite:
                cols = (
                    "id, record_kind, record_id, record_key, parent_id, action, version, actor, "
                    "via, change_set, changed_at, changes"
                )
                expr = " + ".join(
                    f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in cols.split(", ")
                )
                sql = f"SELECT {expr} FROM crewtui_history ORDER BY id DESC LIMIT 1"
            else:
                sql = "SELECT pg_column_size(h.*) FROM crewtui_history h ORDER BY id DESC LIMIT 1"
            out[name] = int(conn.execute(text(sql)).scalar_one())
    store.dispose()
    return out


def main(argv: list[str]) -> None:
    base = Path(argv[0])
    pg = argv[1] if len(argv) > 1 and argv[1] else None
    agents = int(argv[2]) if len(argv) > 2 else 10_000
    from bench.datagen import DataSize, populate
    from crewtui.db.migrate import upgrade_to_head
    from crewtui.services import Services, Store
    from crewtui.services.interop import export_crew

    source = f"sqlite:///{base / 'source.db'}"
    upgrade_to_head(source)
    populate(source, DataSize(agents=agents, crews=1, tasks=20, big_crew=agents))
    project = Path(tempfile.mkdtemp(dir=base))
    store = Store.open(source)
    export_crew(Services(store, user="bench"), "crew-0000", project, force=True)
    store.dispose()
    report: dict[str, Any] = {"agents": agents, "rounds": ROUNDS, "machine": "shared, 2 cores"}
    for kind in ("sqlite", "postgresql") if pg else ("sqlite",):
        times: dict[str, list[float]] = {"off": [], "on": []}
        for _ in range(ROUNDS):
            for mode in ("off", "on"):
                url, drop = _scratch(kind, base, pg)
                try:
                    times[mode].append(_import(url, project, mode == "on"))
                finally:
                    if drop:
                        drop()
        url, drop = _scratch(kind, base, pg)
        try:
            sizes = _edit_bytes(url)
        finally:
            if drop:
                drop()
        off, on = statistics.median(times["off"]), statistics.median(times["on"])
        report[kind] = {
            "import_s_history_off": round(off, 3),
            "import_s_history_on": round(on, 3),
            "ratio_on_off": round(on / off, 3),
            "bytes_per_edit": sizes,
        }
        print(json.dumps({kind: report[kind]}), flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
