"""The schema revisions this crewtui knows, oldest first (no imports: read at start-up)."""

from __future__ import annotations

#: a test checks this equals the script directory's history
KNOWN_REVISIONS = (
    "0001_legacy",
    "0002_expansion",
    "0003_crewtui",
    "0006_history",
    "0008_crewai_settings",
)
BASELINE_REVISION = KNOWN_REVISIONS[0]
HEAD_REVISION = KNOWN_REVISIONS[-1]
