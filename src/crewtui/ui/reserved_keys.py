"""Keys that terminal multiplexers and emulators keep for themselves with their default
settings: the app never sees them there.

A multiplexer prefix is never bound at all (every key after it goes to the multiplexer).
Any other key in the table may be bound only alongside a key that is not in it, so the
action always has a way in; the help lists the free key first.

Keys an emulator takes only while it has something to do with them (Windows Terminal's
alt+arrows with a single pane, Konsole's shift+tab with a single view, scrolling keys on
the alternate screen) reach the app and are not listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TMUX = "tmux"
SCREEN = "GNU screen"
GNOME = "GNOME Terminal"
KONSOLE = "Konsole"
WINDOWS = "Windows Terminal"
XTERM = "xterm"
DESKTOP = "the window manager"


@dataclass(frozen=True)
class ReservedKey:
    """``key`` (as Textual names it) is taken by ``takers`` for ``use``."""

    key: str
    takers: tuple[str, ...]
    use: str
    #: a multiplexer prefix: never bound, not even beside a free key
    prefix: bool = False


RESERVED: tuple[ReservedKey, ...] = (
    ReservedKey("ctrl+b", (TMUX,), "prefix", prefix=True),
    ReservedKey("ctrl+a", (SCREEN,), "prefix", prefix=True),
    ReservedKey("ctrl+pageup", (GNOME, KONSOLE), "previous tab"),
    ReservedKey("ctrl+pagedown", (GNOME, KONSOLE), "next tab"),
    ReservedKey("ctrl+shift+pageup", (GNOME, WINDOWS), "move tab left; scroll up a page"),
    ReservedKey("ctrl+shift+pagedown", (GNOME, WINDOWS), "move tab right; scroll down a page"),
    ReservedKey("ctrl+tab", (WINDOWS,), "next tab"),
    ReservedKey("ctrl+shift+tab", (WINDOWS,), "previous tab"),
    ReservedKey("shift+left", (KONSOLE,), "previous tab"),
    ReservedKey("shift+right", (KONSOLE,), "next tab"),
    ReservedKey("ctrl+shift+left", (KONSOLE,), "move tab left"),
    ReservedKey("ctrl+shift+right", (KONSOLE,), "move tab right"),
    ReservedKey("ctrl+shift+t", (GNOME, KONSOLE, WINDOWS), "new tab"),
    ReservedKey("ctrl+shift+w", (GNOME, KONSOLE, WINDOWS), "close tab"),
    ReservedKey("ctrl+shift+n", (GNOME, KONSOLE, WINDOWS), "new window"),
    ReservedKey("ctrl+shift+c", (GNOME, KONSOLE, WINDOWS), "copy"),
    ReservedKey("ctrl+shift+v", (GNOME, KONSOLE, WINDOWS), "paste"),
    ReservedKey("shift+insert", (XTERM, GNOME, KONSOLE, WINDOWS), "paste"),
    ReservedKey("f11", (GNOME, WINDOWS), "full screen"),
    ReservedKey("alt+f4", (DESKTOP, WINDOWS), "close the window"),
)

_MODIFIERS = ("ctrl", "alt", "shift", "super", "meta", "hyper")
_BY_KEY = {r.key: r for r in RESERVED}


def normalize(key: str) -> str:
    """``key`` with its modifiers in one order (ctrl, alt, shift, ...) and named keys in
    lower case; a single character keeps its case (``D`` is shift+d to Textual)."""
    *mods, base = key.strip().split("+")
    if len(base) > 1:
        base = base.lower()
    ordered = sorted(
        {m.lower() for m in mods},
        key=lambda m: (_MODIFIERS.index(m) if m in _MODIFIERS else len(_MODIFIERS), m),
    )
    return "+".join([*ordered, base])


def reserved(key: str) -> ReservedKey | None:
    """The table's entry for ``key``, or None when terminals leave it to the app."""
    return _BY_KEY.get(normalize(key))


def is_prefix(key: str) -> bool:
    entry = reserved(key)
    return entry is not None and entry.prefix


def free_first(keys: Iterable[str]) -> list[str]:
    """``keys`` in their order, those terminals take moved after the others."""
    keys = list(keys)
    return [k for k in keys if reserved(k) is None] + [k for k in keys if reserved(k)]
