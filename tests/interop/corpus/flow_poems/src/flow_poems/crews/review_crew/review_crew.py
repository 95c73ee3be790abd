from crewai import Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class ReviewCrew:
    """Reviews a poem and suggests one improvement."""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    @agent
    def proofreader(self) -> Agent:
        return Agent(config=self.agents_config["proofreader"])

    @agent
    def poet(self) -> Agent:
        return Agent(config=self.agents_config["poet"])

    @task
    def review_poem(self) -> Task:
        return Task(config=self.tasks_config["review_poem"])

    @task
    def suggest_change(self) -> Task:
        return Task(config=self.tasks_config["suggest_change"])

    @task
    def rate_poem(self) -> Task:
        return Task(config=self.tasks_config["rate_poem"])

    @crew
    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.sequential)
