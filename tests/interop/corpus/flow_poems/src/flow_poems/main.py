#!/usr/bin/env python
"""Write a poem of a random length, then have it reviewed."""

from random import randint

from crewai.flow import Flow, listen, start
from pydantic import BaseModel

from flow_poems.crews.poem_crew.poem_crew import PoemCrew
from flow_poems.crews.review_crew.review_crew import ReviewCrew


class PoemState(BaseModel):
    sentence_count: int = 1
    poem: str = ""
    review: str = ""


class PoemFlow(Flow[PoemState]):
    @start()
    def pick_length(self):
        self.state.sentence_count = randint(1, 5)

    @listen(pick_length)
    def write_poem(self):
        result = (
            PoemCrew()
            .crew()
            .kickoff(inputs={"sentence_count": self.state.sentence_count})
        )
        self.state.poem = result.raw

    @listen(write_poem)
    def review_poem(self):
        result = ReviewCrew().crew().kickoff(inputs={"poem": self.state.poem})
        self.state.review = result.raw


def kickoff():
    PoemFlow().kickoff()


def plot():
    PoemFlow().plot()


if __name__ == "__main__":
    kickoff()
