"""Crew services: crews, their ordered members and deleting a crew with its tasks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ..db.models import CrewRow
from ..domain.crew import Crew
from ..domain.errors import ErrorList, NotFound, ValidationFailed
from .base import ServiceBase, Work, check_create_fields, check_version, taken
from .refs import resolve_one, resolve_refs

Members = list[tuple[uuid.UUID, str | None]]
#: (work, crew row, the ordered (agent id, role) list) -> the new list
MembersChange = Callable[[Work, CrewRow, Members], Members]


def _position(field: str, position: int, size: int) -> int:
    if not 1 <= position <= size:
        raise ValidationFailed.single(field, f"must be between 1 and {size}")
    return position


class CrewServices(ServiceBase):
    def list_crews(self) -> list[Crew]:
        return self._query(lambda w: w.crews.list_domain())

    def get_crew(self, name: str) -> Crew:
        return self._query(lambda w: w.crews.to_domain(w.crews.require(name)))

    def create_crew(self, values: dict[str, Any]) -> Crew:
        def run(w: Work) -> Crew:
            check_create_fields(Crew, values)
            if values.get("members"):
                raise ValidationFailed.single("members", "add members after creating the crew")
            record = Crew.validated(resolve_refs(w, Crew, values))
            if w.crews.by_key(record.crew_name) is not None:
                raise taken("crew_name")
            return w.crews.to_domain(w.crews.add(record))

        return self._run(run)

    def update_crew(
        self, name: str, changes: dict[str, Any], *, expected_version: int | None = None
    ) -> Crew:
        crew_id: list[uuid.UUID] = []

        def run(w: Work) -> Crew:
            row = w.crews.require(name)
            crew_id.append(row.id)
            current = w.crews.to_domain(row)
            check_version(current, expected_version)
            if "members" in changes:
                raise ValidationFailed.single("members", "change members with set_members")
            new = current.updated(resolve_refs(w, Crew, changes))
            if new.crew_name != row.crew_name and w.crews.by_key(new.crew_name) is not None:
                raise taken("crew_name")
            w.crews.apply(row, new)
            return w.crews.to_domain(row)

        return self._saving(
            run,
            lambda w: w.crews.to_domain(w.crews.require_id(crew_id[0])),
            blind=expected_version is None,
        )

    def delete_crew(self, name: str) -> None:
        """Delete the crew together with its tasks and memberships: they are part of it."""

        def run(w: Work) -> None:
            row = w.crews.require(name)
            for task in w.tasks.for_crew(row.id):
                w.session.delete(task)
            w.session.flush()
            w.crews.delete(row)

        self._run(run)

    # ---- membership

    def _members_change(
        self, crew: str, change: MembersChange, *, expected_version: int | None = None
    ) -> Crew:
        """Apply ``change(w, row, members)`` to the ordered (agent_id, role) list and save it."""
        crew_id: list[uuid.UUID] = []

        def run(w: Work) -> Crew:
            row = w.crews.require(crew)
            crew_id.append(row.id)
            if expected_version is not None:
                check_version(w.crews.to_domain(row), expected_version)
            members = [(m.agent_id, m.role_in_crew) for m in row.members]
            w.crews.set_members(row, change(w, row, members))
            return w.crews.to_domain(row)

        return self._saving(
            run,
            lambda w: w.crews.to_domain(w.crews.require_id(crew_id[0])),
            blind=expected_version is None,
        )

    @staticmethod
    def _member_index(
        w: Work, row: CrewRow, members: list[tuple[uuid.UUID, str | None]], agent_key: str
    ) -> int:
        agent = w.agents.require(agent_key)
        for i, (agent_id, _) in enumerate(members):
            if agent_id == agent.id:
                return i
        raise NotFound(f"Agent '{agent_key}' is not a member of crew '{row.crew_name}'.")

    def add_member(
        self,
        crew: str,
        agent_key: str,
        *,
        role_in_crew: str | None = None,
        position: int | None = None,
    ) -> Crew:
        def change(
            w: Work, row: CrewRow, members: list[tuple[uuid.UUID, str | None]]
        ) -> list[tuple[uuid.UUID, str | None]]:
            try:
                agent_id = resolve_one(w, "agent", agent_key)
            except ValueError as exc:
                raise ValidationFailed.single("agent_key", str(exc)) from None
            if any(a == agent_id for a, _ in members):
                raise ValidationFailed.single(
                    "agent_key", f"'{agent_key}' is already a member of '{row.crew_name}'"
                )
            _check_role(role_in_crew)
            at = (
                len(members) + 1
                if position is None
                else _position("position", position, len(members) + 1)
            )
            return [*members[: at - 1], (agent_id, role_in_crew), *members[at - 1 :]]

        return self._members_change(crew, change)

    def remove_member(self, crew: str, agent_key: str) -> Crew:
        def change(
            w: Work, row: CrewRow, members: list[tuple[uuid.UUID, str | None]]
        ) -> list[tuple[uuid.UUID, str | None]]:
            i = self._member_index(w, row, members, agent_key)
            return members[:i] + members[i + 1 :]

        return self._members_change(crew, change)

    def move_member(self, crew: str, agent_key: str, position: int) -> Crew:
        def change(
            w: Work, row: CrewRow, members: list[tuple[uuid.UUID, str | None]]
        ) -> list[tuple[uuid.UUID, str | None]]:
            i = self._member_index(w, row, members, agent_key)
            _position("position", position, len(members))
            item = members.pop(i)
            members.insert(position - 1, item)
            return members

        return self._members_change(crew, change)

    def set_member_role(self, crew: str, agent_key: str, role_in_crew: str | None) -> Crew:
        def change(
            w: Work, row: CrewRow, members: list[tuple[uuid.UUID, str | None]]
        ) -> list[tuple[uuid.UUID, str | None]]:
            i = self._member_index(w, row, members, agent_key)
            _check_role(role_in_crew)
            members[i] = (members[i][0], role_in_crew)
            return members

        return self._members_change(crew, change)

    def set_members(
        self,
        crew: str,
        members: list[tuple[str, str | None]],
        *,
        expected_version: int | None = None,
    ) -> Crew:
        """Replace the whole ordered member list."""
        return self._members_change(
            crew,
            lambda w, _row, _old: _resolve_members(w, members),
            expected_version=expected_version,
        )

    def save_crew(
        self,
        name: str | None,
        changes: dict[str, Any],
        members: list[tuple[str, str | None]] | None = None,
        *,
        expected_version: int | None = None,
    ) -> Crew:
        """Create (``name`` None) or update a crew and, when given, replace its ordered members:
        the crew editor's save, all or nothing in one unit of work."""
        crew_id: list[uuid.UUID] = []

        def run(w: Work) -> Crew:
            if "members" in changes:
                raise ValidationFailed.single("members", "pass members separately")
            if name is None:
                check_create_fields(Crew, changes)
                record = Crew.validated(resolve_refs(w, Crew, changes))
                if w.crews.by_key(record.crew_name) is not None:
                    raise taken("crew_name")
                row = w.crews.add(record)
            else:
                row = w.crews.require(name)
                current = w.crews.to_domain(row)
                check_version(current, expected_version)
                if changes:
                    new = current.updated(resolve_refs(w, Crew, changes))
                    if new.crew_name != row.crew_name and w.crews.by_key(new.crew_name) is not None:
                        raise taken("crew_name")
                    w.crews.apply(row, new)
            crew_id.append(row.id)
            if members is not None:
                w.crews.set_members(row, _resolve_members(w, members))
            return w.crews.to_domain(row)

        return self._saving(
            run,
            lambda w: w.crews.to_domain(w.crews.require_id(crew_id[0])),
            blind=expected_version is None,
        )


def _resolve_members(
    w: Work, members: list[tuple[str, str | None]]
) -> list[tuple[uuid.UUID, str | None]]:
    """Agent keys (or ids) with their roles, checked: each agent once, roles within bounds."""
    errors = ErrorList()
    out: list[tuple[uuid.UUID, str | None]] = []
    for i, (key, role) in enumerate(members, start=1):
        try:
            agent_id = resolve_one(w, "agent", key)
        except ValueError as exc:
            errors.add(f"members.{i}", str(exc))
            continue
        if any(a == agent_id for a, _ in out):
            errors.add(f"members.{i}", f"'{key}' is listed twice")
            continue
        if role is not None and len(role) > 100:
            errors.add(f"members.{i}", "role in crew must be at most 100 characters")
            continue
        out.append((agent_id, role or None))
    errors.raise_if_any()
    return out


def _check_role(role_in_crew: str | None) -> None:
    if role_in_crew is not None and len(role_in_crew) > 100:
        raise ValidationFailed.single("role_in_crew", "must be at most 100 characters")
