"""Database work off the UI thread.

Two shapes, both thread workers that only call :class:`~crewtui.services.Services`:

``@db_work(group=...)`` on a widget method: the method runs in a thread, posts messages
with what it found, and any error it does not handle itself goes to the app's one error
handler (a toast for expected errors, a modal with Retry when the database is unreachable),
so a failed query never ends the program::

    @db_work(group="agents-list")
    def load_rows(self, filter: str) -> None:
        rows = services_for(self).list_agents(filter)
        if not cancelled():
            self.post_message(self.Loaded(rows))

``await call_db(self, lambda s: s.update_agent(...))`` inside an async worker, when a flow
must wait for the answer (save, then close the screen); typed errors are raised to the
caller, which shows them where they belong (beside a field, a conflict dialog).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from textual import work
from textual.dom import DOMNode
from textual.worker import Worker, WorkerFailed, get_current_worker

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..services import Services
    from .app import CrewtuiApp

P = ParamSpec("P")
T = TypeVar("T")


def app_of(node: DOMNode) -> CrewtuiApp:
    return cast("CrewtuiApp", node.app)


def services_for(node: DOMNode) -> Services:
    """The open Services (opening the database first if needed). Worker threads only."""
    return app_of(node).services()


def cancelled() -> bool:
    """True when the running worker was superseded (a newer filter, a closed screen)."""
    try:
        return get_current_worker().is_cancelled
    except RuntimeError:
        return False


def db_work(
    *, group: str, exclusive: bool = True, description: str = ""
) -> Callable[[Callable[P, None]], Callable[P, Worker[None]]]:
    """Run a widget method in a thread worker; unhandled errors go to the app's handler."""

    def decorator(method: Callable[P, None]) -> Callable[P, Worker[None]]:
        @functools.wraps(method)
        def body(*args: P.args, **kwargs: P.kwargs) -> None:
            node = cast(DOMNode, args[0])
            try:
                method(*args, **kwargs)
            except Exception as exc:
                if cancelled():
                    return
                retry = functools.partial(getattr(node, method.__name__), *args[1:], **kwargs)
                _report(node, exc, retry)

        threaded = work(
            thread=True,
            exclusive=exclusive,
            exit_on_error=False,
            group=group,
            description=description or method.__name__,
        )(body)
        return cast(Callable[P, Worker[None]], threaded)

    return decorator


def _report(node: DOMNode, exc: Exception, retry: Callable[[], Any] | None) -> None:
    app = app_of(node)
    # RuntimeError: the app is closing; nobody is left to tell
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(app.report_error, exc, retry)


async def call_db(node: DOMNode, fn: Callable[[Services], T], *, group: str = "db-call") -> T:
    """Run ``fn(services)`` in a thread worker and return its result (or raise its error)."""
    app = app_of(node)
    worker: Worker[T] = node.run_worker(
        lambda: fn(app.services()), thread=True, exit_on_error=False, group=group, exclusive=False
    )
    try:
        return await worker.wait()
    except WorkerFailed as failed:
        raise failed.error from None


def push_when_read(
    node: DOMNode,
    holder: DOMNode,
    fetch: Callable[[Services], T],
    screen: Callable[[T], Screen[Any]],
    *,
    group: str,
) -> None:
    """Read what a screen shows, then push it: its first frame shows it. Keys typed
    meanwhile wait (held on ``holder``) and go to the screen; an error is reported."""
    from .type_ahead import hold_keys, keys_ready

    hold_keys(holder)

    async def read_then_push() -> None:
        try:
            data = await call_db(node, fetch, group=f"{group}-fetch")
        except Exception as exc:
            keys_ready(holder)
            app_of(node).report_error(exc)
            return
        node.app.push_screen(screen(data))  # the screen holds the keys now
        keys_ready(holder)

    node.run_worker(read_then_push(), group=group, exclusive=True)
