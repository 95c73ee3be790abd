"""The crew builder's drafts: what is unsaved on screen (settings, members in order, the chat
LLM) is kept as a draft, and a restored draft is put back on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...domain.crew import CrewMember
from ..drafts import Draft
from ..forms.record_form import RecordForm
from ..recovery import apply_fields, form_fields, keeper_of
from ..widgets.members import MemberList
from . import crews_chat as chat

if TYPE_CHECKING:
    from .crews_builder import CrewBuilder


def make_draft(self: CrewBuilder) -> Draft | None:
    ident = self.draft_identity()
    if ident is None or not self.loaded:
        return None
    version = (
        self.expected_version
        if self.expected_version is not None
        else (self.crew.version if self.crew else None)
    )
    extra: dict[str, Any] = (
        {"members": [list(m) for m in self._shown_members()]} if self.members_dirty() else {}
    )
    if self._chat_dirty():
        extra[chat.KEY] = self._chat_row().editor.read()
    return Draft(
        kind=ident[0],
        key=ident[1],
        version=version,
        fields=form_fields(self.query_one(RecordForm)),
        extra=extra,
    )


async def apply_restored(self: CrewBuilder) -> None:
    keeper = keeper_of(self)
    draft = (
        keeper.take_restore("crew", self.crew.crew_name if self.crew else None) if keeper else None
    )
    if keeper is None or draft is None:
        return
    if draft.is_new:
        self._new_key = draft.key
    await apply_fields(self.query_one(RecordForm), draft.fields)
    if chat.KEY in draft.extra:
        self._chat_row().editor.set_value(draft.extra[chat.KEY])
    members = draft.extra.get("members")
    if isinstance(members, list):
        by_key = {a.agent_key: a for a in self.agents}
        self.query_one(MemberList).set_members(
            [
                CrewMember(
                    agent_id=by_key[k].id,
                    agent_key=k,
                    role=by_key[k].role,
                    role_in_crew=r,
                    sequence_order=i,
                )
                for i, (k, r) in enumerate(members, 1)
                if k in by_key
            ]
        )
    if self.crew is not None and draft.version is not None and draft.version != self.crew.version:
        self.expected_version = draft.version
        self.notify(
            f"Crew '{self.crew.crew_name}' changed since this draft; saving will show both.",
            title="Draft restored",
            severity="warning",
        )
    else:
        self.notify("Your unsaved changes are back.", title="Draft restored")
    self._apply_process()
    self._update_title()
    keeper.capture(self)
    keeper.flush()
    if (draft.kind, draft.key) != self.draft_identity():
        keeper.store.remove(draft.kind, draft.key)
