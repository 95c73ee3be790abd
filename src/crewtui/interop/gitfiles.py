"""Writing a deployed module into its directory, and committing it when that is a git repo.

A deployment writes the file and commits it *before* the database commit (the commit hash
goes into the row). If the database then refuses, :meth:`FileChange.undo` puts the previous
file back and, when a commit was made, adds a revert commit: history is never rewritten, so
nobody else's work in that repository is touched.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import CrewtuiError


class DeployTargetError(CrewtuiError):
    title = "Deployment target"


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
        )
    except FileNotFoundError as exc:
        raise DeployTargetError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        msg = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise DeployTargetError(f"git {args[0]} failed: {msg[-1] if msg else exc}") from exc
    return done.stdout.strip()


def git_root(directory: Path) -> Path | None:
    """The top of the git work tree holding ``directory``, or None."""
    try:
        out = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


@dataclass
class FileChange:
    path: Path
    previous: bytes | None
    repo: Path | None = None
    commit: str | None = None
    branch: str | None = None
    author: str = "crewtui"
    #: whether ``commit`` was made by this change (else the file was already committed as is)
    ours: bool = False

    def undo(self) -> None:
        """Best effort: the file as it was, and a revert commit for ours."""
        if self.repo is not None and self.commit is not None and self.ours:
            try:
                _git(self.repo, *_identity(self.author), "revert", "--no-edit", self.commit)
                return
            except DeployTargetError:
                pass
        if self.previous is None:
            self.path.unlink(missing_ok=True)
        else:
            _atomic_write(self.path, self.previous)


def _identity(author: str) -> tuple[str, ...]:
    # the person acting in crewtui is the author of record, whatever the repository's config
    return ("-c", f"user.name={author}", "-c", f"user.email={author}@crewtui.invalid")


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_and_commit(path: Path, code: str, message: str, *, author: str) -> FileChange:
    """Write ``code`` to ``path`` atomically; commit it when the directory is a git repo."""
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = path.read_bytes() if path.exists() else None
    _atomic_write(path, code.encode("utf-8"))
    change = FileChange(path, previous, author=author)
    repo = git_root(path.parent)
    if repo is None:
        return change
    change.repo = repo
    try:
        rel = str(path.resolve().relative_to(repo.resolve()))
        _git(repo, "add", "--", rel)
        if _git(repo, "status", "--porcelain", "--", rel):
            _git(repo, *_identity(author), "commit", "--no-verify", "-m", message, "--", rel)
            change.commit = _git(repo, "rev-parse", "HEAD")
            change.ours = True
        else:
            change.commit = _git(repo, "log", "-1", "--format=%H", "--", rel) or None
        change.branch = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    except BaseException:
        change.undo()
        raise
    return change
