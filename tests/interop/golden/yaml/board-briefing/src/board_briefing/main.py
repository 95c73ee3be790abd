#!/usr/bin/env python
"""Run the BoardBriefingCrew crew: ``crewai run`` (or ``run_crew key=value ...``).

Inputs fill the {placeholders} of agents and tasks. Pass them as key=value arguments; the
ones without a default are asked for when they are missing.
"""

import sys
import warnings

from board_briefing.crew import BoardBriefingCrew

warnings.filterwarnings("ignore", category=SyntaxWarning, module="pysbd")

#: inputs with no default: given as key=value arguments, or asked for
REQUIRED_INPUTS: tuple[str, ...] = ('topic',)


def default_inputs() -> dict[str, str]:
    return {}


def collect_inputs(argv: list[str]) -> dict[str, str]:
    inputs = default_inputs()
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep:
            inputs[key] = value
    for key in REQUIRED_INPUTS:
        if key not in inputs:
            inputs[key] = input(f"{key}: ")
    return inputs


def run() -> None:
    """Run the crew."""
    BoardBriefingCrew().crew().kickoff(inputs=collect_inputs(sys.argv[1:]))


def train() -> None:
    """Train the crew: train N_ITERATIONS FILENAME [key=value ...]."""
    BoardBriefingCrew().crew().train(
        n_iterations=int(sys.argv[1]), filename=sys.argv[2], inputs=collect_inputs(sys.argv[3:])
    )


def replay() -> None:
    """Replay the crew from a task: replay TASK_ID."""
    BoardBriefingCrew().crew().replay(task_id=sys.argv[1])


def test() -> None:
    """Test the crew: test N_ITERATIONS EVAL_LLM [key=value ...]."""
    BoardBriefingCrew().crew().test(
        n_iterations=int(sys.argv[1]), eval_llm=sys.argv[2], inputs=collect_inputs(sys.argv[3:])
    )


if __name__ == "__main__":
    run()
