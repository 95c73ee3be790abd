import json

import requests
from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task
from crewai_tools import FileReadTool, ScrapeWebsiteTool, SerperDevTool

from content_factory.models import FinalPost, ResearchBrief
from content_factory.tools.custom_tool import KeywordDensityTool
from content_factory.tools.text_tools import word_counter

WEBHOOK_URL = "https://hooks.example.com/content-factory/done"

brand_guide = FileReadTool(file_path="knowledge/brand_guide.md")


def notify_done(output):
    requests.post(
        WEBHOOK_URL,
        data=json.dumps({"task": output.name, "raw": output.raw}),
        timeout=10,
    )


@CrewBase
class ContentFactoryCrew:
    """Writes blog posts."""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def content_researcher(self) -> Agent:
        return Agent(
            config=self.agents_config["content_researcher"],
            tools=[SerperDevTool(n_results=10), ScrapeWebsiteTool(), brand_guide],
            embedder={
                "provider": "openai",
                "config": {"model_name": "text-embedding-3-small"},
            },
        )

    @agent
    def seo_writer(self) -> Agent:
        return Agent(
            config=self.agents_config["seo_writer"],
            tools=[KeywordDensityTool(), word_counter],
            llm="openai/gpt-4.1-mini",
        )

    @agent
    def editor(self) -> Agent:
        return Agent(config=self.agents_config["editor"], tools=[word_counter])

    @task
    def research(self) -> Task:
        return Task(
            config=self.tasks_config["research"],
            agent=self.content_researcher(),
            output_json=ResearchBrief,
        )

    @task
    def draft(self) -> Task:
        return Task(
            config=self.tasks_config["draft"],
            agent=self.seo_writer(),
            context=[self.research()],
        )

    @task
    def edit(self) -> Task:
        return Task(
            config=self.tasks_config["edit"],
            agent=self.editor(),
            context=[self.draft()],
            output_pydantic=FinalPost,
            callback=notify_done,
        )

    @crew
    def crew(self) -> Crew:
        return Crew(
            agents=self.agents,
            tasks=self.tasks,
            process=Process.sequential,
            verbose=False,
        )
