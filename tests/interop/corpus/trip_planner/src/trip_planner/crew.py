from crewai import LLM, Agent, Crew, Process, Task
from crewai.project import CrewBase, agent, crew, task


@CrewBase
class TripPlannerCrew:
    """Plans a trip: a manager agent delegates to three specialists."""

    agents_config = "config/agents.yaml"
    tasks_config = "config/tasks.yaml"

    # The manager is not an @agent: crewai refuses a manager that is also in the agents list.
    def travel_manager(self) -> Agent:
        return Agent(config=self.agents_config["travel_manager"], verbose=True)

    @agent
    def city_expert(self) -> Agent:
        return Agent(
            config=self.agents_config["city_expert"],
            llm=LLM(model="openai/gpt-4o", temperature=0.3, max_tokens=2000),
        )

    @agent
    def logistics_planner(self) -> Agent:
        return Agent(
            config=self.agents_config["logistics_planner"], allow_delegation=False
        )

    @agent
    def budget_analyst(self) -> Agent:
        return Agent(config=self.agents_config["budget_analyst"], cache=False)

    @task
    def city_selection(self) -> Task:
        return Task(config=self.tasks_config["city_selection"])

    @task
    def logistics(self) -> Task:
        return Task(config=self.tasks_config["logistics"])

    @task
    def budget_check(self) -> Task:
        return Task(
            config=self.tasks_config["budget_check"], context=[self.logistics()]
        )

    @task
    def itinerary(self) -> Task:
        return Task(
            config=self.tasks_config["itinerary"],
            context=[self.city_selection(), self.logistics(), self.budget_check()],
        )

    @crew
    def crew(self) -> Crew:
        return Crew(
            name="Trip Planner",
            agents=self.agents,
            tasks=self.tasks,
            process=Process.hierarchical,
            manager_agent=self.travel_manager(),
            planning=True,
            planning_llm="openai/gpt-4o-mini",
            verbose=True,
            max_rpm=30,
        )
