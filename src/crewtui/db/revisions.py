"""The schema revisions this crewtui knows, oldest first (no imports: read at start-up)."""

from __future__ import annotations

#: a test checks this equals the script directory's history
KNOWN_REVISIONS = (
    "0001_legacy",
    "0002_expansion",
    "0003_crewtui",
    "0006_history",
    "0007_runs",
    "0008_crewai_settings",
    "0009_flows",
    "0010_ownership",
    "0011_run_inputs",
)
BASELINE_REVISION = KNOWN_REVISIONS[0]
HEAD_REVISION = KNOWN_REVISIONS[-1]
