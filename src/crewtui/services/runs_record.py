"""Storing what a runner streams: each batch of events in its own transaction, with the
task states they imply, and the run's end (status, tokens, outputs, agent figures)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..db.repos.runs import RunRepo
from ..domain.bundle import CrewBundle
from .store import Store


def _when(value: Any) -> datetime:
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.now(UTC)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def redact(events: list[dict[str, Any]], secrets: list[str]) -> list[dict[str, Any]]:
    if not secrets:
        return events
    text = json.dumps(events)
    for s in secrets:
        text = text.replace(json.dumps(s)[1:-1], "[redacted]")
    return json.loads(text)  # type: ignore[no-any-return, unused-ignore]


class Recorder:
    """Follows one run: stores events, keeps task states and totals."""

    def __init__(
        self,
        store: Store,
        run_id: uuid.UUID,
        bundle: CrewBundle | None,
        secrets: list[str],
        on_event: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.secrets = [s for s in secrets if len(s) >= 4]
        self.on_event = on_event
        # a flow's run has no crew of its own: its crews' tasks are not followed here
        self.tasks = {t.name: t for t in bundle.tasks} if bundle is not None else {}
        self.roles = {a.role: a.id for a in bundle.agents.values()} if bundle is not None else {}
        self.started: dict[str, datetime] = {}
        self.state: dict[str, str] = {}
        self.agent_ms: dict[uuid.UUID, int] = {}
        #: every completed task's output, as the task_completed events said
        self.outputs: dict[str, dict[str, Any]] = {}
        self.result: dict[str, Any] | None = None
        self.error: str | None = None
        self.crewai_version: str | None = None
        self.count = 0
        self.lock = threading.Lock()

    def receive(self, events: list[dict[str, Any]]) -> None:
        events = redact(events, self.secrets)
        with self.lock, self.store.uow() as uow:
            repo = RunRepo(uow.session)
            for e in events:
                e["at"] = _when(e.get("at"))
                self._follow(repo, e)
            repo.add_events(self.run_id, events)
            uow.commit()
            self.count += len(events)
        if self.on_event is not None:
            for e in events:
                self.on_event(e)

    def _follow(self, repo: RunRepo, e: dict[str, Any]) -> None:
        kind, name, payload = e["kind"], e.get("task"), e.get("payload") or {}
        task = self.tasks.get(name) if name else None
        if task is not None and task.id is None:
            task = None
        if kind == "runner_started":
            self.crewai_version = payload.get("crewai_version")
            row = repo.get(self.run_id)
            if row is not None:
                row.crewai_version = self.crewai_version
        elif kind == "crew_result":
            self.result = payload
        elif kind == "runner_error":
            self.error = payload.get("error")
        if task is None:
            return
        if kind == "task_started" and self.state.get(task.name) != "running":
            self.started[task.name] = e["at"]
            self.state[task.name] = "running"
            repo.task_state(task.id, "running")  # type: ignore[arg-type]
        elif kind in ("task_completed", "task_failed"):
            begun = self.started.get(task.name, e["at"])
            ms = max(0, int((e["at"] - begun).total_seconds() * 1000))
            agent_id = task.assigned_agent_id or self.roles.get(e.get("agent") or "")
            if agent_id is not None:
                self.agent_ms[agent_id] = self.agent_ms.get(agent_id, 0) + ms
            if kind == "task_completed":
                found = payload.get("output")
                out: dict[str, Any] = found if isinstance(found, dict) else {}
                result = {"run_id": str(self.run_id), "raw": out.get("raw")}
                if out.get("json") is not None:
                    result["json"] = out["json"]
                self.outputs[task.name] = {"name": task.name, "agent": e.get("agent"), **out}
                self.state[task.name] = "completed"
                repo.task_state(task.id, "completed", result=result, ms=ms)  # type: ignore[arg-type]
            else:
                self.state[task.name] = "failed"
                error = str(payload.get("error") or "the task failed")
                repo.task_state(task.id, "failed", ms=ms, error=error)  # type: ignore[arg-type]

    def finish(self, status: str, error: str | None) -> None:
        """The run's end, in one transaction: its row, unfinished tasks, agent figures."""
        now = datetime.now(UTC)
        with self.lock, self.store.uow() as uow:
            repo = RunRepo(uow.session)
            row = repo.get(self.run_id)
            assert row is not None
            row.status = status
            row.finished_at = now
            row.error = error
            row.crewai_version = row.crewai_version or self.crewai_version
            if self.result is not None:
                usage = self.result.get("usage") or {}
                row.final_output = self.result.get("raw")
                row.task_outputs = self.result.get("tasks") or []
                row.total_tokens = usage.get("total_tokens")
                row.prompt_tokens = usage.get("prompt_tokens")
                row.completion_tokens = usage.get("completion_tokens")
                row.successful_requests = usage.get("successful_requests")
            if self.outputs:  # crewai 1.3 leaves async tasks out of its own list
                order = list(self.tasks)
                row.task_outputs = sorted(
                    self.outputs.values(), key=lambda o: order.index(o["name"])
                )
            for name, state in self.state.items():
                if state == "running":
                    ms = int((now - self.started[name]).total_seconds() * 1000)
                    task_id = self.tasks[name].id
                    if task_id is not None:
                        repo.task_state(task_id, "failed", ms=ms, error=f"run {status}")
            for agent_id, ms in self.agent_ms.items():
                repo.agent_ran(agent_id, ms, now)
            uow.commit()
