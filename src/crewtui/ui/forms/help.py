"""The help line under a form: what the focused field means, its bounds, its crewai name."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from ...domain.fields import FieldSpec
from .values import bounds_hint


class FieldHelp(Static):
    """Screens update it from ``RecordForm.FieldFocused``."""

    DEFAULT_CSS = """
    FieldHelp { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._placeholder = placeholder
        self.spec: FieldSpec | None = None

    def on_mount(self) -> None:
        self.update(escape(self._placeholder))

    def show(self, spec: FieldSpec | None) -> None:
        self.spec = spec
        if spec is None:
            self.update(escape(self._placeholder))
            return
        extra = []
        hint = bounds_hint(spec)
        if hint and spec.kind in ("int", "decimal"):
            extra.append(hint)
        if spec.crewai:
            extra.append(f"crewai: {spec.crewai}")
        if spec.readonly:
            extra.append("read-only")
        tail = f"  [dim]({escape(' · '.join(extra))})[/]" if extra else ""
        self.update(f"[b]{escape(spec.label)}[/]: {escape(spec.help)}{tail}")
