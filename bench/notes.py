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

FINDINGS = """## Other findings (not targets)

- **A list cursor move wrote about 8 KB** at 120x40: the table's `cursor` reactive repainted
  the whole table (Textual reactives repaint by default) and `watch_cursor` called
  `self.refresh()`, so every visible row was rewritten. Fixed in
  `ui/widgets/record_table.py`: `reactive(0, init=False, repaint=False)` and `watch_cursor`
  refreshes only the old and the new cursor line unless the view scrolled; measured on
  10,000 agents: 8.3 KB → 1.7 KB per move (the rest is the preview under the list).
- **A focus change writes about 20 KB**: the whole screen is rewritten. This is Textual's
  own behaviour: a minimal Textual app with a header, an input and a focusable widget
  writes 10-14 KB for the same key, with or without a footer. Nothing to fix in crewtui
  short of fewer focus changes per task.
- **The start screen writes about 55 KB** before it is quiet (the floor writes about 6.5 KB):
  the first frame is about 9 KB; the rest is the table redrawn as the rows, the full list
  and the preview arrive, each a full-table repaint.
- **The crew builder loads every agent** (`CrewBuilder.load` calls `list_agents()` for the
  manager and member pickers): one query, but at 100,000 agents that is the whole list again
  each time a crew is opened. Load the pickers' agents when a picker opens, or page them.
- **The agent list can be loaded twice at start**: when the database opens before the agents
  section is mounted, `MainScreen.show_section` (`services_ready` is already true) and
  `CrewtuiApp._started` (`data_changed`) both call `refresh_data`. Setting the ready flag in
  `_started` (on the UI thread) instead of when the `Services` object exists makes it exactly
  one load.
- **Memory**: the agent list keeps every summary, its search text and a `Row` per shown
  agent: about 400 MiB peak at 100,000 agents after filtering, against about 190 MiB right
  after start. Building rows only for visible lines (see the filter note) removes most of the
  difference.
- **Export** grows with the project and is dominated by PyYAML's pure-Python emitter
  (`interop/export/yamlio.py`): basing `_Dumper` on `yaml.CSafeDumper` (libyaml is present)
  gives byte-identical output for the 10,000-agent `agents.yaml` here and is 3.8x faster.
"""

MISSED: dict[str, str] = {
    "first paint (10,000)": (
        "Before its first frame crewtui imports SQLAlchemy, the ORM models and the pydantic "
        "domain, none of which the first frame needs: importing `crewtui.cli`, "
        "`crewtui.ui.app` and the agents section takes about 2.5x Textual's own import. Three "
        "imports pull them in: `ui/app.py` imports `sqlalchemy.exc` at module level (move it "
        "into `_is_unreachable`); `ui/screens/agents.py` imports `AgentEditorScreen` and "
        "`AgentWizardScreen` at module level (import them inside `action_open`, `_selected`, "
        "`action_new` and `open_record`); and `ui/forms/values.py` imports "
        "`crewtui.services.values`, which runs `crewtui/services/__init__.py` and with it the "
        "whole facade and `db/models.py` (0.2 s of mapper set-up): make that `__init__` lazy "
        "(a module `__getattr__`, with the names imported under `TYPE_CHECKING` for mypy) or "
        "move the value parsers to `domain`. Also start the database worker after the first "
        "frame (`CrewtuiApp.on_mount`: `self.call_after_refresh(self.start_up)`). Measured on "
        "this machine with these four changes applied to a copy of the code (5 alternating "
        "starts each, 10,000 agents, SQLite): first paint went from 4.14x to 1.38x the floor "
        "and the first agent row from 5.26x to 3.23x; nothing of SQLAlchemy or pydantic is "
        "imported before the first frame any more."
    ),
    "first agent row (10,000)": (
        "After the first frame the first row still needs the SQLAlchemy import (0.4-0.8 s on "
        "this machine), the ORM models, the schema check and the first page of agents, while "
        "the floor app imports only Textual: 2x the floor leaves less than one Textual "
        "import's time for all of that. The list query itself is not the problem (the first "
        "200 rows come in one query; see the 100,000-agent figure, barely slower). With the "
        "lazy imports above the row came at 3.2x. What would meet 2x: import only SQLAlchemy "
        "Core for the first page (a plain `select` on the table, no ORM mapping or pydantic) "
        "and map the rest later, or show a cached first screenful while the database opens; "
        "and load the list once, not twice, at start (see the findings below)."
    ),
    "filter keystroke (10,000)": (
        "Per key, `AgentsSection.apply_view` (`ui/screens/agents.py`) scans every agent's "
        "text, sorts the matches again, builds a `Row` for every match, and "
        "`RecordTable.set_rows` redraws the table; then the count line and the preview are "
        "updated with `Static.update()`, which asks for a layout pass of the whole screen "
        "(cProfile at 10,000 agents: `apply_view` about half of the time, "
        "`Screen._refresh_layout` plus rendering the rest). What it would take, all in "
        "`ui/screens/agents.py` and `ui/widgets/record_table.py`: give `#agents-count` and "
        "`#agents-preview` fixed sizes and update them with `update(..., layout=False)`; keep "
        "the summaries sorted once per sort order (a filter keeps the order, so no sort per "
        "key); when the new filter extends the previous one, filter the rows shown before, "
        "not all of them; let the table take the summaries and a formatter and build cells "
        "only for the visible lines; and redraw only the lines that changed. Measured: the "
        "count line alone with a fixed width and `layout=False` took the median from 74 to "
        "64 ms; the rest is the Python work per key and repainting the table."
    ),
    "filter keystroke (100,000)": (
        "The same causes as at 10,000, with ten times the scan: a Python loop over 100,000 "
        "search strings costs tens of milliseconds by itself, and the first key matches "
        "about 40% of the agents, which are then sorted and turned into rows. Besides the "
        "fixes above it would take a search that does not loop in Python: one string holding "
        "every agent's search text, searched with `str.find`/`re.finditer` (C speed) and "
        "mapped back to rows with `bisect`, narrowing on the previous result while the user "
        "types forward; and a short debounce so that fast typing does not queue one full "
        "scan per key."
    ),
    "import a 10000-agent project": (
        "Import takes 10-13 s for 1,000 agents; 10,000 took about a minute or did not finish "
        "within the time allowed (see the tables), and the profile has parts that are "
        "quadratic in the number of agents. Causes, from cProfile: "
        "(1) `CrewClass.of_kind` (`interop/importer/crewclass.py`) scans every method of the "
        "crew class per call and `values.llm_parts` builds its `@llm` index per agent; the "
        "export writes one `@llm` method per agent, so both are quadratic (index the methods "
        "by kind once, and build the `@llm` dict once per class); "
        "(2) `_Reader._ordered` (`interop/importer/yamlproject.py`) checks `v.name not in out` "
        "on a list (keep a set); "
        "(3) `load_yaml_doc` (`interop/importer/yamlio.py`) parses each file twice with the "
        "pure-Python loader (`yaml.compose` then `yaml.load`): use `yaml.CSafeLoader` and "
        "construct the data from the composed node; "
        "(4) `ReadContext.rel` (`interop/importer/context.py`) resolves paths on disk for every "
        "field of every agent (cache per path); "
        "(5) `services/importer.py`: `load_existing` runs one `by_key` query per agent (use "
        "`agent_key IN (...)` per 1,000 keys), and `_add` flushes after every row and then "
        "writes a second UPDATE per row to put back NULLs (insert the agents with one Core "
        "`insert()` whose parameters carry the NULLs, ids generated client-side). "
        "Measured with (1, first half), (3), (4) and the `IN` query applied to a copy of the "
        "code: 2,000 agents went from 43.7 s to 6.8 s and 10,000 agents finished in 44 s; the "
        "profile of that run puts the rest in the per-agent `@llm` dict (11 s of 63 s "
        "profiled), the NULL-fixing UPDATEs (18 s) and the YAML reading (7 s). Under 5 s for "
        "10,000 agents needs all of the above plus the bulk insert."
    ),
    "keystroke in a field bytes (10,000)": (
        "A plain keystroke in a field writes about what the floor writes for one key (one "
        "line, about 220 B), but the keystroke that makes a record modified, or unmodified "
        "again, rewrites the editor's whole sections list (about 6.7 KB): "
        "`RecordEditorScreen._refresh_marks` (`ui/screens/record_editor.py`) replaces the "
        "prompt of every section when any mark changes, and the `OptionList`, as tall as the "
        "screen with 12 options, repaints in full including its empty lines. Replacing only "
        "the prompts whose mark changed and giving `#editor-sections` `height: auto` would "
        "bring that key under 1 KB."
    ),
}
