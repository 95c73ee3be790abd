"""One row of a form: label, editor, bounds hint, and the field's error under the editor."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static, Switch

from ...domain.fields import FieldSpec
from .editors import FieldEditor
from .values import bounds_hint

ERROR_MARK = "✗"


class FieldRow(Vertical):
    """Holds one editor; the form finds rows by field name (``row-<name>``)."""

    #: what the row's ``-focus`` styles (the app restyles only these when it moves)
    FOCUS_STYLED = ".field-label"

    def __init__(self, spec: FieldSpec, editor: FieldEditor) -> None:
        classes = f"field-row focus-frame kind-{spec.kind}" + (
            " -readonly" if spec.readonly else ""
        )
        super().__init__(id=f"row-{spec.name}", classes=classes)
        self.spec = spec
        self.editor = editor
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield Label(self.spec.label, classes="field-label")
            assert isinstance(self.editor, Widget)
            yield self.editor
            hint = "" if self.spec.readonly else bounds_hint(self.spec)
            if isinstance(self.editor, Switch):
                # the switch's colour alone does not say it in every terminal
                yield Static(
                    _on_off(self.editor.value), classes="field-hint switch-state", markup=False
                )
            elif hint:
                yield Static(hint, classes="field-hint", markup=False)
        # the line under the editor that shows its error comes with the first error
        if self.error is not None:
            yield Static(f"{ERROR_MARK} {self.error}", classes="field-error", markup=False)

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the editor (None clears it)."""
        if message == self.error:
            return
        self.error = message
        self.set_class(message is not None, "-error")
        if isinstance(self.editor, Widget):
            self.editor.set_class(message is not None, "-invalid")
        text = f"{ERROR_MARK} {message}" if message else ""
        shown = self.query(".field-error").results(Static)
        line = next(iter(shown), None)
        if line is not None:
            line.update(text)
        elif message is not None and self.is_mounted:  # else compose shows it
            self.mount(Static(text, classes="field-error", markup=False))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        # not stopped: the form validates on the same message
        for state in self.query(".switch-state").results(Static):
            state.update(_on_off(event.value))

    def set_changed(self, changed: bool) -> None:
        self.set_class(changed, "-changed")


def _on_off(value: bool) -> str:
    return "on" if value else "off"
