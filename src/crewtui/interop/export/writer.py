"""Write rendered files into a folder, all or nothing."""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ...domain.errors import ValidationFailed
from ..safefiles import UnsafePath, clean_relative, write_file


def _safe_relative(path: str) -> PurePosixPath:
    try:
        return clean_relative(path)
    except UnsafePath:
        raise ValidationFailed.single(
            "path", f"{path!r} is not a relative path inside the project"
        ) from None


def check_python(name: str, text: str) -> None:
    """Refuse a generated Python file that does not compile (it is never written)."""
    try:
        compile(text, name, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        raise ValidationFailed.single(
            name, f"the generated code is not valid Python (line {exc.lineno}: {exc.msg})"
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ValidationFailed.single(
            name, f"the generated code cannot be compiled: {exc}"
        ) from None


def write_project(
    files: Mapping[str, str], out_dir: Path | str, *, force: bool = False
) -> list[Path]:
    """Write ``files`` under ``out_dir``; refuse a non-empty folder unless ``force``.

    Files are written to a temporary folder beside ``out_dir`` first and moved into place at
    the end, so a failure leaves no half-written project. With ``force`` the old folder is
    replaced as a whole (files it had that the export does not write are gone).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValidationFailed.single("out", f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ValidationFailed.single("out", f"{out} is not empty; use --force to replace it")
    if force and out.exists():
        here = Path.cwd().resolve()
        target = out.resolve()
        if target == here or target in here.parents or target == Path.home().resolve():
            raise ValidationFailed.single(
                "out", f"{out} holds the current or home folder; choose a project folder"
            )
    rels = [_safe_relative(p) for p in files]
    for rel, text in zip(rels, files.values(), strict=True):
        if rel.suffix == ".py":
            check_python(str(rel), text)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a project folder is not
    try:
        for rel, text in zip(rels, files.values(), strict=True):
            write_file(tmp, rel, text)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out.joinpath(*r.parts) for r in rels]
