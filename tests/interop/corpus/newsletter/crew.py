from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task, tool
from crewai_tools import ScrapeWebsiteTool


@CrewBase
class NewsletterCrew:
    """Weekly newsletter."""

    @tool
    def rss_reader(self) -> ScrapeWebsiteTool:
        return ScrapeWebsiteTool(website_url="https://news.ycombinator.com/rss")

    @agent
    def curator(self) -> Agent:
        return Agent(config=self.agents_config["curator"])

    @agent
    def writer(self) -> Agent:
        return Agent(config=self.agents_config["writer"])

    @task
    def curate(self) -> Task:
        return Task(config=self.tasks_config["curate"])

    @task
    def write(self) -> Task:
        return Task(config=self.tasks_config["write"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
