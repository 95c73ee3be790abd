"""Where the ``.tcss`` files are: inside the installed package, or the checkout's ``styles/``."""

from __future__ import annotations

from pathlib import Path

#: loaded first, so section stylesheets can build on it
FIRST = "app.tcss"


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
    """Every stylesheet, ``app.tcss`` first, then the others by name."""
    folder = styles_dir()
    rest = sorted(p for p in folder.glob("*.tcss") if p.name != FIRST)
    return [folder / FIRST, *rest]
