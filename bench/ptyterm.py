"""Run a program on a pseudo-terminal of a fixed size and watch what it writes.

The terminal answers Textual's query for synchronized output (mode 2026), so every frame
the app draws arrives between ``ESC[?2026h`` and ``ESC[?2026l``: a frame is complete when
its end marker has been read. Text is recognised on the written bytes with the escape
sequences removed (a styled run of text, such as a table cell, is written contiguously).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;1$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"

_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=!$ ]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1b[()][0-9A-Za-z]"  # character sets
    rb"|\x1b[@-Z\\-_=>78]"  # two-byte sequences
)

KEYS: dict[str, bytes] = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
    "shift+up": b"\x1b[1;2A",
    "shift+down": b"\x1b[1;2B",
    "pagedown": b"\x1b[6~",
    "alt+up": b"\x1b[1;3A",
    "alt+down": b"\x1b[1;3B",
}


def visible_text(data: bytes) -> str:
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="ignore")


class TimedOut(Exception):
    pass


@dataclass
class ExitInfo:
    status: int
    #: peak resident memory of the child, bytes
    max_rss: int


class PtyProgram:
    """One program on its own pseudo-terminal; ``t0`` is taken just before the fork."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        size: tuple[int, int] = (120, 40),
        cwd: str | None = None,
    ) -> None:
        cols, rows = size
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal before the program looks at it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid = pid
        self.fd = fd
        self.buf = bytearray()
        #: (arrival time, end offset in buf) of every read
        self.reads: list[tuple[float, int]] = []
        self.sync_seen = False
        self.exit: ExitInfo | None = None

    # ---- reading

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            chunk = b""
        now = time.perf_counter()
        if not chunk:
            raise EOFError("the program closed its terminal")
        tail = bytes(self.buf[-16:])
        self.buf += chunk
        self.reads.append((now, len(self.buf)))
        if SYNC_QUERY in tail + chunk and not self.sync_seen:
            self.sync_seen = True
            os.write(self.fd, SYNC_REPLY)
        return True

    def wait_until(self, done: Callable[[], bool], timeout: float, what: str) -> float:
        """Read until ``done()``; returns the arrival time of the read that made it true."""
        deadline = time.perf_counter() + timeout
        while not done():
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimedOut(f"timed out after {timeout:.0f}s waiting for {what}")
            self._read_once(min(left, 0.05))
        return self.reads[-1][0] if self.reads else time.perf_counter()

    def settle(self, quiet: float = 0.25, timeout: float = 30.0) -> float:
        """Read until nothing arrives for ``quiet`` seconds; returns the last arrival time."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read_once(quiet):
                break
        return self.reads[-1][0] if self.reads else self.t0

    # ---- recognising frames

    def frame_with(
        self, start: int, pattern: str | re.Pattern[str], timeout: float = 30.0
    ) -> tuple[float, re.Match[str]]:
        """Wait for ``pattern`` in what was written since offset ``start``, then for the end
        of the frame it is in; returns (time the frame was complete, match)."""
        rx = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        found: list[re.Match[str]] = []
        scanned = [start]

        def seen() -> bool:
            # search from the last frame end before the newest data: escapes may be cut
            if len(self.buf) == scanned[0]:
                return False
            m = rx.search(visible_text(bytes(self.buf[start:])))
            scanned[0] = len(self.buf)
            if m:
                found.append(m)
            return m is not None

        when = self.wait_until(seen, timeout, f"{rx.pattern!r} on screen")
        if self.sync_seen:
            when = self.wait_until(
                lambda: self._frame_closed(start), timeout, "the end of the frame"
            )
        return when, found[0]

    def _frame_closed(self, start: int) -> bool:
        data = bytes(self.buf[start:])
        return data.rfind(SYNC_END) > data.rfind(SYNC_START)

    # ---- writing

    def press(self, *keys: str) -> tuple[float, int]:
        """Send keys (names from KEYS, or literal text); returns (time sent, buffer offset)."""
        self.settle(0.0, timeout=0.0)
        offset = len(self.buf)
        data = b"".join(KEYS.get(k, k.encode()) for k in keys)
        sent = time.perf_counter()
        os.write(self.fd, data)
        return sent, offset

    # ---- ending

    def close(self, timeout: float = 10.0) -> ExitInfo:
        if self.exit is not None:
            return self.exit
        with contextlib.suppress(OSError):
            os.write(self.fd, KEYS["ctrl+q"])
        deadline = time.perf_counter() + timeout
        status_rusage = None
        while time.perf_counter() < deadline:
            with contextlib.suppress(EOFError):
                self._read_once(0.05)
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                status_rusage = (status, rusage)
                break
        if status_rusage is None:
            os.kill(self.pid, signal.SIGKILL)
            _pid, status, rusage = os.wait4(self.pid, 0)
            status_rusage = (status, rusage)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        status, rusage = status_rusage
        self.exit = ExitInfo(status, rusage.ru_maxrss * 1024)
        return self.exit
