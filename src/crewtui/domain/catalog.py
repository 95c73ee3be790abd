"""Memory configurations, departments and the tool registry."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import AfterValidator, Field

from .base import Record
from .fields import spec
from .validators import Slug, check_no_password_in_url, check_no_secrets

StorageType = Literal["postgresql", "redis", "file"]
EmbedderProvider = Literal["openai", "cohere", "huggingface"]

TYPES = "Memory types"
STORAGE = "Storage"
LIMITS = "Limits"
EMBED = "Embeddings"
BASIC = "Basic"


class MemoryConfig(Record):
    key_field: ClassVar[str] = "name"
    table: ClassVar[str] = "agent_memory_configs"

    name: Annotated[str, Field(min_length=1, max_length=100)] = spec(
        group=BASIC, label="Name", help="Unique name people pick the configuration by."
    )
    short_term_enabled: bool = spec(
        True, group=TYPES, label="Short-term", help="Recent conversation memory."
    )
    long_term_enabled: bool = spec(
        False, group=TYPES, label="Long-term", help="Persistent memory across sessions."
    )
    entity_enabled: bool = spec(
        False, group=TYPES, label="Entity", help="Entity extraction and tracking."
    )
    contextual_enabled: bool = spec(
        False, group=TYPES, label="Contextual", help="Context-aware memory."
    )
    user_enabled: bool = spec(False, group=TYPES, label="User", help="User-specific memory.")
    storage_type: StorageType = spec(
        "postgresql", group=STORAGE, label="Storage", help="Where memory is kept."
    )
    storage_connection_string: Annotated[str | None, AfterValidator(check_no_password_in_url)] = (
        spec(
            None,
            group=STORAGE,
            label="Connection",
            help=(
                "Name of the environment variable that holds the connection string (never the "
                "string itself when it has a password)."
            ),
        )
    )
    short_term_max_messages: int = spec(
        10,
        group=LIMITS,
        label="Short-term messages",
        help="Messages kept in short-term memory.",
        ge=1,
    )
    long_term_max_kb: int = spec(
        1000,
        group=LIMITS,
        label="Long-term KB",
        help="Size limit of long-term storage.",
        ge=1,
        unit="KB",
    )
    entity_max_count: int = spec(
        100, group=LIMITS, label="Max entities", help="Tracked entities at most.", ge=1
    )
    embedder_provider: EmbedderProvider = spec(
        "openai",
        group=EMBED,
        label="Embedder provider",
        help="Embedding provider for memory search.",
    )
    embedder_model: Annotated[str, Field(min_length=1, max_length=100)] = spec(
        "text-embedding-ada-002", group=EMBED, label="Embedder model", help="Embedding model name."
    )
    embedder_dimensions: int = spec(
        1536, group=EMBED, label="Dimensions", help="Embedding vector size.", ge=1
    )


class Department(Record):
    key_field: ClassVar[str] = "department_key"
    table: ClassVar[str] = "agent_departments"

    department_key: Slug = spec(
        group=BASIC, label="Key", help="Unique key (research).", max_length=100
    )
    name: Annotated[str, Field(min_length=1, max_length=200)] = spec(
        group=BASIC, label="Name", help="Display name."
    )
    description: str | None = spec(
        None, group=BASIC, label="Description", help="What the department does.", kind="text"
    )
    parent_department_id: UUID | None = spec(
        None, group=BASIC, label="Parent", help="Parent department.", kind="ref", ref="department"
    )
    sort_order: int = spec(0, group=BASIC, label="Sort order", help="Position in lists.")


ToolStatus = Literal["active", "inactive", "deprecated"]


class Tool(Record):
    key_field: ClassVar[str] = "tool_key"
    table: ClassVar[str] = "agent_tools"

    tool_key: Slug = spec(
        group=BASIC, label="Key", help="Unique key agents refer to (web_search).", max_length=100
    )
    name: Annotated[str, Field(min_length=1, max_length=200)] = spec(
        group=BASIC, label="Name", help="Display name."
    )
    description: str | None = spec(
        None,
        group=BASIC,
        label="Description",
        help="What the tool does; shown to the LLM.",
        kind="text",
    )
    tool_class: str | None = spec(
        None,
        group=BASIC,
        label="Class",
        help="Python class: a crewai_tools class (SerperDevTool) or your own.",
        max_length=200,
        pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$",
    )
    config: Annotated[dict[str, Any], AfterValidator(check_no_secrets)] = spec(
        default_factory=dict,
        group=BASIC,
        label="Config",
        help="Constructor arguments as JSON; API keys by env-var name (api_key_env).",
        kind="json",
    )
    requires_api_key: bool = spec(
        False,
        group=BASIC,
        label="Needs API key",
        help="The tool needs an API key in the environment.",
    )
    status: ToolStatus = spec(
        "active", group=BASIC, label="Status", help="active, inactive or deprecated."
    )
