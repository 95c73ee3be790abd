"""Owners of agents, crews and tasks on PostgreSQL (opt-in, on top of row-level security).

With ownership on, every agent, crew and task records in ``owner`` the database role that
created it (a trigger fills it; a plain member cannot create a record in someone else's
name), and only that role or a member of the maintainers group role changes or deletes it.
Everyone authenticated still reads everything. Records made before ownership was switched
on have no owner: maintainers change them (and may give them an owner).

Switched on by ``crewtui db upgrade --with-rls --with-ownership``; once on, later upgrades
keep it (:func:`ownership_enabled`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..domain.errors import PermissionDenied

MAINTAINERS = "crewtui_maintainers"
OWNED = ("crewai_agents", "crewai_crews", "crewai_tasks")
FUNCTION = "crewtui_set_owner"
TRIGGER = "crewtui_set_owner"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def may_change(maintainers: str) -> str:
    """The policy expression: the row's owner or a maintainer."""
    role = _literal(maintainers)
    return f"(owner = current_user::text OR pg_has_role(current_user, {role}, 'MEMBER'))"


def apply_owner_trigger(connection: Connection, *, maintainers: str, service: str) -> None:
    """The trigger that names the creating role as the owner; idempotent."""
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    trusted = (
        f"pg_has_role(current_user, {_literal(maintainers)}, 'MEMBER') "
        f"OR pg_has_role(current_user, {_literal(service)}, 'MEMBER')"
    )
    connection.execute(
        text(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger "
            "LANGUAGE plpgsql SECURITY INVOKER "
            f'SET search_path = "{schema.replace(chr(34), chr(34) * 2)}", pg_temp AS $fn$ '
            "BEGIN "
            f"  IF {trusted} THEN NEW.owner := COALESCE(NEW.owner, current_user::text); "
            "  ELSE NEW.owner := current_user::text; END IF; "
            "  RETURN NEW; "
            "END $fn$"
        )
    )
    for table in OWNED:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}"))
        connection.execute(
            text(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
        )


def remove_owner_trigger(connection: Connection, present: set[str]) -> None:
    for table in OWNED:
        if table in present:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}"))
    connection.execute(text(f"DROP FUNCTION IF EXISTS {FUNCTION}()"))


def ownership_enabled(connection: Connection) -> bool:
    """Whether ownership was switched on for this database (the owner trigger is there)."""
    if connection.dialect.name != "postgresql":
        return False
    return bool(
        connection.execute(
            text(
                "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE t.tgname = :t AND c.relname = 'crewai_agents' "
                "AND n.nspname = current_schema()"
            ),
            {"t": TRIGGER},
        ).first()
    )


_ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}")


def add_people(
    connection: Connection,
    *,
    authenticated: str,
    maintainers_role: str,
    users: Iterable[str] = (),
    maintainers: Iterable[str] = (),
    reviewers_role: str = "crewtui_reviewers",
    reviewers: Iterable[str] = (),
) -> list[str]:
    """Make login roles for people (when missing) and put them in the group roles.

    Returns the roles created. A role gets no password here: set one with ``ALTER ROLE ...
    PASSWORD`` or let ``pg_hba.conf`` decide how it logs in. Naming reviewers creates the
    reviewers group role: from then on only its members approve code.
    """
    maintainers, reviewers = list(maintainers), list(reviewers)
    people = [*users, *maintainers, *reviewers]
    for name in people:
        if not _ROLE_NAME.fullmatch(name):
            raise PermissionDenied(
                f"{name!r} is not a role name crewtui creates (letters, digits, _ . @ -)",
                title="Invalid role name",
            )
    created = []
    for name in dict.fromkeys(people):
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}
        ).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {_ident(name)} LOGIN"))
            created.append(name)
        connection.execute(text(f"GRANT {_ident(authenticated)} TO {_ident(name)}"))
    for name in dict.fromkeys(maintainers):
        connection.execute(text(f"GRANT {_ident(maintainers_role)} TO {_ident(name)}"))
    if reviewers:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": reviewers_role}
        ).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {_ident(reviewers_role)} NOLOGIN"))
            created.append(reviewers_role)
    for name in dict.fromkeys(reviewers):
        connection.execute(text(f"GRANT {_ident(reviewers_role)} TO {_ident(name)}"))
    return created


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def update_refused(session: Session, table: str, record_id: uuid.UUID) -> bool:
    """Whether row-level security keeps the acting role from changing a row it can read.

    An UPDATE that changes nothing is tried; no matching row means a policy hides the row
    from writes (the caller's transaction is rolled back, so nothing is written). Always
    False on SQLite."""
    if session.get_bind().dialect.name != "postgresql" or not re.fullmatch(r"[a-z_]+", table):
        return False
    try:
        with session.begin_nested():
            result = session.execute(
                text(f"UPDATE {table} SET id = id WHERE id = :id"), {"id": record_id}
            )
            refused = bool(result.rowcount == 0)  # type: ignore[attr-defined]
    except DBAPIError:
        return True  # a trigger or a grant refused it
    return refused
