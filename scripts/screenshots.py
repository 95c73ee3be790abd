"""Regenerate the SVG screenshots in ``screenshots/`` from the demo data.

    python scripts/screenshots.py            # every shot
    python scripts/screenshots.py agents     # only the named ones

Each shot is (file name, key presses, terminal size); add a line to SHOTS for a new screen.
The demo data goes into a temporary SQLite database, opened by a relative URL so the header
reads the same on every machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from textual.worker import WorkerState  # noqa: E402

from crewtui.services import Services, Store  # noqa: E402
from crewtui.services.demo import load_demo  # noqa: E402
from crewtui.settings import Settings  # noqa: E402
from crewtui.ui.app import make_app  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (120, 36)

#: (name, key presses, terminal size); "wait" lets database work finish
SHOTS: list[tuple[str, list[str], tuple[int, int]]] = [
    ("agents", ["down", "down", "down"], SIZE),
    ("agents-filter", ["slash", *"research"], SIZE),
    ("agent-editor", ["down", "down", "down", "enter"], SIZE),
    ("agent-editor-llm", ["down", "down", "down", "enter", "wait", "alt+down"], SIZE),
    ("agent-wizard", ["n"], SIZE),
    ("agents-80x24", [], (80, 24)),
    ("crews", ["2"], SIZE),
    ("crew-builder", ["2", "wait", "enter"], SIZE),
    ("tasks", ["3"], SIZE),
    ("crew-builder-80x24", ["2", "wait", "down", "enter"], (80, 24)),
    ("task-dependency-view", ["3", "wait", "down", "down"], SIZE),
    ("task-dependency-view-80x24", ["3", "wait", "down"], (80, 24)),
    ("task-context-picker", ["3", "wait", "end", "c"], SIZE),
    ("task-editor", ["3", "wait", "down", "enter"], SIZE),
    ("memory-configs", ["4"], SIZE),
    ("departments", ["5"], SIZE),
    ("tools", ["6"], SIZE),
    ("flows", ["8"], SIZE),
    ("flow-editor", ["8", "wait", "enter", "wait"], SIZE),
    ("help", ["question_mark"], SIZE),
    ("export-modal", ["2", "wait", "down", "e"], SIZE),
    ("export-preview", ["2", "wait", "down", "e", "wait", "ctrl+r", "wait"], SIZE),
    # export venture-research, delete it, then preview importing the exported project
    (
        "import-dry-run",
        [
            "2",
            "wait",
            "down",
            "e",
            "wait",
            "enter",
            "wait",
            "escape",
            "wait",
            "d",
            "tab",
            "enter",
            "wait",
            "i",
            *"./venture-research-crewai",
            "enter",
        ],
        SIZE,
    ),
    # an agent edited and saved, then its history with the creation's diff against now
    (
        "history",
        [
            "down",
            "down",
            "down",
            "enter",
            "wait",
            "tab",
            "end",
            *" (lead)",
            "ctrl+s",
            "wait",
            "alt+h",
            "wait",
            "down",
        ],
        SIZE,
    ),
]


async def settle(pilot: Any) -> None:
    for _ in range(200):
        await pilot.pause()
        busy = [
            w
            for w in pilot.app.workers
            if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and getattr(w, "_thread_worker", False)
        ]
        if not busy:
            break
        for worker in busy:
            with contextlib.suppress(Exception):  # failures are the app's to report
                await worker.wait()
    await pilot.pause()


async def shoot(url: str, name: str, keys: list[str], size: tuple[int, int]) -> Path:
    app = make_app(Settings(database_url=url, deterministic=True, user="demo"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            if key == "wait":
                await settle(pilot)
            else:
                await pilot.press(key)
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        path = OUT / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"crewtui · {name}"), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    wanted = set(argv)
    unknown = wanted - {name for name, _, _ in SHOTS}
    if unknown:
        print(f"unknown shot(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        url = "sqlite:///demo.db"
        store = Store.open(url)
        try:
            if store_needs_schema(store):
                from crewtui.db.migrate import upgrade_to_head

                upgrade_to_head(url)
            load_demo(Services(store, user="demo"))
        finally:
            store.dispose()
        for name, keys, size in SHOTS:
            if wanted and name not in wanted:
                continue
            path = asyncio.run(shoot(url, name, keys, size))
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


def store_needs_schema(store: Store) -> bool:
    from sqlalchemy import inspect

    return "crewai_agents" not in inspect(store.engine).get_table_names()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
