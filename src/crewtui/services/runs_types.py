"""What the run services return: a run's summary, its events, and a comparison of two runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RunInfo:
    id: uuid.UUID
    crew_name: str
    release_name: str | None
    started_by: str
    inputs: dict[str, Any]
    export_format: str
    export_hash: str
    crewai_version: str | None
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    successful_requests: int | None
    final_output: str | None
    task_outputs: list[dict[str, Any]]
    error: str | None
    #: the crew changed since (its export differs from the one that ran); None: unknown
    edited_since: bool | None = None

    @property
    def short_id(self) -> str:
        return str(self.id)[:8]

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "crew": self.crew_name,
            "release": self.release_name,
            "started_by": self.started_by,
            "inputs": self.inputs,
            "format": self.export_format,
            "export_hash": self.export_hash,
            "crewai_version": self.crewai_version,
            "status": self.status,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "seconds": self.seconds,
            "tokens": {
                "prompt": self.prompt_tokens,
                "completion": self.completion_tokens,
                "total": self.total_tokens,
                "requests": self.successful_requests,
            },
            "final_output": self.final_output,
            "task_outputs": self.task_outputs,
            "error": self.error,
            "edited_since": self.edited_since,
        }


@dataclass(frozen=True)
class RunEvent:
    seq: int
    at: datetime | str
    kind: str
    task: str | None
    agent: str | None
    payload: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        at = self.at.isoformat() if isinstance(self.at, datetime) else self.at
        return {
            "seq": self.seq,
            "at": at,
            "kind": self.kind,
            "task": self.task,
            "agent": self.agent,
            "payload": self.payload,
        }


@dataclass
class RunDetail:
    info: RunInfo
    events: list[RunEvent] = field(default_factory=list)


@dataclass(frozen=True)
class OutputDiff:
    task: str
    left: str | None
    right: str | None

    @property
    def same(self) -> bool:
        return self.left == self.right


@dataclass
class RunDiff:
    left: RunInfo
    right: RunInfo
    tasks: list[OutputDiff]
    inputs_changed: dict[str, tuple[Any, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "left": str(self.left.id),
            "right": str(self.right.id),
            "inputs_changed": {k: list(v) for k, v in self.inputs_changed.items()},
            "tasks": [
                {"task": t.task, "same": t.same, "left": t.left, "right": t.right}
                for t in self.tasks
            ],
            "final_same": self.left.final_output == self.right.final_output,
        }
