"""Generated agent code and its review and deployment history (``agent_code_deployments``)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ...domain.deployment import Deployment
from ...domain.errors import Conflict, NotFound, ValidationFailed
from ..models import DeploymentRow
from .base import Repository


def now() -> datetime:
    return datetime.now(UTC)


class DeploymentRepo(Repository[DeploymentRow, Deployment]):
    row_type = DeploymentRow
    model = Deployment
    noun = "deployment"

    def list_for(self, agent_key: str | None = None) -> list[DeploymentRow]:
        """Every deployment (of one agent), by agent and then oldest first."""
        stmt = select(DeploymentRow)
        if agent_key is not None:
            stmt = stmt.where(DeploymentRow.agent_key == agent_key)
        stmt = stmt.order_by(DeploymentRow.agent_key, DeploymentRow.generation_timestamp)
        return list(self.session.scalars(stmt))

    def find(self, ref: str | uuid.UUID, expected_version: int | None = None) -> DeploymentRow:
        """By id, or by a unique prefix of at least 4 characters of the id; with
        ``expected_version``, a Conflict unless the row is at that version."""
        row = self._find(ref)
        if row is None:
            raise NotFound(f"No deployment '{ref}'.")
        if expected_version is not None and row.version != expected_version:
            raise Conflict(
                f"Deployment {row.id} is at version {row.version}, not {expected_version}.",
                expected_version=expected_version,
                actual_version=row.version,
            )
        return row

    def _find(self, ref: str | uuid.UUID) -> DeploymentRow | None:
        if isinstance(ref, uuid.UUID):
            return self.get(ref)
        text = ref.strip().lower()
        try:
            return self.get(uuid.UUID(text))
        except ValueError:
            pass
        if len(text) < 4:
            raise NotFound(f"No deployment '{ref}' (give at least 4 characters of the id).")
        ids = [i for i in self.session.scalars(select(DeploymentRow.id)) if str(i).startswith(text)]
        if len(ids) > 1:
            raise ValidationFailed.single(
                "id", f"'{ref}' matches {len(ids)} deployments; give more of the id"
            )
        return self.get(ids[0]) if ids else None

    def active(self, agent_id: uuid.UUID) -> DeploymentRow | None:
        stmt = select(DeploymentRow).where(
            DeploymentRow.agent_id == agent_id, DeploymentRow.is_active.is_(True)
        )
        return self.session.scalars(stmt).one_or_none()

    def previous(self, agent_id: uuid.UUID, current_id: uuid.UUID) -> DeploymentRow | None:
        """The newest other deployed code of the agent that can be rolled back to."""
        stmt = (
            select(DeploymentRow)
            .where(
                DeploymentRow.agent_id == agent_id,
                DeploymentRow.id != current_id,
                DeploymentRow.deployment_status == "deployed",
                DeploymentRow.rollback_possible.is_(True),
            )
            .order_by(DeploymentRow.deployment_timestamp.desc())
        )
        return self.session.scalars(stmt).first()

    def add_generated(
        self,
        agent_id: uuid.UUID,
        agent_key: str,
        *,
        code: str,
        template_version: str,
        ast_errors: list[dict[str, Any]],
        security_issues: list[dict[str, Any]],
        generated_by: uuid.UUID,
        comment: str | None = None,
    ) -> DeploymentRow:
        """Store generated code: pending, then review_required when it passed, else failed."""
        dep = DeploymentRow(
            agent_id=agent_id,
            agent_key=agent_key,
            generated_code=code,
            template_version=template_version,
            generation_timestamp=now(),
            generated_by=generated_by,
            deployment_status="pending",
            review_status="pending",
            review_comments=comment,
            is_active=False,
            rollback_possible=True,
        )
        self.session.add(dep)
        self.session.flush()
        dep.ast_validation_passed = not ast_errors
        dep.ast_validation_errors = ast_errors or None
        dep.security_scan_passed = not security_issues
        dep.security_issues = security_issues or None
        dep.deployment_status = "failed" if ast_errors or security_issues else "review_required"
        self.session.flush()
        return dep
