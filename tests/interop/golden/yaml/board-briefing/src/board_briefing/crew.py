"""The BoardBriefingCrew crew, exported by crewtui.

Agents and tasks are configured in config/agents.yaml and config/tasks.yaml; this module adds
what YAML cannot hold: LLM objects, tools, knowledge sources, callbacks and output models.
"""

import os

from crewai import LLM, Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, llm, task

from crewai_tools import CSVSearchTool, FileReadTool, PDFSearchTool

from board_briefing.tools.crm_lookup import CrmLookupTool


EMBEDDER = {'provider': 'openai', 'config': {'model_name': 'text-embedding-3-large'}}
# the key is read from the environment when the crew is built; it is never stored
EMBEDDER["config"]["api_key"] = os.environ.get("OPENAI_API_KEY")


@CrewBase
class BoardBriefingCrew:
    """BoardBriefingCrew crew"""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @llm
    def chief_of_staff_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def financial_modeler_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.1, max_tokens=8000)

    @llm
    def risk_officer_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def regulatory_counsel_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def investor_relations_lead_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000)

    @llm
    def board_secretary_llm(self) -> LLM:
        return LLM(model='openai/gpt-4o', temperature=0.3, max_tokens=4000)

    @agent
    def chief_of_staff(self) -> Agent:
        return Agent(
            config=self.agents_config['chief_of_staff'],  # type: ignore[index]
            tools=[CrmLookupTool()],
        )

    @agent
    def financial_modeler(self) -> Agent:
        return Agent(
            config=self.agents_config['financial_modeler'],  # type: ignore[index]
            tools=[CSVSearchTool(), FileReadTool()],
        )

    @agent
    def risk_officer(self) -> Agent:
        return Agent(
            config=self.agents_config['risk_officer'],  # type: ignore[index]
            tools=[FileReadTool()],
        )

    @agent
    def regulatory_counsel(self) -> Agent:
        return Agent(
            config=self.agents_config['regulatory_counsel'],  # type: ignore[index]
            tools=[PDFSearchTool()],
        )

    @agent
    def investor_relations_lead(self) -> Agent:
        return Agent(
            config=self.agents_config['investor_relations_lead'],  # type: ignore[index]
            tools=[FileReadTool()],
        )

    # The manager is not an @agent: crewai requires it to stay out of the crew's agents.
    def board_secretary(self) -> Agent:
        return Agent(
            config=self.agents_config['board_secretary'],  # type: ignore[index]
        )

    @task
    def financial_snapshot(self) -> Task:
        return Task(
            config=self.tasks_config['financial_snapshot'],  # type: ignore[index]
        )

    @task
    def risk_register(self) -> Task:
        return Task(
            config=self.tasks_config['risk_register'],  # type: ignore[index]
        )

    @task
    def regulatory_outlook(self) -> Task:
        return Task(
            config=self.tasks_config['regulatory_outlook'],  # type: ignore[index]
        )

    @task
    def board_memo(self) -> Task:
        return Task(
            config=self.tasks_config['board_memo'],  # type: ignore[index]
        )

    @crew
    def crew(self) -> Crew:
        return Crew(
            name='board-briefing',
            agents=[
                self.chief_of_staff(),
                self.financial_modeler(),
                self.risk_officer(),
                self.regulatory_counsel(),
                self.investor_relations_lead(),
            ],
            tasks=self.tasks,
            process=Process.hierarchical,
            manager_agent=self.board_secretary(),
            planning=True,
            planning_llm='openai/gpt-4o-mini',
            memory=True,
            embedder=EMBEDDER,
        )
