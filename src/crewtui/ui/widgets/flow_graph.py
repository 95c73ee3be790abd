"""A flow's graph in the terminal: methods by depth from the starts, their triggers and
actions, the edges out of each (through router labels) and the problems, errors in red and
warnings in yellow."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ...domain.flow_lint import FlowProblem
from ...domain.flow_spec import FlowSpec
from ...domain.flow_view import graph_lines

STYLES = {"error": "bold red", "warning": "yellow"}


def graph_renderable(spec: FlowSpec, problems: Sequence[FlowProblem]) -> Text:
    text = Text()
    lines = graph_lines(spec, problems)
    if not lines:
        text.append("No methods yet: add one to the definition.", style="dim")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        style = STYLES.get(line.mark, "")
        if line.text.startswith("   ") and not line.mark:
            style = "dim"
        text.append(line.text, style=style)
    return text


class FlowGraph(Static):
    """Shows :func:`graph_renderable` of the flow it was last given."""

    DEFAULT_CSS = """
    FlowGraph {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.lines: list[str] = []

    def show(self, spec: FlowSpec, problems: Sequence[FlowProblem]) -> None:
        self.lines = [ln.text for ln in graph_lines(spec, problems)]
        self.update(graph_renderable(spec, problems))
