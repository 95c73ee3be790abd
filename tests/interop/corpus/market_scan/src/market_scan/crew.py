from crewai import LLM, Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, llm, task, tool
from crewai_tools import SerperDevTool


@CrewBase
class MarketScanCrew:
    """Three research tasks run asynchronously; a synchronous task gathers them."""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @llm
    def strategist_llm(self) -> LLM:
        return LLM(model="openai/gpt-4o", temperature=0.2)

    @tool
    def search(self) -> SerperDevTool:
        return SerperDevTool(n_results=5)

    @agent
    def market_researcher(self) -> Agent:
        return Agent(config=self.agents_config["market_researcher"])

    @agent
    def competitor_analyst(self) -> Agent:
        return Agent(config=self.agents_config["competitor_analyst"])

    @agent
    def customer_researcher(self) -> Agent:
        return Agent(config=self.agents_config["customer_researcher"])

    @agent
    def strategist(self) -> Agent:
        return Agent(config=self.agents_config["strategist"])

    @task
    def market_research(self) -> Task:
        return Task(config=self.tasks_config["market_research"])

    @task
    def competitor_research(self) -> Task:
        return Task(config=self.tasks_config["competitor_research"])

    @task
    def customer_research(self) -> Task:
        return Task(config=self.tasks_config["customer_research"])

    @task
    def synthesis(self) -> Task:
        return Task(config=self.tasks_config["synthesis"])

    @task
    def recommendation(self) -> Task:
        return Task(config=self.tasks_config["recommendation"])

    @crew
    def crew(self) -> Crew:
        return Crew(
            agents=self.agents, tasks=self.tasks, process=Process.sequential, cache=True
        )
