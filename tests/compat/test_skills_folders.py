"""Skill folders under the newest crewai: the export names them, the user copies them in.

Proves what lint's ``skill-path`` warning says: crewai looks for a relative skill folder in
the project's folder, builds the agent with the skills it finds there, and refuses to build it
when the folder is missing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import NEWEST
from crewtui.services import Services, Store
from crewtui.services.demo import load_demo

from .crewai_env import offline_env, require_latest_crewai
from .test_construct_exports import HERE, construct

pytestmark = pytest.mark.crewai

SKILL = "---\nname: market-sizing\ndescription: Size a market top-down.\n---\nUse TAM, SAM, SOM.\n"


def test_a_copied_skill_folder_is_loaded_and_a_missing_one_stops_crewai(tmp_path: Path) -> None:
    python = require_latest_crewai()
    store = Store.open(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        services = Services(store)
        load_demo(services)
        services.update_agent(
            "senior-market-analyst", {"crewai_settings": {"skills": ["./skills"]}}
        )
        bundle = services.load_bundle("venture-research")
    finally:
        store.dispose()
    project = tmp_path / "project"
    write_project(render_project(bundle, format="yaml", target=NEWEST), project)

    missing = subprocess.run(
        [str(python), str(HERE / "construct_project.py"), str(project)],
        env=offline_env(tmp_path),
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert missing.returncode != 0
    assert "Skill search path does not exist" in missing.stderr + missing.stdout

    (project / "skills" / "market-sizing").mkdir(parents=True)
    (project / "skills" / "market-sizing" / "SKILL.md").write_text(SKILL)
    built = construct(project, tmp_path, python, cwd=project)
    skills = {a["role"]: a["skills"] for a in built["agents"]}
    analyst = next(a.role for a in bundle.members if a.agent_key == "senior-market-analyst")
    assert skills[analyst] == ["market-sizing"]
    assert all(v == [] for role, v in skills.items() if role != analyst)
