"""Running a read of hostile input so that a test fails instead of hanging or eating memory.

:func:`bounded` stops the code under test with :class:`TookTooLong` after a few seconds (a
timer signal, which also ends a blocking ``open`` or ``read``). :func:`in_child` runs a
function in a forked process with a cap on its memory and a timeout, for inputs that would
otherwise grow without end (``/dev/zero``), and reports what happened as text.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import signal
import traceback
from collections.abc import Callable, Iterator
from typing import Any

#: seconds one hostile case may take (the real bound in the product is far lower per file)
CASE_SECONDS = 20.0
#: memory a child may add to what it had when forked
CHILD_MEMORY = 1024 * 1024 * 1024


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise :class:`TookTooLong` in the code under the ``with`` after ``seconds``."""

    def _alarm(signum: int, frame: Any) -> None:
        raise TookTooLong(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def in_child(fn: Callable[[], Any], seconds: float = CASE_SECONDS) -> tuple[str, Any]:
    """Run ``fn`` in a forked child: ``("ok", result)``, ``("raised", "Type: message")``,
    ``("hang", None)`` or ``("died", exit status)``. The result must pickle."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        code = 0
        try:
            limit = _vm_size() + CHILD_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                outcome: tuple[str, Any] = ("ok", fn())
            except BaseException as exc:
                last = traceback.extract_tb(exc.__traceback__)[-1:]
                where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
                outcome = ("raised", f"{type(exc).__name__}: {str(exc)[:300]}{where}")
            data = pickle.dumps(outcome)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:
            code = 70
        os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []

    def _alarm(signum: int, frame: Any) -> None:
        raise TookTooLong

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with os.fdopen(read_fd, "rb") as inp:
            while chunk := inp.read(65536):
                chunks.append(chunk)
        signal.setitimer(signal.ITIMER_REAL, 0)
        _, status = os.waitpid(pid, 0)
    except TookTooLong:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return "hang", None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if not chunks:
        return "died", status
    result: tuple[str, Any] = pickle.loads(b"".join(chunks))
    return result
