from textwrap import dedent

from crewai import Agent
from crewai_tools import ScrapeWebsiteTool, SerperDevTool


class GuideAgents:
    def city_expert(self):
        return Agent(
            role="Local City Expert",
            goal="Give the best insights about the selected city",
            backstory=dedent(
                """\
                A knowledgeable local guide with extensive information about the city,
                its attractions and customs."""
            ),
            tools=[SerperDevTool(), ScrapeWebsiteTool()],
            verbose=True,
        )

    def planner(self, style="relaxed"):
        return Agent(
            role="Itinerary Planner",
            goal=f"Plan a {style} visit day by day",
            backstory="You have planned a thousand city trips and you never overbook a day.",
        )
