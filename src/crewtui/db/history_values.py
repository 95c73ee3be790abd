"""Values as the history stores them: plain JSON, and never a secret.

Ids, decimals and timestamps become strings (a decimal keeps its exact digits, without
trailing zeros: 0.70 and 0.7 are one value). A value
under a key that looks like a secret (``api_key``, ``password``, ``token``, ...) and the
password of a connection URL are replaced by :data:`REDACTED` before anything is stored:
validation refuses secrets on the way in, but rows written by other tools (or before that
check existed) may still hold one, and history must not copy it.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..domain.storable import SECRET_KEYS

REDACTED = "[redacted]"

_URL_PASSWORD = re.compile(r"(?P<head>://[^/@\s:]*:)(?P<pw>[^/@\s]+)(?P<tail>@)")
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&](?:ssl)?pass(?:word|wd)?=)[^&#\s]*", re.IGNORECASE)


def _secret_key(key: str) -> bool:
    low = key.lower()
    return any(s in low for s in SECRET_KEYS) and not low.endswith("_env")


def _redact_text(text: str) -> str:
    if "://" not in text and "pass" not in text.lower():
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{REDACTED}{m['tail']}", text)
    return _QUERY_PASSWORD.sub(lambda m: f"{m['head']}{REDACTED}", text)


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data with every secret replaced by :data:`REDACTED`."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _redact_text(value)
    if isinstance(value, Decimal):
        text = str(value)  # exact digits; 0.70 and 0.7 are one value
        return text.rstrip("0").rstrip(".") if "." in text and "E" not in text else text
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {
            str(k): REDACTED if _secret_key(str(k)) and isinstance(v, str) and v else encode(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return _redact_text(str(value))


def holds_redacted(value: Any) -> bool:
    """Whether a stored value lost a secret (it cannot be written back as it was)."""
    if isinstance(value, str):
        return REDACTED in value
    if isinstance(value, dict):
        return any(holds_redacted(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_redacted(v) for v in value)
    return False
