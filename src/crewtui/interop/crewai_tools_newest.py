"""crewai_tools 1.15.30 (the newest release crewtui knows): tool classes and their own
constructor arguments, read from the installed package once (as for 1.3.0 in
:mod:`crewtui.interop.crewai_tools_catalog`). It has no ``CodeInterpreterTool`` and 22 classes
1.3.0 lacks (Brave*, E2B*, Daytona*, ...)."""

from __future__ import annotations

CREWAI_TOOLS_NEWEST: dict[str, frozenset[str]] = {
    "AIMindTool": frozenset({"api_key", "datasources", "mind_name"}),
    "ApifyActorsTool": frozenset({"actor_tool"}),
    "ArxivPaperTool": frozenset({"download_pdfs", "save_dir", "use_title_as_filename"}),
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
    "BraveSearchTool": frozenset({"n_results", "save_file", "search_url"}),
    "BraveVideoSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
    "BraveWebSearchTool": frozenset(
        {"country", "header_schema", "n_results", "raw", "save_file", "search_url"}
    ),
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
    "CSVSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "CodeDocsSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
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
    "DOCXSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "DallETool": frozenset({"model", "n", "quality", "size"}),
    "DatabricksQueryTool": frozenset({"default_catalog", "default_schema", "default_warehouse_id"}),
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
    "DirectoryReadTool": frozenset({"directory"}),
    "DirectorySearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
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
    "EXASearchTool": frozenset(
        {"api_key", "base_url", "client", "content", "highlights", "summary", "type"}
    ),
    "EnterpriseActionTool": frozenset(
        {"action_name", "action_schema", "enterprise_action_token", "enterprise_api_base_url"}
    ),
    "ExaSearchTool": frozenset(
        {"api_key", "base_url", "client", "content", "highlights", "summary", "type"}
    ),
    "FileCompressorTool": frozenset(),
    "FileReadTool": frozenset({"base_dir", "encoding", "file_path"}),
    "FileWriterTool": frozenset({"base_dir", "encoding"}),
    "FirecrawlCrawlWebsiteTool": frozenset({"api_key", "config"}),
    "FirecrawlScrapeWebsiteTool": frozenset({"api_key", "config"}),
    "FirecrawlSearchTool": frozenset({"api_key", "config"}),
    "GenerateCrewaiAutomationTool": frozenset({"crewai_enterprise_url", "personal_access_token"}),
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
    "HyperbrowserLoadTool": frozenset({"api_key", "hyperbrowser"}),
    "InvokeCrewAIAutomationTool": frozenset(
        {"crew_api_url", "crew_bearer_token", "max_polling_time"}
    ),
    "JSONSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "JinaScrapeWebsiteTool": frozenset({"api_key", "headers", "website_url"}),
    "LinkupSearchTool": frozenset(),
    "LlamaIndexTool": frozenset({"llama_index_tool"}),
    "MDXSearchTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
    "MergeAgentHandlerTool": frozenset(
        {"base_url", "registered_user_id", "session_id", "tool_name", "tool_pack_id"}
    ),
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
    "OCRTool": frozenset({"llm"}),
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
    "OxylabsAmazonProductScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsAmazonSearchScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsGoogleSearchScraperTool": frozenset({"config", "oxylabs_api"}),
    "OxylabsUniversalScraperTool": frozenset({"config", "oxylabs_api"}),
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
    "ParallelSearchTool": frozenset({"search_url"}),
    "PatronusEvalTool": frozenset({"criteria", "evaluate_url", "evaluators"}),
    "PatronusLocalEvaluatorTool": frozenset({"client", "evaluated_model_gold_answer", "evaluator"}),
    "PatronusPredefinedCriteriaEvalTool": frozenset({"evaluate_url", "evaluators"}),
    "QdrantVectorSearchTool": frozenset(
        {"client", "custom_embedding_fn", "qdrant_config", "qdrant_package"}
    ),
    "RagTool": frozenset(
        {"adapter", "collection_name", "config", "limit", "similarity_threshold", "summarize"}
    ),
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
    "SerplyNewsSearchTool": frozenset({"headers", "limit", "proxy_location", "search_url"}),
    "SerplyScholarSearchTool": frozenset({"headers", "hl", "proxy_location", "search_url"}),
    "SerplyWebSearchTool": frozenset(
        {"device_type", "headers", "hl", "limit", "proxy_location", "query_payload", "search_url"}
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
    "TavilyGetResearchTool": frozenset(),
    "TavilyResearchTool": frozenset({"citation_format", "model", "output_schema", "stream"}),
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
    "URLReadTool": frozenset({"encoding", "headers", "max_bytes", "timeout"}),
    "VisionTool": frozenset(),
    "WaitTool": frozenset({"max_seconds"}),
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
    "ZapierActionTool": frozenset({"action_id", "api_key"}),
}
