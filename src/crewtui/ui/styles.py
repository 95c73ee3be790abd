"""Where the ``.tcss`` files are: inside the installed package, or the checkout's ``styles/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: loaded first, so section stylesheets can build on it
FIRST = "app.tcss"


def styles_dir() -> Path:
    """``crewtui/styles`` in a wheel install; the top-level ``styles/`` in a source checkout."""
    try:
        packaged = Path(str(resources.files("crewtui") / "styles"))
    except (ModuleNotFoundError, TypeError):
        packaged = None
    if packaged is not None and (packaged / FIRST).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "styles"
    if (checkout / FIRST).is_file():
        return checkout
    raise FileNotFoundError(f"crewtui's stylesheets are missing (looked in {packaged} and {checkout})")


def css_paths() -> list[Path]:
    """Every stylesheet, ``app.tcss`` first, then the others by name."""
    folder = styles_dir()
    rest = sorted(p for p in folder.glob("*.tcss") if p.name != FIRST)
    return [folder / FIRST, *rest]
