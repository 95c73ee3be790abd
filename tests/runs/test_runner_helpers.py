"""The runner's handling of what a kickoff returns, without crewai."""

from __future__ import annotations

from typing import Any

from crewtui.runtime.runner import finished


class CrewStreamingOutput:
    """Shaped as crewai's: the crew runs while the chunks are read, then ``result`` is set."""

    def __init__(self) -> None:
        self.read = 0
        self.result: Any = None

    def __iter__(self) -> Any:
        for chunk in ("a", "b"):
            self.read += 1
            yield chunk
        self.result = "the crew's output"


def test_a_streamed_kickoff_is_read_to_its_end() -> None:
    stream = CrewStreamingOutput()
    assert finished(stream) == "the crew's output"
    assert stream.read == 2


def test_a_plain_result_is_left_as_it_is() -> None:
    plain = {"raw": "done"}
    assert finished(plain) is plain
