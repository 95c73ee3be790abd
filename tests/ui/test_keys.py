"""Keys: the same in every editor, none taken by tmux or screen, Esc leaves the filter."""

from __future__ import annotations

import importlib
import json
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Input, OptionList

import crewtui.ui
from crewtui.services import Services
from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.help import HelpScreen
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.screens.agent_editor import AgentWizardScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.deployments import DeploymentsSection
from crewtui.ui.screens.tasks_editor import TaskEditor
from crewtui.ui.widgets.members import MemberList

from .conftest import app_for, settle, type_text
from .test_tasks_flows import open_tasks

#: prefixes of tmux (ctrl+b) and GNU screen (ctrl+a): the app never sees them there
TAKEN = {"ctrl+b", "ctrl+a"}


def _all_bindings() -> dict[str, set[str]]:
    for info in pkgutil.walk_packages(crewtui.ui.__path__, "crewtui.ui."):
        importlib.import_module(info.name)
    out: dict[str, set[str]] = {}
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__module__.startswith("crewtui.ui"):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                keys = binding.key
            elif isinstance(binding, tuple):
                keys = binding[0]
            else:
                continue
            for key in keys.split(","):
                out.setdefault(key.strip(), set()).add(cls.__qualname__)
    return out


def test_no_binding_is_a_terminal_multiplexer_prefix() -> None:
    bindings = _all_bindings()
    assert "ctrl+s" in bindings  # the walk found the editors
    assert {k: bindings[k] for k in TAKEN if k in bindings} == {}


async def test_the_task_editor_switches_sections_with_the_editor_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tasks(pilot)
        await pilot.press("enter")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, TaskEditor)
        form = editor.query_one(RecordForm)
        first = form._visible_group
        await pilot.press("alt+down")
        await settle(pilot)
        second = form._visible_group
        assert second != first and second == editor.groups[1]
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert form._visible_group == editor.groups[2]
        await pilot.press("ctrl+pageup", "alt+up")
        await settle(pilot)
        assert form._visible_group == editor.groups[0]


async def test_the_wizard_goes_back_with_the_editor_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, AgentWizardScreen)
        wizard.show_group(wizard.groups[2])
        await settle(pilot)
        await pilot.press("alt+up")
        await settle(pilot)
        assert wizard.group == wizard.groups[1]
        await pilot.press("ctrl+pageup")
        await settle(pilot)
        assert wizard.group == wizard.groups[0]
        assert "^b" not in str(wizard.query_one("#editor-keys").render())


async def test_escape_in_the_filter_clears_it_and_returns_to_the_list(
    app, services: Services
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        total = len(section.table.rows)
        await pilot.press("slash")
        await type_text(pilot, "zzz-nothing")
        await settle(pilot)
        assert len(section.table.rows) == 0
        await pilot.press("escape")
        await settle(pilot)
        assert section.query_one("#agents-filter", Input).value == ""
        assert pilot.app.focused is section.table
        assert len(section.table.rows) == total
        await pilot.press("7")
        await settle(pilot)
        main = pilot.app.screen
        assert isinstance(main, MainScreen)
        deployments = main.query_one(DeploymentsSection)
        await pilot.press("slash")
        await type_text(pilot, "abc")
        await pilot.press("escape")
        await settle(pilot)
        assert deployments.query_one("#deployments-filter", Input).value == ""
        assert pilot.app.focused is deployments.table


async def test_help_shows_the_keys_of_the_screen_and_widget_in_focus(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        here = dict(help_screen._here)
        assert ("/", "Filter") in here["Agents section"]
        assert not any(d == "Lint" for rows in here.values() for _, d in rows)
        await pilot.press("escape")
        await settle(pilot)
        pilot.app.goto("crews", "venture-research")  # type: ignore[attr-defined]
        await settle(pilot)
        builder = pilot.app.screen
        assert isinstance(builder, CrewBuilder)
        builder.query_one(MemberList).query_one(OptionList).focus()
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        here = dict(help_screen._here)
        headings = list(here)
        assert headings[-1] == "Everywhere"
        assert ("l", "Lint") in here["Crew builder"]
        assert "Member list" in headings and headings.index("Member list") < headings.index(
            "Crew builder"
        )
        assert not any(k == "/" for rows in here.values() for k, _ in rows)
        await pilot.press("escape")
        await settle(pilot)
        # F1 works where ? is typed (a form field)
        builder.query_one(RecordForm).focus_field("crew_name")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Forms" in dict(help_screen._here)


async def test_model_and_tool_fields_suggest_names(app, services: Services) -> None:
    services.update_agent("board-secretary", {"llm_model": "openrouter/house-model-x"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.goto("agents", "account-strategist")  # type: ignore[attr-defined]
        await settle(pilot)
        editor = pilot.app.screen
        form = editor.query_one(RecordForm)
        # a name from the maintained list
        form.focus_field("llm_model")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "anthropic/claude-3-7")
        await pilot.press("right")
        await settle(pilot)
        assert form.editor("llm_model").read() == "anthropic/claude-3-7-sonnet-latest"
        # a name only the database has
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "openrouter/ho")
        await pilot.press("right")
        await settle(pilot)
        assert form.editor("llm_model").read() == "openrouter/house-model-x"
        # a crewai_tools class in the tools field
        form.focus_field("tools")
        await settle(pilot)
        tools_input = pilot.app.focused
        assert isinstance(tools_input, Input)
        await type_text(pilot, "SerperDe")
        await pilot.press("right")
        await settle(pilot)
        assert tools_input.value == "SerperDevTool"


async def test_the_chosen_theme_is_kept_in_the_settings_file(demo_url: str) -> None:
    from crewtui.ui.preferences import settings_path

    first = app_for(demo_url)
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert first.theme != "nord"
        first.theme = "nord"
        await settle(pilot)
    assert json.loads(settings_path().read_text())["theme"] == "nord"
    second = app_for(demo_url)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"


def test_a_section_whose_module_is_missing_is_unavailable_not_fatal() -> None:
    import pytest

    from crewtui.ui.sections import SectionInfo, SectionUnavailable, load_section_class

    def missing() -> type:
        raise ModuleNotFoundError("gone", name="crewtui.ui.screens.gone")

    with pytest.raises(SectionUnavailable, match="not available in this version"):
        load_section_class(SectionInfo("gone", "Gone", missing))
