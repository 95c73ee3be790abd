"""Files the app writes for itself (drafts) and values it shows, through the one safe writer
and the importer's own formatting, so the interface needs no interop import of its own."""

from __future__ import annotations

from typing import Any

from ..interop.safefiles import UnsafePath, write_file

__all__ = ["UnsafePath", "show_value", "write_file"]


def show_value(value: Any) -> str:
    """A value as the import report shows it (the importer loads only when a report does)."""
    from ..interop.importer.plan import show_value as shown

    return shown(value)
