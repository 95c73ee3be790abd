"""The demo organisation: 11 departments, 30 agents, a tool registry and two crews."""

from __future__ import annotations

from typing import Any


def jsonb_order(value: Any) -> Any:
    """``value`` with object keys in the order PostgreSQL's JSONB keeps them (shorter keys
    first, then bytewise), so the demo reads back the same from SQLite and PostgreSQL."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return {k: jsonb_order(value[k]) for k in keys}
    if isinstance(value, list):
        return [jsonb_order(v) for v in value]
    return value


JSON_FIELDS = ("config", "embedder_config", "knowledge_sources", "output_json_schema")


def with_jsonb_order(values: dict[str, Any]) -> dict[str, Any]:
    return {k: jsonb_order(v) if k in JSON_FIELDS else v for k, v in values.items()}


DEPARTMENTS: list[tuple[str, str, str, str | None]] = [
    # key, name, description, parent key
    ("research", "Research", "Market and venture research.", None),
    ("strategy", "Strategy", "Portfolio strategy and competitive positioning.", None),
    ("finance", "Finance", "Financial models, pricing and investor relations.", "strategy"),
    ("marketing", "Marketing", "Brand, positioning and growth.", "strategy"),
    ("product", "Product", "Product discovery and documentation.", "research"),
    ("engineering", "Engineering", "Architecture and security reviews.", "product"),
    ("legal", "Legal & Compliance", "Regulation, contracts and compliance.", None),
    ("operations", "Operations", "Operations planning, supply chain and quality.", None),
    ("sales", "Sales", "Sales engineering and key accounts.", None),
    ("customer-success", "Customer Success", "Retention and customer advocacy.", "sales"),
    ("governance", "Governance", "Board support and risk oversight.", None),
]

MEMORY_CONFIGS: list[dict[str, Any]] = [
    {
        "name": "default",
        "short_term_enabled": True,
        "entity_enabled": True,
        "storage_type": "file",
        "embedder_provider": "openai",
        "embedder_model": "text-embedding-3-small",
        "embedder_dimensions": 1536,
    },
    {
        "name": "long-horizon",
        "short_term_enabled": True,
        "long_term_enabled": True,
        "entity_enabled": True,
        "contextual_enabled": True,
        "storage_type": "postgresql",
        "storage_connection_string": "CREWTUI_MEMORY_DSN",
        "short_term_max_messages": 25,
        "long_term_max_kb": 4000,
        "entity_max_count": 500,
        "embedder_provider": "openai",
        "embedder_model": "text-embedding-3-large",
        "embedder_dimensions": 3072,
    },
]

TOOLS: list[dict[str, Any]] = [
    {
        "tool_key": "web_search",
        "name": "Web search",
        "tool_class": "SerperDevTool",
        "requires_api_key": True,
        "description": "Google search results through serper.dev.",
        "config": {"n_results": 10, "api_key_env": "SERPER_API_KEY"},
    },
    {
        "tool_key": "scrape_website",
        "name": "Scrape website",
        "tool_class": "ScrapeWebsiteTool",
        "description": "Reads the text of a web page.",
    },
    {
        "tool_key": "website_search",
        "name": "Website search",
        "tool_class": "WebsiteSearchTool",
        "description": "Semantic search within one website.",
        "requires_api_key": True,
        "config": {"api_key_env": "OPENAI_API_KEY"},
    },
    {
        "tool_key": "file_read",
        "name": "Read file",
        "tool_class": "FileReadTool",
        "description": "Reads a local file.",
    },
    {
        "tool_key": "directory_read",
        "name": "List directory",
        "tool_class": "DirectoryReadTool",
        "description": "Lists the files of a folder.",
        "config": {"directory": "./data"},
    },
    {
        "tool_key": "pdf_search",
        "name": "PDF search",
        "tool_class": "PDFSearchTool",
        "description": "Semantic search in PDF documents.",
        "requires_api_key": True,
        "config": {"api_key_env": "OPENAI_API_KEY"},
    },
    {
        "tool_key": "csv_search",
        "name": "CSV search",
        "tool_class": "CSVSearchTool",
        "description": "Semantic search in CSV files.",
        "requires_api_key": True,
        "config": {"api_key_env": "OPENAI_API_KEY"},
    },
    {
        "tool_key": "code_interpreter",
        "name": "Code interpreter",
        "tool_class": "CodeInterpreterTool",
        "description": "Runs Python code in a container.",
    },
    {
        "tool_key": "market_data",
        "name": "Market data",
        "tool_class": "venture_tools.market.MarketDataTool",
        "description": "Market size and growth figures by industry code (in-house service).",
        "requires_api_key": True,
        "config": {"api_key_env": "MARKET_DATA_API_KEY", "region": "us"},
    },
    {
        "tool_key": "crm_lookup",
        "name": "CRM lookup",
        "tool_class": "venture_tools.crm.CrmLookupTool",
        "description": "Accounts, deals and contacts from the CRM (in-house).",
        "config": {"base_url_env": "CRM_BASE_URL"},
    },
]

# key, department, llm, tools, goal; flags: M memory, R reasoning, V multimodal, C code execution
_AGENTS: list[tuple[str, str, str, list[str], str, str]] = [
    (
        "senior-market-analyst",
        "research",
        "openai/gpt-4o",
        ["web_search", "market_data"],
        "Size the serviceable market for {topic} with sources for every figure",
        "MR",
    ),
    (
        "pain-point-researcher",
        "research",
        "openai/gpt-4o-mini",
        ["web_search", "scrape_website"],
        "Find the problems customers of {topic} pay to solve today",
        "",
    ),
    (
        "competitive-intelligence-lead",
        "strategy",
        "openai/gpt-4o",
        ["web_search", "website_search"],
        "Map the competitors of {topic} and how they win deals",
        "R",
    ),
    (
        "strategic-fit-assessor",
        "strategy",
        "openai/gpt-4o",
        ["file_read"],
        "Judge how well {topic} fits the portfolio thesis",
        "",
    ),
    (
        "financial-modeler",
        "finance",
        "openai/gpt-4o",
        ["csv_search", "file_read"],
        "Build a three-year financial model for {topic}",
        "R",
    ),
    (
        "pricing-strategist",
        "finance",
        "anthropic/claude-3-5-sonnet-20241022",
        ["market_data"],
        "Propose a pricing model for {topic} that the market accepts",
        "",
    ),
    (
        "brand-storyteller",
        "marketing",
        "anthropic/claude-3-5-sonnet-20241022",
        [],
        "Tell the story of {topic} in words customers remember",
        "V",
    ),
    (
        "growth-marketer",
        "marketing",
        "openai/gpt-4o-mini",
        ["web_search", "crm_lookup"],
        "Design the first three growth experiments for {topic}",
        "",
    ),
    (
        "product-manager",
        "product",
        "openai/gpt-4o",
        ["file_read", "crm_lookup"],
        "Turn research on {topic} into a product brief with priorities",
        "M",
    ),
    (
        "ux-researcher",
        "product",
        "openai/gpt-4o",
        ["scrape_website"],
        "Describe how people work today and where {topic} helps",
        "V",
    ),
    (
        "solutions-architect",
        "engineering",
        "openai/gpt-4o",
        ["file_read", "directory_read"],
        "Sketch an architecture for {topic} that a small team can run",
        "C",
    ),
    (
        "security-reviewer",
        "engineering",
        "openai/gpt-4o-mini",
        ["file_read", "code_interpreter"],
        "Find the security risks of {topic} before customers do",
        "C",
    ),
    (
        "regulatory-counsel",
        "legal",
        "openai/gpt-4o",
        ["pdf_search"],
        "Explain which regulations apply to {topic} and what they demand",
        "",
    ),
    (
        "contracts-analyst",
        "legal",
        "openai/gpt-4o-mini",
        ["pdf_search", "file_read"],
        "Flag unusual terms in contracts related to {topic}",
        "M",
    ),
    (
        "operations-planner",
        "operations",
        "openai/gpt-4o-mini",
        ["csv_search"],
        "Plan the operations needed to deliver {topic}",
        "",
    ),
    (
        "supply-chain-analyst",
        "operations",
        "ollama/llama3.1:8b",
        ["csv_search", "market_data"],
        "Assess supplier concentration risks for {topic}",
        "",
    ),
    (
        "sales-engineer",
        "sales",
        "openai/gpt-4o-mini",
        ["crm_lookup", "website_search"],
        "Prepare technical answers for buyers of {topic}",
        "",
    ),
    (
        "account-strategist",
        "sales",
        "openai/gpt-4o",
        ["crm_lookup"],
        "Pick the first ten accounts to approach for {topic}",
        "M",
    ),
    (
        "customer-advocate",
        "customer-success",
        "openai/gpt-4o-mini",
        ["crm_lookup"],
        "Represent the customer's voice in every decision about {topic}",
        "",
    ),
    (
        "churn-analyst",
        "customer-success",
        "openai/gpt-4o-mini",
        ["csv_search", "code_interpreter"],
        "Predict which customers of {topic} are likely to leave",
        "RC",
    ),
    (
        "board-secretary",
        "governance",
        "openai/gpt-4o",
        [],
        "Run the board briefing on {topic}: delegate, check and assemble",
        "R",
    ),
    (
        "risk-officer",
        "governance",
        "openai/gpt-4o",
        ["file_read"],
        "Keep an honest register of the risks of {topic}",
        "",
    ),
    (
        "data-scientist",
        "research",
        "openai/gpt-4o",
        ["csv_search", "code_interpreter"],
        "Test the assumptions behind {topic} against data",
        "RVC",
    ),
    (
        "technical-writer",
        "product",
        "anthropic/claude-3-5-haiku-20241022",
        ["file_read"],
        "Write clear documentation for {topic}",
        "",
    ),
    (
        "partnership-scout",
        "strategy",
        "openai/gpt-4o-mini",
        ["web_search", "scrape_website"],
        "Find partners that would make {topic} succeed faster",
        "",
    ),
    (
        "investor-relations-lead",
        "finance",
        "openai/gpt-4o",
        ["file_read"],
        "Explain {topic} to investors in one page",
        "",
    ),
    (
        "venture-scout",
        "research",
        "gemini/gemini-1.5-pro",
        ["web_search"],
        "Spot early ventures similar to {topic}",
        "V",
    ),
    (
        "quality-auditor",
        "operations",
        "openai/gpt-4o-mini",
        ["file_read"],
        "Check that work on {topic} meets the agreed standards",
        "",
    ),
    (
        "chief-of-staff",
        "governance",
        "openai/gpt-4o",
        ["crm_lookup"],
        "Keep the board's priorities on {topic} moving",
        "M",
    ),
    (
        "executive-summarizer",
        "governance",
        "openai/gpt-4o-mini",
        [],
        "Condense research on {topic} into a decision-ready brief",
        "",
    ),
]

_SPECIAL: dict[str, dict[str, Any]] = {
    "senior-market-analyst": {
        "temperature": "0.2",
        "max_iter": 30,
        "memory_config_id": "default",
        "inject_date": True,
        "date_format": "%Y-%m-%d",
    },
    "competitive-intelligence-lead": {
        "max_reasoning_attempts": 2,
        "function_calling_llm": "openai/gpt-4o-mini",
    },
    "financial-modeler": {"temperature": "0.1", "max_tokens": 8000, "allow_delegation": False},
    "brand-storyteller": {"temperature": "0.9"},
    "product-manager": {"memory_config_id": "long-horizon"},
    "security-reviewer": {
        "code_execution_mode": "safe",
        "max_execution_time": 600,
        "allow_delegation": False,
    },
    "solutions-architect": {"code_execution_mode": "safe", "max_retry_limit": 3},
    "contracts-analyst": {
        "memory_config_id": "default",
        "knowledge_sources": [
            {
                "type": "string",
                "content": (
                    "Standard terms: net 30 payment, 12 month initial term, liability capped at "
                    "fees paid."
                ),
            }
        ],
        "embedder_config": {
            "provider": "openai",
            "config": {"model_name": "text-embedding-3-small"},
        },
    },
    "supply-chain-analyst": {"max_rpm": 20, "use_system_prompt": False, "status": "inactive"},
    "account-strategist": {"memory_config_id": "default"},
    "churn-analyst": {"code_execution_mode": "unsafe", "status": "inactive"},
    "board-secretary": {"temperature": "0.3", "allow_delegation": True},
    "data-scientist": {
        "code_execution_mode": "safe",
        "max_execution_time": 900,
        "verbose": True,
        "step_callback_url": "https://hooks.example.com/crewtui/steps",
    },
    "chief-of-staff": {"memory_config_id": "long-horizon"},
    "executive-summarizer": {"temperature": "0.4"},
    "quality-auditor": {"status": "archived"},
}


def _title(key: str) -> str:
    small = {"of", "and"}
    return " ".join(
        w if w in small else w.upper() if w == "ux" else w.capitalize() for w in key.split("-")
    )


def agents() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key, dept, llm, tools, goal, flags in _AGENTS:
        title = _title(key)
        values: dict[str, Any] = {
            "agent_key": key,
            "name": title,
            "role": title,
            "goal": goal,
            "backstory": (
                f"You are an experienced {title.lower()} who has supported dozens of venture "
                "decisions. You say what you do not know."
            ),
            "department_id": dept,
            "tools": tools,
            "llm_model": llm,
            "memory_enabled": "M" in flags,
            "reasoning_enabled": "R" in flags,
            "multimodal_enabled": "V" in flags,
            "allow_code_execution": "C" in flags,
        }
        if "M" in flags:
            values["memory_config_id"] = "default"
        values.update(_SPECIAL.get(key, {}))
        out.append(values)
    return out


CREWS: list[dict[str, Any]] = [
    {
        "values": {
            "crew_name": "venture-research",
            "description": "Researches a venture idea end to end and writes an investment brief.",
            "process_type": "sequential",
            "memory_enabled": True,
            "cache_enabled": True,
            "output_log_file": "logs/venture-research.log.txt",
        },
        "members": [
            ("senior-market-analyst", "lead"),
            ("pain-point-researcher", "analyst"),
            ("competitive-intelligence-lead", "analyst"),
            ("strategic-fit-assessor", "reviewer"),
            ("executive-summarizer", "writer"),
        ],
        "tasks": [
            {
                "name": "market_sizing",
                "task_type": "market_sizing",
                "agent": "senior-market-analyst",
                "context": [],
                "description": (
                    "Estimate TAM, SAM and SOM for {topic}. State every assumption and source."
                ),
                "expected_output": "Three market figures in USD with the assumptions behind them.",
                "output_json_schema": {
                    "type": "object",
                    "properties": {
                        "tam_usd": {"type": "number"},
                        "sam_usd": {"type": "number"},
                        "som_usd": {"type": "number"},
                        "assumptions": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["tam_usd", "sam_usd", "som_usd"],
                },
            },
            {
                "name": "pain_points",
                "task_type": "pain_point",
                "agent": "pain-point-researcher",
                "context": ["market_sizing"],
                "async_execution": True,
                "description": (
                    "Interview-style research: which problems do buyers in the {topic} market pay "
                    "to solve?"
                ),
                "expected_output": "The five most expensive pain points, each with evidence.",
            },
            {
                "name": "competitor_scan",
                "task_type": "competitive",
                "agent": "competitive-intelligence-lead",
                "context": ["market_sizing"],
                "description": (
                    "List the main competitors of {topic}, their pricing and why customers choose "
                    "them."
                ),
                "expected_output": "A table of competitors with pricing, strengths and weaknesses.",
            },
            {
                "name": "strategic_fit",
                "task_type": "strategic_fit",
                "agent": "strategic-fit-assessor",
                "context": ["market_sizing", "pain_points", "competitor_scan"],
                "description": (
                    "Score how well {topic} fits our thesis using the market, pain point and "
                    "competitor findings."
                ),
                "expected_output": (
                    "A fit score from 1 to 10 with the three strongest reasons for and against."
                ),
                "guardrail_function": (
                    "The score must be justified by at least three findings from the context."
                ),
            },
            {
                "name": "investment_brief",
                "agent": "executive-summarizer",
                "context": ["strategic_fit"],
                "markdown_enabled": True,
                "output_file": "reports/{topic}_brief.md",
                "create_directory": True,
                "human_input": False,
                "description": (
                    "Write a one-page investment brief on {topic} for the partners' meeting."
                ),
                "expected_output": (
                    "A Markdown brief: summary, market, customers, competition, fit, "
                    "recommendation."
                ),
            },
        ],
    },
    {
        "values": {
            "crew_name": "board-briefing",
            "description": (
                "Prepares the quarterly board briefing; the board secretary delegates the work."
            ),
            "process_type": "hierarchical",
            "manager_agent_id": "board-secretary",
            "planning_enabled": True,
            "planning_llm": "openai/gpt-4o-mini",
            "cache_enabled": True,
        },
        "members": [
            ("chief-of-staff", "coordinator"),
            ("financial-modeler", "analyst"),
            ("risk-officer", "reviewer"),
            ("regulatory-counsel", "analyst"),
            ("investor-relations-lead", "writer"),
        ],
        "tasks": [
            {
                "name": "financial_snapshot",
                "agent": "financial-modeler",
                "context": [],
                "description": "Summarise revenue, burn and runway for {topic} this quarter.",
                "expected_output": "Key figures with quarter-on-quarter change.",
            },
            {
                "name": "risk_register",
                "agent": "risk-officer",
                "context": ["financial_snapshot"],
                "description": (
                    "Update the risk register for {topic} in the light of the financial snapshot."
                ),
                "expected_output": "The top ten risks with likelihood, impact and owner.",
            },
            {
                "name": "regulatory_outlook",
                "agent": "regulatory-counsel",
                "context": [],
                "description": (
                    "Describe regulatory changes in the next two quarters that affect {topic}."
                ),
                "expected_output": "A short list of changes with dates and expected effect.",
            },
            {
                "name": "board_memo",
                "agent": "investor-relations-lead",
                "context": ["financial_snapshot", "risk_register", "regulatory_outlook"],
                "markdown_enabled": True,
                "output_file": "briefings/{topic}_board_memo.md",
                "create_directory": True,
                "description": (
                    "Assemble the board memo on {topic} from the snapshot, the risks and the "
                    "regulatory outlook."
                ),
                "expected_output": (
                    "A Markdown memo of at most two pages with decisions requested from the board."
                ),
            },
        ],
    },
]


#: a flow over the two crews: research a venture, then brief the board when it is worth it
FLOWS: list[dict[str, Any]] = [
    {
        "flow_key": "venture-to-board",
        "name": "VentureToBoardFlow",
        "description": "Researches a venture; when the brief recommends investing, prepares "
        "the board briefing on it, else records why not.",
        "status": "active",
        "tags": ["demo"],
        "flow_definition": {
            "state": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "topic": {"type": "string"},
                        "min_brief_chars": {"type": "integer"},
                    },
                    "required": ["topic"],
                },
                "default": {"topic": "AI agent orchestration", "min_brief_chars": 200},
            },
            "methods": [
                {
                    "name": "research",
                    "description": "Run the venture research crew on the topic.",
                    "start": True,
                    "do": {
                        "call": "crew",
                        "crew": "venture-research",
                        "inputs": {"topic": "${state.topic}"},
                    },
                },
                {
                    "name": "decide",
                    "description": "Go to the board only with a brief of some substance.",
                    "listen": "research",
                    "router": True,
                    "emit": ["to_board", "shelve"],
                    "do": {
                        "call": "expression",
                        "expr": "size(outputs.research.raw) >= state.min_brief_chars"
                        " ? 'to_board' : 'shelve'",
                    },
                },
                {
                    "name": "brief_board",
                    "description": "Prepare the board briefing on the researched venture.",
                    "listen": "to_board",
                    "do": {
                        "call": "crew",
                        "crew": "board-briefing",
                        "inputs": {"topic": "${state.topic}"},
                    },
                },
                {
                    "name": "shelved",
                    "listen": "shelve",
                    "do": {"call": "expression", "expr": "'shelved: ' + state.topic"},
                },
            ],
        },
    }
]
