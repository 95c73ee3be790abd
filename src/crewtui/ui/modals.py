"""Typed dialogs. Each returns its answer with ``dismiss``; the caller acts on it.

None of them touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

T = TypeVar("T")


class _Dialog(ModalScreen[T]):
    """A centred box with a title, a body and a row of buttons."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    #: what escape answers
    cancel_value: Any = None

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value)


class ConfirmModal(_Dialog[bool]):
    """Yes / no. ``danger`` colours the confirm button as destructive."""

    cancel_value = False

    def __init__(
        self, title: str, message: str, *, confirm: str = "OK", danger: bool = False
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._confirm = confirm
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(escape(self._message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self._confirm, id="confirm", variant="error" if self._danger else "primary"
                )
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel" if self._danger else "#confirm", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


class InfoModal(_Dialog[None]):
    """A message with one button."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(escape(self._message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)


class SaveDiscardCancel(_Dialog[str]):
    """Unsaved changes: returns "save", "discard" or "cancel"."""

    cancel_value = "cancel"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("s", "answer('save')", "Save", show=False),
        Binding("d", "answer('discard')", "Discard", show=False),
    ]

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__()
        self._what = what
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Unsaved changes"
            text = f"{self._what} has unsaved changes."
            if self._detail:
                text += f"\n{self._detail}"
            yield Static(escape(text), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")


class ConflictModal(_Dialog[str]):
    """Someone saved meanwhile: field / theirs / yours.

    Returns "reload", "overwrite" or "cancel".
    """

    cancel_value = "cancel"

    def __init__(
        self, what: str, rows: Sequence[tuple[str, str, str]], *, their_version: int | None = None
    ) -> None:
        super().__init__()
        self._what = what
        self._rows = list(rows)
        self._version = their_version

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide") as box:
            box.border_title = "Changed by someone else"
            version = f" (now version {self._version})" if self._version is not None else ""
            yield Static(
                escape(f"{self._what} was saved by someone else while you edited it{version}."),
                classes="dialog-message",
            )
            table: DataTable[str] = DataTable(
                id="conflict-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Field", "Theirs", "Yours")
            for field, theirs, yours in self._rows:
                table.add_row(field, _cell(theirs), _cell(yours))
            yield table
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id="reload", variant="primary")
                yield Button("Overwrite with mine", id="overwrite", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")


def _cell(text: str, width: int = 30) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class ErrorModal(_Dialog[str]):
    """An operation failed: the message (selectable, to copy) and Retry when it makes sense.

    Returns "retry" or "close".
    """

    cancel_value = "close"

    def __init__(self, title: str, message: str, *, details: str = "", retry: bool = False) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._details = details
        self._retry = retry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide -error") as box:
            box.border_title = self._title
            yield Static(escape(self._message), classes="dialog-message")
            if self._details:
                yield TextArea(
                    self._details, read_only=True, classes="dialog-details", soft_wrap=False
                )
            with Horizontal(classes="dialog-buttons"):
                if self._retry:
                    yield Button("Retry", id="retry", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#retry" if self._retry else "#close", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "close")


class PickOne(_Dialog[T | None], Generic[T]):
    """Choose one of ``items`` (label, value); typing filters. Returns the value or None."""

    def __init__(
        self, title: str, items: Sequence[tuple[str, T]], *, placeholder: str = "type to filter"
    ) -> None:
        super().__init__()
        self._title = title
        self._items = list(items)
        self._placeholder = placeholder
        self._shown: list[tuple[str, T]] = list(self._items)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -picker") as box:
            box.border_title = self._title
            yield Input(placeholder=self._placeholder, id="pick-filter")
            yield OptionList(*self._options(), id="pick-list")
            yield Label(self._count(), id="pick-count")

    def _options(self) -> list[Option]:
        return [Option(escape(label)) for label, _ in self._shown]

    def _count(self) -> str:
        return f"{len(self._shown)} of {len(self._items)}"

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        words = event.value.lower().split()
        self._shown = [
            (label, v) for label, v in self._items if all(w in label.lower() for w in words)
        ]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        if self._shown:
            options.highlighted = 0
        self.query_one("#pick-count", Label).update(self._count())

    @on(Input.Submitted, "#pick-filter")
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        index = (
            options.highlighted if options.highlighted is not None else (0 if self._shown else None)
        )
        if index is not None and index < len(self._shown):
            self.dismiss(self._shown[index][1])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[event.option_index][1])

    def on_key(self, event: Any) -> None:
        # arrows move in the list while the filter keeps the focus
        if event.key in ("down", "up") and self.query_one(Input).has_focus:
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()


class AskText(_Dialog[str | None]):
    """One line of text (a folder, a name): Enter answers it, Escape answers None."""

    def __init__(self, title: str, message: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._value = value

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(escape(self._message), classes="dialog-message")
            yield Input(self._value, id="ask-text", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#ask-text").focus()

    def on_input_submitted(self) -> None:
        self._answer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    def _answer(self) -> None:
        from textual.widgets import Input

        self.dismiss(self.query_one("#ask-text", Input).value.strip() or None)
