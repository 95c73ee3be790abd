"""The runner process of one run: started in its own session, read line by line, stopped.

The runner writes JSON lines to a pipe (crewai's own printing goes to ``runner.log`` in the
run's folder); :class:`RunnerProcess` hands each batch of lines that arrived together to a
callback, so they are stored in one transaction as they come.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..runtime import RUNNER

#: quiet, offline-friendly crewai: no telemetry, no tracing, no look-up of a newer release
QUIET_ENV = {
    "CREWAI_DISABLE_TELEMETRY": "true",
    "CREWAI_TRACING_ENABLED": "false",
    "CREWAI_DISABLE_VERSION_CHECK": "true",
    "OTEL_SDK_DISABLED": "true",
    "ANONYMIZED_TELEMETRY": "False",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}


class RunnerProcess:
    def __init__(
        self,
        python: Path,
        project: Path,
        fmt: str,
        inputs: Mapping[str, Any],
        env: Mapping[str, str],
        on_lines: Callable[[list[dict[str, Any]]], None],
    ) -> None:
        read_fd, write_fd = os.pipe()
        self.log_path = project.parent / "runner.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in wait)
        self.cancelled = False
        try:
            self.proc = subprocess.Popen(
                [str(python), str(RUNNER), str(project), fmt, str(write_fd)],
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
                cwd=project,
                env=dict(env),
                start_new_session=True,
            )
        finally:
            os.close(write_fd)
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(dict(inputs)).encode())
        self.proc.stdin.close()
        self._on_lines = on_lines
        self.reader_error: BaseException | None = None
        self._reader = threading.Thread(target=self._read, args=(read_fd,), daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self, fd: int) -> None:
        buffer = b""
        try:
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                events = [_parse(line) for line in lines if line.strip()]
                if events:
                    self._on_lines([e for e in events if e is not None])
        except BaseException as exc:  # stored by wait(); the run is then interrupted
            self.reader_error = exc
        finally:
            os.close(fd)

    def cancel(self) -> None:
        """Ask the runner to stop (SIGTERM to its process group); it writes ``cancelled``."""
        self.cancelled = True
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def wait(self, timeout: float | None = None) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.wait()
        # the runner may leave children holding the pipe: end its whole group
        self._signal(signal.SIGKILL)
        self._reader.join(timeout=10)
        self._log.close()
        return code

    def log_tail(self, size: int = 4000) -> str:
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        return data[-size:].decode("utf-8", "replace")


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if isinstance(value, dict) and "seq" in value and "kind" in value:
        return value
    return None


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
