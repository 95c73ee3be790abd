"""Deployments: generated code per agent, its review, deployment and rollback.

The list shows every deployment (filter by agent key); the panel beside it shows the
highlighted one's code, syntax-highlighted, or the diff against a marked version. Actions
run in thread workers through :class:`crewtui.services.deployments.Deployments` as the
app's user, so the same review rules hold as on the command line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Key, Resize
from textual.message import Message
from textual.widgets import Input, Static

from ...domain.deployment import Deployment
from ...domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ..modals import ConfirmModal
from ..section import TableSection
from ..widgets.record_table import Column, RecordTable, Row
from ..workers import app_of, cancelled, db_work, services_for

#: narrower than this, the code is shown below the list (the list's columns need the width)
SIDE_BY_SIDE = 180

COLUMNS = (
    Column("active", "", 1),
    Column("agent_key", "Agent", 16, grow=1, keep=True),
    Column("id", "Id", 8),
    Column("status", "Status", 15),
    Column("review", "Review", 9),
    Column("template", "Tpl", 6),
    Column("when", "Generated", 16),
)


def _cells(d: Deployment) -> tuple[str, ...]:
    when = d.generation_timestamp.strftime("%Y-%m-%d %H:%M") if d.generation_timestamp else ""
    return (
        "*" if d.is_active else "",
        d.agent_key,
        str(d.id)[:8],
        d.deployment_status,
        d.review_status,
        d.template_version or "",
        when,
    )


def diff_text(old: Deployment, new: Deployment) -> str:
    lines = difflib.unified_diff(
        old.generated_code.splitlines(keepends=True),
        new.generated_code.splitlines(keepends=True),
        fromfile=f"{old.agent_key}@{str(old.id)[:8]}",
        tofile=f"{new.agent_key}@{str(new.id)[:8]}",
    )
    return "".join(lines)


class DeploymentsSection(TableSection):
    section_id = "deployments"
    DEFAULT_CSS = """
    DeploymentsSection #deployments-bar { height: 1; }
    DeploymentsSection #deployments-filter { width: 1fr; }
    DeploymentsSection #deployments-count { width: auto; padding: 0 1; color: $text-muted; }
    DeploymentsSection #deployments-body { height: 1fr; }
    DeploymentsSection #deployments-table { width: 2fr; }
    DeploymentsSection #deployments-side { width: 3fr; border-left: solid $primary-background; }
    DeploymentsSection #deployments-body.-stacked { layout: vertical; }
    DeploymentsSection .-stacked #deployments-table { width: 1fr; height: 1fr; }
    DeploymentsSection .-stacked #deployments-side {
        width: 1fr; height: 1fr; border-left: none; border-top: solid $primary-background;
    }
    DeploymentsSection #deployments-info { height: auto; padding: 0 1; }
    DeploymentsSection #deployments-code { height: auto; }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "generate", "Generate"),
        Binding("a", "approve", "Approve"),
        Binding("x", "reject", "Reject"),
        Binding("D", "deploy", "Deploy"),
        Binding("b", "rollback", "Roll back"),
        Binding("m", "mark", "Mark for diff"),
        Binding("f", "diff", "Diff with mark"),
        Binding("o", "deploy_folder", "Deploy folder"),
    ]

    class Loaded(Message):
        def __init__(self, records: Sequence[Deployment]) -> None:
            super().__init__()
            self.records = records

    class Refused(Message):
        """An action was refused (not allowed, wrong state, changed meanwhile)."""

        def __init__(self, title: str, message: str) -> None:
            super().__init__()
            self.title = title
            self.message = message

    class Done(Message):
        """An action finished: say so and reload, keeping the cursor on ``keep``."""

        def __init__(self, message: str, keep: str | None) -> None:
            super().__init__()
            self.message = message
            self.keep = keep

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: list[Deployment] = []
        #: the database does not hold the review rules (no roles): say the review is advisory
        self.advisory = False
        #: the deployment a diff starts from
        self.marked: Deployment | None = None
        #: what the side panel shows: "code" or "diff"
        self.view = "code"
        #: the last refusal, shown in the side panel until the cursor moves
        self.refusal: str | None = None
        self._shown_key: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="deployments-bar"):
            yield Input(placeholder="/ filter by agent key", id="deployments-filter", compact=True)
            yield Static("", id="deployments-count")
        with Horizontal(id="deployments-body"):
            yield RecordTable(COLUMNS, id="deployments-table")
            with VerticalScroll(id="deployments-side"):
                yield Static("", id="deployments-info")
                yield Static("", id="deployments-code")

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        self.query_one("#deployments-body").set_class(width < SIDE_BY_SIDE, "-stacked")

    def current(self) -> Deployment | None:
        row = self.table.current
        return next((d for d in self.records if row is not None and str(d.id) == row.key), None)

    # ---- loading
    def deployments(self) -> Any:
        """The deployment actions as the app's user (worker threads only)."""
        from ...services.deployments import Deployments

        app = app_of(self)
        settings = app.settings
        return Deployments(
            services_for(self).store,
            reviewers=settings.reviewers,
            deploy_dir=self.deploy_folder(),
            known_users=(settings.user,),
        )

    def deploy_folder(self) -> Any:
        """The folder chosen in the app (remembered in the preferences), else the setting."""
        app = app_of(self)
        chosen = app.preferences.deploy_folder if app.preferences is not None else None
        return Path(chosen) if chosen else app.settings.deploy_dir

    @work(exclusive=True, group="deployments-folder")
    async def action_deploy_folder(self) -> None:
        from ..modals import AskText

        app = app_of(self)
        folder = await app.push_screen_wait(
            AskText(
                "Deploy folder",
                "Deployed code is written into this folder (kept for the next start):",
                str(self.deploy_folder() or ""),
            )
        )
        if folder is None or app.preferences is None:
            return
        app.preferences.deploy_folder = str(Path(folder).expanduser())
        app.preferences.save()
        self.notify(f"Deploying into {app.preferences.deploy_folder}.")

    @db_work(group="deployments-list")
    def load_rows(self) -> None:
        svc = self.deployments()
        records = svc.list()
        self.advisory = not svc.review_enforced()
        if not cancelled():
            self.post_message(self.Loaded(records))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.records = list(event.records)  # by agent, then oldest first
        self.apply_view()

    def apply_view(self) -> None:
        text = self.query_one("#deployments-filter", Input).value.strip().lower()
        shown = [d for d in self.records if text in d.agent_key]
        table = self.table
        table.empty_text = (
            "No generated code yet: open an agent's deployments and press n."
            if not self.records
            else "Nothing matches the filter."
        )
        keep, self._keep = self._keep, None
        table.set_rows([Row(str(d.id), _cells(d)) for d in shown], keep=keep)
        advisory = " · review is advisory (no database roles)" if self.advisory else ""
        self.data_shown()
        self.query_one("#deployments-count", Static).update(
            f"{len(self.records)} deployments"
            + (f" · {len(shown)} shown" if text else "")
            + advisory
        )
        self.show_current()

    @on(Input.Changed, "#deployments-filter")
    def _filter_changed(self) -> None:
        self.apply_view()

    def action_filter(self) -> None:
        self.query_one("#deployments-filter", Input).focus()

    def on_key(self, event: Key) -> None:
        self.filter_key(self.query_one("#deployments-filter", Input), event)

    async def new_record(self) -> None:
        self.action_generate()

    async def open_record(self, key: str) -> None:
        """Show one agent's deployments (the palette passes an agent key)."""
        self.query_one("#deployments-filter", Input).value = key
        self.apply_view()

    # ---- the side panel
    @on(RecordTable.Highlighted)
    def _highlighted(self, event: RecordTable.Highlighted) -> None:
        if event.row is None or self._shown_key != event.row.key:
            self.refusal = None
        self.view = "code"
        self.show_current()

    def show_current(self) -> None:
        d = self.current()
        info = self.query_one("#deployments-info", Static)
        code = self.query_one("#deployments-code", Static)
        if d is None:
            self._shown_key = None
            info.update("")
            code.update("")
            return
        self._shown_key = str(d.id)
        lines = [f"{d.agent_key} · {d.deployment_status} · review {d.review_status}"]
        people = f"generated by {self.person(d.generated_by)}"
        if d.reviewer_id is not None:
            people += f" · reviewed by {self.person(d.reviewer_id)}"
        lines.append(people)
        checks = (
            f"parses {'✓' if d.ast_validation_passed else '✗'}  security "
            f"{'✓' if d.security_scan_passed else '✗'}"
        )
        lines.append(checks)
        for issue in [*(d.ast_validation_errors or []), *(d.security_issues or [])]:
            lines.append(f"  ✗ line {issue.get('line', '-')}: {issue.get('message')}")
        if d.deployment_path:
            lines.append(
                f"deployed to {d.deployment_path}"
                + (f" @ {d.git_commit_hash[:12]}" if d.git_commit_hash else "")
            )
        if self.marked is not None:
            lines.append(f"marked for diff: {str(self.marked.id)[:8]} ({self.marked.agent_key})")
        text = Text("\n".join(lines))
        if self.refusal:
            text.append(f"\n✗ {self.refusal}", style="bold red")
        info.update(text)
        if self.view == "diff" and self.marked is not None:
            code.update(
                Syntax(diff_text(self.marked, d) or "(no differences)\n", "diff", theme="ansi_dark")
            )
        else:
            code.update(Syntax(d.generated_code, "python", theme="ansi_dark", line_numbers=True))

    def person(self, uid: UUID | None) -> str:
        """A stored user id as a name: "you", a known reviewer, or the id's start."""
        from ...services.deployments import user_id

        if uid is None:
            return "-"
        settings = app_of(self).settings
        if uid == user_id(settings.user):
            return f"you ({settings.user})"
        names = {user_id(n): n for n in settings.reviewers}
        return names.get(uid, str(uid)[:8])

    def action_mark(self) -> None:
        self.marked = self.current()
        self.show_current()

    def action_diff(self) -> None:
        if self.marked is None:
            self.notify(
                "Mark a version with m first, then move to another and press f.", severity="warning"
            )
            return
        self.view = "diff"
        self.show_current()

    # ---- actions
    @on(Done)
    def _done(self, event: Done) -> None:
        self.refusal = None
        self.show_current()  # the last refusal's line goes at once, not when the cursor moves
        self.notify(event.message)
        self._keep = event.keep
        self.load_rows()

    def _act(
        self, fn: Callable[[Any, str], Deployment], message: Callable[[Deployment], str]
    ) -> None:
        self._run_action(fn, message)

    @db_work(group="deployments-action", exclusive=False)
    def _run_action(
        self, fn: Callable[[Any, str], Deployment], message: Callable[[Deployment], str]
    ) -> None:
        try:
            result = fn(self.deployments(), app_of(self).settings.user)
        except (PermissionDenied, ValidationFailed, Conflict, NotFound) as exc:
            # expected refusals; anything else (the database gone) goes to the app's handler
            self.post_message(self.Refused(exc.title, exc.message))
            return
        self.post_message(self.Done(message(result), str(result.id)))

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.notify(event.message, title=event.title, severity="error", timeout=8)
        self.refusal = f"{event.title}: {event.message}"
        self.show_current()
        current = self.table.current
        self._keep = current.key if current is not None else None
        self.load_rows()  # a conflict means the row changed: show what it is now

    def action_generate(self) -> None:
        d = self.current()
        key = (
            d.agent_key
            if d is not None
            else self.query_one("#deployments-filter", Input).value.strip()
        )
        if not key:
            self.notify(
                "Filter to an agent key (or pick a row) to generate its code.", severity="warning"
            )
            return
        self._act(
            lambda svc, user: svc.generate(key, user),
            lambda r: f"Generated {str(r.id)[:8]} for {key}: {r.deployment_status}.",
        )

    def action_approve(self) -> None:
        d = self.current()
        if d is not None:
            self._act(
                lambda svc, user: svc.approve(d.id, user, expected_version=d.version),
                lambda r: f"Approved {str(r.id)[:8]}.",
            )

    @work(exclusive=True, group="deployments-confirm")
    async def action_reject(self) -> None:
        d = self.current()
        if d is None:
            return
        if await self.app.push_screen_wait(
            ConfirmModal(
                "Reject",
                f"Reject {str(d.id)[:8]} of {d.agent_key}? Rejected code cannot be approved or "
                "deployed later.",
                confirm="Reject",
                danger=True,
            )
        ):
            self._act(
                lambda svc, user: svc.reject(d.id, user, expected_version=d.version),
                lambda r: f"Rejected {str(r.id)[:8]}.",
            )

    @work(exclusive=True, group="deployments-confirm")
    async def action_deploy(self) -> None:
        d = self.current()
        if d is None:
            self.notify("Pick a deployment to deploy.", severity="warning")
            return
        if d.deployment_status != "approved":
            # say why nothing happens rather than doing nothing
            self.notify(
                f"{str(d.id)[:8]} is {d.deployment_status.replace('_', ' ')}: only approved code "
                "is deployed (a approves it once reviewed).",
                title="Not deployed",
                severity="warning",
            )
            return
        if await self.app.push_screen_wait(
            ConfirmModal(
                "Deploy",
                f"Deploy {str(d.id)[:8]} of {d.agent_key}? It becomes the agent's active code.",
                confirm="Deploy",
            )
        ):
            self._act(
                lambda svc, user: svc.deploy(d.id, user, expected_version=d.version),
                lambda r: f"Deployed to {r.deployment_path}.",
            )

    @work(exclusive=True, group="deployments-confirm")
    async def action_rollback(self) -> None:
        d = self.current()
        if d is None:
            return
        key = d.agent_key
        if await self.app.push_screen_wait(
            ConfirmModal(
                "Roll back",
                f"Retire the active deployment of {key} and re-activate the previous one?",
                confirm="Roll back",
                danger=True,
            )
        ):
            self._act(
                lambda svc, user: svc.rollback(key, user),
                lambda r: f"{key}: {str(r.id)[:8]} is active again.",
            )
