"""What an export would write, shown before anything is written: the files and, for a
folder that already holds a project, how each file differs from the one there.

Reads the database and the chosen folder only; writes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..domain.lint import LintIssue
from ..interop.export import ExportFormat, default_target, render_project
from ..interop.lint import lint_bundle
from ..interop.releases import Release, resolve_target
from .facade import Services

FileState = Literal["new", "changed", "same", "removed"]
#: files larger than this in the target folder are not read for the diff
MAX_DIFF_BYTES = 1_000_000


@dataclass(frozen=True)
class FileChange:
    """One file of the preview: what the export writes (``text``, empty for a file it
    removes from the folder) and the unified diff against the folder's file."""

    path: str
    state: FileState
    text: str
    diff: str = ""


@dataclass(frozen=True)
class ExportPreview:
    crew: str
    out_dir: Path
    format: ExportFormat
    issues: list[LintIssue]
    files: list[FileChange] = field(default_factory=list)
    #: the crewai release the files are written for
    target: Release | None = None

    def counts(self) -> dict[FileState, int]:
        out: dict[FileState, int] = {"new": 0, "changed": 0, "same": 0, "removed": 0}
        for f in self.files:
            out[f.state] += 1
        return out


def preview_export(
    services: Services,
    name: str,
    out_dir: Path | str,
    *,
    format: ExportFormat = "yaml",
    target: Release | None = None,
) -> ExportPreview:
    """The files the export of crew ``name`` for the crewai release ``target`` (None: the
    run-time environment's, else the newest, as the export) would write into ``out_dir``,
    each compared with the folder's file of the same path; the folder's files the export
    would replace away are listed as removed."""
    out = Path(out_dir)
    release = target or resolve_target()
    bundle = services.load_bundle(name)
    if format == "json" and not release.json_first:
        release = default_target(format)  # JSON-first exists only from that release on
    # the release the rendered files are written for, and what that format cannot hold
    issues = lint_bundle(bundle, target=release, format=format)
    rendered = render_project(bundle, format=format, target=release)
    existing = _existing(out)
    changes: list[FileChange] = []
    for path, text in rendered.items():
        old = existing.pop(path, None)
        if old is None:
            changes.append(FileChange(path, "new", text))
        elif old == text:
            changes.append(FileChange(path, "same", text))
        else:
            changes.append(FileChange(path, "changed", text, _diff(path, old, text)))
    for path, old in sorted(existing.items()):
        changes.append(FileChange(path, "removed", "", _diff(path, old, "")))
    return ExportPreview(name, out, format, issues, changes, target=release)


def _existing(out: Path) -> dict[str, str]:
    if not out.is_dir():
        return {}
    found: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(out).as_posix()
        try:
            if path.stat().st_size > MAX_DIFF_BYTES:
                found[rel] = "(too large to compare)\n"
                continue
            found[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            found[rel] = "(not a text file)\n"
    return found


def _diff(path: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"folder/{path}",
            tofile=f"export/{path}",
        )
    )
