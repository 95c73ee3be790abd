"""The main screen: header, section tabs, the current section, footer."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Static

from .section import Section
from .sections import SECTIONS, SectionUnavailable, load_section_class, section
from .type_ahead import hold_keys, keys_ready
from .widgets.footer import LineFooter
from .widgets.section_bar import SectionBar


class Unavailable(Section):
    """Stands in for a section whose module is not there."""

    def __init__(self, message: str, *, id: str) -> None:
        super().__init__(id=id, classes="section-unavailable")
        self._message = message

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(escape(self._message), classes="unavailable-message")


class MainScreen(Screen[None]):
    BINDINGS = [
        *(
            Binding(str(n), f"show_section('{info.id}')", info.title, show=False)
            for n, info in enumerate(SECTIONS, start=1)
        ),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current: str = SECTIONS[0].id

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield SectionBar(
            [(info.id, f"{n} {info.label}") for n, info in enumerate(SECTIONS, start=1)],
            active=self.current,
            id="section-tabs",
        )
        yield ContentSwitcher(id="section-body")
        yield LineFooter()

    async def on_mount(self) -> None:
        await self.show_section(self.current)
        # rows read while the interface started are drawn in the first frame
        self.app.show_ready_first_page()  # type: ignore[attr-defined]

    def section_widget(self, section_id: str) -> Section | None:
        found = self.query_one(ContentSwitcher).query_children(f"#section-{section_id}")
        widget = found.first() if found else None
        return widget if isinstance(widget, Section) else None

    async def show_section(self, section_id: str) -> Section | None:
        """Mount the section on first use, show it, and have it load its rows."""
        info = section(section_id)
        switcher = self.query_one(ContentSwitcher)
        widget: Widget | None = self.section_widget(section_id)
        if widget is None:
            try:
                cls = load_section_class(info)
                widget = cls(id=f"section-{section_id}")
            except SectionUnavailable as exc:
                widget = Unavailable(str(exc), id=f"section-{section_id}")
            except Exception as exc:  # a section that fails to build still must not end the app
                widget = Unavailable(
                    f"{info.title} failed to start: {exc}", id=f"section-{section_id}"
                )
            await switcher.mount(widget)
        self.current = section_id
        switcher.current = f"section-{section_id}"
        self.query_one(SectionBar).active = section_id
        assert isinstance(widget, Section)
        if self.app.services_ready:  # type: ignore[attr-defined]
            widget.reload()
        widget.focus_default()
        self.refresh_bindings()
        keys_ready(self)
        return widget

    def refresh_current(self) -> None:
        widget = self.section_widget(self.current)
        if widget is not None:
            widget.reload()

    def action_show_section(self, section_id: str) -> None:
        # keys typed after the section key go to the section, once it shows its rows
        hold_keys(self)
        self.run_worker(self.show_section(section_id), exclusive=True, group="show-section")

    @on(SectionBar.Selected, "#section-tabs")
    def _tab_clicked(self, event: SectionBar.Selected) -> None:
        if event.section_id != self.current:
            self.action_show_section(event.section_id)
