"""Environment variables crewai_tools 1.3.0 classes read (their ``env_vars``), so that an import
can note which variable a tool needs when the project's .env.example lists it."""

from __future__ import annotations

from pathlib import Path

from .errors import Issue
from .files import optional_text

TOOL_ENV: dict[str, tuple[str, ...]] = {
    "AIMindTool": ("MINDS_API_KEY",),
    "ApifyActorsTool": ("APIFY_API_TOKEN",),
    "BraveSearchTool": ("BRAVE_API_KEY",),
    "BrightDataDatasetTool": ("BRIGHT_DATA_API_KEY",),
    "BrightDataSearchTool": ("BRIGHT_DATA_API_KEY",),
    "BrightDataWebUnlockerTool": ("BRIGHT_DATA_API_KEY",),
    "BrowserbaseLoadTool": ("BROWSERBASE_API_KEY", "BROWSERBASE_PROJECT_ID"),
    "ComposioTool": ("COMPOSIO_API_KEY",),
    "DallETool": ("OPENAI_API_KEY",),
    "EXASearchTool": ("EXA_API_KEY", "EXA_BASE_URL"),
    "FirecrawlCrawlWebsiteTool": ("FIRECRAWL_API_KEY",),
    "FirecrawlScrapeWebsiteTool": ("FIRECRAWL_API_KEY",),
    "FirecrawlSearchTool": ("FIRECRAWL_API_KEY",),
    "HyperbrowserLoadTool": ("HYPERBROWSER_API_KEY",),
    "LinkupSearchTool": ("LINKUP_API_KEY",),
    "MultiOnTool": ("MULTION_API_KEY",),
    "OxylabsAmazonProductScraperTool": ("OXYLABS_USERNAME", "OXYLABS_PASSWORD"),
    "OxylabsAmazonSearchScraperTool": ("OXYLABS_USERNAME", "OXYLABS_PASSWORD"),
    "OxylabsGoogleSearchScraperTool": ("OXYLABS_USERNAME", "OXYLABS_PASSWORD"),
    "OxylabsUniversalScraperTool": ("OXYLABS_USERNAME", "OXYLABS_PASSWORD"),
    "ParallelSearchTool": ("PARALLEL_API_KEY",),
    "PatronusEvalTool": ("PATRONUS_API_KEY",),
    "QdrantVectorSearchTool": ("OPENAI_API_KEY",),
    "ScrapegraphScrapeTool": ("SCRAPEGRAPH_API_KEY",),
    "ScrapflyScrapeWebsiteTool": ("SCRAPFLY_API_KEY",),
    "SerpApiGoogleSearchTool": ("SERPAPI_API_KEY",),
    "SerpApiGoogleShoppingTool": ("SERPAPI_API_KEY",),
    "SerperDevTool": ("SERPER_API_KEY",),
    "SerperScrapeWebsiteTool": ("SERPER_API_KEY",),
    "SerplyJobSearchTool": ("SERPLY_API_KEY",),
    "SerplyNewsSearchTool": ("SERPLY_API_KEY",),
    "SerplyScholarSearchTool": ("SERPLY_API_KEY",),
    "SerplyWebSearchTool": ("SERPLY_API_KEY",),
    "SerplyWebpageToMarkdownTool": ("SERPLY_API_KEY",),
    "SpiderTool": ("SPIDER_API_KEY",),
    "TavilyExtractorTool": ("TAVILY_API_KEY",),
    "TavilySearchTool": ("TAVILY_API_KEY",),
    "VisionTool": ("OPENAI_API_KEY",),
    "WeaviateVectorSearchTool": ("OPENAI_API_KEY",),
}


def listed_env(root: Path, warnings: list[Issue] | None = None) -> set[str]:
    """Variable names in the project's .env.example (values, if any, are ignored)."""
    text = optional_text(root / ".env.example", root, warnings)
    if text is None:
        return set()
    out: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            out.add(line.split("=", 1)[0].strip())
    return out


def env_config(tool_class: str, listed: set[str]) -> dict[str, str]:
    """``{"api_key_env": NAME}`` for the variables of ``tool_class`` the project lists."""
    names = [n for n in TOOL_ENV.get(tool_class, ()) if n in listed]
    if len(TOOL_ENV.get(tool_class, ())) == 1:
        return {"api_key_env": names[0]} if names else {}
    return {f"{n.lower()}_env": n for n in names}
