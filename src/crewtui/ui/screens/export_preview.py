"""The files an export would write, before it writes them: a list marked new / changed /
same / removed against the target folder, and the selected file with syntax highlighting
(or its diff against the folder's file)."""

from __future__ import annotations

from pathlib import PurePosixPath

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...services.export_preview import ExportPreview, FileChange

MARKS = {"new": "+", "changed": "~", "same": "=", "removed": "-"}
STYLES = {"new": "green", "changed": "yellow", "same": "dim", "removed": "red"}
LEXERS = {
    ".py": "python",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonc": "javascript",  # JSON with comments
    ".toml": "toml",
    ".md": "markdown",
    ".txt": "text",
}


def lexer_for(path: str) -> str:
    return LEXERS.get(PurePosixPath(path).suffix, "text")


def summary_line(preview: ExportPreview) -> str:
    counts = preview.counts()
    parts = [f"{n} {state}" for state, n in counts.items() if n]
    where = (
        f"into {preview.out_dir}" if preview.out_dir.exists() else f"new folder {preview.out_dir}"
    )
    return f"{len(preview.files)} files {where}: " + ", ".join(parts)


class ExportPreviewScreen(ModalScreen[None]):
    """Read-only: ``d`` switches between the file and its diff against the folder."""

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    ExportPreviewScreen #preview-body { height: 1fr; }
    ExportPreviewScreen #preview-files { height: 1fr; }
    ExportPreviewScreen #preview-view { width: 1fr; height: 1fr; }
    ExportPreviewScreen #preview-summary { height: auto; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("d", "toggle_diff", "File / diff"),
    ]

    def __init__(self, preview: ExportPreview) -> None:
        super().__init__()
        self.preview = preview
        self.show_diff = False
        self.current: FileChange | None = preview.files[0] if preview.files else None

    def compose(self) -> ComposeResult:
        with Vertical(id="preview-box", classes="dialog-box -preview") as box:
            target = self.preview.target
            release = f", {target.label}" if target is not None else ""
            box.border_title = (
                f"Export preview · {self.preview.crew} ({self.preview.format}{release})"
            )
            yield Static(summary_line(self.preview), id="preview-summary", markup=False)
            with Horizontal(id="preview-body"):
                yield OptionList(
                    *[Option(self._label(f), id=f.path) for f in self.preview.files],
                    id="preview-files",
                )
                with VerticalScroll(id="preview-view"):
                    yield Static("", id="preview-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")

    def _label(self, change: FileChange) -> Text:
        return Text.assemble(
            (f"{MARKS[change.state]} ", STYLES[change.state]),
            change.path,
            (f"  {change.state}", "dim"),
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._show()

    @on(OptionList.OptionHighlighted, "#preview-files")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.current = self.preview.files[event.option_index]
        self._show()

    def action_toggle_diff(self) -> None:
        self.show_diff = not self.show_diff
        self._show()

    def shown_source(self) -> tuple[str, str]:
        """(lexer, text) of what the right-hand side shows."""
        change = self.current
        if change is None:
            return "text", "The export writes no files."
        if self.show_diff or change.state == "removed":
            if change.state == "new":
                return "text", "New file: nothing to compare with."
            if change.state == "same":
                return "text", "Same as the folder's file."
            return "diff", change.diff
        return lexer_for(change.path), change.text

    def _show(self) -> None:
        lexer, text = self.shown_source()
        self.query_one("#preview-text", Static).update(
            Syntax(text, lexer, line_numbers=lexer != "diff", word_wrap=False, theme="ansi_dark")
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
