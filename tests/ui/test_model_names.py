"""Every model-name field of every editor suggests the same names: the maintained list and the
names already stored on agents and crews."""

from __future__ import annotations

from crewtui.services import Services
from crewtui.ui.forms.editors import ModelNameField
from crewtui.ui.forms.record_form import RecordForm

from .conftest import settle, type_text
from .test_crews_builder import CREW, choose_process, open_builder


async def test_crew_manager_llm_takes_a_suggested_name(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        form = screen.query_one(RecordForm)
        await choose_process(pilot, screen, "hierarchical")
        form.focus_field("manager_llm")
        await settle(pilot)
        await type_text(pilot, "anthropic/claude-3-7")
        await pilot.press("right")  # takes the suggestion
        await settle(pilot)
        assert form.editor("manager_llm").read() == "anthropic/claude-3-7-sonnet-latest"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    crew = services.get_crew(CREW)
    assert crew.process_type == "hierarchical"
    assert crew.manager_llm == "anthropic/claude-3-7-sonnet-latest"


async def test_crew_llm_fields_suggest_names_stored_on_agents_and_crews(
    app, services: Services
) -> None:
    services.update_agent("board-secretary", {"llm_model": "openrouter/house-model-x"})
    services.update_crew("venture-research", {"planning_llm": "openrouter/planner-y"})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        form = screen.query_one(RecordForm)
        for field in ("function_calling_llm", "planning_llm", "manager_llm"):
            assert isinstance(form.editor(field), ModelNameField), field
        form.focus_field("function_calling_llm")
        await settle(pilot)
        await type_text(pilot, "openrouter/ho")
        await pilot.press("right")
        await settle(pilot)
        assert form.editor("function_calling_llm").read() == "openrouter/house-model-x"
        form.focus_field("planning_llm")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "openrouter/pl")
        await pilot.press("right")
        await settle(pilot)
        assert form.editor("planning_llm").read() == "openrouter/planner-y"


async def test_agent_editor_uses_the_same_model_field(app, services: Services) -> None:
    services.update_crew("venture-research", {"manager_llm": "openrouter/boss-z"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.goto("agents", "account-strategist")  # type: ignore[attr-defined]
        await settle(pilot)
        form = pilot.app.screen.query_one(RecordForm)
        form.focus_field("llm_model")
        await settle(pilot)
        assert isinstance(form.editor("llm_model"), ModelNameField)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "openrouter/bo")
        await pilot.press("right")
        await settle(pilot)
        assert form.editor("llm_model").read() == "openrouter/boss-z"
