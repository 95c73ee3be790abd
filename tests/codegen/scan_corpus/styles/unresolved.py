"""Values that depend on running code: reported, never guessed."""
import os

from crewai import Agent


def load_goal() -> str:
    return "from a file"


runtime_agent = Agent(
    role="Runtime Role",
    goal=load_goal(),
    backstory=f"Runs in {os.environ.get('ENV', 'dev')}",
    llm=os.environ["MODEL"],
    max_iter=5,
    step_callback=print,
)

agents = [Agent(role="Unnamed", goal="No key", backstory="In a list.")]
