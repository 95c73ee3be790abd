from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class PoemCrew:
    """Writes a short poem about the joys of a quiet morning."""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def poet(self) -> Agent:
        return Agent(config=self.agents_config["poet"])

    @agent
    def proofreader(self) -> Agent:
        return Agent(config=self.agents_config["proofreader"])

    @task
    def write_poem(self) -> Task:
        return Task(config=self.tasks_config["write_poem"])

    @task
    def polish_poem(self) -> Task:
        return Task(config=self.tasks_config["polish_poem"])

    @crew
    def crew(self) -> Crew:
        return Crew(
            agents=self.agents,
            tasks=self.tasks,
            process=Process.sequential,
            verbose=True,
        )
