from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class UnknownAgentPythonCrew:
    @agent
    def analyst(self) -> Agent:
        return Agent(config=self.agents_config["analyst"])

    @task
    def analysis(self) -> Task:
        return Task(config=self.tasks_config["analysis"], agent=self.analyst())

    @task
    def summary(self) -> Task:
        return Task(config=self.tasks_config["summary"], agent=self.editor())

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
