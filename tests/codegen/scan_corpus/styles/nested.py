"""Agents in nested classes and in a class with several agent methods."""
from crewai import Agent


class Department:
    class NestedPlanner:
        role = "Nested Planner"
        goal = "Plan"
        backstory = "Lives inside another class."
        max_iter = 7


class Team:
    def researcher(self) -> Agent:
        return Agent(role="Team Researcher", goal="Research", backstory="One of two.")

    def writer(self) -> Agent:
        return Agent(role="Team Writer", goal="Write", backstory="Two of two.", llm="openai/gpt-4o")
