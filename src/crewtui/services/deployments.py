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
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from ..db.repos import to_record
from ..db.repos.deployments import now
from ..db.uow import UnitOfWork
from ..domain.agent import Agent
from ..domain.deployment import Deployment
from ..domain.errors import Conflict, PermissionDenied, ValidationFailed
from ..interop.codegen import TemplateSource
from ..interop.gitfiles import FileChange, write_and_commit
from ..interop.releases import Release
from ..interop.safefiles import relative_inside
from .base import Work
from .generated import generate_for, module_file_name, record_generated, user_id
from .progress import DEPLOY_STEPS, GENERATE_STEPS, Progress, Steps
from .store import Store

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = [
    "ADVISORY_REVIEW",
    "Deployments",
    "generate_for",
    "module_file_name",
    "record_generated",
    "user_id",
]


#: what the program says when the database does not hold the review rules itself
ADVISORY_REVIEW = (
    "Review is advisory on this database: without database roles, who acts is whatever "
    "--as (or CREWTUI_USER) says. Use PostgreSQL with `crewtui db upgrade --with-rls` "
    "to have the database enforce two people per deployment."
)


class Deployments:
    """The deployment actions for one store; ``reviewers`` empty means anyone but the author."""

    @classmethod
    def for_settings(cls, store: Store, settings: Settings) -> Deployments:
        """The actions as the program's settings say: reviewers, folder, who acts."""
        from ..settings import current_user

        return cls(
            store,
            reviewers=settings.reviewers,
            deploy_dir=settings.deploy_dir,
            known_users=(settings.user, current_user()),
        )

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
        ``--as`` (so nobody approves their own code by claiming to be someone else); the same
        rule the change history follows."""
        if self._role is None:
            from ..db.history_actor import acting_actor

            with self.store.uow(read_only=True) as uow:
                self._role = acting_actor(uow.session, "")
        return self._role or claimed

    def review_enforced(self) -> bool:
        """Whether the database itself holds the review rules; otherwise they are advisory."""
        if self.store.engine.dialect.name != "postgresql":
            return False
        from ..db.rls_review import review_rules_enforced

        with self.store.engine.connect() as conn:
            return review_rules_enforced(conn)

    # ---- reading
    def list(self, agent_key: str | None = None) -> list[Deployment]:
        with self.store.uow(read_only=True) as uow:
            w = Work(uow.session)
            if agent_key is not None:
                w.agents.require(agent_key)
            return [w.deployments.to_domain(r) for r in w.deployments.list_for(agent_key)]

    def get(self, ref: str | uuid.UUID) -> Deployment:
        with self.store.uow(read_only=True) as uow:
            w = Work(uow.session)
            return w.deployments.to_domain(w.deployments.find(ref))

    # ---- generate
    def generate(
        self,
        agent_key: str,
        user: str,
        *,
        template: TemplateSource | None = None,
        progress: Progress | None = None,
        target: Release | None = None,
    ) -> Deployment:
        """Render, validate and store new code for the agent (review_required, or failed), for
        the crewai release ``target`` (None: the run-time environment's, else the newest)."""
        steps = Steps(GENERATE_STEPS, progress)
        steps.enter("read")
        with self.store.uow() as uow:
            w = Work(uow.session)
            row = w.agents.require(agent_key)
            steps.enter("generate")
            result = generate_for(w, to_record(Agent, row), template, target)
            steps.enter("store")
            dep = record_generated(w, row, result, self._remember(user))
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
            dep = Work(uow.session).deployments.find(ref, expected_version)
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
            dep.reviewed_at = now()
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
        progress: Progress | None = None,
    ) -> Deployment:
        """Write the approved code, make it the agent's only active deployment, commit it."""
        steps = Steps(DEPLOY_STEPS, progress)
        steps.enter("check")
        user = self._acting(user)
        uid = self._remember(user)
        directory = self._directory(deploy_dir)
        with self.store.uow() as uow:
            w = Work(uow.session)
            dep = w.deployments.find(ref, expected_version)
            if dep.deployment_status != "approved":
                raise ValidationFailed.single(
                    "deployment_status",
                    f"is {dep.deployment_status}: only approved code can be deployed",
                )
            rel = PurePosixPath(module_file_name(dep.agent_key))
            path = directory.resolve() / rel
            with _one_active(dep.agent_key):
                current = w.deployments.active(dep.agent_id)
                if current is not None:
                    current.is_active = False
                    current.replaced_by = dep.id
                    w.session.flush()  # the old row leaves the one-active index first
                dep.deployment_status = "deployed"
                dep.is_active = True
                dep.deployment_path = str(path)
                dep.deployment_timestamp = now()
                dep.deployed_by = uid
                w.session.flush()
            steps.enter("write")
            change = write_and_commit(
                directory,
                rel,
                dep.generated_code,
                f"Deploy agent {dep.agent_key} ({dep.id})",
                author=user,
            )
            dep.git_commit_hash = change.commit
            dep.git_branch = change.branch  # None outside a git repository: no branch to claim
            steps.enter("commit")
            _commit_or_undo(uow, change, dep.agent_key)
            return to_record(Deployment, dep)

    def _directory(self, deploy_dir: Path | None) -> Path:
        directory = deploy_dir or self.deploy_dir
        if directory is None:
            raise ValidationFailed.single(
                "deploy_dir", "no deployment directory: use --deploy-dir or CREWTUI_DEPLOY_DIR"
            )
        return directory

    def rollback(self, agent_key: str, user: str, *, deploy_dir: Path | None = None) -> Deployment:
        """Retire the active deployment and re-activate the previous one; returns that one.

        The file is written inside the deployment folder only: a path recorded in the row that
        points anywhere else is refused, whoever changed it."""
        directory = self._directory(deploy_dir)
        user = self._acting(user)
        self._remember(user)
        with self.store.uow() as uow:
            w = Work(uow.session)
            agent = w.agents.require(agent_key)
            current = w.deployments.active(agent.id)
            if current is None:
                raise ValidationFailed.single(
                    "agent_key", f"agent '{agent_key}' has no active deployment"
                )
            previous = w.deployments.previous(agent.id, current.id)
            if previous is None:
                raise ValidationFailed.single(
                    "agent_key", f"agent '{agent_key}' has no earlier deployment to roll back to"
                )
            with _one_active(agent_key):
                current.is_active = False
                current.deployment_status = "rolled_back"
                w.session.flush()
                previous.is_active = True
                previous.replaced_by = None
                w.session.flush()
            recorded = previous.deployment_path or current.deployment_path
            rel = relative_inside(directory, recorded or module_file_name(agent_key))
            change = write_and_commit(
                directory,
                rel,
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


def _commit_or_undo(uow: UnitOfWork, change: FileChange, agent_key: str) -> None:
    try:
        with _one_active(agent_key):
            uow.commit()
    except BaseException:
        change.undo()
        raise
