"""A legacy EHG database, built without crewtui's migrations.

``create_legacy(url)`` writes the pre-expansion schema as the legacy application wrote it
(verbatim DDL on PostgreSQL; the same tables on SQLite, arrays as JSON) and seeds data
shaped like the shared fixture: 11 departments, 30 agents, 2 crews (one hierarchical, its
manager not a member), 8 members, 8 tasks, 10 tools, 3 knowledge rows, a flow with two
executions and a venture. A few values are chosen to catch lossy upgrades (an empty array,
a float array, non-ASCII text, microsecond timestamps, NULLs).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from crewtui.db.types import JsonB, RealArray, TextArray

SHARED_FIXTURE = Path("/work/shared/fixtures/legacy_ehg_app.sql")

PG_DDL = """
CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TABLE ventures (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE agent_departments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  department_key VARCHAR(100) UNIQUE NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  parent_department_id UUID REFERENCES agent_departments(id),
  sort_order INTEGER DEFAULT 0,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE crewai_agents (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_key VARCHAR(100) UNIQUE NOT NULL,
  name VARCHAR(200) NOT NULL,
  role TEXT NOT NULL,
  goal TEXT NOT NULL,
  backstory TEXT NOT NULL,
  department_id UUID REFERENCES agent_departments(id),
  tools TEXT[] DEFAULT '{}',
  llm_model VARCHAR(50) DEFAULT 'gpt-4-turbo-preview',
  max_tokens INTEGER DEFAULT 4000,
  temperature DECIMAL(3,2) DEFAULT 0.7,
  status VARCHAR(20) DEFAULT 'active',
  execution_count INTEGER DEFAULT 0,
  avg_execution_time_ms INTEGER DEFAULT 0,
  last_executed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE crewai_crews (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  crew_name VARCHAR(100) UNIQUE NOT NULL,
  crew_type VARCHAR(50) DEFAULT 'sequential', -- 'sequential', 'hierarchical', 'parallel'
  manager_agent_id UUID REFERENCES crewai_agents(id),
  description TEXT,
  status VARCHAR(20) DEFAULT 'active',
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE crew_members (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  crew_id UUID NOT NULL REFERENCES crewai_crews(id) ON DELETE CASCADE,
  agent_id UUID NOT NULL REFERENCES crewai_agents(id) ON DELETE CASCADE,
  role_in_crew VARCHAR(100),
  sequence_order INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  UNIQUE (crew_id, agent_id)
);
CREATE TABLE crewai_tasks (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  venture_id UUID REFERENCES ventures(id),
  crew_id UUID REFERENCES crewai_crews(id),
  task_type TEXT CHECK (task_type IN ('market_sizing', 'pain_point', 'competitive', \
'strategic_fit')),
  description TEXT,
  assigned_agent_id UUID REFERENCES crewai_agents(id),
  status TEXT DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  result JSONB DEFAULT '{}',
  execution_time_ms INT,
  confidence_score DECIMAL(3,2),
  chairman_accepted BOOLEAN,
  chairman_feedback TEXT,
  error_message TEXT,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE agent_tools (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tool_key VARCHAR(100) UNIQUE NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  tool_class VARCHAR(200),
  config JSONB DEFAULT '{}',
  requires_api_key BOOLEAN DEFAULT false,
  status VARCHAR(20) DEFAULT 'active',
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE agent_knowledge (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id UUID REFERENCES crewai_agents(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  source_type VARCHAR(50) DEFAULT 'text',
  metadata JSONB DEFAULT '{}',
  embedding REAL[],
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE crewai_flows (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  flow_key VARCHAR(100) UNIQUE NOT NULL,
  name VARCHAR(200) NOT NULL,
  description TEXT,
  flow_definition JSONB NOT NULL DEFAULT '{}',
  python_code TEXT,
  status VARCHAR(20) DEFAULT 'draft',
  version INTEGER DEFAULT 1,
  created_by UUID,
  execution_count INTEGER DEFAULT 0,
  last_executed_at TIMESTAMPTZ,
  tags TEXT[] DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT NOW(),
  updated_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TABLE crewai_flow_executions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  flow_id UUID REFERENCES crewai_flows(id) ON DELETE CASCADE,
  status VARCHAR(20) DEFAULT 'pending',
  input_state JSONB DEFAULT '{}',
  output_state JSONB,
  error_message TEXT,
  started_at TIMESTAMPTZ DEFAULT NOW(),
  completed_at TIMESTAMPTZ,
  duration_ms INTEGER,
  triggered_by UUID,
  created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE TRIGGER update_crewai_agents_updated_at BEFORE UPDATE ON crewai_agents
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_crewai_crews_updated_at BEFORE UPDATE ON crewai_crews
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_crewai_tasks_updated_at BEFORE UPDATE ON crewai_tasks
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
"""

_NOW = "DEFAULT CURRENT_TIMESTAMP"

SQLITE_DDL = f"""
CREATE TABLE ventures (
  id CHAR(32) NOT NULL, name TEXT NOT NULL, created_at DATETIME {_NOW},
  CONSTRAINT ventures_pkey PRIMARY KEY (id));
CREATE TABLE agent_departments (
  id CHAR(32) NOT NULL, department_key VARCHAR(100) NOT NULL, name VARCHAR(200) NOT NULL,
  description TEXT, parent_department_id CHAR(32), sort_order INTEGER DEFAULT 0,
  created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT agent_departments_pkey PRIMARY KEY (id),
  CONSTRAINT agent_departments_department_key_key UNIQUE (department_key),
  CONSTRAINT agent_departments_parent_department_id_fkey FOREIGN KEY(parent_department_id) \
REFERENCES agent_departments (id));
CREATE TABLE crewai_agents (
  id CHAR(32) NOT NULL, agent_key VARCHAR(100) NOT NULL, name VARCHAR(200) NOT NULL,
  role TEXT NOT NULL, goal TEXT NOT NULL, backstory TEXT NOT NULL, department_id CHAR(32),
  tools JSON DEFAULT '[]', llm_model VARCHAR(50) DEFAULT 'gpt-4-turbo-preview',
  max_tokens INTEGER DEFAULT 4000, temperature NUMERIC(3, 2) DEFAULT 0.7,
  status VARCHAR(20) DEFAULT 'active', execution_count INTEGER DEFAULT 0,
  avg_execution_time_ms INTEGER DEFAULT 0, last_executed_at DATETIME,
  created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT crewai_agents_pkey PRIMARY KEY (id),
  CONSTRAINT crewai_agents_agent_key_key UNIQUE (agent_key),
  CONSTRAINT crewai_agents_department_id_fkey FOREIGN KEY(department_id) REFERENCES \
agent_departments (id));
CREATE TABLE crewai_crews (
  id CHAR(32) NOT NULL, crew_name VARCHAR(100) NOT NULL,
  crew_type VARCHAR(50) DEFAULT 'sequential', manager_agent_id CHAR(32), description TEXT,
  status VARCHAR(20) DEFAULT 'active', created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT crewai_crews_pkey PRIMARY KEY (id),
  CONSTRAINT crewai_crews_crew_name_key UNIQUE (crew_name),
  CONSTRAINT crewai_crews_manager_agent_id_fkey FOREIGN KEY(manager_agent_id) REFERENCES \
crewai_agents (id));
CREATE TABLE crew_members (
  id CHAR(32) NOT NULL, crew_id CHAR(32) NOT NULL, agent_id CHAR(32) NOT NULL,
  role_in_crew VARCHAR(100), sequence_order INTEGER DEFAULT 0 NOT NULL, created_at DATETIME {_NOW},
  CONSTRAINT crew_members_pkey PRIMARY KEY (id),
  CONSTRAINT crew_members_crew_id_fkey FOREIGN KEY(crew_id) REFERENCES crewai_crews (id) ON DELETE \
CASCADE,
  CONSTRAINT crew_members_agent_id_fkey FOREIGN KEY(agent_id) REFERENCES crewai_agents (id) ON \
DELETE CASCADE,
  CONSTRAINT crew_members_crew_id_agent_id_key UNIQUE (crew_id, agent_id));
CREATE TABLE crewai_tasks (
  id CHAR(32) NOT NULL, venture_id CHAR(32), crew_id CHAR(32), task_type TEXT, description TEXT,
  assigned_agent_id CHAR(32), status TEXT DEFAULT 'pending', result JSON DEFAULT '{{}}',
  execution_time_ms INTEGER, confidence_score NUMERIC(3, 2), chairman_accepted BOOLEAN,
  chairman_feedback TEXT, error_message TEXT, created_at DATETIME {_NOW}, updated_at DATETIME \
{_NOW},
  CONSTRAINT crewai_tasks_pkey PRIMARY KEY (id),
  CONSTRAINT crewai_tasks_venture_id_fkey FOREIGN KEY(venture_id) REFERENCES ventures (id),
  CONSTRAINT crewai_tasks_crew_id_fkey FOREIGN KEY(crew_id) REFERENCES crewai_crews (id),
  CONSTRAINT crewai_tasks_assigned_agent_id_fkey FOREIGN KEY(assigned_agent_id) REFERENCES \
crewai_agents (id),
  CONSTRAINT crewai_tasks_task_type_check CHECK (task_type IN ('market_sizing', 'pain_point', \
'competitive', 'strategic_fit')),
  CONSTRAINT crewai_tasks_status_check CHECK (status IN ('pending', 'running', 'completed', \
'failed')));
CREATE TABLE agent_tools (
  id CHAR(32) NOT NULL, tool_key VARCHAR(100) NOT NULL, name VARCHAR(200) NOT NULL,
  description TEXT, tool_class VARCHAR(200), config JSON DEFAULT '{{}}',
  requires_api_key BOOLEAN DEFAULT false, status VARCHAR(20) DEFAULT 'active',
  created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT agent_tools_pkey PRIMARY KEY (id),
  CONSTRAINT agent_tools_tool_key_key UNIQUE (tool_key));
CREATE TABLE agent_knowledge (
  id CHAR(32) NOT NULL, agent_id CHAR(32), title TEXT NOT NULL, content TEXT NOT NULL,
  source_type VARCHAR(50) DEFAULT 'text', metadata JSON DEFAULT '{{}}', embedding JSON,
  created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT agent_knowledge_pkey PRIMARY KEY (id),
  CONSTRAINT agent_knowledge_agent_id_fkey FOREIGN KEY(agent_id) REFERENCES crewai_agents (id) ON \
DELETE CASCADE);
CREATE TABLE crewai_flows (
  id CHAR(32) NOT NULL, flow_key VARCHAR(100) NOT NULL, name VARCHAR(200) NOT NULL,
  description TEXT, flow_definition JSON DEFAULT '{{}}' NOT NULL, python_code TEXT,
  status VARCHAR(20) DEFAULT 'draft', version INTEGER DEFAULT 1, created_by CHAR(32),
  execution_count INTEGER DEFAULT 0, last_executed_at DATETIME, tags JSON DEFAULT '[]',
  created_at DATETIME {_NOW}, updated_at DATETIME {_NOW},
  CONSTRAINT crewai_flows_pkey PRIMARY KEY (id),
  CONSTRAINT crewai_flows_flow_key_key UNIQUE (flow_key));
CREATE TABLE crewai_flow_executions (
  id CHAR(32) NOT NULL, flow_id CHAR(32), status VARCHAR(20) DEFAULT 'pending',
  input_state JSON DEFAULT '{{}}', output_state JSON, error_message TEXT,
  started_at DATETIME {_NOW}, completed_at DATETIME, duration_ms INTEGER, triggered_by CHAR(32),
  created_at DATETIME {_NOW},
  CONSTRAINT crewai_flow_executions_pkey PRIMARY KEY (id),
  CONSTRAINT crewai_flow_executions_flow_id_fkey FOREIGN KEY(flow_id) REFERENCES crewai_flows (id) \
ON DELETE CASCADE);
"""

# ---- seed data ---------------------------------------------------------------------------

DEPARTMENTS = (
    "research",
    "strategy",
    "finance",
    "marketing",
    "product",
    "engineering",
    "legal",
    "operations",
    "sales",
    "customer-success",
    "governance",
)
AGENTS = (
    "senior-market-analyst",
    "pain-point-researcher",
    "competitive-intelligence-lead",
    "strategic-fit-assessor",
    "financial-modeler",
    "pricing-strategist",
    "brand-storyteller",
    "growth-marketer",
    "product-manager",
    "ux-researcher",
    "solutions-architect",
    "security-reviewer",
    "regulatory-counsel",
    "contracts-analyst",
    "operations-planner",
    "supply-chain-analyst",
    "sales-engineer",
    "account-strategist",
    "customer-advocate",
    "churn-analyst",
    "board-secretary",
    "risk-officer",
    "data-scientist",
    "technical-writer",
    "partnership-scout",
    "investor-relations-lead",
    "venture-scout",
    "quality-auditor",
    "chief-of-staff",
    "executive-summarizer",
)
TOOLS = (
    "web_search",
    "market_data",
    "financial_db",
    "crm_lookup",
    "doc_reader",
    "patent_search",
    "news_feed",
    "sql_query",
    "spreadsheet",
    "calendar",
)
TASK_TYPES = ("market_sizing", "pain_point", "competitive", "strategic_fit")
CREWS = (
    ("venture-research", "sequential", None, AGENTS[0:4]),
    ("board-briefing", "hierarchical", "board-secretary", AGENTS[4:8]),
)

_NS = uuid.UUID("6d3c0a52-6b1e-4f0e-9a57-1c2f8e0d4b11")


def rid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{kind}:{key}")


def _title(key: str) -> str:
    return key.replace("-", " ").replace("_", " ").title()


def seed_rows() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    venture = rid("venture", "solar")
    rows["ventures"] = [{"id": venture, "name": "Solar Fleet Analytics"}]
    rows["agent_departments"] = [
        {
            "id": rid("dept", key),
            "department_key": key,
            "name": _title(key),
            "description": f"{_title(key)} department",
            "parent_department_id": None if i < 2 else rid("dept", DEPARTMENTS[i % 2]),
            "sort_order": i,
        }
        for i, key in enumerate(DEPARTMENTS)
    ]
    agents = []
    for i, key in enumerate(AGENTS):
        title = _title(key)
        agents.append(
            {
                "id": rid("agent", key),
                "agent_key": key,
                "name": title,
                "role": title,
                "goal": f"Deliver the best {title.lower()} work for {{topic}}",
                "backstory": (
                    f"You are a {title.lower()} with ten years of experience in venture research."
                ),
                "department_id": rid("dept", DEPARTMENTS[i % len(DEPARTMENTS)]),
                "tools": [] if i == 29 else [TOOLS[(i + k) % 5] for k in range(i % 3 + 1)],
                "llm_model": ("gpt-4-turbo-preview", "gpt-4o", "gpt-4o-mini")[i % 3],
                "max_tokens": 4000 + 500 * (i % 5),
                "temperature": Decimal(i % 9 + 1) / 10,
                "status": "inactive" if i % 10 == 0 else "active",
                "execution_count": 3 * i,
                "avg_execution_time_ms": 1200 + 17 * i,
                "last_executed_at": None
                if i % 4 == 0
                else datetime(2025, 10, i % 27 + 2, 12, 0, 0, 123456 * (i % 2), tzinfo=UTC),
            }
        )
    agents[7]["backstory"] = (
        "Na\u00efve growth \u2013 \u00fcn\u00efcode \u201cquoted\u201d and 'single' text."
    )
    rows["crewai_agents"] = agents
    rows["crewai_crews"] = []
    rows["crew_members"] = []
    rows["crewai_tasks"] = []
    for crew_name, crew_type, manager, members in CREWS:
        crew_id = rid("crew", crew_name)
        rows["crewai_crews"].append(
            {
                "id": crew_id,
                "crew_name": crew_name,
                "crew_type": crew_type,
                "manager_agent_id": rid("agent", manager) if manager else None,
                "description": f"{crew_name} crew",
                "status": "active",
            }
        )
        for n, (agent, role) in enumerate(
            zip(members, ("lead", "analyst", "reviewer", "writer"), strict=True)
        ):
            rows["crew_members"].append(
                {
                    "id": rid("member", f"{crew_name}:{agent}"),
                    "crew_id": crew_id,
                    "agent_id": rid("agent", agent),
                    "role_in_crew": role,
                    "sequence_order": n + 1,
                }
            )
        for n, task_type in enumerate(TASK_TYPES):
            rows["crewai_tasks"].append(
                {
                    "id": rid("task", f"{crew_name}:{task_type}"),
                    "venture_id": venture,
                    "crew_id": crew_id,
                    "task_type": task_type,
                    "description": f"Step {n + 1} of {crew_name}: analyse "
                    f"{task_type.replace('_', ' ')} for {{topic}}.\n"
                    f"Expected output: a short memo with findings for step {n + 1}.",
                    "assigned_agent_id": rid("agent", members[n]),
                    "status": ("completed", "completed", "failed", "pending")[n],
                    "result": ({"summary": f"result {n}", "score": n} if n < 2 else {}),
                    "execution_time_ms": 5000 + n if n < 3 else None,
                    "confidence_score": (Decimal("0.82"), Decimal("0.91"), None, None)[n],
                    "chairman_accepted": (True, False, None, None)[n],
                    "chairman_feedback": "Solid" if n == 0 else None,
                    "error_message": "LLM timeout" if n == 2 else None,
                }
            )
    rows["agent_tools"] = [
        {
            "id": rid("tool", key),
            "tool_key": key,
            "name": _title(key),
            "description": f"{key} tool",
            "tool_class": _title(key).replace(" ", "") + "Tool",
            "config": {"timeout_s": 30 + i},
            "requires_api_key": i % 2 == 0,
            "status": "active",
        }
        for i, key in enumerate(TOOLS)
    ]
    rows["agent_knowledge"] = [
        {
            "id": rid("knowledge", str(i)),
            "agent_id": rid("agent", AGENTS[i]),
            "title": f"Market note {i}",
            "content": f"Knowledge snippet {i} about solar fleets.",
            "source_type": "text",
            "metadata": {"source": "analyst notes"},
            "embedding": [0.25, -1.5, 3.0] if i == 1 else None,
        }
        for i in range(3)
    ]
    flow = rid("flow", "venture-intake")
    rows["crewai_flows"] = [
        {
            "id": flow,
            "flow_key": "venture-intake",
            "name": "Venture intake",
            "description": "Research then brief the board",
            "flow_definition": {"steps": ["venture-research", "board-briefing"]},
            "status": "active",
            "version": 2,
            "execution_count": 2,
            "tags": ["intake", "research"],
        }
    ]
    rows["crewai_flow_executions"] = [
        {
            "id": rid("execution", status),
            "flow_id": flow,
            "status": status,
            "input_state": {"venture": "Solar Fleet Analytics"},
            "error_message": "board-briefing failed" if status == "failed" else None,
            "duration_ms": 60000,
        }
        for status in ("completed", "failed")
    ]
    return rows


_TYPES: dict[str, Any] = {
    "tools": TextArray(),
    "tags": TextArray(),
    "embedding": RealArray(),
    "result": JsonB,
    "config": JsonB,
    "metadata": JsonB,
    "flow_definition": JsonB,
    "input_state": JsonB,
    "temperature": sa.Numeric(3, 2),
    "confidence_score": sa.Numeric(3, 2),
    "last_executed_at": sa.DateTime(timezone=True),
}


def _table(name: str, columns: list[str]) -> sa.TableClause:
    def col(c: str) -> sa.ColumnClause[Any]:
        if c == "id" or c.endswith("_id") or c == "created_by":
            return sa.column(c, sa.Uuid())
        return sa.column(c, _TYPES.get(c))

    return sa.table(name, *(col(c) for c in columns))


def insert_rows(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    for table, items in rows.items():
        for item in items:
            conn.execute(_table(table, list(item)).insert().values(**item))


def create_legacy_schema(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_DDL)
    else:
        for statement in SQLITE_DDL.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)


def create_legacy(url: str, *, seed: bool = True) -> None:
    """Create the legacy schema (and the seed rows) in an empty database."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            create_legacy_schema(conn)
            if seed:
                insert_rows(conn, seed_rows())
    finally:
        engine.dispose()


def load_sql_file(url: str, path: Path) -> None:
    """Run a psql-style SQL file (no psql meta-commands) against a PostgreSQL database."""
    import psycopg

    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(path.read_text(encoding="utf-8").encode())
