"""Reading someone else's files: only regular files inside the folder given, within the limits.

Import and scan read a project or a folder the user points at, and everything in it may be
hostile: a link to ``/etc`` or ``/dev/zero``, a FIFO named ``crew.py`` that blocks whoever
opens it, a config path such as ``"../../x.yaml"``, a gigabyte of text, an expression ten
thousand operators deep. :func:`read_text` resolves the path and reads it only when it stays
inside the folder (links within the folder are followed), is a regular file (the descriptor
is checked, opened without blocking and without following a link swapped in since) and is no
larger than :data:`~.limits.MAX_FILE_BYTES`. :func:`parse_python` turns every way
:mod:`ast` can fail into one :class:`PythonUnreadable` with a line.
"""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

from . import limits

_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Unreadable(Exception):
    """A file that was not read, and why (the message reads after the file's name)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class PythonUnreadable(Exception):
    """Python source :mod:`ast` cannot read: a syntax error or a tree too deep to build."""

    def __init__(self, line: int | None, reason: str, syntax: str | None = None) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason
        #: the parser's own message, for a syntax error
        self.syntax = syntax


def present(path: Path) -> bool:
    """Whether anything is at ``path`` (a FIFO or a dangling link too: reading says why not)."""
    return os.path.lexists(path)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link resolved, lies in ``root`` (resolved too)."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_bytes(path: Path, root: Path, *, folder: str = "project") -> bytes:
    """The bytes of ``path``; :class:`Unreadable` when it is outside ``root``, not a regular
    file or too large; FileNotFoundError when nothing is there."""
    real = os.path.realpath(path)
    if not inside(Path(real), root):
        raise Unreadable(path, f"leads outside the {folder} folder (to {real}): not read")
    cap = limits.MAX_FILE_BYTES
    try:
        fd = os.open(real, _READ_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(path, f"cannot be opened ({exc.strerror}): not read") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(path, "is not a regular file: not read")
        if st.st_size > cap:
            raise Unreadable(path, f"is larger than {_size(cap)} ({_size(st.st_size)}): not read")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1024 * 1024, cap + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise Unreadable(path, f"is larger than {_size(cap)}: not read")
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: Path, root: Path, *, folder: str = "project") -> str:
    """:func:`read_bytes` decoded as UTF-8 (:class:`Unreadable` when it is not)."""
    data = read_bytes(path, root, folder=folder)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(path, f"is not UTF-8 text ({exc.reason})") from None


def python_files(root: Path, skip: frozenset[str]) -> list[Path]:
    """``*.py`` under ``root`` in path order, without entering linked folders, hidden
    folders or those named in ``skip``; every kind of file is listed (reading sorts them)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        found.extend(Path(folder) / name for name in files if name.endswith(".py"))
    return sorted(found)


def parse_python(source: str, filename: str) -> ast.Module:
    """The syntax tree of ``source``; :class:`PythonUnreadable` for whatever stops ast."""
    try:
        return ast.parse(source, filename=filename)
    except SyntaxError as exc:
        raise PythonUnreadable(exc.lineno, f"Python syntax error: {exc.msg}", exc.msg) from None
    except ValueError as exc:  # NUL characters, on older Pythons
        raise PythonUnreadable(None, f"cannot be parsed ({exc})") from None
    except (RecursionError, MemoryError):  # the parser's stack overflowed
        raise PythonUnreadable(None, "is nested too deeply to read") from None
