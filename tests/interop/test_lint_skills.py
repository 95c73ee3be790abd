"""Skill folders named by agents and crews: the export writes none, lint says where crewai
will look for each (and that a missing one stops crewai from building the agent)."""

from __future__ import annotations

from crewtui.domain.bundle import CrewBundle
from crewtui.interop.lint import lint_bundle
from crewtui.interop.releases import NEWEST, OLDEST
from crewtui.services import Services


def _skills(bundle: CrewBundle, target: object) -> list[tuple[str, str, str]]:
    return [
        (i.object_kind, i.object_name, i.message)
        for i in lint_bundle(bundle, target=target)  # type: ignore[arg-type]
        if i.rule == "skill-path"
    ]


def test_every_skill_path_says_where_crewai_looks(demo: Services) -> None:
    s = demo
    s.update_agent(
        "senior-market-analyst",
        {
            "crewai_settings": {
                "skills": ["./skills", "../shared/skills", "@acme/pricing", "---\nname: x\n---\n"]
            }
        },
    )
    s.update_crew("venture-research", {"crewai_settings": {"skills": ["/opt/skills"]}})
    found = _skills(s.load_bundle("venture-research"), NEWEST)
    assert [(k, n) for k, n, _ in found] == [
        ("crew", "venture-research"),
        ("agent", "senior-market-analyst"),
        ("agent", "senior-market-analyst"),
    ]
    crew_msg, inside, outside = (m for _, _, m in found)
    assert "'/opt/skills' must exist on the machine that runs the crew" in crew_msg
    assert "'./skills' is not written by the export: copy it into the exported project" in inside
    assert "'../shared/skills' lies outside the exported project" in outside
    # crewai 1.3 has no skills: the release rule says the export leaves them out instead
    assert _skills(s.load_bundle("venture-research"), OLDEST) == []
    assert all(
        i.severity == "warning"
        for i in lint_bundle(s.load_bundle("venture-research"), target=NEWEST)
        if i.rule == "skill-path"
    )
