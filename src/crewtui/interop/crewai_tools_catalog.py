"""crewai_tools 1.3.0: the tool classes and the constructor arguments each one takes.

Read from the installed package once and kept here, because crewtui never imports crewai:
a tool class named here is imported from ``crewai_tools`` in an export; any other class becomes
a stub in ``tools/`` the user completes. pydantic drops unknown keyword arguments silently, so the
export passes only the arguments listed for the class (plus the common ``BaseTool`` ones).
"""

from __future__ import annotations

#: BaseTool fields a registry config may set on any tool
COMMON_ARGS: frozenset[str] = frozenset(
    {"name", "description", "result_as_answer", "max_usage_count"}
)

#: class name -> its own constructor arguments (package_dependencies left out: not user settings)
CREWAI_TOOLS: dict[str, frozenset[str]] = {
    "AIMindTool": frozenset({"api_key", "datasources", "mind_name"}),
    "ApifyActorsTool": frozenset({"actor_tool"}),
    "ArxivPaperTool": frozenset({"download_pdfs", "save_dir", "use_title_as_filename"}),
    "BedrockInvokeAgentTool": frozenset(
        {"agent_alias_id", "agent_id", "enable_trace", "end_session", "session_id"}
    ),
    "BedrockKBRetrieverTool": frozenset(
        {
            "guardrail_configuration",
            "knowledge_base_id",
            "next_token",
            "number_of_results",
            "retrieval_configuration",
        }
    ),
    "BraveSearchTool": frozenset({"country", "n_results", "save_file", "search_url"}),
    "BrightDataDatasetTool": frozenset(
        {"additional_params", "dataset_type", "format", "url", "zipcode"}
    ),
    "BrightDataSearchTool": frozenset(
        {
            "api_key",
            "base_url",
            "country",
            "device_type",
            "language",
            "parse_results",
            "query",
            "search_engine",
            "search_type",
            "zone",
        }
    ),
    "BrightDataWebUnlockerTool": frozenset(
        {"api_key", "base_url", "data_format", "format", "url", "zone"}
    ),
    "BrowserbaseLoadTool": frozenset(
        {"api_key", "browserbase", "project_id", "proxy", "session_id", "text_content"}
    ),
    "CSVSearchTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "CodeDocsSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "CodeInterpreterTool": frozenset(
        {"code", "default_image_tag", "unsafe_mode", "user_docker_base_url", "user_dockerfile_path"}
    ),
    "ComposioTool": frozenset({"composio_action"}),
    "ContextualAICreateAgentTool": frozenset({"api_key", "contextual_client"}),
    "ContextualAIParseTool": frozenset({"api_key"}),
    "ContextualAIQueryTool": frozenset({"api_key", "contextual_client"}),
    "ContextualAIRerankTool": frozenset({"api_key"}),
    "CouchbaseFTSVectorSearchTool": frozenset(
        {
            "bucket_name",
            "cluster",
            "collection_name",
            "embedding_function",
            "embedding_key",
            "index_name",
            "limit",
            "scope_name",
            "scoped_index",
        }
    ),
    "DOCXSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "DallETool": frozenset({"model", "n", "quality", "size"}),
    "DatabricksQueryTool": frozenset({"default_catalog", "default_schema", "default_warehouse_id"}),
    "DirectoryReadTool": frozenset({"directory"}),
    "DirectorySearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "EXASearchTool": frozenset({"api_key", "base_url", "client", "content", "summary", "type"}),
    "EnterpriseActionTool": frozenset(
        {"action_name", "action_schema", "enterprise_action_token", "enterprise_api_base_url"}
    ),
    "FileCompressorTool": frozenset(),
    "FileReadTool": frozenset({"file_path"}),
    "FileWriterTool": frozenset(),
    "FirecrawlCrawlWebsiteTool": frozenset({"api_key", "config"}),
    "FirecrawlScrapeWebsiteTool": frozenset({"api_key", "config"}),
    "FirecrawlSearchTool": frozenset({"api_key", "config"}),
    "GenerateCrewaiAutomationTool": frozenset({"crewai_enterprise_url", "personal_access_token"}),
    "GithubSearchTool": frozenset(
        {
            "adapter",
            "config",
            "content_types",
            "gh_token",
            "limit",
            "similarity_threshold",
            "summarize",
        }
    ),
    "HyperbrowserLoadTool": frozenset({"api_key", "hyperbrowser"}),
    "InvokeCrewAIAutomationTool": frozenset(
        {"crew_api_url", "crew_bearer_token", "max_polling_time"}
    ),
    "JSONSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "JinaScrapeWebsiteTool": frozenset({"api_key", "headers", "website_url"}),
    "LinkupSearchTool": frozenset(),
    "LlamaIndexTool": frozenset({"llama_index_tool"}),
    "MDXSearchTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "MongoDBVectorSearchTool": frozenset(
        {
            "collection_name",
            "connection_string",
            "database_name",
            "dimensions",
            "embedding_key",
            "embedding_model",
            "query_config",
            "text_key",
            "vector_index_name",
        }
    ),
    "MultiOnTool": frozenset({"local", "max_steps", "multion", "session_id"}),
    "MySQLSearchTool": frozenset(
        {"adapter", "config", "db_uri", "limit", "similarity_threshold", "summarize"}
    ),
    "NL2SQLTool": frozenset({"columns", "db_uri", "tables"}),
    "OCRTool": frozenset({"llm"}),
    "OxylabsAmazonProductScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsAmazonSearchScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsGoogleSearchScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsUniversalScraperTool": frozenset({"config", "oxylabs_api"}),
    "PDFSearchTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "ParallelSearchTool": frozenset({"search_url"}),
    "PatronusEvalTool": frozenset({"criteria", "evaluate_url", "evaluators"}),
    "PatronusLocalEvaluatorTool": frozenset({"client", "evaluated_model_gold_answer", "evaluator"}),
    "PatronusPredefinedCriteriaEvalTool": frozenset({"evaluate_url", "evaluators"}),
    "QdrantVectorSearchTool": frozenset(
        {"client", "custom_embedding_fn", "qdrant_config", "qdrant_package"}
    ),
    "RagTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "S3ReaderTool": frozenset(),
    "S3WriterTool": frozenset(),
    "ScrapeElementFromWebsiteTool": frozenset({"cookies", "css_element", "headers", "website_url"}),
    "ScrapeWebsiteTool": frozenset({"cookies", "headers", "website_url"}),
    "ScrapegraphScrapeTool": frozenset({"api_key", "enable_logging", "user_prompt", "website_url"}),
    "ScrapflyScrapeWebsiteTool": frozenset({"api_key", "scrapfly"}),
    "SeleniumScrapingTool": frozenset(
        {"cookie", "css_element", "driver", "return_html", "wait_time", "website_url"}
    ),
    "SerpApiGoogleSearchTool": frozenset({"client"}),
    "SerpApiGoogleShoppingTool": frozenset({"client"}),
    "SerperDevTool": frozenset(
        {"base_url", "country", "locale", "location", "n_results", "save_file", "search_type"}
    ),
    "SerperScrapeWebsiteTool": frozenset(),
    "SerplyJobSearchTool": frozenset(
        {
            "adapter",
            "config",
            "headers",
            "limit",
            "proxy_location",
            "request_url",
            "similarity_threshold",
            "summarize",
        }
    ),
    "SerplyNewsSearchTool": frozenset({"headers", "limit", "proxy_location", "search_url"}),
    "SerplyScholarSearchTool": frozenset({"headers", "hl", "proxy_location", "search_url"}),
    "SerplyWebSearchTool": frozenset(
        {"device_type", "headers", "hl", "limit", "proxy_location", "query_payload", "search_url"}
    ),
    "SerplyWebpageToMarkdownTool": frozenset(
        {
            "adapter",
            "config",
            "headers",
            "limit",
            "proxy_location",
            "request_url",
            "similarity_threshold",
            "summarize",
        }
    ),
    "SingleStoreSearchTool": frozenset({"connection_args", "connection_pool"}),
    "SnowflakeSearchTool": frozenset(
        {"config", "enable_caching", "max_retries", "pool_size", "retry_delay"}
    ),
    "SpiderTool": frozenset(
        {"api_key", "config", "custom_params", "log_failures", "spider", "website_url"}
    ),
    "StagehandTool": frozenset(
        {
            "api_key",
            "dom_settle_timeout_ms",
            "headless",
            "max_retries_on_token_limit",
            "model_api_key",
            "model_name",
            "project_id",
            "self_heal",
            "server_url",
            "use_simplified_dom",
            "verbose",
            "wait_for_captcha_solves",
        }
    ),
    "TXTSearchTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "TavilyExtractorTool": frozenset(
        {
            "api_key",
            "async_client",
            "client",
            "extract_depth",
            "include_images",
            "proxies",
            "timeout",
        }
    ),
    "TavilySearchTool": frozenset(
        {
            "api_key",
            "async_client",
            "client",
            "days",
            "exclude_domains",
            "include_answer",
            "include_domains",
            "include_images",
            "include_raw_content",
            "max_content_length_per_result",
            "max_results",
            "proxies",
            "search_depth",
            "time_range",
            "timeout",
            "topic",
        }
    ),
    "VisionTool": frozenset(),
    "WeaviateVectorSearchTool": frozenset(
        {
            "alpha",
            "collection_name",
            "generative_model",
            "headers",
            "limit",
            "query",
            "vectorizer",
            "weaviate_api_key",
            "weaviate_cluster_url",
        }
    ),
    "WebsiteSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "XMLSearchTool": frozenset({"adapter", "config", "limit", "similarity_threshold", "summarize"}),
    "YoutubeChannelSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "YoutubeVideoSearchTool": frozenset(
        {"adapter", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "ZapierActionTool": frozenset({"action_id", "api_key"}),
}

#: RagTool subclasses: in 1.3.0 building one imports qdrant_client, which ``crewai[tools]`` does
#: not install (ModuleNotFoundError). crewai's ``qdrant`` extra would pull the newest
#: qdrant-client, whose ``models`` lack ``InitFrom`` that crewai 1.3.0 imports, so the export
#: pins a release verified with crewai 1.3.0 (1.15.1).
RAG_TOOLS: frozenset[str] = frozenset(
    {
        "CSVSearchTool",
        "CodeDocsSearchTool",
        "DOCXSearchTool",
        "DirectorySearchTool",
        "GithubSearchTool",
        "JSONSearchTool",
        "MDXSearchTool",
        "MySQLSearchTool",
        "PDFSearchTool",
        "RagTool",
        "SerplyJobSearchTool",
        "SerplyWebpageToMarkdownTool",
        "TXTSearchTool",
        "WebsiteSearchTool",
        "XMLSearchTool",
        "YoutubeChannelSearchTool",
        "YoutubeVideoSearchTool",
    }
)
QDRANT_REQUIREMENT = "qdrant-client>=1.14.3,<1.16"


def tools_for(release_name: str) -> dict[str, frozenset[str]]:
    """The catalogue of a release (``"1.3"`` or ``"1.15"``, see :mod:`crewtui.interop.releases`)."""
    if release_name == "1.3":
        return CREWAI_TOOLS
    from .crewai_tools_newest import CREWAI_TOOLS_NEWEST

    return CREWAI_TOOLS_NEWEST


def known_tool_class(cls: str) -> bool:
    """A class some known crewai_tools release has (the importer does not know the release)."""
    return cls in CREWAI_TOOLS or cls in tools_for("1.15")
