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


async def test_crew_chat_llm_is_kept_in_the_crewai_settings(app, services: Services) -> None:
    services.update_crew(CREW, {"crewai_settings": {"stream": True}})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(pilot)
        row = screen.query_one("#row-chat_llm")
        assert isinstance(row.editor, ModelNameField)  # type: ignore[attr-defined]
        screen.query_one("#field-chat_llm").focus()
        await settle(pilot)
        await type_text(pilot, "gemini/gemini-2.5-f")
        await pilot.press("right")
        await settle(pilot)
        assert screen.has_unsaved_changes()
        assert "● modified" in str(screen.query_one("#crew-title").render())
        draft = screen.make_draft()
        assert draft is not None and draft.extra == {"chat_llm": "gemini/gemini-2.5-flash"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    crew = services.get_crew(CREW)
    assert crew.crewai_settings == {"stream": True, "chat_llm": "gemini/gemini-2.5-flash"}


def test_every_llm_field_gets_the_model_name_editor() -> None:
    from crewtui.domain.agent import Agent
    from crewtui.domain.crew import Crew
    from crewtui.domain.fields import fields_of
    from crewtui.domain.task import Task
    from crewtui.ui.forms.editors import make_editor

    found = []
    for model in (Agent, Crew, Task):
        for spec in fields_of(model):
            if spec.name == "llm_model" or spec.name.endswith("_llm"):
                editor = make_editor(spec, None, animate=False, id=f"field-{spec.name}")
                assert isinstance(editor, ModelNameField), (model.__name__, spec.name)
                found.append(f"{model.__name__}.{spec.name}")
    assert found == [
        "Agent.llm_model",
        "Agent.function_calling_llm",
        "Crew.manager_llm",
        "Crew.function_calling_llm",
        "Crew.planning_llm",
    ]


async def test_crew_draft_brings_back_the_chat_llm(demo_url: str, services: Services) -> None:
    from crewtui.ui.drafts import Draft, DraftStore
    from crewtui.ui.screens.crews_builder import CrewBuilder

    from .conftest import app_for
    from .test_recovery import _offered

    crew = services.get_crew(CREW)
    store = DraftStore(demo_url)
    store.save(
        Draft(
            kind="crew",
            key=CREW,
            version=crew.version,
            fields={},
            extra={"chat_llm": "ollama/llama3.2"},
        )
    )
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        modal = await _offered(pilot)
        assert "Chat LLM" in str(modal.query_one(".draft-text").render())
        await pilot.click("#restore-0")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrewBuilder), screen
        assert screen.has_unsaved_changes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    assert services.get_crew(CREW).crewai_settings.get("chat_llm") == "ollama/llama3.2"
    assert store.load_all() == []
