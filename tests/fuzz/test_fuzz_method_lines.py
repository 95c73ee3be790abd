"""Crew methods read from their lines give what a parse of the whole file gives, whatever
surrounds them: the same methods (name, kind, line, value) or the same error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crewtui.interop.importer import ProjectInvalid, modules
from crewtui.interop.importer.crewclass import find_crew_classes
from crewtui.interop.importer.modules import ModuleIndex

from .strategies import FUZZ

HEAD = (
    "from crewai.project import CrewBase, agent, llm, task\n\n\n@CrewBase\nclass Fuzz:\n"
    '    """Fuzz."""\n'
)
FRAGMENTS = [
    (
        "\n    @agent\n    def a1(self) -> Agent:\n        return Agent(\n"
        "            config=self.agents_config['a1'],  # type: ignore[index]\n        )\n"
    ),
    (
        "\n    @agent\n    def a2(self):\n"
        '        return Agent(config=self.agents_config["a2"], verbose=True)\n'
    ),
    (
        "\n    @llm\n    def a1_llm(self) -> LLM:\n"
        "        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=-5, seed=None)\n"
    ),
    (
        "\n    @task\n    def t1(self) -> Task:\n        return Task(\n"
        "            config=self.tasks_config['t1'],  # x=1, y='2'\n"
        "            async_execution=False,\n        )\n"
    ),
    "\n    @tool\n    def search(self) -> Tool:\n        return SerperDevTool()\n",
    "\n    @agent\n    def a1(self) -> Agent:\n        return Agent(role='again')\n",
    "\n",
    "    # a comment\n",
    "# a comment at the margin\n",
    "    x = 1\n",
    "    @staticmethod\n",
    "\n    @staticmethod\n",
    '    doc = """\n',
    '"""\n',
    "    items = [\n",
    "    ]\n",
    "        deeper = 2\n",
    "\tx = 1\n",
    "x = 1 \\\n",
    "\nclass Other:\n    y = 2\n",
    "\n@CrewBase\nclass Second:\n    z = 3\n",
    "\nif True:\n    w = 4\n",
    "    def plain(self):\n        return 1\n",
    "    a = (\n",
    "    )\n",
    "    @agent\n",
    "    def a3(self) -> class:\n",
]


def _methods(folder: Path, lift: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        if not lift:
            m.setattr(modules, "_parse_lifted", lambda *_args: None)
        try:
            classes = find_crew_classes(ModuleIndex(folder, folder), folder, [])
        except ProjectInvalid as exc:
            return "invalid: " + str(exc)
        return repr(
            [
                (
                    c.name,
                    c.agents_config,
                    [(m.name, m.kind, m.line, m.value) for m in c.methods.values()],
                )
                for c in classes
            ]
        )


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS[:6]) | st.sampled_from(FRAGMENTS), max_size=12))
@example([FRAGMENTS[0], FRAGMENTS[2], FRAGMENTS[3], FRAGMENTS[5]])
@example([FRAGMENTS[9], FRAGMENTS[0]])
@example([FRAGMENTS[12], FRAGMENTS[0], FRAGMENTS[13]])
def test_lifted_methods_match_a_whole_parse(fragments: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as monkeypatch:
        folder = Path(tmp)
        (folder / "crew.py").write_text(HEAD + "".join(fragments), encoding="utf-8")
        assert _methods(folder, True, monkeypatch) == _methods(folder, False, monkeypatch)
