from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class SloganCrew:
    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def slogan_agent(self) -> Agent:
        return Agent(config=self.agents_config["slogan_agent"])

    @task
    def slogan_task(self) -> Task:
        return Task(config=self.tasks_config["slogan_task"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
