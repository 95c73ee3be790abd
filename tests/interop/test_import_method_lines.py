"""Plainly written crew methods are read from their lines (not parsed one token at a time),
with the same result as a parse of the whole file; anything unusual around them is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewtui.interop.importer import ProjectInvalid, modules, read_project
from crewtui.interop.importer.modules import ModuleIndex

AGENTS = (
    "writer:\n  role: Writer\n  goal: Write.\n  backstory: Writes.\n  llm: writer_llm\n"
    "editor:\n  role: Editor\n  goal: Edit.\n  backstory: Edits.\n"
)
TASKS = "draft:\n  description: Draft it.\n  expected_output: A draft.\n  agent: writer\n"

HEAD = (
    "from crewai import LLM, Agent, Crew, Process, Task\n"
    "from crewai.project import CrewBase, agent, crew, llm, task\n\n\n"
    "@CrewBase\nclass PenCrew:\n"
    '    """Pen crew"""\n\n'
    '    agents_config = "config/agents.yaml"\n    tasks_config = "config/tasks.yaml"\n'
)
LLM_METHOD = (
    "\n    @llm\n    def writer_llm(self) -> LLM:\n"
    "        return LLM(model='openai/gpt-4o', temperature=0.7, max_tokens=4000, seed=-3, "
    "top_p=-0.5, base_url=None, stream=True)\n"
)
WRITER = (
    "\n    @agent\n    def writer(self) -> Agent:\n        return Agent(\n"
    "            config=self.agents_config['writer'],  # type: ignore[index]\n"
    "            verbose=False,\n        )\n"
)
EDITOR = (
    "\n    @agent\n    def editor(self) -> Agent:\n"
    '        return Agent(config=self.agents_config["editor"])  # type: ignore[index]\n'
)
DRAFT = (
    "\n    @task\n    def draft(self) -> Task:\n        return Task(\n"
    "            config=self.tasks_config['draft'],  # type: ignore[index]\n        )\n"
)
CREW = (
    "\n    @crew\n    def crew(self) -> Crew:\n        return Crew(\n            name='pen',\n"
    "            agents=self.agents,\n            tasks=self.tasks,\n"
    "            process=Process.sequential,\n        )\n"
)
PLAIN = HEAD + LLM_METHOD + WRITER + EDITOR + DRAFT + CREW


def _project(folder: Path, crew_py: str) -> Path:
    (folder / "config").mkdir(parents=True)
    (folder / "config" / "agents.yaml").write_text(AGENTS, encoding="utf-8")
    (folder / "config" / "tasks.yaml").write_text(TASKS, encoding="utf-8")
    (folder / "crew.py").write_text(crew_py, encoding="utf-8")
    return folder


def _read(folder: Path, lift: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        if not lift:
            m.setattr(modules, "_parse_lifted", lambda *_args: None)
        try:
            return repr(read_project(folder))
        except ProjectInvalid as exc:
            return "invalid: " + str(exc)


def _lifted(folder: Path) -> int:
    mod = ModuleIndex(folder, folder).load(folder / "crew.py")
    return sum(len(group) for group in mod.lifted.values())


def test_plain_methods_are_read_from_their_lines_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path / "p", PLAIN)
    assert _lifted(folder) == 4  # the @crew method is parsed
    assert _read(folder, True, monkeypatch) == _read(folder, False, monkeypatch)
    spec = read_project(folder)
    assert list(spec.agents) == ["writer", "editor"]
    assert spec.agents["writer"].values["temperature"] == 0.7
    assert spec.agents["writer"].values["llm"] == "openai/gpt-4o"
    assert [t.key for t in spec.tasks] == ["draft"]


UNUSUAL = {
    "inside a string": PLAIN.replace(
        "    agents_config =", '    note = """\n' + WRITER + '"""\n    agents_config ='
    ),
    "after a decorator": PLAIN.replace(EDITOR, "\n    @staticmethod\n" + EDITOR),
    "more code in the method": PLAIN.replace(EDITOR, EDITOR + "        print('more')\n"),
    "more code after a blank line": PLAIN.replace(
        EDITOR, EDITOR + "\n        # still the method\n        x = 1\n"
    ),
    "in a bracket": PLAIN.replace(CREW, "\n    items = [\n" + EDITOR + "\n    ]\n" + CREW),
    "keyword given twice": PLAIN.replace("seed=-3", "seed=-3, seed=4"),
    "keyword that is a Python keyword": PLAIN.replace("seed=-3", "class=1"),
    "name that is a Python keyword": PLAIN.replace("def editor(", "def None("),
    "in another class": PLAIN + "\n\nclass Other:\n    x = 1\n" + EDITOR.replace("editor", "other"),
    "in an if block": PLAIN + "\n\nif True:\n    y = 2\n" + EDITOR.replace("editor", "other"),
    "a class of methods only": HEAD.split("@CrewBase")[0] + "@CrewBase\nclass PenCrew:\n" + WRITER,
    "defined twice": PLAIN.replace(
        CREW,
        "\n    def editor(self):\n        return 1\n"
        + EDITOR.replace('editor"]', 'writer"]')
        + CREW,
    ),
    "a tab before the next line": PLAIN.replace(EDITOR, EDITOR + "\t\n"),
    "a null byte in a string": PLAIN.replace("openai/gpt-4o", "openai/\x00gpt"),
    "indented with tabs after": PLAIN.replace(CREW, "\n\tx = 1\n" + CREW),
    "a comment that reads like a keyword": PLAIN.replace(
        "# type: ignore[index]\n            verbose", "# max_iter=3, role='x'\n            verbose"
    ),
    "a keyword as return annotation": PLAIN.replace(
        "def editor(self) -> Agent", "def editor(self) -> class"
    ),
    "None as return annotation": PLAIN.replace(
        "def editor(self) -> Agent", "def editor(self) -> None"
    ),
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_surroundings_read_as_a_whole_file_would(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path / "p", UNUSUAL[name])
    assert _read(folder, True, monkeypatch) == _read(folder, False, monkeypatch)


def test_comments_after_keywords_are_not_read_as_keywords(tmp_path: Path) -> None:
    folder = _project(tmp_path / "p", UNUSUAL["a comment that reads like a keyword"])
    assert _lifted(folder) == 4
    spec = read_project(folder)
    assert "max_iter" not in spec.agents["writer"].values
    assert spec.agents["writer"].values["role"] == "Writer"


def test_a_method_in_a_string_is_not_taken_for_a_method(tmp_path: Path) -> None:
    folder = _project(tmp_path / "p", UNUSUAL["inside a string"])
    assert _lifted(folder) == 0
    spec = read_project(folder)
    assert "writer" in spec.agents  # the real @agent method further down
