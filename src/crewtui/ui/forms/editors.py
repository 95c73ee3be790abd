"""One editor widget per field kind, all speaking the small :class:`FieldEditor` protocol.

Every editor knows its :class:`FieldSpec`, can be given a value, and can ``read()`` its
typed value (raising ValueError for text that does not parse). The form listens to the
widgets' own change messages and asks the editor, so nothing here posts its own messages
except the compound :class:`TagEditor`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, SelectionList, Static, Switch, TextArea
from textual.widgets.selection_list import Selection

from ...domain.fields import FieldSpec
from ...domain.model_names import KNOWN_MODELS, LLM_FIELDS
from .tags import TagEditor
from .values import display_value, format_value, parse_text

Choices = Sequence[tuple[str, Any]]


class FieldEditor:
    """Mixin: what the form needs from an editor."""

    spec: FieldSpec

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def read(self) -> Any:
        """The typed value; ValueError when the text does not parse."""
        raise NotImplementedError

    def set_choices(self, choices: Choices) -> None:
        """Offer these (label, value) pairs; only meaningful for some kinds."""


#: up/down walk the fields of a form from one-line editors, as in a spreadsheet
WALK: list[BindingType] = [
    Binding("down", "app.focus_next", "Next field", show=False),
    Binding("up", "app.focus_previous", "Previous field", show=False),
]


class TextField(Input, FieldEditor):
    """One line; with ``suggestions`` it offers the first one that starts with what is typed
    (right arrow or end takes it)."""

    BINDINGS = WALK

    def __init__(self, spec: FieldSpec, suggestions: Sequence[str] = (), **kwargs: Any) -> None:
        suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        super().__init__(compact=True, select_on_focus=False, suggester=suggester, **kwargs)
        self.spec = spec

    def set_value(self, value: Any) -> None:
        self.value = format_value(self.spec, value)

    def read(self) -> Any:
        return parse_text(self.spec, self.value)


class ModelNameField(TextField):
    """An LLM name (every model-name field of every editor): suggests provider-prefixed names,
    the maintained list at first, then the names the screen read from the database (those in
    use first); right arrow or end takes the suggestion. Any name is accepted."""

    def __init__(self, spec: FieldSpec, names: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(spec, list(names) or list(KNOWN_MODELS), **kwargs)

    def set_choices(self, choices: Choices) -> None:
        names = [str(v) for _, v in choices] or list(KNOWN_MODELS)
        self.suggester = SuggestFromList(names, case_sensitive=False)


def model_choices(names: Sequence[str]) -> dict[str, list[tuple[str, Any]]]:
    """The choices of every model-name field, from ``services.model_suggestions()``."""
    pairs = [(name, name) for name in names]
    return {field: pairs for field in LLM_FIELDS}


class NumberField(TextField):
    def __init__(self, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        # keep out letters, but let through anything a number might be while typed
        self.restrict = r"[-+0-9._eE]*" if spec.kind == "decimal" else r"[-+0-9_]*"


class LongTextField(TextArea, FieldEditor):
    def __init__(self, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", compact=True, **kwargs)
        self.spec = spec

    def set_value(self, value: Any) -> None:
        self.load_text(format_value(self.spec, value))

    def read(self) -> Any:
        return parse_text(self.spec, self.text)


class JsonField(LongTextField):
    """JSON text; parse errors and the model's shape checks both show beside it."""


class BoolField(Switch, FieldEditor):
    BINDINGS = WALK

    def __init__(self, spec: FieldSpec, *, animate: bool = True, **kwargs: Any) -> None:
        super().__init__(animate=animate, **kwargs)
        self.spec = spec

    def set_value(self, value: Any) -> None:
        self.value = bool(value)

    def read(self) -> Any:
        return self.value


class ChoiceField(Select[Any], FieldEditor):
    """Fixed choices, references (label/value pairs from the screen) and optional booleans."""

    #: shown when a reference's value is not among the loaded choices (yet)
    UNKNOWN_LABEL: ClassVar[str] = "(not loaded)"

    def __init__(self, spec: FieldSpec, choices: Choices | None = None, **kwargs: Any) -> None:
        self.spec = spec
        self._choices: list[tuple[str, Any]] = (
            list(choices) if choices is not None else self._fixed()
        )
        super().__init__(
            self._choices, allow_blank=spec.optional, prompt="—", compact=True, **kwargs
        )

    def _fixed(self) -> list[tuple[str, Any]]:
        if self.spec.kind == "bool":
            return [("yes", True), ("no", False)]
        return [(c, c) for c in self.spec.choices]

    def _ensure_option(self, value: Any) -> None:
        if value is None or value == Select.NULL:
            return
        if all(v != value for _, v in self._choices):
            self._choices.append((f"{self.UNKNOWN_LABEL} {str(value)[:8]}", value))
            self.set_options(self._choices)

    def set_value(self, value: Any) -> None:
        self._ensure_option(value)
        if value is None:
            if self.spec.optional:
                self.clear()
            return
        self.value = value

    def set_choices(self, choices: Choices) -> None:
        current = self.value
        self._choices = list(choices)
        self.set_options(self._choices)
        if current != Select.NULL:
            self.set_value(current)

    def read(self) -> Any:
        value = self.value
        if value == Select.NULL:
            if self.spec.optional:
                return None
            raise ValueError("choose one")
        return value


class UuidListField(SelectionList[Any], FieldEditor):
    """Pick several rows (a task's context tasks); choices come from the screen."""

    def __init__(self, spec: FieldSpec, choices: Choices | None = None, **kwargs: Any) -> None:
        self.spec = spec
        self._unset = True
        super().__init__(
            *[Selection(label, value) for label, value in (choices or [])], compact=True, **kwargs
        )

    def set_value(self, value: Any) -> None:
        self._unset = value is None
        self.deselect_all()
        for v in value or []:
            self._ensure(v)
            self.select(v)

    def _ensure(self, value: Any) -> None:
        if all(self.get_option_at_index(i).value != value for i in range(self.option_count)):
            self.add_option(Selection(f"(not loaded) {str(value)[:8]}", value))

    def set_choices(self, choices: Choices) -> None:
        keep = list(self.selected)
        self.clear_options()
        self.add_options([Selection(label, value, value in keep) for label, value in choices])
        for v in keep:
            self._ensure(v)
            self.select(v)

    def read(self) -> Any:
        chosen = list(self.selected)
        if not chosen and self._unset and self.spec.optional:
            return None
        return chosen


class TagField(TagEditor, FieldEditor):
    def __init__(self, spec: FieldSpec, choices: Choices | None = None, **kwargs: Any) -> None:
        super().__init__(suggestions=[str(v) for _, v in (choices or [])], **kwargs)
        self.spec = spec

    def set_value(self, value: Any) -> None:
        self.tags = list(value or [])

    def set_choices(self, choices: Choices) -> None:
        self.suggestions = [str(v) for _, v in choices]

    def read(self) -> Any:
        tags = self.current_tags()
        if not tags and self.spec.optional and self._was_none:
            return None
        return tags


class ReadOnlyField(Static, FieldEditor):
    """A value the program keeps up to date (ids, versions, run figures): focusable for its help."""

    can_focus = True
    BINDINGS = WALK

    def __init__(self, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.spec = spec
        self._value: Any = None

    def set_value(self, value: Any) -> None:
        self._value = value
        self.update(display_value(self.spec, value))

    def read(self) -> Any:
        return self._value


def make_editor(spec: FieldSpec, choices: Choices | None, *, animate: bool, id: str) -> FieldEditor:
    """The widget that fits the field's kind."""
    if spec.readonly or spec.kind in ("datetime", "uuid"):
        return ReadOnlyField(spec, id=id)
    kind = spec.kind
    if kind == "bool" and not spec.optional:
        return BoolField(spec, animate=animate, id=id)
    if kind in ("choice", "ref", "bool"):
        return ChoiceField(spec, choices if kind == "ref" else None, id=id)
    if kind in ("int", "decimal"):
        return NumberField(spec, id=id)
    if kind == "text":
        return LongTextField(spec, id=id)
    if kind == "json":
        return JsonField(spec, id=id)
    if kind == "tags":
        return TagField(spec, choices, id=id)
    if kind == "uuid_list":
        return UuidListField(spec, choices, id=id)
    if spec.name in LLM_FIELDS:
        return ModelNameField(spec, [str(v) for _, v in choices or []], id=id)
    return TextField(spec, [str(v) for _, v in choices or []], id=id)
