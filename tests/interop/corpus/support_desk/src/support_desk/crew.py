from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task, tool
from crewai_tools import ScrapeWebsiteTool


@CrewBase
class SupportDeskCrew:
    """Support desk: crewai creates the manager from manager_llm."""

    @tool
    def docs_scraper(self):
        return ScrapeWebsiteTool(website_url="https://docs.crewai.com/introduction")

    @agent
    def support_agent(self) -> Agent:
        return Agent(config=self.agents_config["support_agent"])

    @agent
    def support_quality_assurance_agent(self) -> Agent:
        return Agent(config=self.agents_config["support_quality_assurance_agent"])

    @task
    def inquiry_resolution(self) -> Task:
        return Task(config=self.tasks_config["inquiry_resolution"])

    @task
    def quality_assurance_review(self) -> Task:
        return Task(config=self.tasks_config["quality_assurance_review"])

    @crew
    def crew(self) -> Crew:
        return Crew(
            agents=self.agents,
            tasks=self.tasks,
            process=Process.hierarchical,
            manager_llm="openai/gpt-4o",
            memory=True,
            verbose=True,
        )
