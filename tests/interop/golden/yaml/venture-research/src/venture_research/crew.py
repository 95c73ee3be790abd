"""The VentureResearchCrew crew, exported by crewtui.

Agents and tasks are configured in config/agents.yaml and config/tasks.yaml; this module adds
what YAML cannot hold: LLM objects, tools, knowledge sources, callbacks and output models.
"""

import os

from crewai import LLM, Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, llm, task

from crewai_tools import FileReadTool, ScrapeWebsiteTool, SerperDevTool, WebsiteSearchTool

from venture_research.models import MarketSizingOutput
from venture_research.tools.market_data import MarketDataTool


EMBEDDER = {'provider': 'openai', 'config': {'model_name': 'text-embedding-3-small'}}
# the key is read from the environment when the crew is built; it is never stored
EMBEDDER["config"]["api_key"] = os.environ.get("OPENAI_API_KEY")


@CrewBase
class VentureResearchCrew:
    """VentureResearchCrew crew"""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @llm
    def senior_market_analyst_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.2, max_tokens=4000)

    @llm
    def pain_point_researcher_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o-mini', temperature=0.7, max_tokens=4000)

    @llm
    def competitive_intelligence_lead_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def strategic_fit_assessor_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def executive_summarizer_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o-mini', temperature=0.4, max_tokens=4000)

    @agent
    def senior_market_analyst(self) -> Agent:
        return Agent(
            config=self.agents_config['senior_market_analyst'],  # type: ignore[index]
            tools=[SerperDevTool(n_results=10), MarketDataTool()],
        )

    @agent
    def pain_point_researcher(self) -> Agent:
        return Agent(
            config=self.agents_config['pain_point_researcher'],  # type: ignore[index]
            tools=[SerperDevTool(n_results=10), ScrapeWebsiteTool()],
        )

    @agent
    def competitive_intelligence_lead(self) -> Agent:
        return Agent(
            config=self.agents_config['competitive_intelligence_lead'],  # type: ignore[index]
            tools=[SerperDevTool(n_results=10), WebsiteSearchTool()],
        )

    @agent
    def strategic_fit_assessor(self) -> Agent:
        return Agent(
            config=self.agents_config['strategic_fit_assessor'],  # type: ignore[index]
            tools=[FileReadTool()],
        )

    @agent
    def executive_summarizer(self) -> Agent:
        return Agent(
            config=self.agents_config['executive_summarizer'],  # type: ignore[index]
        )

    @task
    def market_sizing(self) -> Task:
        return Task(
            config=self.tasks_config['market_sizing'],  # type: ignore[index]
            output_json=MarketSizingOutput,
        )

    @task
    def pain_points(self) -> Task:
        return Task(
            config=self.tasks_config['pain_points'],  # type: ignore[index]
        )

    @task
    def competitor_scan(self) -> Task:
        return Task(
            config=self.tasks_config['competitor_scan'],  # type: ignore[index]
        )

    @task
    def strategic_fit(self) -> Task:
        return Task(
            config=self.tasks_config['strategic_fit'],  # type: ignore[index]
        )

    @task
    def investment_brief(self) -> Task:
        return Task(
            config=self.tasks_config['investment_brief'],  # type: ignore[index]
        )

    @crew
    def crew(self) -> Crew:
        return Crew(
            name='venture-research',
            agents=[
                self.senior_market_analyst(),
                self.pain_point_researcher(),
                self.competitive_intelligence_lead(),
                self.strategic_fit_assessor(),
                self.executive_summarizer(),
            ],
            tasks=self.tasks,
            process=Process.sequential,
            memory=True,
            embedder=EMBEDDER,
            output_log_file='logs/venture-research.log.txt',
        )
