"""Links a restored value holds, kept only where the record they point at still exists."""

from __future__ import annotations

import uuid
from typing import Any

from ..db.history_repo import HistoryRepo
from .base import Work
from .history_types import LINKS


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _alive(w: Work, kind: str, values: list[Any]) -> set[uuid.UUID]:
    ids = {u for v in values if (u := _uuid(v))}
    return set(HistoryRepo(w.session).keys_of(kind, ids)) if ids else set()


def keep_links(w: Work, values: dict[str, Any], skipped: list[tuple[str, str]]) -> dict[str, Any]:
    """``values`` without the links to records that are gone (each one added to ``skipped``)."""
    out = dict(values)
    for f, v in values.items():
        target = LINKS.get(f)
        if target is None or v is None or f == "crew_id":
            continue
        noun = target.replace("_", " ")
        if f == "members":
            alive = _alive(w, target, [m[0] for m in v])
            out[f] = [m for m in v if _uuid(m[0]) in alive]
            skipped += [
                (f, f"agent {m[0]} no longer exists") for m in v if _uuid(m[0]) not in alive
            ]
        elif isinstance(v, list):
            alive = _alive(w, target, v)
            out[f] = [x for x in v if _uuid(x) in alive]
            skipped += [(f, f"{noun} {x} no longer exists") for x in v if _uuid(x) not in alive]
        elif not _alive(w, target, [v]):
            out.pop(f)
            skipped.append((f, f"the {noun} {v} no longer exists"))
    return out
