"""Textual's footer, drawn the same, rebuilt only when what it shows changes.

Textual's ``Footer`` recomposes (removes and mounts a ``FooterKey`` per binding) whenever
the screen's bindings are updated, which is every focus change, even when the keys shown
are the same; and each key starts compact and is then bound to the footer's ``compact``, so
every key was restyled twice after being mounted. Here the footer shows the keys from its
first composition, recomposes only when the keys it would show differ from those it shows,
and a key starts with its final ``compact``, so it is styled once, when mounted.

:class:`LineFooter` (the main screen's, on screen from the first frame) draws the keys in one
:class:`KeysLine` widget instead of a ``FooterKey`` each: fewer widgets to mount, style and
lay out before the first frame, the same cells on screen.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """The key bindings of the screen, as Textual's ``Footer`` draws them."""

    _shown: Hashable = None

    def _keys(self) -> Hashable:
        """What ``compose`` draws from: the bindings shown, their state and the palette key."""
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.group,
                    enabled,
                    tooltip,
                    binding.tooltip,
                )
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.is_attached:
            # Textual's footer is empty until the screen's bindings are next updated, and is
            # then rebuilt; the screen's bindings are known now, and the same ones most times
            self.set_reactive(Footer._bindings_ready, True)
        if self._bindings_ready:
            self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # the palette's key is not bound: it keeps the key's own default (compact)
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()


@dataclass(frozen=True)
class LineKey:
    """One key of a :class:`KeysLine`: what a ``FooterKey`` would show and do."""

    key: str
    key_display: str
    description: str
    disabled: bool = False
    tooltip: str = ""


class KeysLine(Widget):
    """The footer's keys as one widget: each key drawn as a ``FooterKey`` draws itself,
    clicked and hovered by the cells it covers."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keys-line--key",
        "keys-line--description",
        "keys-line--hover",
    }
    # FooterKey's rules, for a part of the line instead of a widget
    DEFAULT_CSS = """
    KeysLine {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        & > .keys-line--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        & > .keys-line--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-line--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &:hover {
            pointer: pointer;
        }
        &.-compact {
            & > .keys-line--key {
                padding: 0;
            }
            & > .keys-line--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    _hover: reactive[int] = reactive(-1, repaint=True)

    def __init__(self, keys: Sequence[LineKey], *, compact: bool = False) -> None:
        super().__init__(classes="-compact" if compact else "")
        self.keys = tuple(keys)
        self.compact = compact
        self.set_reactive(Widget.shrink, False)
        #: (start, end) cell of each key, margins excluded
        self.spans: tuple[tuple[int, int], ...] = ()

    def index_at(self, x: int) -> int:
        """The key drawn at column ``x`` (-1: none)."""
        for i, (start, end) in enumerate(self.spans):
            if start <= x < end:
                return i
        return -1

    def _key_text(self, key: LineKey, hover: bool) -> Text:
        key_style = self.get_component_rich_style("keys-line--key")
        description_style = self.get_component_rich_style("keys-line--description")
        base = self.rich_style
        if hover:
            hover_style = self.get_component_rich_style("keys-line--hover")
            base += hover_style
            over = Style(bgcolor=hover_style.bgcolor)
            key_style += over
            description_style += over
        if key.disabled:
            base += Style(dim=True)
        key_padding = self.get_component_styles("keys-line--key").padding
        description_padding = self.get_component_styles("keys-line--description").padding
        if key.description:
            text = Text.assemble(
                (
                    " " * key_padding.left + key.key_display + " " * key_padding.right,
                    key_style,
                ),
                (
                    " " * description_padding.left
                    + key.description
                    + " " * description_padding.right,
                    description_style,
                ),
            )
        else:
            text = Text.assemble((key.key_display, key_style))
        text.stylize_before(base)
        return text

    def render(self) -> Text:
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int]] = []
        for i, key in enumerate(self.keys):
            part = self._key_text(key, i == self._hover)
            start = line.cell_len
            line.append_text(part)
            spans.append((start, line.cell_len))
            if self.compact:  # a compact footer's keys have a margin of one cell
                line.append(" ", self.rich_style)
        self.spans = tuple(spans)
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self.index_at(event.x)

    def on_leave(self, event: events.Leave) -> None:
        self._hover = -1

    def _watch__hover(self, index: int) -> None:
        tooltip = self.keys[index].tooltip if 0 <= index < len(self.keys) else ""
        self.tooltip = tooltip or None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.index_at(event.x)
        if index < 0:
            return
        key = self.keys[index]
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)


class LineFooter(KeysFooter):
    """:class:`KeysFooter` with its keys drawn by one :class:`KeysLine` widget; the command
    palette's key stays a ``FooterKey``, docked right. Keys in binding groups are shown as
    Textual shows them."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.is_attached:
            self.set_reactive(Footer._bindings_ready, True)
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        firsts: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                firsts.setdefault(binding.action, (binding, enabled, tooltip))
        groups = [b.group for b, _, _ in firsts.values()]
        if any(a is not None and a == b for a, b in pairwise(groups)):
            yield from super().compose()  # a binding group: Textual's own keys and label
            return
        self._shown = self._keys()
        app = self.app
        yield KeysLine(
            [
                LineKey(b.key, app.get_key_display(b), b.description, not enabled, tooltip)
                for b, enabled, tooltip in firsts.values()
            ],
            compact=self.compact,
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _ = palette
            key = FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )
            # as KeysFooter draws it: the palette's key keeps its own default (compact)
            key.set_reactive(FooterKey.compact, True)
            key.set_class(True, "-compact", update=False)
            yield key
