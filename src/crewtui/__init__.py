"""crewtui: build and keep CrewAI crews in a real database, from the terminal."""

from __future__ import annotations

__version__ = "0.1.0"
