"""Database URLs: the one place their text is read.

:func:`normalise_url` gives every URL the spelling the program keeps (``postgres://`` and
``postgresql://`` point at psycopg 3); :func:`database_url` parses it with SQLAlchemy's
``make_url`` for everything that opens an engine. :func:`driver_target` reads the same text
for the readers that run before SQLAlchemy is imported (the first page of the agent list,
the quick commands): importing SQLAlchemy costs about half of the app's start-up. A test
checks that it agrees with ``make_url`` and with the psycopg dialect's connection arguments,
and it declines (``None``) every URL it is not sure of, which the engine then handles.
:func:`mask_url` hides passwords wherever a URL is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

PSYCOPG = "postgresql+psycopg"
_POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def normalise_url(url: str) -> str:
    """Accept plain postgres:// URLs and point them at psycopg 3."""
    for prefix in _POSTGRES_SCHEMES:
        if url.startswith(prefix):
            return f"{PSYCOPG}://" + url[len(prefix) :]
    return url


_PASSWORD_RE = re.compile(r"(?P<head>://[^:/@]*:)(?P<pw>[^@]*)(?P<tail>@)")
# libpq also takes a password as a query parameter (?password=...)
_QUERY_PASSWORD_RE = re.compile(
    r"(?P<head>[?&](?:ssl)?pass(?:word|wd)?=)(?P<pw>[^&#]*)", re.IGNORECASE
)


def mask_url(url: str) -> str:
    """The URL with any password replaced by ****, for titles and logs."""
    url = _PASSWORD_RE.sub(lambda m: f"{m['head']}****{m['tail']}", url)
    return _QUERY_PASSWORD_RE.sub(lambda m: f"{m['head']}****", url)


def database_url(url: str | URL) -> URL:
    """The URL an engine is made from (imports SQLAlchemy)."""
    from sqlalchemy.engine import make_url

    return make_url(normalise_url(url) if isinstance(url, str) else url)


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL; None for a memory database or another backend."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


@dataclass(frozen=True)
class DriverTarget:
    """Where a bare driver connects: an SQLite file or a libpq connection URL."""

    dialect: Literal["sqlite", "postgresql"]
    sqlite_path: Path | None = None
    conninfo: str | None = None


def driver_target(url: str) -> DriverTarget | None:
    """The database of ``url`` for a bare driver, without importing SQLAlchemy.

    ``None`` for URLs with options (they are SQLAlchemy's spelling, not the driver's), memory
    databases, other backends and anything unexpected."""
    url = normalise_url(url)
    scheme, sep, rest = url.partition("://")
    if not sep or "?" in rest or "#" in rest:
        return None
    if scheme == "sqlite":
        if not rest.startswith("/"):
            return None  # sqlite:// (memory) or a host part SQLite has no use for
        path = unquote(rest[1:])
        if not path or path == ":memory:":
            return None
        return DriverTarget("sqlite", sqlite_path=Path(path))
    if scheme == PSYCOPG:
        host = rest.partition("/")[0].rpartition("@")[2]
        if "%" in host:
            return None  # libpq unquotes a host, SQLAlchemy does not: leave it to the engine
        return DriverTarget("postgresql", conninfo=f"postgresql://{rest}")
    return None
