"""Register the agents a scan found (the design's scan-python-agents-and-register).

The database wins: an agent key that already exists is left alone unless ``update`` is
asked for, and then only the values the source states are written. Each registered or
updated agent gets a code-deployment record with code generated from the template, so its
history starts here. The whole run is one transaction; ``dry_run`` rolls it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..db.history import set_origin
from ..domain.agent import Agent
from ..domain.errors import ValidationFailed
from ..interop.scanner import FoundAgent, ScanResult, scan_path
from .deployments import generate_for, record_generated, user_id
from .store import Store

REQUIRED = ("role", "goal", "backstory")


@dataclass
class ScanReport:
    registered: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: (agent key, why it was not written)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: agent key -> {field: why it could not be read}
    unresolved: dict[str, dict[str, str]] = field(default_factory=dict)
    deployments: dict[str, str] = field(default_factory=dict)
    files: int = 0
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "dry_run": self.dry_run,
            "registered": self.registered,
            "updated": self.updated,
            "skipped": [{"agent_key": k, "reason": r} for k, r in self.skipped],
            "problems": self.problems,
            "unresolved": self.unresolved,
            "deployments": self.deployments,
        }


def _new_values(found: FoundAgent) -> dict[str, Any]:
    values = dict(found.values)
    values["agent_key"] = found.agent_key
    values.setdefault("name", values.get("role") or found.agent_key)
    return values


def _missing(found: FoundAgent) -> str | None:
    gaps = [f for f in REQUIRED if f not in found.values]
    if not gaps:
        return None
    why = "; ".join(f"{f}: {found.unresolved[f]}" for f in gaps if f in found.unresolved)
    return f"no {', '.join(gaps)} in {found.where}" + (f" ({why})" if why else "")


def register(
    store: Store, result: ScanResult, *, user: str, update: bool = False, dry_run: bool = False
) -> ScanReport:
    from .base import Work  # the services' repositories, on this unit of work's session

    report = ScanReport(files=result.files, dry_run=dry_run)
    report.problems = [str(p) for p in result.problems]
    generated_by = user_id(user)
    with store.uow() as uow:
        set_origin(uow.session, user, "scan")
        w = Work(uow.session)
        for found in result.agents:
            if found.unresolved:
                report.unresolved[found.agent_key] = dict(found.unresolved)
            gap = _missing(found)
            if gap:
                report.skipped.append((found.agent_key, gap))
                continue
            row = w.agents.by_key(found.agent_key)
            try:
                if row is None:
                    record = Agent.validated(_new_values(found))
                    row = w.agents.add(record)
                    report.registered.append(found.agent_key)
                elif not update:
                    report.skipped.append(
                        (
                            found.agent_key,
                            "already in the database (the database wins; --update to overwrite)",
                        )
                    )
                    continue
                else:
                    current = w.agents.to_domain(row)
                    changes = {k: v for k, v in found.values.items() if getattr(current, k) != v}
                    w.agents.apply(row, current.updated(changes))
                    report.updated.append(found.agent_key)
            except ValidationFailed as exc:
                report.skipped.append((found.agent_key, f"{found.where}: {exc.message}"))
                continue
            code = generate_for(uow.session, w.agents.to_domain(row), None)
            dep = record_generated(
                uow.session,
                row,
                code,
                generated_by,
                comment=f"Registered by scan from {found.where}.",
            )
            report.deployments[found.agent_key] = str(dep.id)
        if not dry_run:
            uow.commit()
    return report


def scan_and_register(
    store: Store, root: Path, *, user: str, update: bool = False, dry_run: bool = False
) -> ScanReport:
    if not root.exists():
        raise ValidationFailed.single("path", f"{root} does not exist")
    return register(store, scan_path(root), user=user, update=update, dry_run=dry_run)
