"""A crew that streams runs to its end from the exported project's ``main.py`` (newest crewai).

crewai's ``kickoff()`` of a streaming crew returns the stream and runs the crew only while the
stream is read; the exported ``run()`` reads it, printing the chunks as they come.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import NEWEST
from crewtui.services import Services, Store

from ..standin.server import StandIn
from .crewai_env import require_latest_crewai
from .kickoff import kickoff_env

pytestmark = [pytest.mark.crewai, pytest.mark.slow]


@pytest.fixture
def standin() -> Iterator[StandIn]:
    server = StandIn().start()
    try:
        yield server
    finally:
        server.stop()


def test_the_exported_main_reads_a_streaming_crew_to_its_end(
    standin: StandIn, tmp_path: Path
) -> None:
    python = require_latest_crewai()
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        s = Services(store)
        s.create_agent(
            {
                "agent_key": "writer",
                "name": "Writer",
                "role": "Writer",
                "goal": "Write",
                "backstory": "Writes.",
                "llm_model": "openai/gpt-4o-mini",
                "max_iter": 1,
            }
        )
        s.create_crew(
            {
                "crew_name": "streamer",
                "process_type": "sequential",
                "crewai_settings": {"stream": True},
            }
        )
        s.add_member("streamer", "writer")
        for name in ("draft", "polish"):
            s.create_task(
                "streamer",
                {
                    "name": name,
                    "agent": "writer",
                    "description": f"Do the {name} step.",
                    "expected_output": "A line.",
                },
            )
        bundle = s.load_bundle("streamer")
    finally:
        store.dispose()
    project = tmp_path / "project"
    write_project(render_project(bundle, format="yaml", target=NEWEST), project)
    main = (project / "src" / "streamer" / "main.py").read_text()
    assert "for chunk in streaming:" in main

    before = len(standin.chat_requests())
    env = kickoff_env(tmp_path, standin)  # its PYTHONPATH keeps every other host away
    env["PYTHONPATH"] = f"{project / 'src'}:{env['PYTHONPATH']}"
    proc = subprocess.run(
        [str(python), "-c", "from streamer.main import run; run()"],
        env=env,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    # both tasks asked the model: the crew ran, it did not just return its stream
    assert len(standin.chat_requests()) - before >= 2
    assert proc.stdout.strip()
