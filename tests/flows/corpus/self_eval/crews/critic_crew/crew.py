from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class CriticCrew:
    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def critic_agent(self) -> Agent:
        return Agent(config=self.agents_config["critic_agent"])

    @task
    def critic_task(self) -> Task:
        return Task(config=self.tasks_config["critic_task"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
