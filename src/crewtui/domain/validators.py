"""Reusable checks for values users type: slugs, URLs, date formats, JSON shapes."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator, Field

from .storable import SECRET_KEYS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TOOL_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")

# strftime directives that CPython documents (plus %% for a literal percent sign).
_STRFTIME_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuVeFDTrRnthCgklPsE%")


def check_kebab(value: str) -> str:
    if not KEBAB_RE.match(value):
        raise ValueError(
            "must be lower-case letters and digits separated by single hyphens "
            "(for example senior-market-analyst)"
        )
    return value


def check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(
            "must be lower-case letters and digits separated by '-' or '_' (for example web_search)"
        )
    return value


def check_identifier(value: str) -> str:
    if not IDENT_RE.match(value):
        raise ValueError(
            "must be a Python identifier (letters, digits and _; not starting with a digit)"
        )
    return value


def check_http_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("must be an http:// or https:// URL with a host")
    if any(c.isspace() for c in value):
        raise ValueError("must not contain spaces")
    return value


def check_strftime(value: str) -> str:
    """A valid strftime format: every % is followed by a known directive."""
    if not value.strip():
        raise ValueError("must not be empty")
    i = 0
    while i < len(value):
        if value[i] == "%":
            if i + 1 >= len(value):
                raise ValueError("ends with a lone '%'")
            nxt = value[i + 1]
            if nxt in "-#" and i + 2 < len(value):  # platform flags such as %-d
                nxt = value[i + 2]
                i += 1
            if nxt not in _STRFTIME_DIRECTIVES:
                raise ValueError(f"'%{nxt}' is not a strftime directive")
            i += 2
        else:
            i += 1
    return value


_TOKEN_FORMATS = (
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MM", "%m"),
    ("DD", "%d"),
    ("HH", "%H"),
    ("mm", "%M"),
    ("ss", "%S"),
)


def to_strftime(value: str) -> str:
    """crewai wants a strftime format; the schema's default is the token form 'YYYY-MM-DD'."""
    if "%" in value:
        return value
    out = value
    for token, directive in _TOKEN_FORMATS:
        out = out.replace(token, directive)
    return out


def find_secret_keys(value: Any, path: str = "") -> list[str]:
    """Dotted paths of keys that look like stored secrets (values, not env-var names)."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{path}.{k}" if path else str(k)
            lk = str(k).lower()
            if (
                any(s in lk for s in SECRET_KEYS)
                and not lk.endswith("_env")
                and isinstance(v, str)
                and v
            ):
                found.append(here)
            found.extend(find_secret_keys(v, here))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(find_secret_keys(v, f"{path}[{i}]"))
    return found


def check_no_secrets(value: Any) -> Any:
    bad = find_secret_keys(value)
    if bad:
        raise ValueError(
            f"{', '.join(bad)} looks like a secret: store the name of an environment variable "
            "instead (for example api_key_env: OPENAI_API_KEY)"
        )
    return value


_URL_PASSWORD_RE = re.compile(r"://[^/@\s]*:[^/@\s]+@")
_QUERY_PASSWORD_RE = re.compile(r"[?&](?:ssl)?pass(?:word|wd)?=[^&]+", re.IGNORECASE)


def check_no_password_in_url(value: str | None) -> str | None:
    """A connection string may name a host and a user, never a password: keep it in the
    environment (store the variable's name, or a URL without the password)."""
    if value and (_URL_PASSWORD_RE.search(value) or _QUERY_PASSWORD_RE.search(value)):
        raise ValueError(
            "holds a password: store the name of an environment variable instead "
            "(for example CREWAI_MEMORY_URL), or the URL without its password"
        )
    return value


EMBEDDER_PROVIDERS = (
    "openai",
    "azure",
    "ollama",
    "google",
    "google-generativeai",
    "vertexai",
    "cohere",
    "voyageai",
    "bedrock",
    "huggingface",
    "watson",
    "jina",
    "custom",
)


def check_embedder(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """crewai's embedder: {"provider": "...", "config": {...}}."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(
            'must be an object like {"provider": "openai", "config": {"model_name": "..."}}'
        )
    provider = value.get("provider")
    if not isinstance(provider, str) or not provider:
        raise ValueError('needs "provider" (for example "openai")')
    extra = set(value) - {"provider", "config"}
    if extra:
        raise ValueError(
            f'unknown key(s) {sorted(extra)}: only "provider" and "config" are allowed'
        )
    cfg = value.get("config", {})
    if not isinstance(cfg, dict):
        raise ValueError('"config" must be an object')
    check_no_secrets(value)
    return value


KNOWLEDGE_TYPES = ("string", "text_file", "pdf", "csv", "excel", "json")


def check_knowledge_sources(value: list[Any]) -> list[Any]:
    """Each source: a knowledge row id / title (string) or {"type": ..., ...}."""
    for i, item in enumerate(value):
        if isinstance(item, str):
            if not item.strip():
                raise ValueError(f"item {i} is an empty string")
            continue
        if not isinstance(item, dict):
            raise ValueError(f'item {i} must be a string or an object with a "type"')
        typ = item.get("type")
        if typ not in KNOWLEDGE_TYPES:
            raise ValueError(f'item {i}: "type" must be one of {", ".join(KNOWLEDGE_TYPES)}')
        if typ == "string":
            if not isinstance(item.get("content"), str) or not item["content"]:
                raise ValueError(f'item {i}: a "string" source needs "content"')
        else:
            paths = item.get("file_paths")
            if (
                not isinstance(paths, list)
                or not paths
                or not all(isinstance(p, str) and p for p in paths)
            ):
                raise ValueError(f'item {i}: a "{typ}" source needs "file_paths", a list of paths')
    check_no_secrets(value)
    return value


JSON_SCHEMA_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")


def _check_schema_node(node: Any, path: str) -> None:
    if not isinstance(node, dict):
        raise ValueError(f"{path or 'schema'} must be an object")
    typ = node.get("type")
    if typ is not None:
        types = typ if isinstance(typ, list) else [typ]
        for t in types:
            if t not in JSON_SCHEMA_TYPES:
                raise ValueError(f"{path or 'schema'}: unknown type {t!r}")
    props = node.get("properties")
    if props is not None:
        if not isinstance(props, dict):
            raise ValueError(f"{path or 'schema'}.properties must be an object")
        for k, v in props.items():
            if not IDENT_RE.match(str(k)):
                raise ValueError(f"{path or 'schema'}: property {k!r} is not an identifier")
            _check_schema_node(v, f"{path}.properties.{k}" if path else f"properties.{k}")
    if "items" in node:
        _check_schema_node(node["items"], f"{path}.items" if path else "items")
    req = node.get("required")
    if req is not None and (not isinstance(req, list) or not all(isinstance(r, str) for r in req)):
        raise ValueError(f"{path or 'schema'}.required must be a list of property names")


def check_output_schema(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A JSON schema describing an object with properties, as crewai's output_json needs."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("must be a JSON schema object")
    if value.get("type", "object") != "object":
        raise ValueError('the top level must be {"type": "object", "properties": {...}}')
    if not isinstance(value.get("properties"), dict) or not value["properties"]:
        raise ValueError('needs "properties" with at least one property')
    _check_schema_node(value, "")
    return value


def check_tag_list(value: list[str]) -> list[str]:
    seen: set[str] = set()
    for i, item in enumerate(value):
        if not isinstance(item, str) or not TOOL_NAME_RE.match(item):
            raise ValueError(f"item {i} ({item!r}) must be a tool name (letters, digits, _ - .)")
        if item in seen:
            raise ValueError(f"{item!r} is listed twice")
        seen.add(item)
    return value


KebabKey = Annotated[str, AfterValidator(check_kebab)]
Slug = Annotated[str, AfterValidator(check_slug)]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]

#: the NAME of an environment variable (secrets are referred to by name only)
EnvVarName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=100)]
StrftimeFormat = Annotated[str, AfterValidator(check_strftime)]
ToolNames = Annotated[list[str], AfterValidator(check_tag_list)]
