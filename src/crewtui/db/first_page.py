"""The agent list's first page, read while the user interface is still loading.

Importing the interface takes a few hundred milliseconds; the first rows need one SELECT.
Started before that import, the read is usually done by the first frame:

- SQLite: a thread. The driver is in the standard library and waits on the disk without
  holding the interpreter lock, so it costs the interface's start-up next to nothing.
- PostgreSQL: a forked child process. Importing psycopg is itself a lot of Python; in a thread
  it would compete with the interface's imports for the interpreter, in a child it runs on
  another core. The child sends the rows back as JSON through a pipe and exits. It runs at
  the lowest priority: with a core to spare that changes nothing, on a busy machine the
  interface draws its first frame first instead of sharing a core with the child (the rows
  follow as soon as the interface waits for them).

Anything unexpected leaves the page empty (``None``) and the normal path loads the list.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import uuid
from dataclasses import asdict
from typing import Any

from ..domain.views import AgentSummary
from .peek import FIRST_PAGE, first_agents
from .url import driver_target

#: seconds the interface waits at most for a forked reader that has not answered
CHILD_TIMEOUT = 5.0
#: the forked reader's nice value (19: the lowest priority)
CHILD_NICE = 19


class FirstPage:
    """The first ``limit`` agents in key order, read once, early if possible."""

    def __init__(self, url: str, limit: int = FIRST_PAGE) -> None:
        self.url = url
        self.limit = limit
        self._rows: list[AgentSummary] | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._child: tuple[int, int] | None = None

    def start_early(self) -> FirstPage:
        """Begin reading now (before the interface is imported); returns self.

        Call it before the program starts any thread of its own: on PostgreSQL it forks."""
        target = driver_target(self.url)
        if target is None:
            return self
        if target.sqlite_path is not None:
            self._thread = threading.Thread(
                target=self._read, name="crewtui-first-page", daemon=True
            )
            self._thread.start()
        elif hasattr(os, "fork"):
            self._child = _fork_reader(self.url, self.limit)
        return self

    @property
    def ready(self) -> bool:
        """The rows can be had without waiting."""
        if self._done.is_set():
            return True
        if self._child is not None:
            return bool(select.select([self._child[1]], [], [], 0)[0])
        return False

    def rows(self) -> list[AgentSummary] | None:
        """The rows (``None``: not available this way); reads them now if nobody has yet."""
        if self._thread is None:
            self._read()
        self._done.wait()
        return self._rows

    def _read(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            try:
                if self._child is not None:
                    self._rows = _collect(*self._child)
                else:
                    self._rows = first_agents(self.url, self.limit)
            finally:
                self._done.set()


def _fork_reader(url: str, limit: int) -> tuple[int, int] | None:
    """A child process that reads the page and writes it to a pipe: (pid, read end)."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            _step_aside()
            rows = first_agents(url, limit)
            import json

            payload = None if rows is None else [_encode(r) for r in rows]
            with os.fdopen(write_end, "wb") as out:
                out.write(json.dumps(payload).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _step_aside() -> None:
    """Lower this process's priority to :data:`CHILD_NICE` (the forked reader's)."""
    with contextlib.suppress(OSError):  # not allowed here: the reader runs as it is
        os.nice(max(0, CHILD_NICE - os.nice(0)))


def _collect(pid: int, read_end: int) -> list[AgentSummary] | None:
    chunks: list[bytes] = []
    try:
        while select.select([read_end], [], [], CHILD_TIMEOUT)[0]:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, 9)  # no answer in time: the normal path loads instead
            return None
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    import json

    try:
        payload = json.loads(b"".join(chunks) or b"null")
        return None if payload is None else [_decode(r) for r in payload]
    except (ValueError, TypeError, KeyError):
        return None


def _encode(summary: AgentSummary) -> dict[str, Any]:
    data = asdict(summary)
    data["id"] = str(summary.id)
    return data


def _decode(data: dict[str, Any]) -> AgentSummary:
    return AgentSummary(**{**data, "id": uuid.UUID(data["id"])})
