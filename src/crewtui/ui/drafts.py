"""Unsaved edits kept on disk, so a dropped terminal never loses what was typed.

One JSON file per open editor under ``data_dir()/drafts``, named after the database (a hash
of its masked URL, so no password reaches a file or its name), the kind of record and its
key. Files are written atomically (temp file, fsync, rename) with mode 0600. Values keep
their Python types through JSON with small tags (``{"$decimal": "0.7"}``) so a draft comes
back exactly as it was typed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from ..services.files import write_file
from ..settings import data_dir, mask_url

FORMAT = 1


def database_id(url: str) -> str:
    """A short, stable name for a database that never contains its password."""
    return hashlib.sha256(mask_url(url).encode()).hexdigest()[:16]


def encode(value: Any) -> Any:
    """A JSON-safe form of a field value; :func:`decode` gives the value back."""
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, UUID):
        return {"$uuid": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        return {"$dict": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$decimal":
            return Decimal(inner)
        if tag == "$uuid":
            return UUID(inner)
        if tag == "$datetime":
            return datetime.fromisoformat(inner)
        if tag == "$dict":
            return {k: decode(v) for k, v in inner.items()}
    return value


@dataclass
class FieldDraft:
    """One edited field: the typed ``text`` of a text box (kept even when it does not
    parse) or the ``value`` of a picker."""

    text: str | None = None
    value: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text} if self.text is not None else {"value": encode(self.value)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldDraft:
        if "text" in data:
            return cls(text=str(data["text"]))
        return cls(value=decode(data.get("value")))


@dataclass
class Draft:
    kind: str
    key: str
    #: the version of the record when the editor loaded it (None: new or unversioned)
    version: int | None
    fields: dict[str, FieldDraft]
    group: str | None = None
    #: anything else the editor keeps (a crew's member list)
    extra: dict[str, Any] = field(default_factory=dict)
    database: str = ""
    saved_at: str = ""
    app_version: str = ""

    @property
    def is_new(self) -> bool:
        return self.key.startswith("new-")

    def body(self) -> dict[str, Any]:
        """Everything but the timestamp: equal bodies need no new write."""
        return {
            "format": FORMAT,
            "kind": self.kind,
            "key": self.key,
            "version": self.version,
            "group": self.group,
            "fields": {name: f.to_json() for name, f in sorted(self.fields.items())},
            "extra": encode(self.extra),
            "database": self.database,
            "crewtui_version": self.app_version,
        }

    def to_bytes(self) -> bytes:
        return json.dumps(
            {**self.body(), "saved_at": self.saved_at}, indent=1, ensure_ascii=False
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Draft:
        raw = json.loads(data)
        extra = decode(raw.get("extra") or {})
        return cls(
            kind=str(raw["kind"]),
            key=str(raw["key"]),
            version=raw.get("version"),
            fields={str(k): FieldDraft.from_json(v) for k, v in (raw.get("fields") or {}).items()},
            group=raw.get("group"),
            extra=extra if isinstance(extra, dict) else {},
            database=str(raw.get("database", "")),
            saved_at=str(raw.get("saved_at", "")),
            app_version=str(raw.get("crewtui_version", "")),
        )

    @property
    def when(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.saved_at)
        except ValueError:
            return None


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old file or the new one, never half
    (never through a link: a link in place of the file is refused)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_file(path.parent, path.name, data, mode=0o600)


class DraftStore:
    """The drafts of one database."""

    def __init__(self, url: str, folder: Path | None = None) -> None:
        self.database = mask_url(url)
        self.folder = folder if folder is not None else data_dir() / "drafts"
        self._prefix = database_id(url)

    def path(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()[:16]
        slug = "".join(c if c.isalnum() else "-" for c in kind)
        return self.folder / f"{self._prefix}-{slug}-{digest}.json"

    def prepare(self, draft: Draft) -> tuple[Path, bytes]:
        """The file and the bytes to write for ``draft`` (stamped with this database)."""
        draft.database = self.database
        if not draft.saved_at:
            draft.saved_at = now_text()
        return self.path(draft.kind, draft.key), draft.to_bytes()

    def save(self, draft: Draft) -> Path:
        path, data = self.prepare(draft)
        write_atomic(path, data)
        return path

    def remove(self, kind: str, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(kind, key).unlink()

    def load_all(self) -> list[Draft]:
        """This database's drafts, oldest first; unreadable files are skipped."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob(f"{self._prefix}-*.json")):
            try:
                out.append(Draft.from_bytes(path.read_bytes()))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(out, key=lambda d: d.saved_at)
