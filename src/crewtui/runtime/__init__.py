"""Running crews in a Python that has crewai (crewtui itself never imports crewai).

``runner.py`` is shipped as a file and executed by that Python; :mod:`crewtui.runtime.env`
finds or creates the runtime. The runner's wire format is one JSON object per line.
"""

from __future__ import annotations

from pathlib import Path

RUNNER = Path(__file__).with_name("runner.py")
