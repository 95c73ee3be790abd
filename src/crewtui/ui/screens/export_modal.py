"""Export one stored crew as a crewai project: folder, crewai release, format, lint first,
then the files.

The export itself is the one the command line runs (``services.interop.export_crew``), its
steps reported to the progress bar through the progress callback. Lint errors make it
refuse (the errors are shown); a non-empty folder is replaced only after the user says so;
Preview shows the files and their differences from the folder's before anything is written.
The release chosen (the run-time environment's crewai, else the newest, unless changed) is the
one the lint, the preview and the written files are for; a release without JSON-first projects
offers YAML only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, RadioButton, RadioSet, Static

from ...domain.errors import CrewtuiError
from ...domain.lint import LintIssue, has_errors
from ...services.progress import EXPORT_STEPS
from ...services.progress import Step as ProgressStep
from ..modals import ConfirmModal
from ..workers import call_db, cancelled, db_work, services_for
from .crews_lint import ERROR, lint_text

if TYPE_CHECKING:
    from ...services.interop import ExportFormat, Release

#: the steps the progress bar counts
STEPS = EXPORT_STEPS


def default_out_dir(crew_name: str) -> str:
    """``./<crew>-crewai``, relative to the folder crewtui was started in."""
    return f"./{crew_name}-crewai"


def folder_in_use(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def written_text(out_dir: Path, files: list[str], warnings: int) -> Content:
    head = f"✓ wrote {len(files)} file{'s' if len(files) != 1 else ''} to {out_dir}"
    if warnings:
        head += f" ({warnings} warning{'s' if warnings != 1 else ''})"
    return Content.assemble((head, "$text-success bold"), *(f"\n  {name}" for name in files))


def _release_id(release: Release) -> str:
    return "release-" + release.name.replace(".", "-")


class ExportModal(ModalScreen[Path | None]):
    """Export crew ``crew_name``; answers the folder written, or None when nothing was."""

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    ExportModal #export-box { width: 90; }
    ExportModal .export-row { height: 1; margin-bottom: 1; }
    ExportModal .export-row Label { width: 15; }
    ExportModal #export-out { width: 1fr; }
    ExportModal #export-format, ExportModal #export-release {
        width: 1fr; layout: horizontal; height: 1;
    }
    ExportModal #export-format RadioButton, ExportModal #export-release RadioButton {
        width: auto; margin-right: 2;
    }
    ExportModal #export-report { height: auto; max-height: 12; margin-bottom: 1; }
    ExportModal #export-progress-row { height: 1; margin-bottom: 1; }
    ExportModal #export-step { width: 1fr; padding-left: 2; color: $text-muted; }
    """
    #: rows the box needs besides the lint report (border, padding, fields, buttons)
    FIXED_ROWS = 15

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+r", "preview", "Preview"),
    ]

    class Linted(Message):
        def __init__(self, issues: list[LintIssue], release: Release) -> None:
            super().__init__()
            self.issues = issues
            #: the release the crew was linted for
            self.release = release

    class Step(Message):
        """The export reached ``step`` (one of STEPS)."""

        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    class Finished(Message):
        """The export ended: ``files`` written, or ``error`` (``issues`` for lint errors)."""

        def __init__(
            self,
            files: list[str] | None,
            *,
            issues: list[LintIssue] | None = None,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.files = files
            self.issues = issues or []
            self.error = error

    def __init__(self, crew_name: str) -> None:
        from ...services.interop import default_release, export_releases

        super().__init__()
        self.crew_name = crew_name
        self.releases = export_releases()
        #: the crewai release the export is for
        self.release: Release = default_release()
        self.issues: list[LintIssue] | None = None
        #: the folder written, once the export succeeded
        self.written: Path | None = None
        self.busy = False
        self._target: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box") as box:
            box.border_title = f"Export crew '{self.crew_name}'"
            with Horizontal(classes="export-row"):
                yield Label("Output folder")
                yield Input(default_out_dir(self.crew_name), id="export-out", compact=True)
            with Horizontal(classes="export-row"):
                yield Label("crewai release")
                with RadioSet(id="export-release", compact=True):
                    newest = self.releases[-1]
                    for release in self.releases:
                        label = release.version_text + (" (newest)" if release is newest else "")
                        yield RadioButton(
                            label, value=release == self.release, id=_release_id(release)
                        )
            with Horizontal(classes="export-row", id="export-format-row"):
                yield Label("Format")
                yield self._format_set(json=False)
            with VerticalScroll(id="export-report"):
                yield Static("Checking the crew…", id="export-lint")
            with Horizontal(id="export-progress-row"):
                yield ProgressBar(total=len(STEPS), show_eta=False, id="export-progress")
                yield Static("", id="export-step", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary", disabled=True)
                yield Button("Preview", id="preview")
                yield Button("Close", id="close")

    def _format_set(self, *, json: bool) -> RadioSet:
        """The formats the chosen release runs (JSON-first from 1.15 on)."""
        from ...services.interop import formats_for

        offered = formats_for(self.release)
        json = json and "json" in offered
        return RadioSet(
            RadioButton("yaml (every release)", value=not json, id="format-yaml"),
            RadioButton(
                "json (1.15+)", value=json, id="format-json", disabled="json" not in offered
            ),
            id="export-format",
            compact=True,
        )

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        self.query_one("#export-progress-row").display = False
        self.query_one("#export-out", Input).focus()
        self.run_lint()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """The lint report scrolls so the buttons stay on screen in a short terminal."""
        room = height * 9 // 10  # dialog boxes take at most 90% of the screen
        self.query_one("#export-report").styles.max_height = max(3, min(12, room - self.FIXED_ROWS))

    # ---- lint

    @db_work(group="export-lint")
    def run_lint(self) -> None:
        from ...services.interop import lint_crew

        release = self.release
        issues = lint_crew(services_for(self), self.crew_name, target=release)
        if not cancelled():
            self.post_message(self.Linted(issues, release))

    @on(RadioSet.Changed, "#export-release")
    async def _release_changed(self, event: RadioSet.Changed) -> None:
        chosen = next(r for r in self.releases if _release_id(r) == event.pressed.id)
        if chosen == self.release:
            return
        self.release = chosen
        # a new set of formats (the buttons' own messages are held back while this runs)
        json = self.format == "json"
        await self.query_one("#export-format", RadioSet).remove()
        await self.query_one("#export-format-row").mount(self._format_set(json=json))
        self.issues = None
        self.query_one("#export", Button).disabled = True
        self._show(f"Checking the crew for {chosen.label}…")
        self.run_lint()

    @on(Linted)
    def _linted(self, event: Linted) -> None:
        if event.release != self.release:
            return  # the lint of a release no longer chosen
        self.issues = event.issues
        self._show(self._lint_content(event.issues))
        self.query_one("#export", Button).disabled = has_errors(event.issues)

    def _lint_content(self, issues: list[LintIssue]) -> Content:
        text = lint_text(issues)
        if has_errors(issues):
            return Content.assemble(
                text, "\n", ("Fix the errors first: nothing will be written.", ERROR)
            )
        return text

    def _show(self, content: Content | str) -> None:
        self.query_one("#export-lint", Static).update(content)

    # ---- export

    @property
    def out_dir(self) -> Path:
        return Path(self.query_one("#export-out", Input).value.strip()).expanduser()

    @property
    def format(self) -> ExportFormat:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return "json" if pressed is not None and pressed.id == "format-json" else "yaml"

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#export-out")
    def _export_pressed(self) -> None:
        if self.busy or self.issues is None or has_errors(self.issues):
            return
        if not self.query_one("#export-out", Input).value.strip():
            self.notify("Give the folder to write the project into.", severity="error")
            return
        self._confirm_and_export(self.out_dir, self.format)

    @work(exclusive=True, group="export-confirm")
    async def _confirm_and_export(self, out_dir: Path, fmt: ExportFormat) -> None:
        force = False
        if out_dir.exists() and not out_dir.is_dir():
            self._show(Content.styled(f"✗ {out_dir} exists and is not a folder.", ERROR))
            return
        if folder_in_use(out_dir):
            force = await self.app.push_screen_wait(
                ConfirmModal(
                    "Folder not empty",
                    f"{out_dir} is not empty. Replace everything in it with the exported project?",
                    confirm="Replace",
                    danger=True,
                )
            )
            if not force:
                self._show(
                    Content.assemble(
                        self._lint_content(self.issues or []),
                        "\n",
                        (
                            "Not exported: choose another folder or allow replacing it.",
                            "$text-warning",
                        ),
                    )
                )
                return
        self._start(out_dir)
        self.export(out_dir, fmt, force, self.release)

    def _start(self, out_dir: Path) -> None:
        self.busy = True
        self._target = out_dir
        self.query_one("#export", Button).disabled = True
        self.query_one("#export-progress-row").display = True
        self.query_one(ProgressBar).update(progress=0)
        self._show(f"Exporting to {out_dir}…")

    @db_work(group="export-run")
    def export(self, out_dir: Path, fmt: ExportFormat, force: bool, release: Release) -> None:
        from ...services.interop import LintFailed, export_crew

        def progress(step: ProgressStep) -> None:
            self.post_message(self.Step(step.name))

        try:
            result = export_crew(
                services_for(self),
                self.crew_name,
                out_dir,
                format=fmt,
                force=force,
                progress=progress,
                target=release,
            )
        except LintFailed as exc:
            self.post_message(self.Finished(None, issues=exc.issues))
            return
        except CrewtuiError as exc:
            self.post_message(self.Finished(None, issues=self.issues, error=exc.message))
            return
        self.post_message(self.Finished(result.files, issues=result.warnings))

    # ---- preview

    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        if not self.query_one("#export-out", Input).value.strip():
            self.notify("Give the folder to compare with.", severity="error")
            return
        self._preview(self.out_dir, self.format)

    @work(exclusive=True, group="export-preview")
    async def _preview(self, out_dir: Path, fmt: ExportFormat) -> None:
        from ...services.export_preview import preview_export
        from .export_preview import ExportPreviewScreen

        name, release = self.crew_name, self.release
        try:
            preview = await call_db(
                self, lambda s: preview_export(s, name, out_dir, format=fmt, target=release)
            )
        except CrewtuiError as exc:
            self._show(Content.styled(f"✗ {exc.message}", ERROR))
            return
        await self.app.push_screen_wait(ExportPreviewScreen(preview))

    @on(Step)
    def _step(self, event: Step) -> None:
        self.query_one(ProgressBar).update(progress=STEPS.index(event.step))
        self.query_one("#export-step", Static).update(f"{event.step}…")

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        self.busy = False
        self.issues = event.issues
        bar = self.query_one(ProgressBar)
        if event.files is None:
            self.query_one("#export-progress-row").display = False
            problem = Content.styled(f"✗ {event.error}", ERROR) if event.error else Content("")
            self._show(Content.assemble(self._lint_content(event.issues), "\n", problem))
            self.query_one("#export", Button).disabled = has_errors(event.issues)
            return
        bar.update(progress=len(STEPS))
        self.query_one("#export-step", Static).update("done")
        self.written = self._target
        warnings = [i for i in event.issues if i.severity == "warning"]
        parts: list[Any] = [written_text(self.written or self.out_dir, event.files, len(warnings))]
        if warnings:
            parts += ["\n", lint_text(warnings)]
        self._show(Content.assemble(*parts))
        close = self.query_one("#close", Button)
        close.focus()

    # ---- closing

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.written)
