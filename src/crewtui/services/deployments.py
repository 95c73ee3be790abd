"""Generated code: generate, review, deploy and roll back (``agent_code_deployments``).

Lifecycle: pending -> review_required -> approved -> deployed, with failed (validation
failed or rejected) and rolled_back. Each action is one unit of work; every status change
goes through the row's ``version`` column, so two people acting on the same deployment at
once get a Conflict instead of overwriting each other.

People are names (``--as USER``, the OS user); the table keeps UUIDs, so a name is stored as
``uuid5(USER_NAMESPACE, name)`` and shown again by matching the names crewtui knows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db.models import AgentRow, DeploymentRow, KnowledgeRow, ToolRow
from ..db.repos import AgentRepo, to_record
from ..domain.agent import Agent
from ..domain.deployment import Deployment
from ..domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ..interop.codegen import GeneratedCode, TemplateSource, ToolRef, generate_code
from ..interop.gitfiles import FileChange, write_and_commit
from .store import Store

USER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:crewtui:users")


def user_id(name: str) -> uuid.UUID:
    """The stored id of a user name (the same name gives the same id everywhere)."""
    return uuid.uuid5(USER_NAMESPACE, name.strip().lower())


def module_file_name(agent_key: str) -> str:
    return agent_key.replace("-", "_") + ".py"


def _now() -> datetime:
    return datetime.now(UTC)


class Deployments:
    """The deployment actions for one store; ``reviewers`` empty means anyone but the author."""

    def __init__(
        self,
        store: Store,
        *,
        reviewers: Iterable[str] = (),
        deploy_dir: Path | None = None,
        known_users: Iterable[str] = (),
    ) -> None:
        self.store = store
        self.reviewers = tuple(r.strip() for r in reviewers if r.strip())
        self.deploy_dir = deploy_dir
        self._names = {user_id(n): n for n in (*known_users, *self.reviewers)}
        self._role: str | None = None  # the database role when RLS is on ("" when off)

    # ---- people
    def user_name(self, uid: uuid.UUID | None) -> str | None:
        if uid is None:
            return None
        return self._names.get(uid, str(uid))

    def _remember(self, name: str) -> uuid.UUID:
        uid = user_id(self._acting(name))
        self._names.setdefault(uid, self._acting(name))
        return uid

    def _acting(self, claimed: str) -> str:
        """Who acts: with row-level security on, the database role and not a name given with
        ``--as`` (so nobody approves their own code by claiming to be someone else)."""
        if self._role is None:
            if self.store.engine.dialect.name != "postgresql":
                self._role = ""
            else:
                from ..db.rls import acting_role

                with self.store.engine.connect() as conn:
                    self._role = acting_role(conn) or ""
        return self._role or claimed

    # ---- reading
    def list(self, agent_key: str | None = None) -> list[Deployment]:
        with self.store.uow() as uow:
            stmt = select(DeploymentRow)
            if agent_key is not None:
                AgentRepo(uow.session).require(agent_key)
                stmt = stmt.where(DeploymentRow.agent_key == agent_key)
            stmt = stmt.order_by(DeploymentRow.agent_key, DeploymentRow.generation_timestamp)
            return [to_record(Deployment, r) for r in uow.session.scalars(stmt)]

    def get(self, ref: str | uuid.UUID) -> Deployment:
        with self.store.uow() as uow:
            return to_record(Deployment, _find(uow.session, ref))

    # ---- generate
    def generate(
        self, agent_key: str, user: str, *, template: TemplateSource | None = None
    ) -> Deployment:
        """Render, validate and store new code for the agent (review_required, or failed)."""
        with self.store.uow() as uow:
            s = uow.session
            row = AgentRepo(s).require(agent_key)
            result = generate_for(s, to_record(Agent, row), template)
            dep = record_generated(s, row, result, self._remember(user))
            uow.commit()
            return to_record(Deployment, dep)

    # ---- review
    def approve(
        self,
        ref: str | uuid.UUID,
        user: str,
        *,
        comment: str | None = None,
        expected_version: int | None = None,
    ) -> Deployment:
        return self._review(
            ref, user, approve=True, comment=comment, expected_version=expected_version
        )

    def reject(
        self,
        ref: str | uuid.UUID,
        user: str,
        *,
        comment: str | None = None,
        expected_version: int | None = None,
    ) -> Deployment:
        return self._review(
            ref, user, approve=False, comment=comment, expected_version=expected_version
        )

    def _review(
        self,
        ref: str | uuid.UUID,
        user: str,
        *,
        approve: bool,
        comment: str | None,
        expected_version: int | None,
    ) -> Deployment:
        user = self._acting(user)
        uid = self._remember(user)
        with self.store.uow() as uow:
            dep = _find(uow.session, ref, expected_version)
            verb = "approve" if approve else "reject"
            allowed = (
                ("review_required",) if approve else ("pending", "review_required", "approved")
            )
            if dep.deployment_status not in allowed:
                raise ValidationFailed.single(
                    "deployment_status",
                    f"is {dep.deployment_status}: only {' or '.join(allowed)} code can be {verb}d",
                )
            if approve and not (dep.ast_validation_passed and dep.security_scan_passed):
                raise ValidationFailed.single(
                    "security_scan_passed", "code that failed validation cannot be approved"
                )
            own = dep.generated_by == uid
            if own and approve:
                raise PermissionDenied(f"{user} generated this code and cannot approve it.")
            if self.reviewers and user not in self.reviewers and not own:
                raise PermissionDenied(
                    f"{user} is not a reviewer (reviewers: {', '.join(self.reviewers)})."
                )
            dep.review_status = "approved" if approve else "rejected"
            dep.deployment_status = "approved" if approve else "failed"
            dep.reviewer_id = uid
            dep.reviewed_at = _now()
            dep.review_comments = comment
            uow.commit()
            return to_record(Deployment, dep)

    # ---- deploy and roll back
    def deploy(
        self,
        ref: str | uuid.UUID,
        user: str,
        *,
        deploy_dir: Path | None = None,
        expected_version: int | None = None,
    ) -> Deployment:
        """Write the approved code, make it the agent's only active deployment, commit it."""
        user = self._acting(user)
        uid = self._remember(user)
        directory = deploy_dir or self.deploy_dir
        if directory is None:
            raise ValidationFailed.single(
                "deploy_dir", "no deployment directory: use --deploy-dir or CREWTUI_DEPLOY_DIR"
            )
        with self.store.uow() as uow:
            s = uow.session
            dep = _find(s, ref, expected_version)
            if dep.deployment_status != "approved":
                raise ValidationFailed.single(
                    "deployment_status",
                    f"is {dep.deployment_status}: only approved code can be deployed",
                )
            path = (directory / module_file_name(dep.agent_key)).resolve()
            with _one_active(dep.agent_key):
                current = _active(s, dep.agent_id)
                if current is not None:
                    current.is_active = False
                    current.replaced_by = dep.id
                    s.flush()  # the old row leaves the one-active index before the new one enters
                dep.deployment_status = "deployed"
                dep.is_active = True
                dep.deployment_path = str(path)
                dep.deployment_timestamp = _now()
                dep.deployed_by = uid
                s.flush()
            change = write_and_commit(
                path, dep.generated_code, f"Deploy agent {dep.agent_key} ({dep.id})", author=user
            )
            dep.git_commit_hash = change.commit
            dep.git_branch = change.branch  # None outside a git repository: no branch to claim
            _commit_or_undo(uow, change, dep.agent_key)
            return to_record(Deployment, dep)

    def rollback(self, agent_key: str, user: str) -> Deployment:
        """Retire the active deployment and re-activate the previous one; returns that one."""
        user = self._acting(user)
        self._remember(user)
        with self.store.uow() as uow:
            s = uow.session
            agent = AgentRepo(s).require(agent_key)
            current = _active(s, agent.id)
            if current is None:
                raise ValidationFailed.single(
                    "agent_key", f"agent '{agent_key}' has no active deployment"
                )
            stmt = (
                select(DeploymentRow)
                .where(
                    DeploymentRow.agent_id == agent.id,
                    DeploymentRow.id != current.id,
                    DeploymentRow.deployment_status == "deployed",
                    DeploymentRow.rollback_possible.is_(True),
                )
                .order_by(DeploymentRow.deployment_timestamp.desc())
            )
            previous = s.scalars(stmt).first()
            if previous is None:
                raise ValidationFailed.single(
                    "agent_key", f"agent '{agent_key}' has no earlier deployment to roll back to"
                )
            with _one_active(agent_key):
                current.is_active = False
                current.deployment_status = "rolled_back"
                s.flush()
                previous.is_active = True
                previous.replaced_by = None
                s.flush()
            path = Path(previous.deployment_path or current.deployment_path or "")
            change = write_and_commit(
                path,
                previous.generated_code,
                f"Roll back agent {agent_key} to {previous.id} (from {current.id})",
                author=user,
            )
            _commit_or_undo(uow, change, agent_key)
            return to_record(Deployment, previous)


@contextmanager
def _one_active(agent_key: str) -> Iterator[None]:
    """A deploy racing another one for the same agent meets the one-active index: a Conflict."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(
            f"Another deployment of '{agent_key}' was activated at the same time; reload and retry."
        ) from exc


def _commit_or_undo(uow: Any, change: FileChange, agent_key: str) -> None:
    try:
        with _one_active(agent_key):
            uow.commit()
    except BaseException:
        change.undo()
        raise


def _active(s: Session, agent_id: uuid.UUID) -> DeploymentRow | None:
    stmt = select(DeploymentRow).where(
        DeploymentRow.agent_id == agent_id, DeploymentRow.is_active.is_(True)
    )
    return s.scalars(stmt).one_or_none()


def _find(s: Session, ref: str | uuid.UUID, expected_version: int | None = None) -> DeploymentRow:
    """By id, or by a unique prefix of at least 4 characters of the id."""
    row: DeploymentRow | None = None
    if isinstance(ref, uuid.UUID):
        row = s.get(DeploymentRow, ref)
    else:
        text = ref.strip().lower()
        try:
            row = s.get(DeploymentRow, uuid.UUID(text))
        except ValueError:
            if len(text) < 4:
                raise NotFound(
                    f"No deployment '{ref}' (give at least 4 characters of the id)."
                ) from None
            ids = [i for i in s.scalars(select(DeploymentRow.id)) if str(i).startswith(text)]
            if len(ids) > 1:
                raise ValidationFailed.single(
                    "id", f"'{ref}' matches {len(ids)} deployments; give more of the id"
                ) from None
            row = s.get(DeploymentRow, ids[0]) if ids else None
    if row is None:
        raise NotFound(f"No deployment '{ref}'.")
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            f"Deployment {row.id} is at version {row.version}, not {expected_version}.",
            expected_version=expected_version,
            actual_version=row.version,
        )
    return row


def generate_for(s: Session, agent: Agent, template: TemplateSource | None) -> GeneratedCode:
    """Generate with the tool classes and knowledge texts the agent refers to."""
    tool_classes = {
        r.tool_key: ToolRef(r.tool_class, r.config or {})
        for r in s.scalars(select(ToolRow).where(ToolRow.tool_key.in_(agent.tools or [""])))
    }
    refs = [k for k in agent.knowledge_sources if isinstance(k, str)]
    knowledge: dict[str, str] = {}
    if refs:
        for k in s.scalars(select(KnowledgeRow)):
            knowledge.setdefault(k.title, k.content)
            knowledge[str(k.id)] = k.content
    return generate_code(agent, template=template, tool_classes=tool_classes, knowledge=knowledge)


def record_generated(
    s: Session,
    agent: AgentRow,
    result: GeneratedCode,
    generated_by: uuid.UUID,
    *,
    comment: str | None = None,
) -> DeploymentRow:
    """Store generated code: pending, then review_required when it passed, else failed."""
    dep = DeploymentRow(
        agent_id=agent.id,
        agent_key=agent.agent_key,
        generated_code=result.code,
        template_version=result.template_version,
        generation_timestamp=_now(),
        generated_by=generated_by,
        deployment_status="pending",
        review_status="pending",
        review_comments=comment,
        is_active=False,
        rollback_possible=True,
    )
    s.add(dep)
    s.flush()
    dep.ast_validation_passed = result.ast_ok
    dep.ast_validation_errors = result.ast_errors or None
    dep.security_scan_passed = result.security_ok
    dep.security_issues = result.security_issues or None
    dep.deployment_status = "review_required" if result.passed else "failed"
    s.flush()
    return dep
