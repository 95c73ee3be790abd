"""A form for any :class:`Record`, built from the field metadata declared on its model.

The form never touches the database: the screen gives it a record (or None for a new one)
and the choices for reference fields, reads ``values()`` / ``changes()`` to save, and hands
back a ``ValidationFailed`` from the service with :meth:`RecordForm.show_errors`.

Each edit is checked at once by the same pydantic model the CLI and the services use, so
the messages match everywhere. Errors show on fields the user has touched; after
:meth:`reveal_errors` (the screen calls it on save or "next") they show on every field.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, Static, Switch, TextArea

from ...domain.base import Record
from ...domain.errors import FieldProblem, ValidationFailed
from ...domain.fields import FieldSpec, fields_of, groups_of
from ..type_ahead import hold_keys, keys_ready
from .editors import Choices, FieldEditor, make_editor
from .field_row import FieldRow
from .tags import TagEditor

_UNSET = object()
#: the message of an empty field that must have a value
REQUIRED = "is required"


class RecordForm(VerticalScroll):
    """Every field of ``model_cls`` (or of the given ``groups``), grouped by section."""

    #: what the form's ``-focus`` styles when it is a focus frame (the editor's sections)
    FOCUS_STYLED = ".form-group"

    DEFAULT_CSS = """
    RecordForm { height: 1fr; }
    RecordForm .form-group { height: auto; }
    """

    class Changed(Message):
        """A field was edited; ``field`` names it."""

        def __init__(self, form: RecordForm, field: str) -> None:
            super().__init__()
            self.form = form
            self.field = field

        @property
        def control(self) -> RecordForm:
            return self.form

    class FieldFocused(Message):
        """A field got the focus: the screen shows ``spec.help``."""

        def __init__(self, form: RecordForm, spec: FieldSpec) -> None:
            super().__init__()
            self.form = form
            self.spec = spec

        @property
        def control(self) -> RecordForm:
            return self.form

    class GroupShown(Message):
        """The form now shows ``group`` (None: every group), e.g. to reach a field with an error."""

        def __init__(self, form: RecordForm, group: str | None) -> None:
            super().__init__()
            self.form = form
            self.group = group

        @property
        def control(self) -> RecordForm:
            return self.form

    def __init__(
        self,
        model_cls: type[Record],
        record: Record | None,
        *,
        groups: Sequence[str] | None = None,
        choices: Mapping[str, Choices] | None = None,
        animate: bool = True,
        defaults: Mapping[str, Any] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.model_cls = model_cls
        self.record = record
        #: what a new record will be stored with where the model's default is not it (the
        #: crew a new task belongs to, the position it gets)
        self._defaults: dict[str, Any] = dict(defaults or {})
        wanted = list(groups) if groups is not None else groups_of(model_cls)
        self.groups: list[str] = [
            g for g in wanted if any(f.group == g for f in fields_of(model_cls))
        ]
        self.specs: list[FieldSpec] = [
            f for g in self.groups for f in fields_of(model_cls) if f.group == g
        ]
        self._choices: dict[str, Choices] = dict(choices or {})
        self._animate_switches = animate
        self._rows: dict[str, FieldRow] = {}
        self._original: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._revealed = False
        #: current problems by field, whether shown or not
        self.problems: dict[str, str] = {}
        self._visible_group: str | None = None
        self._ready = False
        self._mounted: set[str] = set()
        self._mounting: dict[str, asyncio.Future[None]] = {}
        self._general_text = ""
        self.field_names = frozenset(s.name for s in self.specs)

    # ---- building

    def compose(self) -> ComposeResult:
        # rows are mounted per group when first shown: an agent has 45 fields and a form
        # that builds them all at once is slow to open and to type in. The group shown first
        # is composed with the form, so the first frame has its fields (no second layout).
        for group in self.groups:
            box = Vertical(classes="form-group", id=f"group-{_slug(group)}")
            box.border_title = group
            if group == self._visible_group:
                with box:
                    for row in self._build_rows(group):
                        self._rows[row.spec.name] = row
                        yield row
            else:
                yield box
        yield Static("", classes="form-errors", markup=False)

    def _build_rows(self, group: str) -> list[FieldRow]:
        return [
            FieldRow(
                spec,
                make_editor(
                    spec,
                    self._choices.get(spec.name),
                    animate=self._animate_switches,
                    id=f"field-{spec.name}",
                ),
            )
            for spec in self.specs
            if spec.group == group
        ]

    async def on_mount(self) -> None:
        self._set_originals(self.record)
        self._ready = True
        self._apply_visibility()
        if self._rows:  # the composed group
            group = self._visible_group
            assert group is not None
            self._fill(list(self._rows))
            self._mounted.add(group)
        wanted = self.groups if self._visible_group is None else [self._visible_group]
        for group in wanted:
            await self.ensure_group(group)
        self._recheck()

    def _set_originals(self, record: Record | None) -> None:
        for spec in self.specs:
            self._original[spec.name] = (
                getattr(record, spec.name)
                if record is not None
                else self._defaults.get(spec.name, spec.default)
            )

    def _fill(self, names: list[str]) -> None:
        """Put the original values into the editors of ``names``; they become the baseline."""
        for name in names:
            editor = self._rows[name].editor
            value = self._original[name]
            editor.set_value(value)
            if hasattr(editor, "_was_none"):
                editor._was_none = value is None
        # the baseline is what the editors read back, so a fresh form is never "changed"
        for name in names:
            with contextlib.suppress(ValueError):
                self._original[name] = self._rows[name].editor.read()

    async def ensure_group(self, group: str) -> None:
        """Mount the rows of ``group`` (once)."""
        if group in self._mounted:
            return
        pending = self._mounting.get(group)
        if pending is not None:
            await pending
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._mounting[group] = done
        try:
            rows = self._build_rows(group)
            await self.query_one(f"#group-{_slug(group)}").mount_all(rows)
            for row in rows:
                self._rows[row.spec.name] = row
            self._fill([row.spec.name for row in rows])
            self._mounted.add(group)
            self._recheck()
        finally:
            del self._mounting[group]
            done.set_result(None)

    # ---- public API

    @property
    def dirty(self) -> bool:
        return bool(self.changed_fields())

    def editor(self, name: str) -> FieldEditor:
        """The editor of a field whose group is mounted (KeyError otherwise)."""
        return self._rows[name].editor

    def row(self, name: str) -> FieldRow:
        return self._rows[name]

    def editable_specs(self) -> list[FieldSpec]:
        return [s for s in self.specs if not s.readonly]

    def _current(self, name: str) -> Any:
        """The field's value as it stands; ValueError when its text does not parse."""
        row = self._rows.get(name)
        return row.editor.read() if row is not None else self._original.get(name)

    def changed_fields(self) -> list[str]:
        out = []
        for spec in self.editable_specs():
            if spec.name not in self._rows:
                continue
            try:
                value = self._current(spec.name)
            except ValueError:
                out.append(spec.name)
                continue
            if not _same(value, self._original.get(spec.name)):
                out.append(spec.name)
        return out

    def values(self) -> dict[str, Any]:
        """Typed values of every editable field; ValidationFailed if any text does not parse."""
        out: dict[str, Any] = {}
        bad: list[FieldProblem] = []
        for spec in self.editable_specs():
            try:
                out[spec.name] = self._current(spec.name)
            except ValueError as exc:
                bad.append(FieldProblem(spec.name, str(exc)))
        if bad:
            raise ValidationFailed(bad)
        return out

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the record the form was loaded with."""
        values = self.values()
        return {k: v for k, v in values.items() if not _same(v, self._original.get(k))}

    def validate(self) -> Record:
        """The record as the form stands, checked by the model; errors are shown and raised."""
        self.reveal_errors()
        if self.problems:
            raise ValidationFailed([FieldProblem(k, v) for k, v in self.problems.items()])
        return self._candidate()

    def set_record(self, record: Record | None) -> None:
        """Load ``record`` (after a save or a reload); the form is clean again."""
        self.record = record
        self._set_originals(record)
        self._fill(list(self._rows))
        self._touched.clear()
        self._revealed = False
        self._recheck()

    def set_choices(self, field: str, choices: Choices) -> None:
        self._choices[field] = choices
        if field in self._rows:
            self._rows[field].editor.set_choices(choices)

    def show_errors(self, exc: ValidationFailed) -> None:
        """Errors from a service: beside each field, the rest at the top of the form."""
        for name, message in exc.by_field().items():
            self.problems[name.split(".")[0]] = message
        self._revealed = True
        self._paint()
        self.focus_first_error()

    def clear_errors(self) -> None:
        self.problems.clear()
        self._revealed = False
        self._paint()

    def reveal_errors(self, group: str | None = None) -> None:
        """Show every current problem (of ``group`` only, for a wizard step)."""
        if group is None:
            self._revealed = True
        else:
            self._touched.update(s.name for s in self.specs if s.group == group)
        self._recheck()

    def group_problems(self, group: str) -> dict[str, str]:
        return {
            s.name: self.problems[s.name]
            for s in self.specs
            if s.group == group and s.name in self.problems
        }

    def group_marks(self) -> dict[str, tuple[bool, bool]]:
        """Per group: (has changes, has a shown error)."""
        changed = set(self.changed_fields())
        marks: dict[str, tuple[bool, bool]] = {}
        for group in self.groups:
            names = [s.name for s in self.specs if s.group == group]
            marks[group] = (
                any(n in changed for n in names),
                any(n in self.problems and self._shown(n) for n in names),
            )
        return marks

    def first_error_field(self) -> str | None:
        return next(
            (s.name for s in self.specs if s.name in self.problems and self._shown(s.name)), None
        )

    def focus_first_error(self) -> bool:
        name = self.first_error_field()
        if name is None:
            return False
        self.focus_field(name)
        return True

    def focus_field(self, name: str) -> None:
        """Focus a field, showing (and mounting) its group first if needed."""
        spec = next(s for s in self.specs if s.name == name)
        if self._visible_group is not None and spec.group != self._visible_group:
            self.show_group(spec.group)
        if name in self._rows:
            self._focus_row(self._rows[name])
        else:
            # keys typed meanwhile are for this field: they wait until it is there
            hold_keys(self)
            self.call_later(self._focus_when_mounted, name)

    async def _focus_when_mounted(self, name: str) -> None:
        spec = next(s for s in self.specs if s.name == name)
        try:
            await self.ensure_group(spec.group)
            self._focus_row(self._rows[name])
        finally:
            keys_ready(self)

    def _focus_row(self, row: FieldRow) -> None:
        editor = row.editor
        assert isinstance(editor, Widget)
        target = editor.query_one(Input) if isinstance(editor, TagEditor) else editor
        target.focus(scroll_visible=False)
        self.post_message(self.FieldFocused(self, row.spec))
        self.call_after_refresh(row.scroll_visible, animate=False)

    def show_group(self, group: str | None) -> None:
        """Show one group (a section of an editor or a wizard step), or all with None."""
        changed = group != self._visible_group
        self._visible_group = group
        if not self._ready:
            # styled when mounted: the class set now spares restyling the whole form then
            self.set_class(group is not None, "-single-group", update=False)
            return
        if changed:
            self.post_message(self.GroupShown(self, group))
        missing = [g for g in (self.groups if group is None else [group]) if g not in self._mounted]
        if missing:
            self._hold_frames_until_built(missing)
        self._apply_visibility()
        self.scroll_home(animate=False)

    def _hold_frames_until_built(self, groups: list[str]) -> None:
        """No frame shows a section before its rows are mounted: the screen is drawn once
        they are (with the section's title and the sections list), not empty first."""
        app = self.app
        batch = app.batch_update()
        batch.__enter__()
        held = [True]

        def release() -> None:
            if held[0]:
                held[0] = False
                batch.__exit__(None, None, None)

        async def build() -> None:
            try:
                for g in groups:
                    await self.ensure_group(g)
            finally:
                release()

        # the app runs it even if this form is closed first; the timer is a last resort so
        # that nothing can keep the screen from being drawn
        app.call_later(build)
        app.set_timer(1.0, release)

    def _apply_visibility(self) -> None:
        group = self._visible_group
        for g in self.groups:
            self.query_one(f"#group-{_slug(g)}").display = group is None or g == group
        self.set_class(group is not None, "-single-group")

    def focus_first(self) -> None:
        for spec in self.specs:
            if self._visible_group in (None, spec.group) and not spec.readonly:
                self.focus_field(spec.name)
                return

    # ---- checking

    def _candidate(self) -> Record:
        data: dict[str, Any] = self.record.model_dump() if self.record is not None else {}
        data.update(self.values())
        return self.model_cls.validated(data)

    def _recheck(self) -> None:
        """Parse every field, then let the model judge the ones that parsed."""
        problems: dict[str, str] = {}
        data: dict[str, Any] = self.record.model_dump() if self.record is not None else {}
        for spec in self.editable_specs():
            try:
                data[spec.name] = self._current(spec.name)
            except ValueError as exc:
                problems[spec.name] = str(exc)
        try:
            self.model_cls.validated(data)
        except ValidationFailed as exc:
            for name, message in exc.by_field().items():
                problems.setdefault(name.split(".")[0], message)
        for spec in self.editable_specs():
            # an empty field that must have a value says so, not which format it lacks
            if spec.name in problems and not spec.optional and _empty(data.get(spec.name)):
                problems[spec.name] = REQUIRED
        self.problems = problems
        self._paint()

    def _shown(self, name: str) -> bool:
        return self._revealed or name in self._touched

    def _paint(self) -> None:
        if not self.is_mounted:
            return
        changed = set(self.changed_fields())
        for name, row in self._rows.items():
            row.set_error(self.problems.get(name) if self._shown(name) else None)
            row.set_changed(name in changed)
        others = [f"{k}: {v}" for k, v in self.problems.items() if k not in self.field_names]
        text = "\n".join(f"✗ {o}" for o in others) if (others and self._revealed) else ""
        if text != self._general_text:
            self._general_text = text
            general = self.query_one(".form-errors", Static)
            general.update(text)
            general.display = bool(text)

    # ---- events from editors

    def _edited(self, control: Any) -> None:
        if not self._ready or not isinstance(control, FieldEditor):
            return
        name = control.spec.name
        if name not in self._rows:
            return  # still being filled
        try:
            value = control.read()
            changed = not _same(value, self._original.get(name, _UNSET))
        except ValueError:
            changed = True
        if changed:
            self._touched.add(name)
        self._recheck()
        self.post_message(self.Changed(self, name))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Switch.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TagEditor.Changed)
    def _on_editor_changed(self, event: Message) -> None:
        control = getattr(event, "control", None)
        if isinstance(control, FieldEditor):
            event.stop()
            self._edited(control)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        node: Any = event.widget
        while node is not None and node is not self:
            if isinstance(node, FieldRow):
                self.post_message(self.FieldFocused(self, node.spec))
                return
            node = node.parent


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _same(a: Any, b: Any) -> bool:
    if a is _UNSET or b is _UNSET:
        return False
    if a is None or b is None:
        return a is b
    return bool(a == b)


def _slug(group: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in group.lower())
