"""The real program on a pseudo-terminal.

Killed mid-edit, its draft is offered at the next start.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crewtui.ui.drafts import Draft, DraftStore

from .conftest import app_for, settle
from .test_agent_flows import KEY
from .test_recovery import _offered

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=!$ "
    rb"]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>78]"
)
MARK = "QQ"


class Terminal:
    """The app on its own 120x40 pseudo-terminal; reads never block for long."""

    def __init__(self, proc: subprocess.Popen[bytes], master: int) -> None:
        self.proc = proc
        self.master = master
        self.text = ""

    def read_until(self, seen: Callable[[str], bool], reads: int = 600) -> bool:
        """Read (at most ``reads`` times, 0.1 s each) until ``seen(all text so far)``."""
        for _ in range(reads):
            if seen(self.text):
                return True
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return seen(self.text)
                self.text += _ESCAPES.sub(b"", chunk).decode("utf-8", errors="ignore")
        return seen(self.text)

    def send(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)
        self.read_until(lambda _t: False, reads=3)  # let the app take it in, keep the pty drained


@contextmanager
def running_app(url: str, cwd: Path, interval: str, debounce: str = "0.25") -> Iterator[Terminal]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "CREWTUI_DRAFT_INTERVAL": interval,
        "CREWTUI_DRAFT_DEBOUNCE": debounce,
        "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    env.pop("CREWTUI_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crewtui", "--db", url],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
    try:
        yield Terminal(proc, master)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        os.close(master)


def _edit_an_agent(term: Terminal) -> None:
    """Filter the list to the agent, open it, and type into its first field (the key)."""
    assert term.read_until(lambda t: KEY in t and "Filter" in t), term.text[-2000:]
    for keys, shown in (("/", "Filter"), (KEY[:11], "Account Strategist"), ("\r", "Delete")):
        term.text = ""
        term.send(keys)
        assert term.read_until(lambda t, shown=shown: shown in t), (keys, term.text[-2000:])  # type: ignore[misc]
    term.text = ""
    # one enter: keys typed while the list redraws wait for it (a second would reach the editor)
    term.send("\r")
    assert term.read_until(lambda t: "Unique key" in t), term.text[-2000:]
    term.text = ""
    term.send(MARK)
    assert term.read_until(lambda t: "modified" in t), term.text[-2000:]


def _wait_for_draft(store: DraftStore, attempts: int = 300) -> list[Draft]:
    drafts: list[Draft] = []
    for _ in range(attempts):
        drafts = store.load_all()
        if drafts:
            break
        select.select([], [], [], 0.1)
    return drafts


def _ended(term: Terminal) -> bool:
    term.read_until(lambda _t: term.proc.poll() is not None, reads=300)
    try:
        term.proc.wait(timeout=60)  # the terminal may close a moment before the process ends
    except subprocess.TimeoutExpired:
        return False
    return True


def _typed(draft: Draft) -> str:
    texts = [f.text for f in draft.fields.values() if f.text and MARK in f.text]
    assert len(texts) == 1, draft.fields
    return texts[0]


async def test_sigkill_mid_edit_then_the_next_start_offers_the_draft(
    demo_url: str, tmp_path: Path
) -> None:
    store = DraftStore(demo_url)
    with running_app(demo_url, tmp_path, interval="0.5") as term:
        _edit_an_agent(term)
        (draft,) = _wait_for_draft(store)
        term.proc.send_signal(signal.SIGKILL)
        term.proc.wait(timeout=30)
    typed = _typed(draft)
    assert draft.key == KEY
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#restore-0")
        await settle(pilot)
        screen = pilot.app.screen
        form = getattr(screen, "form", None)
        assert form is not None, screen
        (name,) = draft.fields
        assert getattr(form.editor(name), "value", None) == typed
        assert screen.has_unsaved_changes()  # type: ignore[attr-defined]


def test_the_journal_survives_sigkill_within_a_second(demo_url: str, tmp_path: Path) -> None:
    """No periodic write for ten minutes: the edit reaches the disk by itself, at once."""
    store = DraftStore(demo_url)
    with running_app(demo_url, tmp_path, interval="600") as term:
        _edit_an_agent(term)
        drafts = _wait_for_draft(store, attempts=10)  # at most a second
        term.proc.send_signal(signal.SIGKILL)
        term.proc.wait(timeout=30)
    (draft,) = drafts
    assert MARK in _typed(draft)


def test_sighup_writes_the_draft_at_once_and_ends_the_app(demo_url: str, tmp_path: Path) -> None:
    store = DraftStore(demo_url)
    with running_app(demo_url, tmp_path, interval="600", debounce="600") as term:
        _edit_an_agent(term)
        assert store.load_all() == []  # the timers are far off: nothing on disk yet
        term.proc.send_signal(signal.SIGHUP)
        assert _ended(term), "the app kept running after SIGHUP"
        assert term.proc.returncode == 128 + signal.SIGHUP
    (draft,) = store.load_all()
    assert draft.key == KEY and MARK in _typed(draft)


def test_sigterm_writes_the_draft_too(demo_url: str, tmp_path: Path) -> None:
    store = DraftStore(demo_url)
    with running_app(demo_url, tmp_path, interval="600", debounce="600") as term:
        _edit_an_agent(term)
        term.proc.send_signal(signal.SIGTERM)
        assert _ended(term), "the app kept running after SIGTERM"
        assert term.proc.returncode == 128 + signal.SIGTERM
    (draft,) = store.load_all()
    assert MARK in _typed(draft)
