"""The Flows section: every flow with its methods and problems; enter opens the flow editor."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.screen import Screen

from ...domain.flow import Flow
from ...domain.flow_lint import FlowProblem, lint_flow
from ...domain.flow_view import action_text
from ..widgets.record_table import Column
from ..workers import cancelled, db_work, services_for
from .catalog import CatalogSection
from .flow_editor import FlowEditorScreen
from .kinds import FLOW, RecordKind


class FlowsSection(CatalogSection):
    section_id = "flows"
    kind: ClassVar[RecordKind] = FLOW
    columns = (
        Column("flow_key", "KEY", 16, grow=1, keep=True),
        Column("name", "NAME", 16, grow=1),
        Column("methods", "METHODS", 7),
        Column("status", "STATUS", 8),
        Column("problems", "PROBLEMS", 12, grow=1),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: dict[str, list[FlowProblem]] = {}

    @db_work(group="catalog-list")
    def load_rows(self) -> None:
        s = services_for(self)
        records = s.list_flows()
        known = s.flow_known_names()
        self.problems = {f.flow_key: lint_flow(f.definition, known) for f in records}
        if not cancelled():
            self.post_message(self.Loaded(records))

    def cells(self, record: Flow) -> tuple[str, ...]:
        found = self.problems.get(record.flow_key, [])
        errors = sum(p.severity == "error" for p in found)
        warnings = len(found) - errors
        text = "✓ none" if not found else f"✗ {errors} error(s)" if errors else ""
        if warnings:
            text = (text + f" {warnings} warning(s)").strip()
        return (
            record.flow_key,
            record.name,
            str(len(record.definition.methods)),
            record.status,
            text,
        )

    def describe(self, record: Flow) -> str:
        steps = " → ".join(f"{m.name} [{action_text(m.do)}]" for m in record.definition.methods)
        return (record.description or "") + ("\n" if record.description else "") + steps

    def editor_for(self, key: str) -> Screen[Any]:
        return FlowEditorScreen(key)
