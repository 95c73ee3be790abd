"""A market brief written by a small crew, built at module level as in crewAI's examples."""

import os
from textwrap import dedent

from crewai import LLM, Agent, Crew, Process, Task
from crewai_tools import SerperDevTool

os.environ.setdefault("SERPER_API_KEY", "")

TOPIC = "home battery storage"
REGION = "Northern Europe"
fast_llm = LLM(model="gpt-4o-mini", temperature=0.2)
search_tool = SerperDevTool(n_results=5)

analyst = Agent(
    role="Market Analyst",
    goal=f"Find the three facts that matter most about {TOPIC} in {REGION}",
    backstory=dedent(
        """
        You read industry reports for a living and you only keep what a
        decision maker needs.
        """
    ),
    tools=[search_tool],
    llm=fast_llm,
    allow_delegation=False,
    verbose=True,
)

second_analyst = Agent(
    role="Market Analyst",
    goal=f"Check every figure about {TOPIC} against a second source",
    backstory="You distrust numbers that appear in only one place.",
    tools=[search_tool],
)

writer = Agent(
    role="Brief Writer",
    goal="Turn findings into a one-page brief",
    backstory="You write for busy readers: short sentences, numbers first.",
)

research = Task(
    description=f"Collect recent facts about {TOPIC} in {REGION}.",
    expected_output="Ten bullet points, each with its source.",
    agent=analyst,
)

check = Task(
    description="Check each figure of the research against a second source.",
    expected_output="The bullet points, each marked confirmed or doubtful.",
    agent=second_analyst,
    context=[research],
)

brief = Task(
    description="Write the brief for {audience}.",
    expected_output="A one-page brief in markdown.",
    agent=writer,
    context=[research, check],
    output_file="brief.md",
)

# run on its own before the crew, never part of it
headline = Task(
    description=f"Suggest a headline about {TOPIC}.",
    expected_output="One headline.",
    agent=writer,
)

# built but never used
translation = Task(
    description="Translate the brief into Swedish.",
    expected_output="The brief in Swedish.",
    agent=writer,
)

crew = Crew(
    agents=[analyst, second_analyst, writer],
    tasks=[research, check, brief],
    process=Process.sequential,
    verbose=2,
)

if __name__ == "__main__":
    print(headline.execute_sync(agent=writer).raw)
    result = crew.kickoff(inputs={"audience": "the board", "year": 2026})
    print(result.raw)
