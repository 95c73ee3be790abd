"""A crew's ordered members, edited in place: reorder, remove, set the role in the crew.

The list keeps its own copy of the members and reports every change upward; adding needs a
picker of agents, so the widget only asks for it (``AddRequested``) and the screen calls
:meth:`MemberList.add` with the agent the user chose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from ...domain.crew import CrewMember


class MemberList(Vertical):
    """Members in crew order with keys to add, remove, move and name their role."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("x,delete", "remove", "Remove"),
        Binding("shift+up", "move(-1)", "Move up"),
        Binding("shift+down", "move(1)", "Move down"),
        Binding("r", "role", "Role"),
    ]

    DEFAULT_CSS = """
    MemberList { height: 1fr; }
    MemberList > OptionList {
        height: 1fr; border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis;
    }
    MemberList > #member-role-row { height: 1; }
    MemberList > #member-role-row > Label { width: auto; padding: 0 1 0 0; }
    MemberList > #member-role-row > Input { width: 1fr; }
    MemberList > #member-buttons { height: 1; }
    MemberList > #member-buttons > Button { margin: 0 1 0 0; min-width: 3; }
    """

    class Changed(Message):
        """The member list differs from before (added, removed, moved or a role changed)."""

        def __init__(self, member_list: MemberList) -> None:
            super().__init__()
            self.member_list = member_list

        @property
        def control(self) -> MemberList:
            return self.member_list

    class MemberMoved(Message):
        """``agent_key`` now sits at ``position`` (1-based, as saved in sequence_order)."""

        def __init__(self, member_list: MemberList, agent_key: str, position: int) -> None:
            super().__init__()
            self.member_list = member_list
            self.agent_key = agent_key
            self.position = position

        @property
        def control(self) -> MemberList:
            return self.member_list

    class AddRequested(Message):
        """The user wants to add a member; the screen offers a picker."""

        def __init__(self, member_list: MemberList) -> None:
            super().__init__()
            self.member_list = member_list

        @property
        def control(self) -> MemberList:
            return self.member_list

    def __init__(self, members: Sequence[CrewMember] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._members: list[CrewMember] = list(members)

    def compose(self) -> ComposeResult:
        yield OptionList(id="member-options")
        with Horizontal(id="member-role-row"):
            yield Label("Role in crew")
            yield Input(placeholder="—", id="member-role", compact=True, max_length=100)
        with Horizontal(id="member-buttons"):
            yield Button("+ add", id="member-add", compact=True)
            yield Button("- remove", id="member-remove", compact=True)
            yield Button("↑", id="member-up", compact=True, tooltip="Move up (shift+↑)")
            yield Button("↓", id="member-down", compact=True, tooltip="Move down (shift+↓)")

    def on_mount(self) -> None:
        self._render_options(0)

    # ---- data

    @property
    def members(self) -> list[CrewMember]:
        """Members in the order shown, numbered 1..n."""
        return [m.model_copy(update={"sequence_order": i}) for i, m in enumerate(self._members, 1)]

    @property
    def keys(self) -> list[str]:
        return [m.agent_key for m in self._members]

    @property
    def highlighted(self) -> int | None:
        return self.query_one(OptionList).highlighted

    def set_members(self, members: Sequence[CrewMember]) -> None:
        """Show ``members`` as they are stored (no Changed message)."""
        self._members = sorted(members, key=lambda m: m.sequence_order)
        if self.is_mounted:
            self._render_options(self.highlighted or 0)

    def add(self, member: CrewMember) -> None:
        """Append ``member`` (the screen calls this after its picker)."""
        if member.agent_key in self.keys:
            return
        self._members.append(member)
        self._render_options(len(self._members) - 1)
        self.post_message(self.Changed(self))

    # ---- drawing

    def _member_prompt(self, position: int, member: CrewMember) -> Content:
        parts: list[str | tuple[str, str]] = [(f"{position:>2} ", "bold"), member.agent_key]
        if member.role_in_crew:
            parts.append((f" · {member.role_in_crew}", "italic $text-accent"))
        if member.role:
            # the agent's role on a line of its own: a narrow panel does not cut it
            parts.append((f"\n   {member.role}", "$text-muted"))
        return Content.assemble(*parts)

    def _render_options(self, highlight: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        if not self._members:
            options.add_option(
                Option(Content.styled("no members yet: a adds one", "$text-muted"), disabled=True)
            )
        else:
            options.add_options(
                Option(self._member_prompt(i, m), id=m.agent_key)
                for i, m in enumerate(self._members, 1)
            )
            options.highlighted = max(0, min(highlight, len(self._members) - 1))
        self._show_role()

    def _show_role(self) -> None:
        role = self.query_one("#member-role", Input)
        index = self.highlighted
        member = self._members[index] if index is not None and index < len(self._members) else None
        with role.prevent(Input.Changed):
            role.value = (member.role_in_crew or "") if member else ""
        role.disabled = member is None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_role()

    # ---- actions

    def action_add(self) -> None:
        self.post_message(self.AddRequested(self))

    def action_remove(self) -> None:
        index = self.highlighted
        if index is None or index >= len(self._members):
            self.app.bell()
            return
        del self._members[index]
        self._render_options(index)
        self.post_message(self.Changed(self))

    def action_move(self, delta: int) -> None:
        index = self.highlighted
        target = (index if index is not None else -1) + delta
        if index is None or not 0 <= target < len(self._members):
            self.app.bell()
            return
        member = self._members.pop(index)
        self._members.insert(target, member)
        self._render_options(target)
        self.post_message(self.MemberMoved(self, member.agent_key, target + 1))
        self.post_message(self.Changed(self))

    def action_role(self) -> None:
        role = self.query_one("#member-role", Input)
        if not role.disabled:
            role.focus()

    @on(Input.Submitted, "#member-role")
    def _role_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_role(event.value)
        self.query_one(OptionList).focus()

    @on(Input.Changed, "#member-role")
    def _role_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._set_role(event.value)

    def _set_role(self, value: str) -> None:
        index = self.highlighted
        if index is None or index >= len(self._members):
            return
        role = value.strip() or None
        member = self._members[index]
        if member.role_in_crew == role:
            return
        self._members[index] = member.model_copy(update={"role_in_crew": role})
        options = self.query_one(OptionList)
        options.replace_option_prompt_at_index(
            index, self._member_prompt(index + 1, self._members[index])
        )
        self.post_message(self.Changed(self))

    @on(Button.Pressed, "#member-buttons Button")
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions: dict[str, Callable[[], object]] = {
            "member-add": self.action_add,
            "member-remove": self.action_remove,
            "member-up": lambda: self.action_move(-1),
            "member-down": lambda: self.action_move(1),
        }
        actions[event.button.id or ""]()
