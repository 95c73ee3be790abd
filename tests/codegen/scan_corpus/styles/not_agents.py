"""Look-alikes that are not crewai agents."""
from otherlib import Agent


class Persona:
    role = "Not an agent"
    goal = "g"
    backstory = "b"


other = Agent(role="Other Library", goal="g", backstory="b")
