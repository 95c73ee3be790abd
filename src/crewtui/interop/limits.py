"""The limits every project import and code scan reads within.

A project or a scanned folder is someone else's files: each is read only when it is a regular
file inside the folder given, no larger than :data:`MAX_FILE_BYTES`; YAML may not expand its
aliases past :data:`MAX_ALIAS_RATIO` times its own size, no document or expression may nest
deeper than :data:`MAX_NESTING`, no integer may have more than :data:`MAX_INT_DIGITS` digits,
and one import or scan stops after :data:`READ_SECONDS`. The readers look the values up here
when they run (tests lower them), so keep reading them as ``limits.NAME``.
"""

from __future__ import annotations

import time

#: bytes of one file (a 10,000-agent export's crew.py is 3.3 MB, its agents.yaml 5.3 MB)
MAX_FILE_BYTES = 64 * 1024 * 1024
#: nested collections in YAML or JSON, nested expressions evaluated in Python
MAX_NESTING = 100
#: YAML: nodes an alias may stand for, over the nodes the document writes out itself
MAX_ALIAS_RATIO = 10
#: ... and that many more whatever the document's size
MAX_ALIAS_FLOOR = 10_000
#: digits of an integer in YAML or JSON (a 64-bit integer has 19)
MAX_INT_DIGITS = 40
#: characters of a text built by concatenation in Python
MAX_TEXT_CHARS = 1024 * 1024
#: items of a list built by concatenation in Python
MAX_ITEMS = 100_000
#: seconds one import reads a project, or one scan reads its folder
READ_SECONDS = 120.0

#: what the database columns of integer fields hold (PostgreSQL ``integer``)
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


class TimeUp(Exception):
    """The time given to one read is over."""


class Deadline:
    """The end of the time one import or scan may take (:data:`READ_SECONDS` from now)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = READ_SECONDS if seconds is None else seconds
        self._end = time.monotonic() + self.seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._end

    def check(self) -> None:
        if self.passed:
            raise TimeUp(f"stopped at the time limit ({self.seconds:g} s)")
