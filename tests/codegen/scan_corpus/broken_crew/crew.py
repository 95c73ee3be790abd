"""A @CrewBase class whose agents config is missing."""
from crewai import Agent
from crewai.project import CrewBase, agent


@CrewBase
class LostCrew:
    agents_config = "config/missing.yaml"

    @agent
    def lost_agent(self) -> Agent:
        return Agent(config=self.agents_config["lost_agent"])
