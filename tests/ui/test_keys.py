"""Keys: the same in every editor, none that only a terminal would see, Esc leaves the
filter, and the help lists the keys of where the focus is."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

import crewtui.ui
from crewtui.services import Services
from crewtui.ui.forms.record_form import RecordForm
from crewtui.ui.help import HelpScreen, help_rows
from crewtui.ui.main_screen import MainScreen
from crewtui.ui.reserved_keys import RESERVED, is_prefix, normalize, reserved
from crewtui.ui.screens.agent_editor import AgentWizardScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.crews_builder import CrewBuilder
from crewtui.ui.screens.deployments import DeploymentsSection
from crewtui.ui.screens.tasks import TasksSection
from crewtui.ui.widgets.depgraph import DepGraph
from crewtui.ui.widgets.members import MemberList

from .conftest import app_for, settle, type_text
from .test_tasks_flows import open_task_editor, open_tasks


def _declared() -> list[tuple[type, Binding]]:
    """Every binding declared by a class of the UI package, with its class."""
    for info in pkgutil.walk_packages(crewtui.ui.__path__, "crewtui.ui."):
        importlib.import_module(info.name)
    out: list[tuple[type, Binding]] = []
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if not cls.__module__.startswith("crewtui.ui"):
            continue
        for item in cls.__dict__.get("BINDINGS", []):
            if isinstance(item, Binding):
                out.append((cls, item))
            elif isinstance(item, tuple):
                out.append((cls, Binding(*item)))
    return out


def _all_bindings() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for cls, binding in _declared():
        for key in binding.key.split(","):
            out.setdefault(normalize(key), set()).add(cls.__qualname__)
    return out


def _keys_by_action(cls: type) -> dict[str, set[str]]:
    """The keys bound to each action on ``cls``, its own and those it inherits."""
    out: dict[str, set[str]] = {}
    for klass in cls.__mro__:
        for item in klass.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            for key in binding.key.split(","):
                out.setdefault(binding.action, set()).add(normalize(key))
    return out


def test_the_reserved_keys_say_who_takes_them() -> None:
    keys = [r.key for r in RESERVED]
    assert len(keys) == len(set(keys)) and all(k == normalize(k) for k in keys)
    assert all(r.takers and r.use for r in RESERVED)
    assert {r.key for r in RESERVED if r.prefix} == {"ctrl+b", "ctrl+a"}
    for key in ("ctrl+pagedown", "ctrl+shift+t", "shift+insert", "f11", "alt+f4", "ctrl+tab"):
        assert reserved(key) is not None, key
    assert reserved("ctrl+PageDown") is not None and reserved("shift+ctrl+t") is not None
    assert reserved("alt+down") is None and reserved("D") is None


def test_no_binding_is_a_terminal_multiplexer_prefix() -> None:
    bindings = _all_bindings()
    assert "ctrl+s" in bindings  # the walk found the editors
    assert {k: v for k, v in bindings.items() if is_prefix(k)} == {}


def test_every_action_on_a_key_terminals_take_has_a_free_key_too() -> None:
    declared = _declared()
    assert declared
    missing: list[str] = []
    seen_reserved = False
    for cls, binding in declared:
        keys = [normalize(k) for k in binding.key.split(",")]
        taken = [k for k in keys if reserved(k) is not None]
        if not taken:
            continue
        seen_reserved = True
        free = {k for k in _keys_by_action(cls)[binding.action] if reserved(k) is None}
        if not free:
            missing.append(f"{cls.__qualname__}: {binding.action} only on {taken}")
    assert seen_reserved  # the editors' ctrl+PgUp/PgDn are checked
    assert missing == []


def test_the_help_lists_the_free_key_of_an_action_first() -> None:
    rows = dict(dict(help_rows())["Task editor"])
    assert rows["alt+down / ctrl+pagedown"] == "Next section"
    assert rows["alt+up / ctrl+pageup"] == "Previous section"
    wizard = {d: k for k, d in dict(help_rows())["New agent wizard"]}
    first = wizard["Next step"].split(" / ")[0]
    assert reserved(first) is None, wizard["Next step"]


async def test_the_task_editor_switches_sections_with_the_editor_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_task_editor(pilot)
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


def _descriptions(here: dict[str, list[tuple[str, str]]]) -> set[str]:
    return {d for rows in here.values() for _, d in rows}


async def _open_help(
    pilot: Pilot[Any], key: str = "question_mark"
) -> dict[str, list[tuple[str, str]]]:
    await pilot.press(key)
    await settle(pilot)
    help_screen = pilot.app.screen
    assert isinstance(help_screen, HelpScreen)
    headings = [heading for heading, _ in help_screen._here]
    assert headings and headings[-1] == "Everywhere", headings
    here = dict(help_screen._here)
    await pilot.press("escape")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, HelpScreen)
    return here


async def test_help_on_the_dependency_view_shows_the_task_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_tasks(pilot)
        assert pilot.app.focused is section.query_one(DepGraph)
        here = await _open_help(pilot)
        headings = list(here)
        assert headings[:2] == ["Dep graph", "Tasks section"], headings
        assert {("c", "Context"), ("shift+up", "Move up"), ("enter", "Edit")} <= set(
            here["Dep graph"]
        )
        assert {("n", "New task"), ("d", "Delete")} <= set(here["Tasks section"])
        # nothing of the other sections or of the editors
        shown = _descriptions(here)
        assert not shown & {"Deploy", "Deploy folder", "Lint", "Filter", "Generate code"}
        assert not shown & {"Save", "Next section"}
        # the focus in the section's crew picker: the section's keys still, the graph's not
        section.query_one("#tasks-crew").focus()
        await settle(pilot)
        here = await _open_help(pilot)
        assert ("n", "New task") in here["Tasks section"]
        assert "Dep graph" not in here and ("c", "Context") not in {
            row for rows in here.values() for row in rows
        }
        assert isinstance(pilot.app.screen.query_one(TasksSection), TasksSection)


async def test_help_in_the_task_editor_shows_the_editor_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_task_editor(pilot)
        # ? types into the field in focus: F1 opens the help there
        here = await _open_help(pilot, "f1")
        headings = list(here)
        assert "Task editor" in headings and "Forms" in headings
        assert (
            headings.index("Forms") < headings.index("Task editor") < headings.index("Everywhere")
        )
        rows = set(here["Task editor"])
        assert {("ctrl+s", "Save"), ("escape", "Back"), ("ctrl+g", "Sections")} <= rows
        shown = _descriptions(here)
        assert not shown & {"New task", "Context", "Deploy", "Lint", "Filter", "Generate code"}
        assert "Main screen" not in here and "Tasks section" not in here
        # the section keys, the free one first; the field cannot scroll, so ctrl+PgDn is the
        # editor's (as pressing it shows), not the field's "Page Right"
        for description, keys in (
            ("Next section", ["alt+down", "ctrl+pagedown"]),
            ("Previous section", ["alt+up", "ctrl+pageup"]),
        ):
            assert [k for k, d in here["Task editor"] if d == description] == keys
        assert not shown & {"Page Left", "Page Right"}
        # the same from the sections list
        editor.query_one("#task-groups").focus()
        await settle(pilot)
        here = await _open_help(pilot, "f1")
        assert next(iter(here)) == "Option list"
        keys = [k for k, d in here["Task editor"] if d == "Next section"]
        assert keys == ["alt+down", "ctrl+pagedown"], here["Task editor"]
        form = editor.query_one(RecordForm)
        first = form._visible_group
        await pilot.press("ctrl+pagedown")
        await settle(pilot)
        assert form._visible_group != first


async def test_help_in_the_deployments_section_shows_its_keys(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        main = pilot.app.screen
        assert isinstance(main, MainScreen)
        deployments = main.query_one(DeploymentsSection)
        assert pilot.app.focused is deployments.table
        here = await _open_help(pilot)
        headings = list(here)
        assert headings[:2] == ["Record table", "Deployments section"], headings
        rows = set(here["Deployments section"])
        assert {("D", "Deploy"), ("o", "Deploy folder"), ("b", "Roll back")} <= rows
        assert {("a", "Approve"), ("x", "Reject"), ("/", "Filter")} <= rows
        shown = _descriptions(here)
        assert not shown & {"New task", "Context", "Lint", "Save", "Generate code", "Sort"}


def test_the_settings_file_is_in_the_users_config_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the override, the file is where the platform keeps an application's settings
    (on Linux $XDG_CONFIG_HOME/crewtui), and what is saved there is read back."""
    from crewtui.ui.preferences import ENV_CONFIG_DIR, Preferences, settings_path

    monkeypatch.delenv(ENV_CONFIG_DIR, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert settings_path() == tmp_path / "xdg" / "crewtui" / "settings.json"
    prefs = Preferences.load()
    prefs.theme = "nord"
    prefs.save()
    assert json.loads(settings_path().read_text())["theme"] == "nord"
    assert Preferences.load().theme == "nord"
