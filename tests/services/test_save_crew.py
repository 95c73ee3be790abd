"""The crew editor's save: settings and ordered members together, all or nothing."""

from __future__ import annotations

import pytest

from crewtui.domain.errors import Conflict, ValidationFailed
from crewtui.services import Services

from .conftest import agent_values, make_crew


def test_settings_and_members_are_saved_together(services: Services) -> None:
    make_crew(services, "research", ["a-one", "a-two", "a-three"])
    crew = services.get_crew("research")
    saved = services.save_crew(
        "research",
        {"planning_enabled": True},
        [("a-three", "lead"), ("a-one", None), ("a-two", "writer")],
        expected_version=crew.version,
    )
    again = services.get_crew("research")
    assert again.planning_enabled is True
    assert [(m.agent_key, m.role_in_crew, m.sequence_order) for m in again.members] == [
        ("a-three", "lead", 1),
        ("a-one", None, 2),
        ("a-two", "writer", 3),
    ]
    assert saved.version == again.version > crew.version


def test_a_bad_member_writes_nothing_not_even_the_settings(services: Services) -> None:
    make_crew(services, "research", ["a-one", "a-two"])
    before = services.get_crew("research")
    with pytest.raises(ValidationFailed) as info:
        services.save_crew(
            "research",
            {"verbose": True},
            [("a-one", None), ("nobody-here", None)],
            expected_version=before.version,
        )
    assert "members.2" in info.value.by_field()
    after = services.get_crew("research")
    assert after.verbose is False and after.version == before.version
    assert [m.agent_key for m in after.members] == ["a-one", "a-two"]


def test_a_new_crew_is_created_with_its_members(services: Services) -> None:
    for key in ("b-one", "b-two"):
        services.create_agent(agent_values(key))
    crew = services.save_crew(None, {"crew_name": "fresh"}, [("b-two", None), ("b-one", "lead")])
    assert [m.agent_key for m in crew.members] == ["b-two", "b-one"]
    with pytest.raises(ValidationFailed):
        services.save_crew(None, {"crew_name": "broken"}, [("missing-agent", None)])
    assert [c.crew_name for c in services.list_crews()] == ["fresh"]


def test_a_stale_save_is_a_conflict_and_changes_nothing(services: Services) -> None:
    make_crew(services, "research", ["a-one", "a-two"])
    seen = services.get_crew("research")
    services.update_crew("research", {"max_rpm": 10}, expected_version=seen.version)
    with pytest.raises(Conflict) as info:
        services.save_crew(
            "research", {"verbose": True}, [("a-two", None)], expected_version=seen.version
        )
    assert info.value.theirs["max_rpm"] == 10
    now = services.get_crew("research")
    assert now.verbose is False and [m.agent_key for m in now.members] == ["a-one", "a-two"]
