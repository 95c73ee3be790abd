"""The agent flows, driven through the real app and checked in the database afterwards."""

from __future__ import annotations

from decimal import Decimal

from crewtui.services import Services, Store
from crewtui.ui.modals import ConfirmModal, ConflictModal, InfoModal, SaveDiscardCancel
from crewtui.ui.screens.agent_editor import AgentEditorScreen, AgentWizardScreen
from crewtui.ui.screens.agents import AgentsSection
from crewtui.ui.screens.record_editor import NOT_EDITED

from .conftest import app_for, settle, type_text


async def focus(pilot, screen, name: str) -> None:
    screen.form.focus_field(name)
    await settle(pilot)


KEY = "account-strategist"


async def open_editor(pilot, key: str = KEY) -> AgentEditorScreen:
    await settle(pilot)
    section = pilot.app.screen.query_one(AgentsSection)
    await pilot.press("slash")
    await type_text(pilot, key[:11])
    await pilot.press("enter", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgentEditorScreen), screen
    assert screen.record is not None and screen.record.agent_key == key
    assert section.table.current is not None
    return screen


async def test_edit_a_field_and_save(app, services: Services) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "name")
        await pilot.press("end")
        await type_text(pilot, " II")
        await settle(pilot)
        assert screen.has_unsaved_changes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
        assert isinstance(pilot.app.screen, AgentEditorScreen)
    after = services.get_agent(KEY)
    assert after.name == before.name + " II"
    assert after.version == before.version + 1
    assert after.goal == before.goal


async def test_invalid_value_is_refused_inline_and_nothing_is_written(
    app, services: Services
) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "max_iter")
        await pilot.press("end", "backspace", "backspace")
        await type_text(pilot, "0")
        await settle(pilot)
        row = screen.form.row("max_iter")
        assert row.error is not None and "must be at least 1" in row.error
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the bad text stays as typed, the cursor is on it, and the LLM section is marked
        assert screen.form.editor("max_iter").value == "0"
        assert pilot.app.focused is screen.form.editor("max_iter")
        assert screen.form.group_marks()["LLM"] == (True, True)
        assert isinstance(pilot.app.screen, AgentEditorScreen)
    after = services.get_agent(KEY)
    assert after.max_iter == before.max_iter
    assert after.version == before.version


async def test_bad_json_is_refused_with_the_parse_error(app, services: Services) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "embedder_config")
        await type_text(pilot, '{"provider": ')
        await settle(pilot)
        assert "not valid JSON" in (screen.form.row("embedder_config").error or "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.form.editor("embedder_config").text == '{"provider": '
    assert services.get_agent(KEY).version == before.version


async def test_escape_with_changes_asks_and_cancel_keeps_editing(app, services: Services) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "name")
        await type_text(pilot, "X")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.click("#cancel")
        await settle(pilot)
        assert pilot.app.screen is screen and screen.has_unsaved_changes()
        # discard leaves without writing
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert pilot.app.screen.query(AgentsSection)
    assert services.get_agent(KEY).version == before.version


async def test_escape_with_changes_then_save_writes(app, services: Services) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "name")
        screen.form.editor("name").value = "Renamed Strategist"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.press("s")
        await settle(pilot)
        assert pilot.app.screen.query(AgentsSection)
    assert services.get_agent(KEY).name == "Renamed Strategist"


async def test_quit_with_changes_asks_first(app, services: Services) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        await focus(pilot, screen, "name")
        await type_text(pilot, "Q")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.click("#cancel")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert pilot.app.return_code is None
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert pilot.app.return_code == 0
    assert services.get_agent(KEY).version == before.version


async def test_stale_save_shows_the_conflict_and_overwrite_keeps_their_other_change(
    app, services: Services
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        # someone else saves the goal while this editor holds version 1
        theirs = services.update_agent(
            KEY, {"goal": "Their goal"}, expected_version=screen.record.version
        )
        screen.form.editor("name").value = "My Name"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, ConflictModal)
        fields = {row[0]: (row[1], row[2]) for row in modal._rows}
        assert fields["Goal"] == ("Their goal", NOT_EDITED)  # only the name was edited here
        assert fields["Name"][1] == "My Name"
        assert services.get_agent(KEY).name != "My Name"  # nothing written yet
        await pilot.click("#overwrite")
        await settle(pilot)
        assert pilot.app.screen is screen and not screen.has_unsaved_changes()
    after = services.get_agent(KEY)
    assert after.name == "My Name"
    assert after.goal == "Their goal"
    assert after.version == theirs.version + 1


async def test_stale_save_reload_takes_their_version(app, services: Services) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        services.update_agent(KEY, {"name": "Their Name"})
        screen.form.editor("name").value = "My Name"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictModal)
        await pilot.click("#reload")
        await settle(pilot)
        assert screen.form.editor("name").value == "Their Name"
        assert not screen.has_unsaved_changes()
    assert services.get_agent(KEY).name == "Their Name"


async def test_delete_names_what_still_uses_the_agent(app, services: Services) -> None:
    used = services.list_crews()[0].members[0].agent_key
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, used)
        await pilot.press("enter", "d")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, InfoModal)
        assert services.list_crews()[0].crew_name in modal._message
        await pilot.press("escape")
    assert services.get_agent(used)


async def test_delete_an_unused_agent_after_confirmation(app, services: Services) -> None:
    used = {m.agent_key for c in services.list_crews() for m in c.members}
    free = next(
        a.agent_key
        for a in services.list_agents()
        if a.agent_key not in used and not services.agent_references(a.agent_key)
    )
    count = services.count_agents()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, free)
        await pilot.press("enter", "d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.click("#confirm")
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        assert free not in {s.agent_key for s in section.summaries}
    assert services.count_agents() == count - 1


async def test_filter_as_you_type_and_sort(app, services: Services) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        section = pilot.app.screen.query_one(AgentsSection)
        assert len(section.table.rows) == services.count_agents()
        await pilot.press("slash")
        await type_text(pilot, "analyst")
        expected = [a for a in services.list_agents("analyst")]
        assert {r.key for r in section.table.rows} == {a.agent_key for a in expected}
        await pilot.press("escape", "escape", "s")
        assert section.sort_key == "role"
        roles = [r.cells[1].lower() for r in section.table.rows]
        assert roles == sorted(roles)


async def test_wizard_creates_an_agent(db_url: str) -> None:
    services = Services(Store.open(db_url), user="t")
    services.create_department({"department_key": "research", "name": "Research"})
    app = app_for(db_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, AgentWizardScreen)
        # Next is refused while the step's required fields are empty
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.group == "Basic"
        assert wizard.form.row("agent_key").error
        await focus(pilot, wizard, "agent_key")
        await type_text(pilot, "market-sizer")
        await pilot.press("tab")
        await type_text(pilot, "Market Sizer")
        # long texts go in whole, as a paste would
        wizard.form.editor("role").load_text("Market Sizing Analyst")
        wizard.form.editor("goal").load_text("Size the market for {venture}")
        wizard.form.editor("backstory").load_text("Ten years of market models.")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.group == "LLM"
        await focus(pilot, wizard, "temperature")
        await pilot.press("end", *["backspace"] * 5)
        await type_text(pilot, "0.2")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert wizard.group == "Behavior"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AgentWizardScreen)
    agent = services.get_agent("market-sizer")
    assert agent.role == "Market Sizing Analyst"
    assert agent.temperature == Decimal("0.2")
    assert agent.max_iter == 25
    services.store.dispose()


async def test_palette_jump_from_a_changed_editor_asks_first(app, services: Services) -> None:
    before = services.get_agent(KEY)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_editor(pilot)
        screen.form.editor("name").value = "Jumped Away"
        await settle(pilot)
        pilot.app.goto("tools")  # what the palette's "Tools" command does
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.click("#cancel")
        await settle(pilot)
        assert pilot.app.screen is screen
        pilot.app.goto("tools")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        main = pilot.app.screen
        assert main.current == "tools"
    after = services.get_agent(KEY)
    assert after.name == "Jumped Away" and after.version == before.version + 1
