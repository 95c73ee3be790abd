"""The agent list's filter step at 10,000 rows: crewtui's RecordTable against Textual's
DataTable showing the same rows (clear + add_rows), each followed by the repaint, in one
running app on a 120x40 screen; six filters (all rows, half, a third, a tenth, a hundredth,
all again), three times.

    PYTHONPATH=src python bench/table_bench.py
"""

import asyncio
import statistics
import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from crewtui.ui.widgets.record_table import Column, RecordTable, Row

N = 10_000
rows = [
    Row(
        f"agent-{i:06d}",
        (f"agent-{i:06d}", f"Role number {i}", "Research", "gpt-4o", "active", "MR"),
    )
    for i in range(N)
]
COLS = (
    Column("agent_key", "KEY", 20, grow=2),
    Column("role", "ROLE", 14, grow=3),
    Column("d", "DEPT", 10),
    Column("l", "LLM", 14),
    Column("s", "STATUS", 8),
    Column("f", "F", 4),
)
subsets = [rows[i::k] for k, i in ((1, 0), (2, 0), (3, 1), (10, 0), (100, 5), (1, 0))]


class A(App):
    def compose(self) -> ComposeResult:
        yield RecordTable(COLS, id="rt")
        yield DataTable(id="dt")


async def main():
    app = A()
    async with app.run_test(size=(120, 40)) as pilot:
        rt = app.query_one(RecordTable)
        dt = app.query_one(DataTable)
        dt.add_columns("KEY", "ROLE", "DEPT", "LLM", "STATUS", "F")
        res: dict[str, list[float]] = {"RecordTable": [], "DataTable": []}
        for _rep in range(3):
            for sub in subsets:
                t = time.perf_counter()
                rt.set_rows(sub)
                await pilot.pause()
                res["RecordTable"].append(time.perf_counter() - t)
                t = time.perf_counter()
                dt.clear()
                dt.add_rows([r.cells for r in sub])
                await pilot.pause()
                res["DataTable"].append(time.perf_counter() - t)
        for k, v in res.items():
            v = sorted(v)
            print(
                k,
                f"median {statistics.median(v) * 1000:.1f} ms "
                f"p95 {v[int(0.95 * (len(v) - 1))] * 1000:.1f} ms",
            )


asyncio.run(main())
