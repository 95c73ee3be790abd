"""CPU seconds of the project readers and the YAML emitter on an exported N-agent project.

    PYTHONPATH=src python scripts/reader_figures.py [AGENTS] [--pg URL]

Exports a crew of AGENTS agents (10,000 by default; the bench's data), then measures with
the cycle collector paused, as ``crewtui import`` runs: reading agents.yaml (the loader
import and scan use; PyYAML's ``yaml.load`` with the C loader plus the node tree for lines),
reading crew.py (the exported methods read from their lines; ``ast`` alone), the whole
``read_project`` both ways, writing agents.yaml (libyaml; the pure-Python emitter), and the
whole import into a new SQLite (and PostgreSQL) database both ways. Best of three runs each;
CPU time of this process, so the figures hold on a shared machine (PostgreSQL's own work is
in the wall-clock figure only).
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, float]:
    """(CPU seconds, wall seconds), the best of ``runs``."""
    cpu, wall = 1e9, 1e9
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return round(cpu, 3), round(wall, 3)


def export_project(folder: Path, agents: int) -> Path:
    from bench.datagen import DataSize, populate

    from crewtui.db.migrate import upgrade_to_head
    from crewtui.services import Services, Store
    from crewtui.services.interop import export_crew

    url = f"sqlite:///{folder / 'source.db'}"
    upgrade_to_head(url)
    populate(url, DataSize(agents=agents, crews=1, tasks=100, big_crew=agents))
    store = Store.open(url)
    try:
        export_crew(Services(store, user="figures"), "crew-0000", folder / "proj", force=True)
    finally:
        store.dispose()
    return folder / "proj"


def readers(project: Path) -> dict[str, Any]:
    import yaml

    from crewtui.interop.export.yamlio import dump_yaml
    from crewtui.interop.importer import modules, read_project
    from crewtui.interop.importer.crewclass import find_crew_classes
    from crewtui.interop.importer.yamlio import load_yaml_doc

    pkg = next((project / "src").iterdir())
    agents = pkg / "config" / "agents.yaml"
    text = agents.read_text(encoding="utf-8")

    def c_loader_with_lines() -> None:
        loader = yaml.CSafeLoader(text)
        node = loader.get_single_node()
        assert node is not None
        loader.construct_document(node)
        for key, value in node.value:
            _ = key.start_mark.line, [k.start_mark.line for k, _v in value.value]
        loader.dispose()

    def crew_classes() -> None:
        find_crew_classes(modules.ModuleIndex(pkg, project), pkg, [])

    out: dict[str, Any] = {
        "agents.yaml: load_yaml (events)": best(lambda: load_yaml_doc(agents, project, [])),
        "agents.yaml: yaml.load C loader + node lines": best(c_loader_with_lines),
        "crew.py: method lines + ast": best(crew_classes),
        "read_project: method lines": best(lambda: read_project(project)),
    }
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    out["dump agents.yaml: libyaml"] = best(lambda: dump_yaml(data))
    out["dump agents.yaml: Python emitter"] = best(
        lambda: yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True),
        runs=1,
    )
    saved = modules._parse_lifted
    modules._parse_lifted = lambda source, path: None
    try:
        out["crew.py: ast alone"] = best(crew_classes)
        out["read_project: ast alone"] = best(lambda: read_project(project))
    finally:
        modules._parse_lifted = saved
    return out


def imports(project: Path, folder: Path, pg: str | None) -> dict[str, Any]:
    from crewtui.db.migrate import upgrade_to_head
    from crewtui.interop.importer import modules
    from crewtui.services import Store
    from crewtui.services.importer import import_project

    out: dict[str, Any] = {}
    saved = modules._parse_lifted
    targets = [("sqlite", None)] + ([("postgresql", pg)] if pg else [])
    n = 0
    for name, base in targets:
        for mode in ("method lines", "ast alone"):
            runs: list[tuple[float, float]] = []
            for _ in range(2):
                n += 1
                url = _fresh(folder, n) if base is None else _fresh_pg(base, n)
                upgrade_to_head(url)
                store = Store.open(url)
                if mode == "ast alone":
                    modules._parse_lifted = lambda source, path: None
                try:
                    runs.append(best(partial(import_project, store, project, dry_run=False), 1))
                finally:
                    modules._parse_lifted = saved
                    store.dispose()
                    if base is not None:
                        _drop_pg(base, url)
            out[f"import into {name}: {mode}"] = min(runs)
    return out


def _fresh(folder: Path, n: int) -> str:
    return f"sqlite:///{folder / f'target{n}.db'}"


def _fresh_pg(base: str, n: int) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"crewtui_figures_{n}_{int(time.time())}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _drop_pg(base: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def main(argv: list[str]) -> None:
    agents = int(argv[0]) if argv and argv[0].isdigit() else 10_000
    pg = argv[argv.index("--pg") + 1] if "--pg" in argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = export_project(folder, agents)
        gc.disable()
        figures = {"agents": agents, **readers(project), **imports(project, folder, pg)}
        gc.enable()
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
