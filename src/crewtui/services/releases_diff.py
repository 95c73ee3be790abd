"""What differs between two frozen crews (or a release and the crew now).

Records are matched by their key (agent key, task name, tool key, memory config name) and
ids are shown as those keys, so a diff reads "task brief: agent writer -> editor".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..db.history_values import encode
from ..domain.bundle import CrewBundle
from .history_types import FieldDiff

_META = {"id", "version", "created_at", "updated_at", "crew_id"}
_ID_FIELDS = ("manager_agent_id", "assigned_agent_id", "memory_config_id")


@dataclass
class RecordChange:
    kind: str  # crew, agent, task, tool, memory_config
    key: str
    change: str  # added, removed, changed
    fields: list[FieldDiff] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "change": self.change,
            "fields": [{"field": f.field, "left": f.left, "right": f.right} for f in self.fields],
        }


@dataclass
class ReleaseDiff:
    crew: str
    left: str
    right: str
    changes: list[RecordChange]

    def as_json(self) -> dict[str, Any]:
        return {
            "crew": self.crew,
            "left": self.left,
            "right": self.right,
            "changes": [c.as_json() for c in self.changes],
        }


def comparable(bundle: CrewBundle) -> dict[str, dict[str, dict[str, Any]]]:
    """Each record's values by kind and key, ids replaced by the keys they point at."""
    names: dict[str, str] = {str(i): a.agent_key for i, a in bundle.agents.items()}
    names.update({str(t.id): t.name for t in bundle.tasks if t.id})
    names.update({str(i): m.name for i, m in bundle.memory_configs.items()})

    def clean(values: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in encode(values).items() if k not in _META}
        for f in _ID_FIELDS:
            if out.get(f) is not None:
                out[f] = names.get(out[f], out[f])
        if out.get("context_task_ids") is not None:
            out["context_task_ids"] = [names.get(t, t) for t in out["context_task_ids"]]
        return out

    crew = clean(bundle.crew.model_dump(exclude={"members"}))
    crew["members"] = [
        [names.get(str(m.agent_id), str(m.agent_id)), m.role_in_crew]
        for m in sorted(bundle.crew.members, key=lambda m: m.sequence_order)
    ]
    used = {k for a in bundle.agents.values() for k in (a.tools or [])}
    used |= {k for t in bundle.tasks for k in (t.tools or [])}
    return {
        "crew": {bundle.crew.crew_name: crew},
        "agent": {a.agent_key: clean(a.model_dump()) for a in bundle.agents.values()},
        "task": {t.name: clean(t.model_dump()) for t in bundle.tasks},
        "memory_config": {m.name: clean(m.model_dump()) for m in bundle.memory_configs.values()},
        "tool": {k: clean(t.model_dump()) for k, t in bundle.tools.items() if k in used},
    }


def diff_bundles(left: CrewBundle, right: CrewBundle) -> list[RecordChange]:
    a, b = comparable(left), comparable(right)
    if left.crew.crew_name != right.crew.crew_name:  # a renamed crew is one crew
        b["crew"] = {left.crew.crew_name: b["crew"][right.crew.crew_name]}
    out: list[RecordChange] = []
    for kind in ("crew", "agent", "task", "tool", "memory_config"):
        for key in dict.fromkeys([*a[kind], *b[kind]]):
            if key not in b[kind]:
                out.append(RecordChange(kind, key, "removed"))
            elif key not in a[kind]:
                out.append(RecordChange(kind, key, "added"))
            else:
                x, y = a[kind][key], b[kind][key]
                fields = [
                    FieldDiff(f, x.get(f), y.get(f))
                    for f in dict.fromkeys([*x, *y])
                    if x.get(f) != y.get(f)
                ]
                if fields:
                    out.append(RecordChange(kind, key, "changed", fields))
    return out
