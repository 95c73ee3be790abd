"""Writing files only inside the folder the user chose.

Every file crewtui writes (a deployed module, a roll-back, an exported project, a draft, a
generated module, a run's output) goes through :func:`write_file`. The folder is opened once;
each folder below it is opened relative to its parent with ``O_NOFOLLOW | O_DIRECTORY`` and
the file is created and renamed relative to the last one, so a symbolic link anywhere below
the chosen folder (including one put in place of a folder after a check) is refused rather
than followed. A path must be relative, without ``..``; a path recorded elsewhere (a database
column) is accepted only when it names a file inside the folder (:func:`relative_inside`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..domain.errors import CrewtuiError

__all__ = [
    "UnsafePath",
    "clean_relative",
    "read_file",
    "relative_inside",
    "remove_file",
    "write_file",
]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC


class UnsafePath(CrewtuiError):
    """A write that would leave the chosen folder (or go through a link) was refused."""

    title = "Refused to write"
    exit_code = 2


def clean_relative(path: str | PurePosixPath) -> PurePosixPath:
    """``path`` as parts below a folder; absolute paths, ``..`` and empty names are refused."""
    text = str(path)
    if "\0" in text:
        raise UnsafePath(f"{text!r}: a file name cannot contain a NUL character")
    rel = PurePosixPath(text.replace("\\", "/"))
    if rel.is_absolute() or not rel.parts:
        raise UnsafePath(f"{text!r} is not a relative path inside the folder")
    if any(p in ("..", "") for p in rel.parts):
        raise UnsafePath(f"{text!r} leaves the folder ('..')")
    return rel


def relative_inside(root: Path, recorded: str | Path) -> PurePosixPath:
    """The part of ``recorded`` (e.g. a path stored in the database) below ``root``.

    The comparison is made on the resolved folder and the recorded path's resolved parent, so
    ``root/../elsewhere/x.py``, ``/elsewhere/x.py`` and a path through a link out of the folder
    are all refused.
    """
    text = str(recorded)
    if not text:
        raise UnsafePath("no file path was recorded")
    base = Path(root).resolve()
    candidate = Path(text)
    if not candidate.is_absolute():
        return clean_relative(text)
    parent = candidate.parent.resolve()
    try:
        rel_parent = parent.relative_to(base)
    except ValueError:
        raise UnsafePath(f"{text} is outside the folder {base}; refusing to write there") from None
    return clean_relative(PurePosixPath(*rel_parent.parts, candidate.name))


def _open_root(root: Path, *, create: bool) -> int:
    root = Path(root)
    if create:
        root.mkdir(parents=True, exist_ok=True)
    try:
        return os.open(root.resolve(), _DIR_FLAGS)
    except NotADirectoryError:
        raise UnsafePath(f"{root} is not a folder") from None


def _open_child(parent_fd: int, name: str, shown: str, *, create: bool) -> int:
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=parent_fd)
    except FileNotFoundError:
        if not create:
            raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafePath(
                f"{shown} is a symbolic link or not a folder; refusing to write through it"
            ) from None
        raise
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o755, dir_fd=parent_fd)
    return _open_child(parent_fd, name, shown, create=False)


@contextlib.contextmanager
def _parent_fd(root: Path, rel: PurePosixPath, *, create: bool) -> Iterator[int]:
    fd = _open_root(root, create=create)
    try:
        walked: list[str] = []
        for part in rel.parts[:-1]:
            walked.append(part)
            child = _open_child(fd, part, "/".join(walked), create=create)
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _refuse_non_regular(dir_fd: int, name: str, shown: str) -> bool:
    """Whether ``name`` exists; a link, folder, FIFO or device there is refused."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePath(f"{shown} is a symbolic link; refusing to write through it")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafePath(f"{shown} exists and is not a regular file")
    return True


def write_file(
    root: Path, rel: str | PurePosixPath, data: bytes | str, *, mode: int = 0o644
) -> Path:
    """Write ``data`` to ``root/rel`` atomically and return that path.

    ``root`` is created when missing; folders below it are created without following links.
    An existing link, folder or special file at the target is refused, never replaced or
    followed. A reader sees the old file or the new one, never half of one.
    """
    parts = clean_relative(rel)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    name = parts.name
    with _parent_fd(root, parts, create=True) as dir_fd:
        _refuse_non_regular(dir_fd, name, str(parts))
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        fd = os.open(
            tmp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC,
            mode,
            dir_fd=dir_fd,
        )
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, mode)
                os.fsync(fd)
            finally:
                os.close(fd)
            _refuse_non_regular(dir_fd, name, str(parts))
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
    return Path(root).resolve().joinpath(*parts.parts)


def read_file(root: Path, rel: str | PurePosixPath) -> bytes | None:
    """The bytes of ``root/rel`` or None when absent; never read through a link."""
    parts = clean_relative(rel)
    try:
        with _parent_fd(root, parts, create=False) as dir_fd:
            if not _refuse_non_regular(dir_fd, parts.name, str(parts)):
                return None
            fd = os.open(parts.name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
            with os.fdopen(fd, "rb") as fh:
                return fh.read()
    except FileNotFoundError:
        return None


def remove_file(root: Path, rel: str | PurePosixPath) -> None:
    """Remove ``root/rel`` when it is there (a link there is removed, not followed)."""
    parts = clean_relative(rel)
    with contextlib.suppress(FileNotFoundError), _parent_fd(root, parts, create=False) as dir_fd:
        os.unlink(parts.name, dir_fd=dir_fd)
