"""The export preview: the files the export writes, highlighted, and their differences
from the folder's files, before anything is written."""

from __future__ import annotations

from pathlib import Path

from rich.syntax import Syntax
from textual.widgets import Input, OptionList, Static

from crewtui.interop.export import render_project
from crewtui.interop.releases import resolve_target
from crewtui.services import Services
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.screens.export_preview import ExportPreviewScreen

from .conftest import settle
from .test_export_import import DEMO_CREW, open_export


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


async def test_preview_shows_files_and_differences_and_writes_nothing(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "project"
    # the preview is of the export the dialog writes: for its release
    files = render_project(services.load_bundle(DEMO_CREW), format="yaml", target=resolve_target())
    crew_py = next(p for p in files if p.endswith("/crew.py"))
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    (out / crew_py).write_text(files[crew_py].replace("@CrewBase", "@CrewBase  # edited"))
    (out / "notes.txt").write_text("mine\n")
    before = _snapshot(out)
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        modal.query_one("#export-out", Input).value = str(out)
        await pilot.click("#preview")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExportPreviewScreen), screen
        states = {f.path: f.state for f in screen.preview.files}
        assert states[crew_py] == "changed"
        assert states["notes.txt"] == "removed"
        assert sum(s == "same" for s in states.values()) == len(files) - 1
        # the changed file, highlighted as Python; then its diff
        index = [f.path for f in screen.preview.files].index(crew_py)
        screen.query_one(OptionList).highlighted = index
        await settle(pilot)
        lexer, text = screen.shown_source()
        assert lexer == "python" and text == files[crew_py]
        assert isinstance(screen.query_one("#preview-text", Static).content, Syntax)
        await pilot.press("d")
        await settle(pilot)
        lexer, diff = screen.shown_source()
        assert lexer == "diff"
        assert "-    @CrewBase  # edited" in diff or "-@CrewBase  # edited" in diff
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is modal
    assert _snapshot(out) == before  # nothing written


def test_every_file_the_export_writes_is_highlighted(services: Services) -> None:
    """YAML, JSONC, TOML and Markdown as well as Python: each file of both formats gets a
    lexer Pygments knows (plain text only for files of no language)."""
    from pygments.lexers import get_lexer_by_name

    from crewtui.ui.screens.export_preview import lexer_for

    seen: set[str] = set()
    for format in ("yaml", "json"):
        for path in render_project(
            services.load_bundle(DEMO_CREW), format=format, target=resolve_target()
        ):
            lexer = lexer_for(path)
            get_lexer_by_name(lexer)  # raises for a name Pygments does not know
            suffix = Path(path).suffix
            if suffix in {".py", ".yaml", ".jsonc", ".toml", ".md"}:
                assert lexer != "text", path
            seen.add(suffix)
    assert {".py", ".yaml", ".toml"} <= seen
