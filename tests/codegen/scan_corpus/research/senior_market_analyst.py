"""Class wrapping a CrewAI agent built in __init__."""
from crewai import Agent
from crewai_tools import ScrapeWebsiteTool, SerperDevTool


class SeniorMarketAnalyst:
    def __init__(self, llm="openai/gpt-4o"):
        self.agent = Agent(
            role="Senior Market Analyst",
            goal="Size the serviceable market for {venture}",
            backstory=(
                "Fifteen years of market sizing for climate-tech ventures. "
                "You distrust top-down numbers."
            ),
            tools=[SerperDevTool(), ScrapeWebsiteTool()],
            llm=llm,
            allow_delegation=False,
            max_iter=12,
            verbose=True,
        )
