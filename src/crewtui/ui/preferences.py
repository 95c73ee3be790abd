"""The app's preferences (the theme, the deploy folder), kept in ``settings.json`` in the
user's config directory (platformdirs; ``CREWTUI_CONFIG_DIR`` overrides it).

Unreadable or unknown content is ignored (the defaults apply); a write goes to a temporary
file first and replaces the old one, so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

ENV_CONFIG_DIR = "CREWTUI_CONFIG_DIR"
FILE_NAME = "settings.json"


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("crewtui", appauthor=False))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Preferences:
    #: the Textual theme chosen in the palette ("Change theme")
    theme: str | None = None
    #: the folder the Deployments section deploys into, as last chosen
    deploy_folder: str | None = None

    @classmethod
    def load(cls) -> Preferences:
        try:
            data = json.loads(settings_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})

    def save(self) -> None:
        path = settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".settings.", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(asdict(self), out, indent=2)
            os.replace(tmp, path)
        except OSError:
            pass  # preferences are a convenience: never an error the user must handle
