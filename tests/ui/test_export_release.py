"""The export dialog's crewai release: the run-time environment's (else the newest) unless
chosen; the lint, the preview, the written files and the formats offered follow it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, RadioButton, RadioSet

from crewtui.interop.export import render_project
from crewtui.interop.releases import NEWEST, OLDEST, resolve_target
from crewtui.services import Services
from crewtui.ui.app import CrewtuiApp
from crewtui.ui.screens.export_modal import ExportModal
from crewtui.ui.screens.export_preview import ExportPreviewScreen

from .conftest import settle
from .test_export_import import DEMO_CREW, export_to, open_export


async def choose_release(pilot: Pilot[Any], modal: ExportModal, button: str) -> None:
    """Press a release with the keyboard, as a user does."""
    releases = modal.query_one("#export-release", RadioSet)
    releases.focus()
    await pilot.pause()
    ids = [b.id for b in releases.query(RadioButton)]
    pressed = releases._selected or 0  # the highlighted button (the first one at first)
    target = ids.index(button)
    key = "right" if target > pressed else "left"
    for _ in range(abs(target - pressed)):
        await pilot.press(key)
    await pilot.press("enter")
    await settle(pilot)
    assert modal.release.name == button.removeprefix("release-").replace("-", ".")


def pinned_crewai(out: Path) -> str:
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    deps: list[str] = project["project"]["dependencies"]
    return next(d for d in deps if d.startswith("crewai"))


async def test_export_for_1_3_pins_it_and_writes_no_jsonc(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "for-1.3"
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        # the default is the services' resolved release
        assert modal.release == resolve_target()
        await choose_release(pilot, modal, "release-1-3")
        assert modal.query_one("#format-json", RadioButton).disabled
        assert not modal.query_one("#export", Button).disabled
        await export_to(pilot, modal, out)
        assert modal.written == out
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(
        render_project(services.load_bundle(DEMO_CREW), format="yaml", target=OLDEST)
    )
    assert not any(name.endswith("crew.jsonc") for name in written)
    assert OLDEST.spec in pinned_crewai(out)


async def test_newest_offers_json_and_choosing_1_3_falls_back_to_yaml(
    app: CrewtuiApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        await choose_release(pilot, modal, "release-1-15")
        json_button = modal.query_one("#format-json", RadioButton)
        assert not json_button.disabled
        json_button.value = True
        await settle(pilot)
        assert modal.format == "json"
        await choose_release(pilot, modal, "release-1-3")
        assert modal.query_one("#format-json", RadioButton).disabled
        assert modal.format == "yaml"
        # back to the newest: JSON is offered again
        await choose_release(pilot, modal, "release-1-15")
        assert not modal.query_one("#format-json", RadioButton).disabled


async def test_preview_is_for_the_chosen_release(
    app: CrewtuiApp, services: Services, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_export(pilot)
        await choose_release(pilot, modal, "release-1-15")
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExportPreviewScreen), screen
        assert screen.preview.target == NEWEST
        expected = render_project(services.load_bundle(DEMO_CREW), format="yaml", target=NEWEST)
        assert {f.path: f.text for f in screen.preview.files} == expected
