"""The clone dialog: the new key (a crew also: share its agents or copy them with a suffix)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static


class CloneModal(ModalScreen[dict[str, Any] | None]):
    """Dismissed with ``{"new": ..., "copy_agents": ..., "suffix": ...}`` or None."""

    DEFAULT_CSS = """
    CloneModal { align: center middle; }
    CloneModal > Vertical { width: 64; height: auto; border: round $primary; padding: 1 2; }
    CloneModal Input { margin-bottom: 1; }
    CloneModal Horizontal { height: auto; }
    """
    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, kind: str, key: str) -> None:
        super().__init__()
        self.kind = kind
        self.key = key

    def compose(self) -> ComposeResult:
        name = self.key.rsplit("/", 1)[-1]
        with Vertical() as box:
            box.border_title = f"Clone {self.kind} {self.key}"
            yield Static(
                escape(f"The new {self.kind}'s {'name' if self.kind != 'agent' else 'key'}:")
            )
            yield Input(
                value=f"{name}-copy" if self.kind != "task" else f"{name}_copy", id="clone-new"
            )
            if self.kind == "crew":
                yield Checkbox("Copy its agents (else the new crew shares them)", id="clone-copy")
                yield Input(
                    value="-copy",
                    placeholder="suffix of the copied agents' keys",
                    id="clone-suffix",
                )
            with Horizontal():
                yield Button("Clone", id="clone-ok", variant="primary")
                yield Button("Cancel", id="clone-cancel")

    def on_mount(self) -> None:
        self.query_one("#clone-new", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#clone-ok")
    def _ok(self) -> None:
        new = self.query_one("#clone-new", Input).value.strip()
        if not new:
            self.notify("Give the new name.", severity="warning")
            return
        result: dict[str, Any] = {"new": new}
        if self.kind == "crew":
            result["copy_agents"] = self.query_one("#clone-copy", Checkbox).value
            result["suffix"] = self.query_one("#clone-suffix", Input).value
        self.dismiss(result)

    @on(Button.Pressed, "#clone-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def clone_call(kind: str, key: str, answer: dict[str, Any]) -> Any:
    """The service call the dialog's answer asks for."""
    new = answer["new"]
    if kind == "agent":
        return lambda s: s.clone_agent(key, new)
    if kind == "task":
        crew, name = key.split("/", 1)
        return lambda s: s.clone_task(crew, name, new)
    return lambda s: s.clone_crew(
        key, new, copy_agents=bool(answer.get("copy_agents")), suffix=answer.get("suffix") or ""
    )
