"""The measurements themselves: each starts a fresh program on a 120x40 pseudo-terminal.

Times are from the moment before the fork (start-up) or before the key was written (an
action) to the arrival of the end of the first frame that shows the expected result.
Bytes are everything the program wrote from the key until it went quiet.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .ptyterm import PtyProgram, TimedOut, visible_text

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
FIRST_KEY = "agent-000000"
#: the agent list's count line: "10000 agents" or "10000 agents · 37 shown"
COUNT_RX = re.compile(r"(\d+) agents?(?: · (\d+) shown)?")
QUIET = 0.3
#: how long to wait for the first byte after a key that shows nothing in particular
FIRST_BYTE_TIMEOUT = 3.0


def child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "CREWTUI_"))}
    src = str(ROOT / "src")
    env.update(
        PYTHONPATH=os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])]),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        CREWTUI_USER="bench",
        CREWTUI_DATA_DIR=str(data_dir),
        PYTHONDONTWRITEBYTECODE="",
    )
    env.pop("PYTHONDONTWRITEBYTECODE")
    return env


def floor_argv() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "floor_app.py")]


def crewtui_argv(url: str) -> list[str]:
    """The real command: ``crewtui --db URL``."""
    return [sys.executable, "-m", "crewtui", "--db", url]


def driver_argv(url: str) -> list[str]:
    """crewtui with cursor blink and animations off (for per-action bytes)."""
    return [sys.executable, str(ROOT / "bench" / "app_driver.py"), url]


@dataclass
class Startup:
    first_paint: float
    #: seconds to the first agent row (None for the floor app)
    first_row: float | None
    #: bytes written up to the end of the first frame
    first_paint_bytes: int
    #: bytes written until the start screen went quiet
    settled_bytes: int
    max_rss: int


def startup(
    argv: list[str], env: dict[str, str], *, paint: str, row: str | None, timeout: float = 120
) -> Startup:
    """Start the program; first paint is the first complete frame that shows ``paint``."""
    p = PtyProgram(argv, env=env, size=SIZE)
    try:
        t_paint, _ = p.frame_with(0, paint, timeout)
        paint_bytes = len(p.buf)
        t_row = None
        if row is not None:
            t_row, _ = p.frame_with(0, row, timeout)
        p.settle(QUIET)
        settled = len(p.buf)
    finally:
        info = p.close()
    return Startup(
        t_paint - p.t0, None if t_row is None else t_row - p.t0, paint_bytes, settled, info.max_rss
    )


@dataclass
class Action:
    name: str
    #: key to the frame showing the result
    latency: float | None
    #: bytes from the key until quiet
    bytes: int


@dataclass
class Session:
    """One app started for the interactive measurements."""

    actions: list[Action] = field(default_factory=list)
    filter_latencies: list[float] = field(default_factory=list)
    filter_bytes: list[int] = field(default_factory=list)
    max_rss: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, latency: float | None, nbytes: int) -> None:
        self.actions.append(Action(name, latency, nbytes))


def _act(
    p: PtyProgram,
    s: Session,
    name: str,
    keys: tuple[str, ...],
    shows: str | re.Pattern[str] | None,
    timeout: float = 60,
) -> re.Match[str] | None:
    """Press ``keys``; time to the frame showing ``shows``; bytes until quiet."""
    sent, offset = p.press(*keys)
    match = None
    latency = None
    if shows is not None:
        when, match = p.frame_with(offset, shows, timeout)
        latency = when - sent
    else:
        # wait for the answer to start (a busy machine may take a moment), not for silence
        # a key that changes nothing on screen: zero bytes is the figure
        with contextlib.suppress(TimedOut):
            p.wait_until(lambda: len(p.buf) > offset, FIRST_BYTE_TIMEOUT, "a reply")
    p.settle(QUIET)
    s.add(name, latency, len(p.buf) - offset)
    return match


def _count_text(p: PtyProgram, since: int) -> str | None:
    found = COUNT_RX.findall(visible_text(bytes(p.buf[since:])))
    return " ".join(found[-1]) if found else None


def _filter_key(p: PtyProgram, s: Session, key: str, before: str, timeout: float = 60) -> str:
    """Type one key into the filter; the screen reflects it when the count line changes."""
    sent, offset = p.press(key)
    seen: list[str] = []

    def changed() -> bool:
        now = _count_text(p, offset)
        if now is not None and now != before:
            seen.append(now)
            return True
        return False

    p.wait_until(changed, timeout, "the filtered count")
    when = (
        p.wait_until(lambda: p._frame_closed(offset), timeout, "the end of the frame")
        if p.sync_seen
        else p.reads[-1][0]
    )
    s.filter_latencies.append(when - sent)
    p.settle(0.15)
    s.filter_bytes.append(len(p.buf) - offset)
    return seen[0]


def filter_typing(p: PtyProgram, s: Session, queries: list[str], total: int) -> None:
    """Type each query one key at a time, then erase it one key at a time."""
    _act(p, s, "focus the filter", ("/",), None)
    before = " ".join((str(total), ""))
    for q in queries:
        for ch in q:
            before = _filter_key(p, s, ch, before)
        for _ in q:
            before = _filter_key(p, s, "backspace", before)


def crew_session(p: PtyProgram, s: Session, crew: str, member: str) -> None:
    """Open the crew builder on a crew, move one member down, save."""
    _act(p, s, "open crews section", ("2",), crew)
    # the member list's row is its position and the agent key ("  2 agent-000001")
    row = re.compile(rf"\d+ {re.escape(member)}\b")
    shown = _act(p, s, "open crew builder", ("enter",), row)
    p.settle(1.0)
    x, y = locate(p, shown.group(0)) if shown else (None, None)
    if x is None or y is None:
        s.errors.append(f"member {member} not found on the crew builder")
        return
    _act(p, s, "click a member", (click(x, y),), None)
    _act(p, s, "move a member down", ("shift+down",), None)
    _act(p, s, "save crew (reorder)", ("ctrl+s",), re.compile(r"saved"))


def click(x: int, y: int) -> str:
    """An SGR mouse press and release at 0-based cell (x, y)."""
    return f"\x1b[<0;{x + 1};{y + 1}M\x1b[<0;{x + 1};{y + 1}m"


_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def locate(p: PtyProgram, text: str) -> tuple[int | None, int | None]:
    """Where ``text`` was last drawn: the cursor position written before it plus the width of
    what was written in between (the app positions the cursor at the start of each run)."""
    data = bytes(p.buf)
    head = text.split()[0].encode()
    at = data.rfind(head)
    # the run may be split by style changes: compare what is seen, not the raw bytes
    while at >= 0 and not visible_text(data[at : at + 400]).startswith(text):
        at = data.rfind(head, 0, at)
    if at < 0:
        return None, None
    moves = list(_MOVE.finditer(data, 0, at))
    if not moves:
        return None, None
    m = moves[-1]
    row, col = int(m.group(1)) - 1, int(m.group(2)) - 1
    return col + len(visible_text(data[m.end() : at])), row


def interactive(
    url: str,
    env: dict[str, str],
    *,
    total: int,
    queries: list[str],
    crew: str,
    member: str,
    with_editor: bool = True,
    timeout: float = 120,
) -> Session:
    """The per-action figures on one running app (cursor blink and animations off)."""
    s = Session()
    p = PtyProgram(driver_argv(url), env=env, size=SIZE)
    try:
        p.frame_with(0, FIRST_KEY, timeout)
        # a long list arrives in two steps: wait for all of it before filtering
        p.frame_with(0, re.compile(rf"\b{total} agents?(?![s+])"), timeout)
        p.settle(1.0)
        _act(p, s, "list cursor move", ("down",), None)
        _act(p, s, "list cursor move", ("up",), None)
        _act(p, s, "focus change", ("tab",), None)
        _act(p, s, "focus change", ("shift+tab",), None)
        filter_typing(p, s, queries, total)
        _act(p, s, "back to the list", ("escape",), None)
        if with_editor:
            _act(p, s, "open agent", ("home", "enter"), "Backstory")
            p.settle(1.0)
            # from Key to Name: a focus change inside the form
            _act(p, s, "focus change (editor)", ("tab",), None)
            _act(p, s, "cursor to end of field", ("end",), None)
            # the first change also marks the record and its section modified
            _act(p, s, "first keystroke in a field", ("x",), None)
            for key in ("y", "backspace", "z", "backspace", "backspace", "x"):
                _act(p, s, "keystroke in a field", (key,), None)
            _act(p, s, "save agent", ("ctrl+s",), re.compile(r"Saved agent"))
            _act(p, s, "close editor", ("escape",), None)
            p.settle(1.0)
        crew_session(p, s, crew, member)
    except Exception as exc:  # one failed step must not lose the figures already taken
        s.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        s.max_rss = p.close().max_rss
    return s


def floor_interactive(env: dict[str, str], reps: int, timeout: float = 60) -> Session:
    """The floor for "a key, then the screen shows the result"."""
    s = Session()
    p = PtyProgram(floor_argv(), env=env, size=SIZE)
    try:
        p.frame_with(0, "floor ready", timeout)
        p.settle(0.5)
        for i in range(1, reps + 1):
            _act(p, s, "floor key", ("x",), f"floor bumped {i}")
    except Exception as exc:
        s.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        s.max_rss = p.close().max_rss
    return s
