"""Records as JSON for the quick commands, read without SQLAlchemy or pydantic.

``crewtui agents show KEY --json`` and ``crewtui crews list --json`` print one row or one
table; loading the ORM and the models would cost ten times the reading. These functions run
the repositories' own queries through the bare driver (:mod:`crewtui.db.peek`) and print
what the models would (:mod:`crewtui.db.rowjson`); a test checks both give the same JSON.
They answer ``None`` whenever the normal path must answer instead: a URL left to the
engine, a schema of another revision, no such record (the normal path then reports it).
"""

from __future__ import annotations

from typing import Any

from ..db import compiled
from ..db.peek import fetch
from ..db.rowjson import record_json
from ..db.url import driver_target


def agent_json(url: str, key: str) -> dict[str, Any] | None:
    """The agent ``key`` as ``crewtui agents show KEY --json`` prints it, or None."""
    target = driver_target(url)
    rows = fetch(url, compiled.AGENT_BY_KEY, {"key": key}) if target else None
    if target is None or not rows:
        return None
    try:
        return record_json(rows[0], compiled.AGENT_JSON, target.dialect)
    except (TypeError, ValueError, ArithmeticError):  # a value only the models can explain
        return None


def crews_json(url: str) -> list[dict[str, Any]] | None:
    """Every crew as ``crewtui crews list --json`` prints them, or None."""
    target = driver_target(url)
    rows = fetch(url, compiled.CREWS, {}) if target else None
    if target is None or rows is None:
        return None
    try:
        return [record_json(r, compiled.CREW_JSON, target.dialect) for r in rows]
    except (TypeError, ValueError, ArithmeticError):  # a value only the models can explain
        return None
