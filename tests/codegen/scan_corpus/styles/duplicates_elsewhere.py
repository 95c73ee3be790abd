# ruff: noqa: F401
from crewai import Agent


class DuplicateAnalyst:
    role = "Third Definition"
    goal = "g"
    backstory = "b"
