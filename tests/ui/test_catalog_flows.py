"""Memory configs, departments and tools: the same form machinery as agents."""

from __future__ import annotations

from crewtui.services import Services
from crewtui.ui.modals import ConfirmModal, InfoModal
from crewtui.ui.screens.catalog import DepartmentsSection, MemoryConfigsSection
from crewtui.ui.screens.record_editor import RecordEditorScreen, RecordWizardScreen

from .conftest import settle, type_text


async def test_create_a_tool_through_the_wizard(app, services: Services) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, RecordWizardScreen)
        wizard.form.focus_field("tool_key")
        await settle(pilot)
        await type_text(pilot, "pdf_reader")
        await pilot.press("tab")
        await type_text(pilot, "PDF reader")
        wizard.form.editor("config").load_text('{"api_key": "sk-123"}')
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # a stored secret is refused beside the field
        assert isinstance(pilot.app.screen, RecordWizardScreen)
        assert "secret" in (wizard.form.row("config").error or "")
        wizard.form.editor("config").load_text('{"api_key_env": "PDF_KEY"}')
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RecordWizardScreen)
    tool = services.get_tool("pdf_reader")
    assert tool.name == "PDF reader"
    assert tool.config == {"api_key_env": "PDF_KEY"}


async def test_edit_a_department(app, services: Services) -> None:
    department = services.list_departments()[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        section = pilot.app.screen.query_one(DepartmentsSection)
        assert section.table.current is not None
        key = section.table.current.key
        await pilot.press("enter")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, RecordEditorScreen)
        editor.form.editor("description").load_text("Rewritten description")
        await settle(pilot)
        await pilot.press("ctrl+s", "escape")
        await settle(pilot)
        assert pilot.app.screen.query(DepartmentsSection)
    assert services.get_department(key).description == "Rewritten description"
    assert department is not None


async def test_deleting_a_memory_config_in_use_names_its_users(app, services: Services) -> None:
    used_ids = {
        a.memory_config_id
        for a in (services.get_agent(s.agent_key) for s in services.list_agents())
        if a.memory_config_id
    }
    config = next(m for m in services.list_memory_configs() if m.id in used_ids)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        section = pilot.app.screen.query_one(MemoryConfigsSection)
        await pilot.press("slash")
        await type_text(pilot, config.name)
        await pilot.press("enter")
        assert section.table.current is not None and section.table.current.key == config.name
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.click("#confirm")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, InfoModal)
        assert "agent" in modal._message.lower()
    assert services.get_memory_config(config.name)
