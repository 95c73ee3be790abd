"""A self-evaluation loop in the style of crewai's flow examples: a crew writes a slogan,
a critic crew judges it, and a router sends it back until it passes or retries run out."""

from crewai.flow.flow import Flow, listen, router, start
from pydantic import BaseModel

from .crews.critic_crew.crew import CriticCrew
from .crews.slogan_crew.crew import SloganCrew


class SloganState(BaseModel):
    topic: str = "reusable water bottles"
    slogan: str = ""
    feedback: str = ""
    retry_count: int = 0
    valid: bool = False


class SelfEvaluationFlow(Flow[SloganState]):
    """Write a slogan until the critic accepts it (three tries at most)."""

    @start("retry")
    def generate_slogan(self):
        """Write a slogan, taking the critic's feedback into account."""
        result = SloganCrew().crew().kickoff(
            inputs={"topic": self.state.topic, "feedback": self.state.feedback}
        )
        self.state.slogan = result.raw

    @router(generate_slogan)
    def evaluate_slogan(self):
        if self.state.retry_count >= 3:
            return "max_retry_exceeded"
        result = CriticCrew().crew().kickoff(inputs={"slogan": self.state.slogan})
        self.state.valid = result["valid"]
        self.state.feedback = result["feedback"]
        self.state.retry_count += 1
        if self.state.valid:
            return "complete"
        return "retry"

    @listen("complete")
    def save_result(self):
        print("Slogan accepted:", self.state.slogan)

    @listen("max_retry_exceeded")
    def give_up(self):
        print("No slogan passed:", self.state.feedback)


def kickoff():
    SelfEvaluationFlow().kickoff()
