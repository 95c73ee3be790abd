"""Where the database is and how the program should behave; read once at start-up."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from .db.url import mask_url, normalise_url

__all__ = ["Settings", "current_user", "data_dir", "default_sqlite_url", "mask_url", "resolve_url"]

ENV_URL = "CREWTUI_DATABASE_URL"
ENV_USER = "CREWTUI_USER"
ENV_REVIEWERS = "CREWTUI_REVIEWERS"
ENV_DEPLOY_DIR = "CREWTUI_DEPLOY_DIR"
ENV_DATA_DIR = "CREWTUI_DATA_DIR"


def data_dir() -> Path:
    """The user's data directory for crewtui (override with CREWTUI_DATA_DIR)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("crewtui", appauthor=False))


def default_sqlite_url() -> str:
    return f"sqlite:///{data_dir() / 'crewtui.db'}"


def resolve_url(cli_url: str | None) -> str:
    """``--db URL``, else CREWTUI_DATABASE_URL, else the embedded SQLite file."""
    url = cli_url or os.environ.get(ENV_URL) or default_sqlite_url()
    return normalise_url(url)


def current_user() -> str:
    return os.environ.get(ENV_USER) or getpass.getuser()


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to start; tests build one directly."""

    database_url: str
    demo: bool = False
    user: str = field(default_factory=current_user)
    reviewers: tuple[str, ...] = ()
    deploy_dir: Path | None = None
    #: switch off animations and cursor blink (tests, screenshots)
    deterministic: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def masked_url(self) -> str:
        return mask_url(self.database_url)

    @classmethod
    def from_env(
        cls, cli_url: str | None = None, *, demo: bool = False, user: str | None = None
    ) -> Settings:
        reviewers = tuple(
            r.strip() for r in os.environ.get(ENV_REVIEWERS, "").split(",") if r.strip()
        )
        deploy = os.environ.get(ENV_DEPLOY_DIR)
        return cls(
            database_url=resolve_url(cli_url),
            demo=demo,
            reviewers=reviewers,
            deploy_dir=Path(deploy) if deploy else None,
            user=user or current_user(),
        )
