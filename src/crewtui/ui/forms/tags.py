"""A tag editor: chips for the chosen values and an input that completes from known ones.

Enter or a comma adds what is typed, backspace in the empty input removes the last chip, a
click on a chip removes it. Text still in the input counts as a tag, so nothing typed is
lost when the form is saved without pressing enter.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static


class TagChips(Static):
    """The chosen tags; a click on one removes it."""

    def action_remove(self, index: int) -> None:
        editor = self.parent
        if isinstance(editor, TagEditor):
            editor.remove_at(index)


class TagEditor(Vertical):
    DEFAULT_CSS = """
    TagEditor { height: auto; }
    TagEditor TagChips { height: auto; }
    """

    #: the chosen tags, in order
    tags: reactive[list[str]] = reactive(list, always_update=True, init=False)

    class Changed(Message):
        def __init__(self, editor: TagEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> TagEditor:
            return self.editor

    def __init__(self, *, suggestions: Sequence[str] = (), id: str | None = None) -> None:
        super().__init__(id=id)
        self._suggestions = list(suggestions)
        self._was_none = True

    @property
    def suggestions(self) -> list[str]:
        return self._suggestions

    @suggestions.setter
    def suggestions(self, values: Sequence[str]) -> None:
        self._suggestions = list(values)
        if self.is_mounted:
            self.query_one(Input).suggester = self._suggester()

    def _suggester(self) -> SuggestFromList | None:
        return (
            SuggestFromList(self._suggestions, case_sensitive=False) if self._suggestions else None
        )

    def compose(self) -> ComposeResult:
        yield TagChips("", classes="tag-chips")
        yield Input(
            placeholder="add: type, enter",
            compact=True,
            suggester=self._suggester(),
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        self._render_chips()

    def watch_tags(self) -> None:
        self._render_chips()
        self.post_message(self.Changed(self))

    def _render_chips(self) -> None:
        if not self.is_mounted:
            return
        chips = self.query_one(TagChips)
        if not self.tags:
            chips.update("[dim](none)[/]")
            return
        chips.update(
            "  ".join(
                f"[reverse] {escape(t)} [/][@click=remove({i})]✕[/]"
                for i, t in enumerate(self.tags)
            )
        )

    def current_tags(self) -> list[str]:
        """The chips plus whatever is still typed in the input."""
        pending = (
            [t.strip() for t in self.query_one(Input).value.split(",") if t.strip()]
            if self.is_mounted
            else []
        )
        return [*self.tags, *(p for p in pending if p not in self.tags)]

    def remove_at(self, index: int) -> None:
        if 0 <= index < len(self.tags):
            self.tags = [t for i, t in enumerate(self.tags) if i != index]

    def _add_from_input(self) -> None:
        field = self.query_one(Input)
        new = [t.strip() for t in field.value.split(",") if t.strip()]
        field.value = ""
        if new:
            self.tags = [*self.tags, *(t for t in new if t not in self.tags)]

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._add_from_input()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if "," in event.value:
            self._add_from_input()
        else:
            self.post_message(self.Changed(self))

    def on_key(self, event: Key) -> None:
        field = self.query_one(Input)
        if event.key == "backspace" and field.has_focus and not field.value and self.tags:
            event.stop()
            event.prevent_default()
            self.tags = self.tags[:-1]
