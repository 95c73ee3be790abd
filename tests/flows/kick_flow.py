"""Kick off declarative flows whose methods are expressions only (no model is called), and
say what happened.

Run by the newest crewai release's Python::

    python kick_flow.py FLOW.yaml [FLOW.yaml...]

Prints one ``KICKED {json}`` line per file: ``error`` (crewai's message when loading or
running failed, else null) and ``ran`` (the methods that completed).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys


def kick(path: str) -> dict[str, object]:
    from crewai.flow.flow import Flow

    flow = None
    try:
        flow = Flow.from_declaration(path=path)
        with contextlib.redirect_stdout(io.StringIO()):
            flow.kickoff()
        error = None
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    ran = sorted(str(m) for m in getattr(flow, "_completed_methods", set())) if flow else []
    return {"path": path, "error": error, "ran": ran}


def main() -> None:
    for path in sys.argv[1:]:
        print("KICKED " + json.dumps(kick(path)))


if __name__ == "__main__":
    main()
