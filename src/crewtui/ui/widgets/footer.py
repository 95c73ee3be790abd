"""Textual's footer, drawn the same, rebuilt only when what it shows changes.

Textual's ``Footer`` recomposes (removes and mounts a ``FooterKey`` per binding) whenever
the screen's bindings are updated, which is every focus change, even when the keys shown
are the same; and each key starts compact and is then bound to the footer's ``compact``, so
every key was restyled twice after being mounted. Here the footer shows the keys from its
first composition, recomposes only when the keys it would show differ from those it shows,
and a key starts with its final ``compact``, so it is styled once, when mounted.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
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
