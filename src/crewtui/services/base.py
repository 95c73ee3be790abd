"""What every service method shares: one unit of work per call and error translation."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.history import set_origin
from ..db.repos import (
    AgentRepo,
    CrewRepo,
    DepartmentRepo,
    DeploymentRepo,
    KnowledgeRepo,
    MemoryConfigRepo,
    TaskRepo,
    ToolRepo,
    VentureRepo,
)
from ..domain.base import Record
from ..domain.errors import Conflict, FieldProblem, PermissionDenied, ValidationFailed
from ..settings import current_user
from .store import Store

if TYPE_CHECKING:
    from ..db.repos.flows import FlowRepo

T = TypeVar("T")

#: how often a blind save reads the row again when another save got in between
BLIND_ATTEMPTS = 50

#: fields the database keeps by itself; a create may not set them (an id may be given)
SYSTEM_FIELDS = ("version", "created_at", "updated_at")


class Work:
    """The session of one unit of work and the repositories on it."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @cached_property
    def agents(self) -> AgentRepo:
        return AgentRepo(self.session)

    @cached_property
    def crews(self) -> CrewRepo:
        return CrewRepo(self.session)

    @cached_property
    def tasks(self) -> TaskRepo:
        return TaskRepo(self.session)

    @cached_property
    def memory_configs(self) -> MemoryConfigRepo:
        return MemoryConfigRepo(self.session)

    @cached_property
    def departments(self) -> DepartmentRepo:
        return DepartmentRepo(self.session)

    @cached_property
    def tools(self) -> ToolRepo:
        return ToolRepo(self.session)

    @cached_property
    def knowledge(self) -> KnowledgeRepo:
        return KnowledgeRepo(self.session)

    @cached_property
    def ventures(self) -> VentureRepo:
        return VentureRepo(self.session)

    @cached_property
    def deployments(self) -> DeploymentRepo:
        return DeploymentRepo(self.session)

    @cached_property
    def flows(self) -> FlowRepo:
        from ..db.repos.flows import FlowRepo  # flows load their models only when used

        return FlowRepo(self.session)


# Constraint names and SQLite messages both carry the column: crewai_agents_agent_key_key,
# "UNIQUE constraint failed: crewai_tasks.crew_id, crewai_tasks.name".
_UNIQUE_FIELDS = ("agent_key", "crew_name", "department_key", "tool_key", "flow_key", "name")


def integrity_problem(exc: IntegrityError) -> ValidationFailed:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    low = text.lower()
    if "unique" in low or "duplicate" in low:
        for field in _UNIQUE_FIELDS:
            if re.search(rf"\b\w*[._]{field}\b|\b{field}\b", low):
                return ValidationFailed.single(field, "is already taken")
        return ValidationFailed.single("value", "is already taken")
    if "foreign key" in low:
        return ValidationFailed.single("reference", "points at a row that does not exist")
    first = text.strip().splitlines()[0] if text.strip() else "constraint violated"
    return ValidationFailed.single("value", first)


class ServiceBase:
    def __init__(self, store: Store, *, user: str | None = None, via: str = "api") -> None:
        self.store = store
        self.user = user if user is not None else current_user()
        #: the path changes come through, as history records it (app, cli, ...)
        self.via = via

    @contextmanager
    def _work(self) -> Iterator[Work]:
        """One transaction: committed when the block ends normally, else rolled back."""
        with self.store.uow() as uow:
            set_origin(uow.session, self.user, self.via)
            try:
                yield Work(uow.session)
                uow.commit()
            except IntegrityError as exc:
                raise integrity_problem(exc) from exc

    def _run(self, fn: Callable[[Work], T]) -> T:
        """Run ``fn`` in one writing transaction."""
        with self._work() as w:
            return fn(w)

    def _query(self, fn: Callable[[Work], T]) -> T:
        """Run ``fn`` in a read-only transaction: on SQLite it does not wait for writers."""
        with self.store.uow(read_only=True) as uow:
            return fn(Work(uow.session))

    def _saving(
        self, fn: Callable[[Work], T], theirs: Callable[[Work], Record], *, blind: bool = False
    ) -> T:
        """Run a save; when the row changed between our read and our write (the mapper's
        version check), report a Conflict with the values now stored.

        A ``blind`` save (no expected version) applies its fields to the latest version of
        the row: when another save got in between, it reads the row again and applies them
        there, so it never fails because someone else changed the row (their change to the
        same field is overwritten, which is what a blind write means)."""
        attempts = BLIND_ATTEMPTS if blind else 1
        for attempt in range(1, attempts + 1):
            try:
                with self._work() as w:
                    return fn(w)
            except Conflict as exc:
                stale = not exc.theirs and isinstance(exc.__cause__, StaleDataError)
                if not stale or attempt == attempts or (attempt == 1 and self._refused_now(theirs)):
                    self._stale_conflict(exc, theirs)
                    raise
                time.sleep(random.uniform(0, 0.002 * attempt))
        raise AssertionError("unreachable")

    def _refused(self, record: Record) -> bool:
        """Whether row-level security, not another save, kept the write from the row."""
        from ..db.rls_owners import update_refused

        if record.id is None or not type(record).table:
            return False
        with self.store.uow() as uow:  # rolled back: the probe writes nothing
            return update_refused(uow.session, type(record).table, record.id)

    def _refused_now(self, theirs: Callable[[Work], Record]) -> bool:
        # only PostgreSQL has row-level security: elsewhere a conflict reads nothing more
        return not self.store.is_sqlite and self._refused(self._query(theirs))

    def _stale_conflict(self, exc: Conflict, theirs: Callable[[Work], Record]) -> None:
        """Raise the Conflict with the values now stored when the version check failed."""
        if exc.theirs or not isinstance(exc.__cause__, StaleDataError):
            return
        current = self._query(theirs)
        if self._refused(current):
            raise PermissionDenied(
                f"'{current.key}' may be changed only by its owner or a maintainer: "
                "row-level security lets your database role read it, not change it."
            ) from exc
        raise Conflict(
            f"'{current.key}' was changed by someone else while you edited it.",
            actual_version=current.version,
            theirs=current.model_dump(),
        ) from exc


def check_version(record: Record, expected: int | None) -> None:
    if expected is not None and record.version != expected:
        raise Conflict(
            f"'{record.key}' is at version {record.version}, not {expected}: someone else saved "
            "it meanwhile.",
            expected_version=expected,
            actual_version=record.version,
            theirs=record.model_dump(),
        )


def check_create_fields(model: type[Record], values: dict[str, Any]) -> None:
    bad = [FieldProblem(f, "is set by the database") for f in SYSTEM_FIELDS if f in values]
    if bad:
        raise ValidationFailed(bad)


def taken(field: str) -> ValidationFailed:
    return ValidationFailed.single(field, "is already taken")
