"""Edit one record: its sections on the left, the section's fields on the right, help below.

The same screen is the new-record wizard (:class:`RecordWizardScreen`): the sections become
steps with Back / Next, and the record is created at the end. Nothing is written until the
user saves; a stale save opens the conflict dialog; leaving with changes asks first.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.base import Record
from ...domain.errors import Conflict, ValidationFailed
from ...domain.fields import field_map
from ..drafts import Draft
from ..editing import NEXT_SECTION, PREVIOUS_SECTION, EditorScreen
from ..forms import FieldHelp, RecordForm
from ..forms.values import format_value
from ..modals import ConflictModal
from ..recovery import apply_fields, form_fields, keeper_of, new_key
from ..type_ahead import hold_keys, keys_ready
from ..widgets.footer import KeysFooter
from ..workers import app_of, call_db
from .kinds import Choices, RecordKind

CHANGED = "●"
#: the conflict dialog's "Yours" of a field only the other side changed
NOT_EDITED = "(not edited: theirs is kept)"
ERROR = "✗"


class RecordEditorScreen(EditorScreen):
    """An existing record; ``key`` names it."""

    DEFAULT_CLASSES = "record-editor"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding(NEXT_SECTION, "section(1)", "Next section", show=False),
        Binding(PREVIOUS_SECTION, "section(-1)", "Previous section", show=False),
    ]

    def __init__(
        self,
        kind: RecordKind,
        key: str | None,
        preloaded: tuple[Record | None, Choices] | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.record: Record | None = None
        self.form: RecordForm | None = None
        #: the record and its choices read before the screen was pushed: the first frame
        #: then has the fields (no "Loading…" frame)
        self._preloaded = preloaded
        self.groups: list[str] = self._groups()
        self.group = self.groups[0]
        self._choices: Choices = {}
        self._marks: dict[str, tuple[bool, bool]] = {}
        self._titles: tuple[str, str] = ("", "")
        #: the version a save expects, when a restored draft was made on an older one
        self.expected_version: int | None = None
        self._new_key = new_key(kind.noun)
        # keys typed before the fields are there wait for them
        hold_keys(self)

    def _groups(self) -> list[str]:
        return self.kind.editor_groups()

    # ---- layout

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="editor-titlebar"):
            yield Static("", id="editor-title")
            yield Static("", id="editor-keys")
        with Horizontal(id="editor-body"):
            sections = OptionList(*self._section_options(), id="editor-sections")
            sections.border_title = self._sections_title()
            yield sections
            with Vertical(id="editor-main"):
                if self._preloaded is not None:
                    self.record, self._choices = self._preloaded
                    yield self._new_form()
                else:
                    yield Static("Loading…", id="editor-loading")
                yield FieldHelp("Move to a field to see what it means.", id="editor-help")
        yield KeysFooter()

    def _sections_title(self) -> str:
        return "Sections"

    def _section_label(self, index: int, group: str, marks: tuple[bool, bool]) -> str:
        changed, error = marks
        mark = (
            f" [$text-error]{ERROR}[/]"
            if error
            else (f" [$text-warning]{CHANGED}[/]" if changed else "")
        )
        return f"{escape(group)}{mark}"

    def _section_options(self) -> list[Option]:
        marks = self.form.group_marks() if self.form is not None else {}
        return [
            Option(self._section_label(i, g, marks.get(g, (False, False))), id=f"sec-{i}")
            for i, g in enumerate(self.groups)
        ]

    async def on_mount(self) -> None:
        self._update_title()
        if self._preloaded is not None:
            await self._form_ready()
        else:
            self.load()

    @work(exclusive=True, group="editor-load")
    async def load(self) -> None:
        kind, key = self.kind, self.key

        def fetch(services: Any) -> tuple[Record | None, Choices]:
            record = kind.get(services, key) if key is not None else None
            return record, kind.load_choices(services, record)

        try:
            record, choices = await call_db(self, fetch, group="editor-fetch")
        except Exception as exc:
            self.query_one("#editor-loading", Static).update(f"Could not load: {escape(str(exc))}")
            app_of(self).report_error(exc, self.load)
            return
        self.record = record
        self._choices = choices
        await self._mount_form()

    # ---- history (the record's revisions, undo)

    def history_target(self) -> tuple[str, str] | None:
        return (self.kind.noun.replace(" ", "_"), self.key) if self.key and self.record else None

    def history_version(self) -> int | None:
        return self.record.version if self.record is not None else None

    async def reload_record(self) -> None:
        kind, key = self.kind, self.key
        if key is None:
            return
        record = await call_db(self, lambda s: kind.get(s, key), group="editor-fetch")
        self.record = record
        if self.form is not None:
            self.form.set_record(record)
        self._update_title()

    def _new_form(self) -> RecordForm:
        self.form = RecordForm(
            self.kind.model,
            self.record,
            groups=self.groups,
            choices=self._choices,
            animate=not app_of(self).settings.deterministic,
            id="editor-form",
            classes="focus-frame",
        )
        self.form.show_group(self.group)
        self.form.border_title = self.group
        return self.form

    async def _mount_form(self) -> None:
        form = self._new_form()
        loading = self.query_one("#editor-loading")
        await self.query_one("#editor-main").mount(form, before=loading)
        await loading.remove()
        await self._form_ready()

    async def _form_ready(self) -> None:
        assert self.form is not None
        await self.form.ensure_group(self.group)
        self._refresh_marks()
        self._update_title()
        self.form.focus_first()
        keys_ready(self)
        await self._apply_restored()

    # ---- drafts

    def draft_identity(self) -> tuple[str, str] | None:
        return (self.kind.noun, self.key or self._new_key)

    def make_draft(self) -> Draft | None:
        if self.form is None:
            return None
        version = self.expected_version
        if version is None and self.record is not None and self.kind.versioned:
            version = self.record.version
        kind, key = self.draft_identity() or ("", "")
        return Draft(
            kind=kind, key=key, version=version, fields=form_fields(self.form), group=self.group
        )

    async def _apply_restored(self) -> None:
        keeper = keeper_of(self)
        draft = keeper.take_restore(self.kind.noun, self.key) if keeper is not None else None
        if keeper is None or draft is None or self.form is None:
            return
        if draft.is_new:
            self._new_key = draft.key
        if draft.group in self.groups and draft.group is not None:
            self.show_group(draft.group)
        await apply_fields(self.form, draft.fields)
        record = self.record
        if (
            record is not None
            and self.kind.versioned
            and draft.version is not None
            and draft.version != record.version
        ):
            # saving checks against the draft's version, so the usual conflict dialog shows
            self.expected_version = draft.version
            self.notify(
                f"{self.kind.title} '{record.key}' changed since this draft (version "
                f"{draft.version}, "
                f"now {record.version}); saving will show both.",
                title="Draft restored",
                severity="warning",
            )
        else:
            self.notify("Your unsaved changes are back.", title="Draft restored")
        keeper.capture(self)
        keeper.flush()
        if (draft.kind, draft.key) != self.draft_identity():
            keeper.store.remove(
                draft.kind, draft.key
            )  # the record was gone: the draft lives on as a new one
        self._refresh_marks()
        self._update_title()

    # ---- sections

    def show_group(self, group: str) -> None:
        self.group = group
        if self.form is not None:
            self.form.show_group(group)
            self.form.border_title = group
        sections = self.query_one("#editor-sections", OptionList)
        index = self.groups.index(group)
        if sections.highlighted != index:
            sections.highlighted = index
        self._update_title()

    @on(OptionList.OptionHighlighted, "#editor-sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        group = self.groups[event.option_index]
        if group != self.group:
            self.show_group(group)

    @on(OptionList.OptionSelected, "#editor-sections")
    def _section_selected(self, event: OptionList.OptionSelected) -> None:
        self.show_group(self.groups[event.option_index])
        if self.form is not None:
            self.form.focus_first()

    def action_section(self, delta: int) -> None:
        index = (self.groups.index(self.group) + delta) % len(self.groups)
        self.show_group(self.groups[index])
        if self.form is not None:
            self.form.focus_first()

    def _refresh_marks(self) -> None:
        if self.form is None:
            return
        marks = self.form.group_marks()
        if marks == self._marks:
            return
        before, self._marks = self._marks, marks
        sections = self.query_one("#editor-sections", OptionList)
        for i, g in enumerate(self.groups):
            mark = marks.get(g, (False, False))
            # an unchanged prompt is not replaced: each replacement repaints the list
            if before.get(g, (False, False)) != mark:
                sections.replace_option_prompt_at_index(i, self._section_label(i, g, mark))

    @on(RecordForm.Changed)
    def _form_changed(self) -> None:
        self._refresh_marks()
        self._update_title()

    @on(RecordForm.GroupShown)
    def _form_group_shown(self, event: RecordForm.GroupShown) -> None:
        if event.group is not None and event.group != self.group:
            self.show_group(event.group)

    @on(RecordForm.FieldFocused)
    def _field_focused(self, event: RecordForm.FieldFocused) -> None:
        self.query_one("#editor-help", FieldHelp).show(event.spec)

    # ---- title

    def _title_text(self) -> str:
        name = self.record.key if self.record is not None else (self.key or "")
        state = f"  [$text-warning]{CHANGED} modified[/]" if self.has_unsaved_changes() else ""
        return f"[b]{escape(self.kind.title)}[/] {escape(name)}{state}"

    def _keys_text(self) -> str:
        return "[b]^s[/] save  [b]esc[/] back"

    def _update_title(self) -> None:
        title, keys = self._title_text(), self._keys_text()
        if (title, keys) != self._titles:
            self._titles = (title, keys)
            self.query_one("#editor-title", Static).update(title)
            self.query_one("#editor-keys", Static).update(keys)

    # ---- unsaved changes

    def has_unsaved_changes(self) -> bool:
        return self.form is not None and self.form.dirty

    def unsaved_description(self) -> str:
        name = self.record.key if self.record is not None else "The new record"
        return (
            f"{self.kind.title} '{name}'"
            if self.record is not None
            else f"The new {self.kind.noun}"
        )

    # ---- saving

    def _refuse_invalid(self) -> bool:
        """Show every problem; True when there is one (the cursor goes to the first)."""
        assert self.form is not None
        self.form.reveal_errors()
        self._refresh_marks()
        if not self.form.problems:
            return False
        count = len(self.form.problems)
        name = self.form.first_error_field()
        if name is not None:
            self.show_group(self.form.row(name).spec.group)
            self.form.focus_field(name)
        self.notify(
            f"{count} field{'s' if count != 1 else ''} to fix before saving.",
            title="Not saved",
            severity="warning",
        )
        return True

    async def save_changes(self) -> bool:
        form = self.form
        if form is None or self.record is None or self.key is None:
            return False
        if self._refuse_invalid():
            return False
        changes = form.changes()
        if not changes:
            self.notify("Nothing to save.")
            return True
        version = self.record.version if self.kind.versioned else None
        if self.expected_version is not None:
            version = self.expected_version
        return await self._update(changes, version)

    async def _update(self, changes: dict[str, Any], version: int | None) -> bool:
        assert self.form is not None and self.key is not None
        kind, key = self.kind, self.key
        try:
            saved = await call_db(
                self, lambda s: kind.update(s, key, changes, version), group="editor-save"
            )
        except ValidationFailed as exc:
            self.form.show_errors(exc)
            self._refresh_marks()
            self.notify(exc.message, title="Not saved", severity="error")
            return False
        except Conflict as exc:
            return await self._resolve_conflict(exc, changes)
        except Exception as exc:
            app_of(self).report_error(exc)
            return False
        self._saved(saved)
        self.notify(f"Saved {kind.noun} '{saved.key}'.")
        return True

    def _saved(self, record: Record) -> None:
        assert self.form is not None
        self.record = record
        self.expected_version = None
        self.key = record.key
        self.form.set_record(record)
        self._refresh_marks()
        self._update_title()
        app_of(self).data_changed()

    async def _resolve_conflict(self, exc: Conflict, changes: dict[str, Any]) -> bool:
        assert self.form is not None and self.record is not None and self.key is not None
        kind, key = self.kind, self.key
        try:
            theirs = (
                kind.model.model_validate(exc.theirs)
                if exc.theirs
                else await call_db(self, lambda s: kind.get(s, key))
            )
        except Exception as err:
            app_of(self).report_error(err)
            return False
        mine = self.record
        specs = field_map(kind.model)
        rows = []
        for name, spec in specs.items():
            if spec.readonly:
                continue
            theirs_value = getattr(theirs, name)
            if name in changes:
                yours = format_value(spec, changes[name]) or "—"
            elif theirs_value != getattr(mine, name):
                yours = NOT_EDITED  # an overwrite sends only the edited fields
            else:
                continue
            rows.append((spec.label, format_value(spec, theirs_value) or "—", yours))
        what = f"{kind.title} '{mine.key}'"
        answer = await self.app.push_screen_wait(
            ConflictModal(what, rows, their_version=theirs.version)
        )
        if answer == "reload":
            self._saved(theirs)
            self.notify("Loaded their version; your edits were dropped.")
            return False
        if answer == "overwrite":
            self.key = theirs.key
            return await self._update(changes, theirs.version)
        return False


class RecordWizardScreen(RecordEditorScreen):
    """A new record, one step per section; created at the end."""

    DEFAULT_CLASSES = "record-editor -wizard"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Create"),
        # the keys that switch sections in every editor (never ctrl+b: the tmux prefix)
        Binding(f"{NEXT_SECTION},ctrl+n,alt+right", "step(1)", "Next step"),
        Binding(f"{PREVIOUS_SECTION},alt+left", "step(-1)", "Previous step"),
    ]

    def __init__(self, kind: RecordKind) -> None:
        super().__init__(kind, None)

    def _groups(self) -> list[str]:
        return self.kind.steps()

    def _sections_title(self) -> str:
        return "Steps"

    def _section_label(self, index: int, group: str, marks: tuple[bool, bool]) -> str:
        return f"{index + 1} {super()._section_label(index, group, marks)}"

    def _title_text(self) -> str:
        step = self.groups.index(self.group) + 1
        return (
            f"[b]New {escape(self.kind.noun)}[/] · step {step} of {len(self.groups)}: "
            f"{escape(self.group)}"
        )

    def _keys_text(self) -> str:
        last = self.group == self.groups[-1]
        return (
            "[b]^s[/] create  [b]alt+↑[/] back  [b]esc[/] cancel"
            if last
            else "[b]alt+↓[/] next  [b]alt+↑[/] back  [b]^s[/] create"
        )

    async def _mount_form(self) -> None:
        await super()._mount_form()
        self.query_one("#editor-main").mount(
            Horizontal(
                Static("", classes="wizard-spacer"),
                _button("Back", "wizard-back"),
                _button("Next", "wizard-next"),
                _button("Create", "wizard-create", primary=True),
                id="wizard-buttons",
            ),
            before=self.query_one("#editor-help"),
        )

    def action_step(self, delta: int) -> None:
        if self.form is None:
            return
        index = self.groups.index(self.group)
        if delta > 0:
            # a step is finished only when its own fields are valid
            self.form.reveal_errors(self.group)
            self._refresh_marks()
            if self.form.group_problems(self.group):
                self.form.focus_first_error()
                self.notify("Fix the marked fields to go on.", severity="warning")
                return
        target = max(0, min(index + delta, len(self.groups) - 1))
        self.show_group(self.groups[target])
        self.form.focus_first()

    def on_button_pressed(self, event: Any) -> None:
        button_id = event.button.id
        if button_id == "wizard-back":
            self.action_step(-1)
        elif button_id == "wizard-next":
            self.action_step(1)
        elif button_id == "wizard-create":
            self.action_save()

    def unsaved_description(self) -> str:
        return f"The new {self.kind.noun}"

    def action_save(self) -> None:
        hold_keys(self)
        self.run_worker(self._create_and_close(), exclusive=True, group="save")

    async def _create_and_close(self) -> None:
        try:
            if await self.save_changes():
                self.dismiss(self.key)
        finally:
            keys_ready(self)

    async def save_changes(self) -> bool:
        form = self.form
        if form is None:
            return False
        if self._refuse_invalid():
            return False
        values = form.values()
        kind = self.kind
        try:
            created = await call_db(self, lambda s: kind.create(s, values), group="editor-save")
        except ValidationFailed as exc:
            form.show_errors(exc)
            self._refresh_marks()
            name = form.first_error_field()
            if name is not None:
                self.show_group(form.row(name).spec.group)
                form.focus_field(name)
            self.notify(exc.message, title="Not created", severity="error")
            return False
        except Exception as exc:
            app_of(self).report_error(exc)
            return False
        self.record = created
        self.key = created.key
        form.set_record(created)
        app_of(self).data_changed()
        self.notify(f"Created {kind.noun} '{created.key}'.")
        return True


def _button(label: str, id: str, *, primary: bool = False) -> Button:
    return Button(label, id=id, variant="primary" if primary else "default", compact=True)
