"""The repositories live in :mod:`crewtui.db.repos`; this name is kept for importers."""

from __future__ import annotations

from .repos import *  # noqa: F403
from .repos import __all__  # noqa: F401
