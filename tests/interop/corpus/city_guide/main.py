from crewai import Crew

from agents import GuideAgents
from tasks import GuideTasks


class GuideCrew:
    def __init__(self, city, interests):
        self.city = city
        self.interests = interests

    def run(self):
        agents = GuideAgents()
        tasks = GuideTasks()

        expert = agents.city_expert()
        planner = agents.planner(style="slow")

        gather = tasks.gather(expert, self.city, self.interests)
        plan = tasks.plan(planner, self.city, days=3)

        crew = Crew(agents=[expert, planner], tasks=[gather, plan], verbose=True)
        return crew.kickoff()


if __name__ == "__main__":
    city = input("Which city? ")
    interests = input("What do you like? ")
    print(GuideCrew(city, interests).run())
