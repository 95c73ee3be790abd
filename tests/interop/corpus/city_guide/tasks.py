from textwrap import dedent

from crewai import Task


class GuideTasks:
    def gather(self, agent, city, interests):
        return Task(
            description=dedent(
                f"""\
                Compile an in-depth guide to {city} for a traveller interested in
                {interests}: attractions, food, customs, and what to avoid."""
            ),
            expected_output=f"A guide to {city} in markdown.",
            agent=agent,
        )

    def plan(self, agent, city, days):
        return Task(
            description=f"Turn the guide into a plan of {days} days in {city}.",
            expected_output="A day-by-day plan.",
            agent=agent,
        )
