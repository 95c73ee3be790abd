"""The method, and for each target the reason it is missed and what would meet it (written
from profiles of the measured code; the report prints a note only for a missed target)."""

from __future__ import annotations

METHOD = """## Method

- **Real terminal, real program.** Every start-up figure comes from a fresh process started
  on its own pseudo-terminal (`pty.fork`, window set to 120x40 with `TIOCSWINSZ`,
  `TERM=xterm-256color`, `COLORTERM=truecolor`), so interpreter start and imports count.
  crewtui is started exactly as a user starts it: `python -m crewtui --db URL`. The terminal
  answers Textual's query for synchronized output, so each frame arrives between
  `ESC[?2026h` and `ESC[?2026l`; a frame is complete when its end marker has been read.
- **First paint** is the time from the fork to the end of the first complete frame that shows
  the screen (crewtui: the section tabs; the floor: its one line). **First agent row** is the
  end of the first frame showing `agent-000000`, the first agent in key order. Text is found
  in what was written with the escape sequences removed.
- **The floor** is `bench/floor_app.py`: a Header, one Static line and a Footer, measured the
  same way, alternately with crewtui, in the same run (so both see the same machine load).
  Key-to-screen figures are compared with the floor's key-to-screen time (a key that rewrites
  its line), byte figures with the floor's bytes for that key or its first paint, memory
  with the floor's peak memory. Import and export are not screen figures; their ratio to the
  floor's first paint is given only for scale.
- **Per-action figures** (keys, bytes per action) run `bench/app_driver.py`, which is
  `crewtui --db URL` with cursor blink and animations off, so that the bytes counted after a
  key are that key's alone (a blinking cursor writes every half second by itself). A key's
  **latency** is from writing the key to the end of the first frame that shows the expected
  result (the editor's Backstory field, "Saved agent", "Crew ... saved."); its **bytes** are
  everything written from the key until the program was quiet for 0.3 s.
- **Filter latency** is measured the same way for each key typed into the agent filter (and
  each backspace that erases it again): from the key to the end of the first frame whose
  count line ("N agents · M shown") differs from before. The queries are digit strings
  chosen so that every prefix leaves a different, non-empty set of agents. p50 and p95 are
  over all keys of all sessions.
- **Reorder** clicks the second member of `crew-0000` (50 members) in the crew builder
  (an SGR mouse click at the position where the member was drawn), moves it down with
  shift+down and saves; the runner checks in the database that the new order was stored.
- **Peak memory** is `ru_maxrss` of each child from `os.wait4`.
- **Import and export** run in their own process (`bench/interop_bench.py`): a crew with N
  agents and 100 tasks is exported with `export_crew` (lint, render, write) and the project
  is imported into an empty database with `import_project`. A size that runs out of time is
  reported as such and larger sizes are not tried.
- Data is bulk-inserted with SQLAlchemy Core (`bench/datagen.py`); PostgreSQL runs in a
  scratch database created and dropped by the run; `ANALYZE` runs after loading.
- Queries per screen are not timed here: `tests/test_query_counts.py` counts the statements
  each screen sends at 1, 100 and 10,000 agents on both backends and fails if the count grows.
"""

MISSED: dict[str, str] = {
    "first paint (10,000)": (
        "Before its first frame crewtui imports SQLAlchemy, the ORM models and the pydantic "
        "domain, none of which the first frame needs (measured: importing `crewtui.cli`, "
        "`crewtui.ui.app` and the agents section takes about 2.5x Textual's own import). "
        "Three imports pull them in: `ui/app.py` imports `sqlalchemy.exc` at module level "
        "(move it into `_is_unreachable`); `ui/screens/agents.py` imports "
        "`AgentEditorScreen`/`AgentWizardScreen` at module level (import them inside "
        "`action_open`, `_selected`, `action_new`, `open_record`); and `ui/forms/values.py` "
        "imports `crewtui.services.values`, which runs `crewtui/services/__init__.py` and with "
        "it the whole facade and `db/models.py` (0.2 s of mapper set-up): make the package "
        "`__init__` lazy (a module `__getattr__`) or move the value parsers to `domain`. "
        "Also start the database worker after the first frame (`on_mount`: "
        "`self.call_after_refresh(self.start_up)`) so its imports do not compete with painting. "
        "With these four changes applied to a copy of the code, nothing of SQLAlchemy or "
        "pydantic is imported before the first frame (see the experiment in the report)."
    ),
    "first agent row (10,000)": (
        "The first row needs, after the first frame, the SQLAlchemy import (about 0.4-0.8 s on "
        "this machine), the schema check, and the first page of agents: the floor app imports "
        "only Textual, so 2x the floor leaves less than one Textual import's time for all of "
        "that. The list's own query is not the problem (the first 200 rows come in one query). "
        "What it would take: the lazy imports above, so that the first frame does not wait; "
        "then either import SQLAlchemy's engine only (not the ORM and the models) for the first "
        "page, or keep a tiny cache of the first screenful next to the SQLite file and show it "
        "while the database opens. Loading the whole list twice at start (a race between "
        "`MainScreen.show_section` and `CrewtuiApp._started`, both calling `refresh_data` when "
        "the database opens before the section is mounted) should also go: `services_ready` "
        "should become true only in `_started` (on the UI thread), so exactly one of the two "
        "loads runs."
    ),
    "filter keystroke (10,000)": (
        "Per key, `AgentsSection.apply_view` scans every agent's text, sorts the matches again, "
        "builds a `Row` for every match and `RecordTable.set_rows` redraws the table; then the "
        "count and the preview are updated with `Static.update()`, which asks for a layout of "
        "the whole screen (measured with cProfile at 10,000 agents: `apply_view` about half of "
        "the time, `Screen._refresh_layout` and rendering the rest). Fixes, all in "
        "`ui/screens/agents.py` and `ui/widgets/record_table.py`: give `#agents-count` and "
        "`#agents-preview` fixed sizes and update them with `update(..., layout=False)`; keep "
        "the loaded summaries sorted once per sort order (filtering keeps the order, so no sort "
        "per key); when the new filter extends the previous one, filter the previously shown "
        "rows only; let the table take the list of summaries and a formatter and build cells "
        "only for the visible lines; and redraw only the lines that changed."
    ),
    "filter keystroke (100,000)": (
        "The same causes as at 10,000, ten times the scan: a Python loop over 100,000 "
        "haystacks costs tens of milliseconds by itself. Besides the fixes above it would take "
        "a search that does not loop in Python: one string holding every haystack, searched "
        "with `str.find`/`re.finditer` (C speed) and mapped back to rows with `bisect`, "
        "narrowing on the previous result while the user types forward; and a short debounce "
        "so that fast typing does not queue one full scan per key."
    ),
    "import a 10000-agent project": (
        "Import time grows faster than linearly (see the 1,000 and 2,000 agent figures). "
        "Profiled at 1,000 agents: PyYAML's pure-Python parser reads each YAML file twice "
        "(`interop/importer/yamlio.py` `load_yaml_doc`: `yaml.compose` and then `yaml.load`; "
        "use `yaml.CSafeLoader` when available and construct the data from the composed node "
        "once); `ReadContext.rel` (`interop/importer/context.py`) resolves paths on disk for "
        "every field of every agent (cache the relative path per file); "
        "`CrewClass.of_kind` (`interop/importer/crewclass.py`) scans every method of the crew "
        "class on each call and `values.llm_parts` rebuilds its `@llm` index per agent: "
        "quadratic in the number of agents (index the methods by kind once); "
        "`services/importer.py` `load_existing` runs one `by_key` query per agent (one "
        "`agent_key IN (...)` query per 1,000 keys instead); and `apply_plan` flushes the "
        "session after every row (`_add` → `Repository.add`): add all agents, then flush once "
        "(their ids are generated client-side), or insert them with one Core `insert()`."
    ),
    "keystroke in a field bytes (10,000)": (
        "A plain keystroke in a field writes about as much as the floor's key (one line), but "
        "the keystroke that makes a record modified, or unmodified again, rewrites the whole "
        "sections list of the editor (36 lines, most of them empty): "
        "`RecordEditorScreen._refresh_marks` replaces the prompt of every section when one "
        "mark changes and the `OptionList` repaints in full. Replacing only the prompts whose "
        "mark changed, and giving `#editor-sections` `height: auto` (so the empty lines below "
        "the 12 sections are not part of it), brings that key under 1 KB."
    ),
}
