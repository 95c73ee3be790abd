"""The same class twice: registered once, the second reported."""
from crewai import Agent  # noqa: F401


class DuplicateAnalyst:
    role = "First Definition"
    goal = "g"
    backstory = "b"


class DuplicateAnalyst:  # noqa: F811
    role = "Second Definition"
    goal = "g"
    backstory = "b"
