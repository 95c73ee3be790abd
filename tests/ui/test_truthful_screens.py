"""Screens show what is stored, and what lint and the export will say."""

from __future__ import annotations

from crewtui.services import Services
from crewtui.services.interop import lint_crew
from crewtui.ui.screens.agent_preview import preview_markup
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.widgets.depgraph_render import summary

from .conftest import settle
from .test_tasks_flows import CREW, open_tasks


async def test_the_agent_preview_shows_the_stored_crew_position(app, services: Services) -> None:
    crew = services.get_crew(CREW)
    first = min(crew.members, key=lambda m: m.sequence_order)
    usage = services.agent_usage(first.agent_key)
    role = next(c for c in usage.crews if c.crew_name == CREW)
    summ = next(s for s in services.list_agents(first.agent_key) if s.agent_key == first.agent_key)
    text = preview_markup(summ, usage)
    assert f"{CREW} ({role.role_in_crew or 'member'}, #{first.sequence_order})" in text
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        section.table.cursor = section.table.rows.index_of(first.agent_key)  # type: ignore[union-attr]
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        shown = str(section.query_one("#agents-preview").render())
        assert f"#{first.sequence_order})" in shown


async def test_the_dependency_view_shows_the_lint_result(app, services: Services) -> None:
    name = services.list_tasks(CREW)[0].name
    services.update_task(CREW, name, {"description": None})
    stored = lint_crew(services, CREW)
    assert any(i.object_name == name and i.severity == "error" for i in stored)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        shown = {(i.task, i.rule) for i in section.issues if i.task}
        assert shown == {(i.object_name, i.rule) for i in stored if i.object_kind == "task"}
        assert len(section.issues) == len(stored)
        assert str(summary(section.issues)) != "✓ no problems"
