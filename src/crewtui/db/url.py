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

from ..domain.errors import CrewtuiError

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


# greedy up to the last "@" of the authority, so a raw "@" inside a password is hidden too
_PASSWORD_RE = re.compile(r"(?P<head>://[^:/@]*:)(?P<pw>[^/?#]*)(?P<tail>@)")
# libpq also takes a password as a query parameter (?password=...)
_QUERY_PASSWORD_RE = re.compile(
    r"(?P<head>[?&](?:ssl)?pass(?:word|wd)?=)(?P<pw>[^&#]*)", re.IGNORECASE
)


def mask_url(url: str) -> str:
    """The URL with any password replaced by ****, for titles and logs."""
    url = _PASSWORD_RE.sub(lambda m: f"{m['head']}****{m['tail']}", url)
    return _QUERY_PASSWORD_RE.sub(lambda m: f"{m['head']}****", url)


class BadDatabaseUrl(CrewtuiError):
    """A database URL that cannot be used; the message never holds its password."""

    title = "Invalid database URL"
    exit_code = 2


_SCHEMES = ("sqlite", PSYCOPG)


def url_problem(url: str) -> str | None:
    """What is wrong with ``url`` (in words that never repeat a password), else None."""
    url = normalise_url(url)
    scheme, sep, rest = url.partition("://")
    if "\0" in url:
        return "the URL holds a NUL character"
    if not sep:
        return "is not a URL: use sqlite:///PATH or postgresql://USER@HOST/DATABASE"
    if scheme not in _SCHEMES and not scheme.startswith("postgresql+"):
        shown = scheme if re.fullmatch(r"[A-Za-z0-9+.-]{1,30}", scheme) else "?"
        return (
            f"unsupported database '{shown}': use sqlite:///PATH or postgresql://USER@HOST/DATABASE"
        )
    if scheme == "sqlite":
        return "the file name holds a NUL character" if "\0" in unquote(rest) else None
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if authority.count("@") > 1:
        return "the user name or password holds a raw '@': write it as %40"
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        if "]" not in hostport:
            return "the IPv6 host is missing its closing ']'"
        port = hostport.partition("]")[2].removeprefix(":")
    else:
        port = hostport.partition(":")[2]
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        shown = port if len(port) <= 20 and port.isprintable() else port[:20] + "…"
        return f"the port '{shown}' is not a number from 1 to 65535"
    return None


def database_url(url: str | URL) -> URL:
    """The URL an engine is made from (imports SQLAlchemy); a bad one is refused with a
    message that names what is wrong and never the password."""
    from sqlalchemy.engine import make_url

    if not isinstance(url, str):
        return make_url(url)
    why = url_problem(url)
    if why is not None:
        raise BadDatabaseUrl(f"{why} ({mask_url(url)})" if "@" not in why else why)
    try:
        return make_url(normalise_url(url))
    except Exception as exc:  # sqlalchemy's ArgumentError, or ValueError from its parser
        raise BadDatabaseUrl(
            f"not a valid database URL ({type(exc).__name__}): {mask_url(url)}"
        ) from None


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
    if url_problem(url) is not None:
        return None  # the engine refuses it with the reason
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
