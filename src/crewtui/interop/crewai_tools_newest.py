"""crewai_tools 1.15.30 (the newest release crewtui knows) as what changed since 1.3.0
(:mod:`crewtui.interop.crewai_tools_catalog`): the classes it dropped, the classes it added and
the classes whose own constructor arguments changed, read from the installed packages
(``tests/compat/test_tool_catalogue.py`` compares both catalogues with them)."""

from __future__ import annotations

from .crewai_tools_catalog import CREWAI_TOOLS

#: classes 1.3.0 has and the newest release does not
REMOVED: frozenset[str] = frozenset({"CodeInterpreterTool"})

#: classes the newest release added (22), with their own constructor arguments
ADDED: dict[str, frozenset[str]] = {
    "AzureDocumentDBVectorSearchTool": frozenset(
        {
            "collection_name",
            "connection_string",
            "connection_timeout_ms",
            "database_name",
            "dimensions",
            "embedding_model",
            "query_config",
            "use_azure_identity",
            "vector_index_name",
        }
    ),
    "BraveImageSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveLLMContextTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveLocalPOIsDescriptionTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveLocalPOIsTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveNewsSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveVideoSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveWebSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "DB2VectorSearchTool": frozenset(
        {
            "connection",
            "connection_string",
            "cursor",
            "custom_embedding_fn",
            "db2_dbi_package",
            "db2_package",
            "dbi_connection",
            "distance_metric",
            "embedding_model",
            "limit",
            "max_distance",
            "return_columns",
            "table_name",
            "vector_column",
        }
    ),
    "DaytonaExecTool": frozenset(
        {
            "api_key",
            "api_url",
            "create_params",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "target",
        }
    ),
    "DaytonaFileTool": frozenset(
        {
            "api_key",
            "api_url",
            "create_params",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "target",
        }
    ),
    "DaytonaPythonTool": frozenset(
        {
            "api_key",
            "api_url",
            "create_params",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "target",
        }
    ),
    "E2BExecTool": frozenset(
        {
            "api_key",
            "domain",
            "envs",
            "metadata",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "template",
        }
    ),
    "E2BFileTool": frozenset(
        {
            "api_key",
            "domain",
            "envs",
            "metadata",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "template",
        }
    ),
    "E2BPythonTool": frozenset(
        {
            "api_key",
            "domain",
            "envs",
            "metadata",
            "persistent",
            "sandbox_id",
            "sandbox_timeout",
            "template",
        }
    ),
    "ExaSearchTool": frozenset(
        {"api_key", "base_url", "client", "content", "highlights", "summary", "type"}
    ),
    "MergeAgentHandlerTool": frozenset(
        {"base_url", "registered_user_id", "session_id", "tool_name", "tool_pack_id"}
    ),
    "OracleVectorSearchTool": frozenset(
        {
            "client",
            "dimensions",
            "embedding_function",
            "embedding_model",
            "oracle_config",
            "query_config",
        }
    ),
    "TavilyGetResearchTool": frozenset(),
    "TavilyResearchTool": frozenset({"citation_format", "model", "output_schema", "stream"}),
    "URLReadTool": frozenset({"encoding", "headers", "max_bytes", "timeout"}),
    "WaitTool": frozenset({"max_seconds"}),
}

#: classes both have whose arguments changed (22): the newest arguments
CHANGED: dict[str, frozenset[str]] = {
    "BraveSearchTool": frozenset({"n_results", "save_file", "search_url"}),
    "CSVSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "CodeDocsSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "DOCXSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "DirectorySearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "EXASearchTool": frozenset(
        {"api_key", "base_url", "client", "content", "highlights", "summary", "type"}
    ),
    "FileReadTool": frozenset({"base_dir", "encoding", "file_path"}),
    "FileWriterTool": frozenset({"base_dir", "encoding"}),
    "GithubSearchTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "content_types",
            "gh_token",
            "limit",
            "similarity_threshold",
            "summarize",
        }
    ),
    "JSONSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "MDXSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "MySQLSearchTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "db_uri",
            "limit",
            "similarity_threshold",
            "summarize",
        }
    ),
    "NL2SQLTool": frozenset({"allow_dml", "columns", "db_uri", "tables"}),
    "PDFSearchTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "limit",
            "pdf",
            "similarity_threshold",
            "summarize",
        }
    ),
    "RagTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "SerplyJobSearchTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "headers",
            "limit",
            "proxy_location",
            "request_url",
            "similarity_threshold",
            "summarize",
        }
    ),
    "SerplyWebpageToMarkdownTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "headers",
            "limit",
            "proxy_location",
            "request_url",
            "similarity_threshold",
            "summarize",
        }
    ),
    "TXTSearchTool": frozenset(
        {
            "adapter",
            "collection_name",
            "config",
            "limit",
            "similarity_threshold",
            "summarize",
            "txt",
        }
    ),
    "WebsiteSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "XMLSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "YoutubeChannelSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "YoutubeVideoSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
}

CREWAI_TOOLS_NEWEST: dict[str, frozenset[str]] = dict(
    sorted(
        {
            **{k: v for k, v in CREWAI_TOOLS.items() if k not in REMOVED},
            **CHANGED,
            **ADDED,
        }.items()
    )
)
