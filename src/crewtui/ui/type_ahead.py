"""Keys typed ahead land where the user aimed them.

While a screen, a section or a form is still getting ready (its rows or its record come
from the database, its fields are being mounted) the keys the user types are held here,
in order. When the last holder is ready the keys are handed on one at a time, each one
fully handled (its widget and every parent it bubbles through) before the next: a Tab
that moves the focus moves it before the next letter arrives, and an Enter that opens a
screen makes the following keys wait for that screen in turn.

Holders are any objects (a screen, a section, a form): ``hold(owner)`` then
``release(owner)``. A holder that never becomes ready (it failed, or was closed) is let go
after :data:`MAX_HOLD` seconds so the keyboard never stays dead.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.message_pump import MessagePump

#: keys that are never held (quitting must work while something loads)
PASS_THROUGH = frozenset({"ctrl+q", "ctrl+c"})
#: seconds after which a holder that never got ready is let go
MAX_HOLD = 10.0
#: seconds to wait for one replayed key to be handled
KEY_TIMEOUT = 2.0


class TypeAhead:
    """The app's hold on keyboard input while something it will go to is not ready."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._holders: dict[int, float] = {}
        self._keys: deque[events.Key] = deque()
        self._replaying = False

    # ---- holders

    @property
    def holding(self) -> bool:
        now = time.monotonic()
        for owner, since in list(self._holders.items()):
            if now - since > MAX_HOLD:
                del self._holders[owner]
        return bool(self._holders)

    def hold(self, owner: object) -> None:
        self._holders.setdefault(id(owner), time.monotonic())

    def release(self, owner: object) -> None:
        if self._holders.pop(id(owner), None) is not None and not self.holding:
            self._start_replay()

    # ---- keys

    def intercept(self, event: events.Key) -> bool:
        """True when ``event`` is kept for later (something is getting ready, or keys
        typed earlier are still being handed on)."""
        if event.key in PASS_THROUGH:
            return False
        if not (self._replaying or self._keys or self.holding):
            return False
        self._keys.append(event)
        if not self._replaying and not self.holding:
            self._start_replay()
        return True

    @property
    def pending(self) -> int:
        return len(self._keys)

    def release_all(self) -> None:
        """Let every holder go (a dialog now asks the user something)."""
        self._holders.clear()
        self._start_replay()

    def _start_replay(self) -> None:
        if self._replaying or not self._keys:
            return
        self._replaying = True
        self._app.run_worker(self._replay(), group="type-ahead", exclusive=False)

    async def _replay(self) -> None:
        app = self._app
        try:
            while self._keys:
                # what the holder did last (a focus, a mount) is done before the next key
                await settled(app)
                if self.holding:
                    break
                event = self._keys.popleft()
                target: MessagePump = app.focused or app.screen
                await self._dispatch(event)
                await settled(target)
        finally:
            self._replaying = False
        if self._keys and not self.holding:
            self._start_replay()

    async def _dispatch(self, event: events.Key) -> None:
        dispatch = getattr(self._app, "dispatch_typed_key", None)
        if dispatch is not None:
            await dispatch(event)


async def settled(target: MessagePump) -> None:
    """Wait until every message sent so far to ``target``, its parents and the app is
    handled (a callback queued behind them has run)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(KEY_TIMEOUT):
            for _ in range(2):  # a handler may have posted to a node already passed
                node: MessagePump | None = target
                while node is not None:
                    await _behind(node)
                    node = node._parent


async def _behind(node: MessagePump) -> None:
    done = asyncio.Event()
    if node.call_later(done.set):
        await done.wait()


def type_ahead_of(node: DOMNode) -> TypeAhead | None:
    try:
        found = getattr(node.app, "type_ahead", None)
    except Exception:  # no app yet (built outside a running app)
        return None
    return found if isinstance(found, TypeAhead) else None


def hold_keys(node: DOMNode) -> None:
    """Keys typed from now on wait until :func:`keys_ready` is called for ``node``."""
    keeper = type_ahead_of(node)
    if keeper is not None:
        keeper.hold(node)


def keys_ready(node: DOMNode) -> None:
    """``node`` is ready: keys typed ahead go on to it (or wherever the focus now is)."""
    keeper = type_ahead_of(node)
    if keeper is not None:
        keeper.release(node)
