"""Run crewtui like ``crewtui --db URL`` but with cursor blink and animations off, so the
bytes counted for one action are that action's alone (a blinking cursor writes on its own).
"""

from __future__ import annotations

import dataclasses
import sys


def main() -> None:
    from crewtui.settings import Settings

    settings = dataclasses.replace(Settings.from_env(sys.argv[1]), deterministic=True)
    from crewtui.ui.app import run_app

    run_app(settings)


if __name__ == "__main__":
    main()
