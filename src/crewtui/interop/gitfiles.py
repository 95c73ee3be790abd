"""Writing a deployed module into its directory, and committing it when that is a git repo.

A deployment writes the file and commits it *before* the database commit (the commit hash
goes into the row). If the database then refuses, :meth:`FileChange.undo` puts the previous
file back and, when a commit was made, adds a revert commit: history is never rewritten, so
nobody else's work in that repository is touched.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..domain.errors import CrewtuiError
from .safefiles import read_file, remove_file, write_file


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
    root: Path
    rel: PurePosixPath
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
            remove_file(self.root, self.rel)
        else:
            write_file(self.root, self.rel, self.previous)

    @property
    def path(self) -> Path:
        return self.root.resolve().joinpath(*self.rel.parts)


def _identity(author: str) -> tuple[str, ...]:
    # the person acting in crewtui is the author of record, whatever the repository's config
    return ("-c", f"user.name={author}", "-c", f"user.email={author}@crewtui.invalid")


def write_and_commit(
    root: Path, rel: PurePosixPath, code: str, message: str, *, author: str
) -> FileChange:
    """Write ``code`` to ``root/rel`` atomically (never outside ``root``, never through a
    link); commit it when the folder is in a git repo."""
    previous = read_file(root, rel)
    path = write_file(root, rel, code)
    change = FileChange(Path(root), rel, previous, author=author)
    repo = git_root(path.parent)
    if repo is None:
        return change
    change.repo = repo
    try:
        in_repo = str(path.relative_to(repo.resolve()))
        _git(repo, "add", "--", in_repo)
        if _git(repo, "status", "--porcelain", "--", in_repo):
            _git(repo, *_identity(author), "commit", "--no-verify", "-m", message, "--", in_repo)
            change.commit = _git(repo, "rev-parse", "HEAD")
            change.ours = True
        else:
            change.commit = _git(repo, "log", "-1", "--format=%H", "--", in_repo) or None
        change.branch = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    except BaseException:
        change.undo()
        raise
    return change
