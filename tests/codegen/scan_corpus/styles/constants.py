"""Values built from module constants, f-strings, dedent and concatenation."""
from textwrap import dedent

from crewai import LLM, Agent
from crewai_tools import ScrapeWebsiteTool, SerperDevTool

COMPANY = "Acme"
YEARS = 12
ROLE_PREFIX = "Chief"
MODEL = "openai/gpt-4o-mini"
search = SerperDevTool()
BACKSTORY = dedent(
    """\
    Worked at {venture} competitors.
      Indented line stays indented.
    """
)


def build_chief_economist(topic="markets") -> Agent:
    local_goal = f"Forecast {COMPANY}'s {'revenue'} for {YEARS} quarters"
    return Agent(
        role=f"{ROLE_PREFIX} Economist",
        goal=local_goal,
        backstory=BACKSTORY + " " "Implicitly " "joined.",
        llm=LLM(model=MODEL, temperature=0.2, max_tokens=1500),
        function_calling_llm="openai/gpt-4o",
        tools=[search, ScrapeWebsiteTool(), "custom_ledger"],
        max_rpm=None,
        max_execution_time=300,
        cache=False,
        multimodal=True,
        embedder={"provider": "openai", "config": {"model_name": "text-embedding-3-small"}},
        system_template="  keep {{ braces }} and \"quotes\"  ".strip(),
    )
