"""Where the ``.tcss`` files are: inside the installed package, or the checkout's ``styles/``.

The app loads the main screen's stylesheets (:data:`START`); the editors' (:data:`EDITORS`)
are read when the first of their screens is made (:func:`read_editor_styles`; they are also
those screens' ``CSS_PATH``), so the start-up parses and matches none of their rules. Within
each list, and from the first list to the second, the order is the one rules of equal
specificity are decided by.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet

#: loaded first, so section stylesheets can build on it
FIRST = "app.tcss"
#: the main screen and its sections, dialogs: loaded with the app
START = (FIRST, "agents.tcss", "sections.tcss")
#: the record editor, the crew builder, the task editor (and its context picker): loaded
#: when one of them first opens
EDITORS = ("editor.tcss", "crews.tcss", "forms.tcss")


def styles_dir() -> Path:
    """``crewtui/styles`` in a wheel install; the top-level ``styles/`` in a source checkout."""
    # the package is installed as files (a wheel unpacked by pip): no importlib.resources,
    # which costs a few milliseconds of imports before the first frame
    packaged = Path(__file__).resolve().parents[1] / "styles"
    if (packaged / FIRST).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "styles"
    if (checkout / FIRST).is_file():
        return checkout
    raise FileNotFoundError(
        f"crewtui's stylesheets are missing (looked in {packaged} and {checkout})"
    )


def css_paths() -> list[Path]:
    """The stylesheets the app loads when it starts, ``app.tcss`` first."""
    folder = styles_dir()
    return [folder / name for name in START]


def editor_css_paths() -> list[Path]:
    """The editors' stylesheets (their screens' ``CSS_PATH``)."""
    folder = styles_dir()
    return [folder / name for name in EDITORS]


def read_editor_styles(stylesheet: Stylesheet) -> None:
    """Add the editors' stylesheets to the app's (once), before an editor is made.

    Textual reads a screen's ``CSS_PATH`` when the screen is pushed, by parsing every
    stylesheet of the app again and restyling every node of every screen. Read here, only
    these files are parsed (the others' rules are kept), and the nodes already shown need
    no new styles: none of these rules applies to the main screen (a test holds that)."""
    for path in editor_css_paths():
        if not stylesheet.has_source(str(path), ""):
            stylesheet.read(path)
