"""Keep unsaved edits on disk and offer them back after a dropped session.

Every form change re-serialises the editor's draft into memory; a timer writes what changed
since the last write, and SIGHUP/SIGTERM write the bytes already held (no event loop
needed) before the app exits. Closing, saving or discarding an editor removes its draft.
On the next start the drafts of the same database are offered back.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .drafts import Draft, DraftStore, FieldDraft, now_text, write_atomic

if TYPE_CHECKING:
    from .editing import EditorScreen
    from .forms.record_form import RecordForm

Ident = tuple[str, str]


def new_key(kind: str) -> str:
    """The draft key of a record that does not exist yet."""
    return f"new-{kind.replace(' ', '-')}-{uuid.uuid4().hex[:12]}"


# ---- forms <-> drafts


def form_fields(form: RecordForm) -> dict[str, FieldDraft]:
    """The changed fields: typed text of text boxes (even if it does not parse), else values."""
    from textual.widgets import Input, TextArea

    out: dict[str, FieldDraft] = {}
    for name in form.changed_fields():
        editor = form.editor(name)
        if isinstance(editor, TextArea):
            out[name] = FieldDraft(text=editor.text)
        elif isinstance(editor, Input):
            out[name] = FieldDraft(text=editor.value)
        else:
            try:
                out[name] = FieldDraft(value=editor.read())
            except ValueError:
                out[name] = FieldDraft(value=None)
    return out


async def apply_fields(form: RecordForm, fields: dict[str, FieldDraft]) -> list[str]:
    """Put drafted fields into ``form`` (mounting their sections); the names applied."""
    from textual.widgets import Input, TextArea

    wanted = {s.group for s in form.specs if s.name in fields and not s.readonly}
    for group in form.groups:
        if group in wanted:
            await form.ensure_group(group)
    applied = []
    for name, draft in fields.items():
        try:
            editor = form.editor(name)
        except KeyError:
            continue
        if draft.text is not None and isinstance(editor, TextArea):
            editor.load_text(draft.text)
        elif draft.text is not None and isinstance(editor, Input):
            editor.value = draft.text
        else:
            try:
                editor.set_value(draft.value)
            except Exception:  # a value the picker no longer offers: leave the field as stored
                continue
        applied.append(name)
    form.reveal_errors()
    for name in applied:
        form.post_message(form.Changed(form, name))
    return applied


# ---- the keeper


class DraftKeeper:
    """The app's drafts: what each open editor would write, and what is on disk."""

    def __init__(self, store: DraftStore) -> None:
        self.store = store
        #: latest bytes per file, not yet written
        self._pending: dict[Path, bytes] = {}
        #: body of the last captured draft per file, to skip identical writes
        self._bodies: dict[Path, str] = {}
        #: files this run wrote or means to write: only those are removed again (a draft kept
        #: "for later" survives opening and closing its record unchanged)
        self._owned: set[Path] = set()
        #: editor (by id) -> the draft it last captured
        self._idents: dict[int, Ident] = {}
        #: drafts chosen for restore, waiting for their editor to open
        self._restore: dict[Ident, Draft] = {}
        #: set once a signal wrote the drafts: exiting must not delete them
        self.frozen = False
        #: the drafts were offered once this run
        self.offered = False

    def capture(self, screen: EditorScreen) -> None:
        """Serialise ``screen``'s unsaved changes into memory (or forget a clean screen)."""
        if self.frozen:
            return
        try:
            self._capture(screen)
        except Exception:  # a screen still being built (or torn down): the next change captures it
            return

    def _capture(self, screen: EditorScreen) -> None:
        ident = screen.draft_identity()
        old = self._idents.get(id(screen))
        if old is not None and old != ident:
            self.forget(*old)
        if ident is None:
            self._idents.pop(id(screen), None)
            return
        self._idents[id(screen)] = ident
        if not screen.has_unsaved_changes():
            self.forget(*ident)
            return
        draft = screen.make_draft()
        if draft is None:
            return
        draft.app_version = __version__
        draft.database = self.store.database
        path = self.store.path(draft.kind, draft.key)
        body = json.dumps(draft.body(), sort_keys=True, default=str)
        if self._bodies.get(path) == body:
            return
        self._bodies[path] = body
        self._owned.add(path)
        draft.saved_at = now_text()
        self._pending[path] = self.store.prepare(draft)[1]

    def flush(self) -> int:
        """Write every draft that changed since its last write; how many were written."""
        written = 0
        for path, data in list(self._pending.items()):
            try:
                write_atomic(path, data)
            except OSError:
                continue  # a full or read-only disk must not stop the editor
            if self._pending.get(path) is data:
                del self._pending[path]
            written += 1
        return written

    def forget(self, kind: str, key: str) -> None:
        """The edit was saved or discarded (or the editor closed clean): drop its draft."""
        if self.frozen:
            return
        path = self.store.path(kind, key)
        if path not in self._owned:
            return
        self._owned.discard(path)
        self._pending.pop(path, None)
        self._bodies.pop(path, None)
        with contextlib.suppress(OSError):
            path.unlink()

    def closed(self, screen: EditorScreen) -> None:
        ident = self._idents.pop(id(screen), None) or screen.draft_identity()
        if ident is not None:
            self.forget(*ident)

    def emergency(self) -> None:
        """The terminal is going away: write what is held, keep it on disk."""
        self.flush()
        self.frozen = True

    # ---- restoring

    def want_restore(self, draft: Draft, ident: Ident) -> None:
        self._restore[ident] = draft

    def take_restore(self, kind: str, key: str | None) -> Draft | None:
        """The draft to apply to an editor of ``kind``/``key`` (None key: a new record)."""
        return self._restore.pop((kind, key if key is not None else "new"), None)


def keeper_of(node: Any) -> DraftKeeper | None:
    keeper = getattr(node.app, "drafts", None)
    return keeper if isinstance(keeper, DraftKeeper) else None


def capture(screen: EditorScreen) -> None:
    keeper = keeper_of(screen)
    if keeper is not None:
        keeper.capture(screen)


def forget(screen: EditorScreen) -> None:
    keeper = keeper_of(screen)
    if keeper is None:
        return
    ident = screen.draft_identity()
    if ident is not None:
        keeper.forget(*ident)


# ---- signals
