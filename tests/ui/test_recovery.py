"""Unsaved edits are kept on disk while an editor is open and offered back on the next start."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crewtui.services import Services
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.drafts import Draft, DraftStore, FieldDraft
from crewtui.ui.modals import ConfirmModal, ConflictModal, SaveDiscardCancel
from crewtui.ui.recovery_modal import RecoveryModal
from crewtui.ui.screens.agent_editor import AgentEditorScreen, AgentWizardScreen
from crewtui.ui.screens.agents import AgentsSection

from .conftest import app_for, settle
from .test_agent_flows import KEY, focus, open_editor


def _fast(app: CrewtuiApp) -> CrewtuiApp:
    app.draft_interval = 0.05
    return app


async def _wait_for_drafts(pilot: Any, store: DraftStore, count: int) -> list[Draft]:
    drafts: list[Draft] = []
    for _ in range(100):
        await pilot.pause(0.05)
        drafts = store.load_all()
        if len(drafts) == count:
            break
    return drafts


async def _edit_name(pilot: Any) -> AgentEditorScreen:
    screen = await open_editor(pilot)
    await focus(pilot, screen, "name")
    await pilot.press("end", *" II")
    await focus(pilot, screen, "temperature")
    await pilot.press("end", "backspace", "backspace", "backspace", "backspace", *"1.5e")
    await settle(pilot)
    return screen


async def test_interval_writes_the_typed_values_and_save_removes_them(
    demo_url: str, services: Services
) -> None:
    store = DraftStore(demo_url)
    name = services.get_agent(KEY).name
    app = _fast(app_for(demo_url))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _edit_name(pilot)
        (draft,) = await _wait_for_drafts(pilot, store, 1)
        assert (
            app.drafts is not None and app.drafts.flush() == 0
        )  # unchanged since: nothing rewritten
        assert (draft.kind, draft.key, draft.version) == ("agent", KEY, screen.record.version)
        assert draft.fields["name"] == FieldDraft(text=f"{name} II")
        assert draft.fields["temperature"] == FieldDraft(text="1.5e")  # invalid text kept as typed
        await focus(pilot, screen, "temperature")
        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
        assert await _wait_for_drafts(pilot, store, 0) == []
        # a later edit writes a draft again, and leaving with discard removes it
        await focus(pilot, screen, "name")
        await pilot.press("end", "X")
        assert len(await _wait_for_drafts(pilot, store, 1)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.click("#discard")
        await settle(pilot)
        assert store.load_all() == []
    assert services.get_agent(KEY).temperature == Decimal("1.5")


async def test_closing_the_app_after_discard_leaves_no_draft(demo_url: str) -> None:
    store = DraftStore(demo_url)
    app = _fast(app_for(demo_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await _edit_name(pilot)
        assert len(await _wait_for_drafts(pilot, store, 1)) == 1
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SaveDiscardCancel)
        await pilot.click("#discard")
        await settle(pilot)
    assert store.load_all() == []


def _agent_draft(services: Services, **fields: FieldDraft) -> Draft:
    agent = services.get_agent(KEY)
    return Draft(kind="agent", key=KEY, version=agent.version, fields=dict(fields), group="LLM")


async def _offered(pilot: Any) -> RecoveryModal:
    await settle(pilot)
    for _ in range(50):
        if isinstance(pilot.app.screen, RecoveryModal):
            break
        await pilot.pause(0.05)
    modal = pilot.app.screen
    assert isinstance(modal, RecoveryModal), modal
    return modal


async def test_next_start_offers_the_draft_and_restores_it(
    demo_url: str, services: Services
) -> None:
    store = DraftStore(demo_url)
    store.save(
        _agent_draft(services, name=FieldDraft(text="Restored Name"), max_iter=FieldDraft(text="0"))
    )
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        modal = await _offered(pilot)
        text = str(modal.query_one(".draft-text").render())
        assert KEY in text and "Max iterations" in text and "Name" in text
        await pilot.click("#restore-0")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen), screen
        assert screen.form is not None
        assert screen.form.editor("name").value == "Restored Name"
        assert screen.form.editor("max_iter").value == "0"
        assert screen.has_unsaved_changes()
        assert screen.group == "LLM"
        assert screen.form.row("max_iter").error  # shown at once: the draft is not saveable as is
        assert set(screen.form.changed_fields()) == {"name", "max_iter"}


async def test_later_keeps_and_discard_removes(demo_url: str, services: Services) -> None:
    store = DraftStore(demo_url)
    store.save(_agent_draft(services, name=FieldDraft(text="Kept")))
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#later")
        await settle(pilot)
        assert pilot.app.screen.query(AgentsSection)
        # looking at the record without changing it leaves the kept draft alone
        await open_editor(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen.query(AgentsSection)
    assert len(store.load_all()) == 1
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#discard-0")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RecoveryModal)
    assert store.load_all() == []


async def test_a_draft_on_an_older_version_saves_through_the_conflict_dialog(
    demo_url: str, services: Services
) -> None:
    store = DraftStore(demo_url)
    store.save(_agent_draft(services, name=FieldDraft(text="My Name")))
    services.update_agent(KEY, {"goal": "Their goal"})
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#restore-0")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AgentEditorScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictModal)
        await pilot.click("#overwrite")
        await settle(pilot)
    after = services.get_agent(KEY)
    assert (after.name, after.goal) == ("My Name", "Their goal")
    assert store.load_all() == []


async def test_a_draft_of_a_deleted_record_can_come_back_as_new(
    demo_url: str, services: Services
) -> None:
    store = DraftStore(demo_url)
    key = "draft-only-agent"
    agent = services.create_agent(
        {
            **services.get_agent(KEY).model_dump(
                exclude={"id", "version", "created_at", "updated_at"}
            ),
            "agent_key": key,
        }
    )
    store.save(
        Draft(
            kind="agent",
            key=key,
            version=agent.version,
            fields={"role": FieldDraft(text="Recovered role")},
        )
    )
    services.delete_agent(key)
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#restore-0")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.click("#confirm")
        await settle(pilot)
        wizard = pilot.app.screen
        assert isinstance(wizard, AgentWizardScreen), wizard
        assert wizard.form is not None and wizard.form.editor("role").text == "Recovered role"
        (draft,) = store.load_all()  # the old draft now lives on as the new record's
        assert draft.is_new and draft.fields["role"] == FieldDraft(text="Recovered role")


CREW = "venture-research"


async def test_crew_draft_brings_back_settings_and_member_order(
    demo_url: str, services: Services
) -> None:
    from crewtui.ui.screens.crews_builder import CrewBuilder
    from crewtui.ui.widgets.members import MemberList

    crew = services.get_crew(CREW)
    order = [m.agent_key for m in sorted(crew.members, key=lambda m: m.sequence_order)]
    store = DraftStore(demo_url)
    store.save(
        Draft(
            kind="crew",
            key=CREW,
            version=crew.version,
            fields={"max_rpm": FieldDraft(text="42")},
            extra={"members": [[k, None] for k in reversed(order)]},
        )
    )
    async with app_for(demo_url).run_test(size=(120, 40)) as pilot:
        modal = await _offered(pilot)
        assert "members" in str(modal.query_one(".draft-text").render())
        await pilot.click("#restore-0")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrewBuilder), screen
        assert screen.query_one(MemberList).keys == list(reversed(order))
        form = screen.query_one("#crew-form")
        assert getattr(form.editor("max_rpm"), "value", None) == "42"  # type: ignore[attr-defined]
        assert screen.has_unsaved_changes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.has_unsaved_changes()
    saved = services.get_crew(CREW)
    assert saved.max_rpm == 42
    assert [m.agent_key for m in sorted(saved.members, key=lambda m: m.sequence_order)] == list(
        reversed(order)
    )
    assert store.load_all() == []


async def test_task_draft_is_restored_into_the_task_editor(
    demo_url: str, services: Services
) -> None:
    from crewtui.ui.screens.tasks_editor import TaskEditor

    task = services.list_tasks(CREW)[0]
    store = DraftStore(demo_url)
    store.save(
        Draft(
            kind="task",
            key=f"{CREW}/{task.name}",
            version=task.version,
            fields={"description": FieldDraft(text="Drafted description")},
            extra={"crew": CREW},
        )
    )
    app = _fast(app_for(demo_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await _offered(pilot)
        await pilot.click("#restore-0")
        await settle(pilot)
        for _ in range(50):
            if isinstance(pilot.app.screen, TaskEditor):
                break
            await pilot.pause(0.05)
        screen = pilot.app.screen
        assert isinstance(screen, TaskEditor), screen
        await settle(pilot)
        form = screen.query_one("#task-form")
        assert getattr(form.editor("description"), "text", None) == "Drafted description"  # type: ignore[attr-defined]
        assert screen.has_unsaved_changes()
        (kept,) = await _wait_for_drafts(pilot, store, 1)
        assert kept.fields["description"] == FieldDraft(text="Drafted description")
