from __future__ import annotations

from crewtui.cli import main

main()
