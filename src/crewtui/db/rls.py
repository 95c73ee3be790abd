"""Row-level security on PostgreSQL: the schema design's policies for a plain PostgreSQL.

The design was written for a hosted PostgreSQL with an ``authenticated`` role, a service role
and ``auth.uid()``. Here:

- ``crewtui_authenticated`` stands for ``authenticated`` and ``crewtui_service`` for the
  service role; both are group roles (NOLOGIN). People log in with their own roles and are
  made members of one of them (``GRANT crewtui_authenticated TO alice``).
- ``auth.uid()`` becomes ``crewtui_current_user_id()``: the id of ``current_user`` (the
  database role) in ``crewtui_role_ids``. That table is filled by :func:`apply_rls` with the
  same deterministic id the deployment service records for a user name, so a row the
  program writes for the role passes the policy. A role added later gets its id when
  ``crewtui db upgrade --with-rls`` runs again (or :func:`register_roles`); until then its
  id is NULL and it can insert no deployment at all, which fails closed.

Policies (named as in the design where the design names them):

- ``agent_memory_configs``: read by authenticated, written only by the service role
  (authenticated holds no write privilege, so a write fails with "permission denied"
  rather than touching nothing).
- ``agent_code_deployments``: read by authenticated; insert only with
  ``generated_by = crewtui_current_user_id()``. Updates are open to authenticated, except the
  columns that say who generated which code, which only the service role may change; the
  review rules (the reviewer is the acting role, never the author; only approved code is
  deployed) are held by a trigger (:mod:`crewtui.db.rls_review`). No delete: the history is
  kept.
- ``crewai_agents``, ``crewai_crews``, ``crewai_tasks``: read, insert and update by
  authenticated, as the design says; delete as well, because the program deletes them and a
  missing policy would make a delete silently remove nothing.

The owner of the tables (and any superuser) bypasses RLS, so migrations keep working.
Every statement is idempotent: applying twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import Connection, text

from ..domain.errors import PermissionDenied
from .driver_sql import DEPLOYMENTS as DEPLOYMENTS
from .driver_sql import RLS_ON_SQL
from .rls_owners import (
    MAINTAINERS,
    apply_owner_trigger,
    may_change,
    ownership_enabled,
    remove_owner_trigger,
)
from .rls_review import REVIEWERS, apply_review_rules, remove_review_rules

AUTHENTICATED = "crewtui_authenticated"
SERVICE = "crewtui_service"
ROLE_IDS_TABLE = "crewtui_role_ids"
USER_ID_FUNCTION = "crewtui_current_user_id"

MEMORY_CONFIGS = "agent_memory_configs"
EDITABLE = ("crewai_agents", "crewai_crews", "crewai_tasks")
# ---- change history and crew releases: readable like the records, written only in one's
# own name (a row names the database role that made it), never changed or deleted afterwards;
# the history of memory configs is written by the service role, as the configs are.
HISTORY = "crewtui_history"
RELEASES = "crewtui_releases"
# ---- flows are edited by everyone, as crews are; runs and flow executions are read by
# everyone and written only by whoever started them (the database role a row names)
FLOWS = "crewai_flows"
RUNS = "crewtui_runs"
RUN_EVENTS = "crewtui_run_events"
FLOW_RUNS = "crewai_flow_executions"
RLS_TABLES = (
    MEMORY_CONFIGS,
    DEPLOYMENTS,
    *EDITABLE,
    HISTORY,
    RELEASES,
    FLOWS,
    RUNS,
    RUN_EVENTS,
    FLOW_RUNS,
)
#: columns of a deployment nobody but the service role changes after the insert
DEPLOYMENT_PROVENANCE = frozenset(
    {
        "id",
        "agent_id",
        "agent_key",
        "generated_code",
        "template_version",
        "generation_timestamp",
        "generated_by",
        "created_at",
    }
)


@dataclass(frozen=True)
class RlsRoles:
    """The two group roles; tests use their own names because roles are cluster-wide."""

    # read when built, not when defined, so the module's names can be changed in one place
    authenticated: str = field(default_factory=lambda: AUTHENTICATED)
    service: str = field(default_factory=lambda: SERVICE)
    maintainers: str = field(default_factory=lambda: MAINTAINERS)
    reviewers: str = field(default_factory=lambda: REVIEWERS)


@dataclass
class RlsReport:
    roles_created: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    registered_roles: dict[str, UUID] = field(default_factory=dict)
    ownership: bool = False

    def summary(self) -> str:
        created = ", ".join(self.roles_created) or "none (they existed)"
        owners = (
            "; ownership on: only owners and maintainers change agents, crews and tasks"
            if self.ownership
            else ""
        )
        return (
            f"row-level security on {len(self.tables)} tables, {len(self.policies)} policies; "
            f"roles created: {created}; {len(self.registered_roles)} login roles registered"
            + owners
        )


@dataclass(frozen=True)
class _Policy:
    table: str
    name: str
    command: str  # SELECT, INSERT, UPDATE, DELETE, ALL
    role: str  # "authenticated" or "service"
    using: str | None = "true"
    check: str | None = None


def _policies(ownership: bool = False, maintainers: str = MAINTAINERS) -> list[_Policy]:
    uid = f"{USER_ID_FUNCTION}()"
    out = [
        _Policy(
            MEMORY_CONFIGS, "Authenticated users can read memory configs", "SELECT", "authenticated"
        ),
        _Policy(
            MEMORY_CONFIGS, "Service role manages memory configs", "ALL", "service", check="true"
        ),
        _Policy(
            DEPLOYMENTS, "Authenticated users can read code deployments", "SELECT", "authenticated"
        ),
        _Policy(
            DEPLOYMENTS,
            "Authenticated users can create deployments",
            "INSERT",
            "authenticated",
            using=None,
            check=f"generated_by = {uid}",
        ),
        _Policy(
            DEPLOYMENTS,
            "Authenticated users can record reviews and deployments",
            "UPDATE",
            "authenticated",
            check="true",
        ),
        _Policy(
            DEPLOYMENTS, "Service role manages code deployments", "ALL", "service", check="true"
        ),
    ]
    for table in EDITABLE:
        noun = table.removeprefix("crewai_")
        out += [
            _Policy(table, f"Authenticated users can read {noun}", "SELECT", "authenticated"),
            _Policy(
                table,
                f"Authenticated users can create {noun}",
                "INSERT",
                "authenticated",
                using=None,
                check="true",
            ),
            *_change_policies(table, noun, ownership, maintainers),
            _Policy(table, f"Service role manages {noun}", "ALL", "service", check="true"),
        ]
    return out + _history_policies() + _run_policies()


def _change_policies(table: str, noun: str, ownership: bool, maintainers: str) -> list[_Policy]:
    """Who changes and deletes agents, crews and tasks: everyone, or owners and maintainers."""
    if not ownership:
        return [
            _Policy(
                table,
                f"Authenticated users can update {noun}",
                "UPDATE",
                "authenticated",
                check="true",
            ),
            _Policy(table, f"Authenticated users can delete {noun}", "DELETE", "authenticated"),
        ]
    mine = may_change(maintainers)
    return [
        _Policy(
            table, f"Owners and maintainers update {noun}", "UPDATE", "authenticated", mine, mine
        ),
        _Policy(table, f"Owners and maintainers delete {noun}", "DELETE", "authenticated", mine),
    ]


def _every_policy() -> list[_Policy]:
    return _policies(False) + [p for p in _policies(True) if "Owners" in p.name]


def _history_policies() -> list[_Policy]:
    own = "current_user::text"
    return [
        _Policy(HISTORY, "Authenticated users can read the history", "SELECT", "authenticated"),
        _Policy(
            HISTORY,
            "Authenticated users record their own changes",
            "INSERT",
            "authenticated",
            using=None,
            check=f"actor = {own} AND record_kind <> 'memory_config'",
        ),
        _Policy(HISTORY, "Service role manages the history", "ALL", "service", check="true"),
        _Policy(RELEASES, "Authenticated users can read releases", "SELECT", "authenticated"),
        _Policy(
            RELEASES,
            "Authenticated users create releases",
            "INSERT",
            "authenticated",
            using=None,
            check=f"created_by = {own}",
        ),
        _Policy(
            RELEASES,
            "Authors delete their releases",
            "DELETE",
            "authenticated",
            using=f"created_by = {own}",
        ),
        _Policy(RELEASES, "Service role manages releases", "ALL", "service", check="true"),
    ]


def _run_policies() -> list[_Policy]:
    """Flows open to every authenticated role; runs and their events, and flow executions,
    written only in the starter's own name (``--as`` does not count under RLS)."""
    own_run = "started_by = current_user::text"
    of_own_run = f"EXISTS (SELECT 1 FROM {RUNS} r WHERE r.id = run_id AND r.{own_run})"
    own_flow_run = f"triggered_by = {USER_ID_FUNCTION}()"
    auth = "authenticated"
    out = [
        _Policy(FLOWS, "Authenticated users can read flows", "SELECT", auth),
        _Policy(FLOWS, "Authenticated users can create flows", "INSERT", auth, None, "true"),
        _Policy(FLOWS, "Authenticated users can update flows", "UPDATE", auth, "true", "true"),
        _Policy(FLOWS, "Authenticated users can delete flows", "DELETE", auth),
        _Policy(FLOWS, "Service role manages flows", "ALL", "service", check="true"),
    ]
    for table, noun, own in (
        (RUNS, "runs", own_run),
        (RUN_EVENTS, "run events", of_own_run),
        (FLOW_RUNS, "flow executions", own_flow_run),
    ):
        out += [
            _Policy(table, f"Authenticated users can read {noun}", "SELECT", auth),
            _Policy(table, f"Starters record their {noun}", "INSERT", auth, None, own),
            _Policy(table, f"Starters update their {noun}", "UPDATE", auth, own, own),
            _Policy(table, f"Starters delete their {noun}", "DELETE", auth, own),
            _Policy(table, f"Service role manages {noun}", "ALL", "service", check="true"),
        ]
    return out


def _q(name: str) -> str:
    """A quoted identifier (policy and role names may hold spaces or capitals)."""
    return '"' + name.replace('"', '""') + '"'


def _require_postgres(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise PermissionDenied(
            "Row-level security exists only on PostgreSQL; SQLite has no database roles.",
            title="Not supported on SQLite",
        )


def _existing_tables(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY "
                "tablename"
            )
        ).scalars()
    )


def role_exists(connection: Connection, role: str) -> bool:
    return bool(
        connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    )


def roles_exist(connection: Connection, roles: RlsRoles | None = None) -> bool:
    """Both group roles exist: ``crewtui db upgrade`` then applies RLS without being asked."""
    roles = roles or RlsRoles()
    return connection.dialect.name == "postgresql" and all(
        role_exists(connection, r) for r in (roles.authenticated, roles.service)
    )


def rls_enabled(connection: Connection) -> bool:
    """Whether :func:`apply_rls` has run on this database (RLS on the deployments table)."""
    if connection.dialect.name != "postgresql":
        return False
    on = connection.execute(text(RLS_ON_SQL)).scalar()
    return bool(on)


def acting_role(connection: Connection) -> str | None:
    """The database role whose rights apply: the user the program acts for when RLS is on.

    None on SQLite, or when RLS is off (then the configured user name stands).
    """
    if not rls_enabled(connection):
        return None
    return str(connection.execute(text("SELECT current_user")).scalar_one())


def _create_roles(
    connection: Connection, roles: RlsRoles, report: RlsReport, *, ownership: bool = False
) -> None:
    wanted = (roles.authenticated, roles.service, *((roles.maintainers,) if ownership else ()))
    for role in wanted:
        if role_exists(connection, role):
            continue
        try:
            with connection.begin_nested():
                connection.execute(text(f"CREATE ROLE {_q(role)} NOLOGIN"))
        except Exception as exc:
            raise PermissionDenied(
                f"Role {role} does not exist and this login may not create it; "
                f"ask an administrator to run: CREATE ROLE {role} NOLOGIN ({_first_line(exc)})",
            ) from None
        report.roles_created.append(role)


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip()
    return msg.splitlines()[0] if msg else type(exc).__name__


def _grant(connection: Connection, roles: RlsRoles, tables: Iterable[str]) -> None:
    auth, svc = _q(roles.authenticated), _q(roles.service)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {_q(_schema(connection))} TO {auth}, {svc}"))
    for table in tables:
        t = _q(table)
        connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {svc}"))
        if table == MEMORY_CONFIGS:
            connection.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON {t} FROM {auth}"))
            connection.execute(text(f"GRANT SELECT ON {t} TO {auth}"))
        elif table == DEPLOYMENTS:
            # who generated which code stays as it was inserted: no UPDATE on those columns
            connection.execute(text(f"REVOKE UPDATE, DELETE ON {t} FROM {auth}"))
            connection.execute(text(f"GRANT SELECT, INSERT ON {t} TO {auth}"))
            cols = ", ".join(
                _q(c) for c in _columns(connection, table) if c not in DEPLOYMENT_PROVENANCE
            )
            connection.execute(text(f"GRANT UPDATE ({cols}) ON {t} TO {auth}"))
        elif table in (HISTORY, RELEASES):
            connection.execute(text(f"REVOKE UPDATE, DELETE ON {t} FROM {auth}"))
            extra = ", DELETE" if table == RELEASES else ""
            connection.execute(text(f"GRANT SELECT, INSERT{extra} ON {t} TO {auth}"))
        elif table in ("alembic_version", ROLE_IDS_TABLE):
            connection.execute(text(f"GRANT SELECT ON {t} TO {auth}"))
        else:
            # tables the design gives no policy (departments, tools, members, ...) stay
            # editable by the program's users, without row-level rules
            connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {auth}"))
    schema = _q(_schema(connection))
    connection.execute(
        text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {auth}, {svc}")
    )


def _columns(connection: Connection, table: str) -> list[str]:
    return list(
        connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = :t ORDER BY "
                "ordinal_position"
            ),
            {"t": table},
        ).scalars()
    )


def _schema(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def _user_id_table_and_function(connection: Connection, roles: RlsRoles) -> None:
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {ROLE_IDS_TABLE} ("
            " role_name TEXT PRIMARY KEY,"
            " user_id UUID NOT NULL)"
        )
    )
    connection.execute(
        text(
            f"COMMENT ON TABLE {ROLE_IDS_TABLE} IS "
            "'Database role -> user id recorded in generated_by/reviewer_id (row-level security)'"
        )
    )
    # invoker's rights, so current_user is the caller (under SECURITY DEFINER it would be the
    # owner); the pinned search_path keeps a caller from shadowing the lookup table
    connection.execute(
        text(
            f"CREATE OR REPLACE FUNCTION {USER_ID_FUNCTION}() RETURNS uuid "
            "LANGUAGE sql STABLE SECURITY INVOKER "
            f"SET search_path = {_q(_schema(connection))}, pg_temp AS $$ "
            f"SELECT user_id FROM {ROLE_IDS_TABLE} WHERE role_name = current_user::text $$"
        )
    )
    connection.execute(text(f"REVOKE ALL ON FUNCTION {USER_ID_FUNCTION}() FROM PUBLIC"))
    connection.execute(
        text(
            f"GRANT EXECUTE ON FUNCTION {USER_ID_FUNCTION}() TO {_q(roles.authenticated)}, "
            f"{_q(roles.service)}"
        )
    )


def _member_roles(connection: Connection, roles: RlsRoles) -> list[str]:
    """Every role that is a member of one of the group roles, directly or through others.

    pg_has_role() would name every superuser too; following pg_auth_members does not.
    """
    return list(
        connection.execute(
            text(
                "WITH RECURSIVE m(oid) AS ("
                " SELECT am.member FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid"
                " WHERE g.rolname IN (:a, :s)"
                " UNION SELECT am.member FROM pg_auth_members am JOIN m ON am.roleid = m.oid)"
                " SELECT DISTINCT r.rolname FROM m JOIN pg_roles r ON r.oid = m.oid ORDER BY "
                "r.rolname"
            ),
            {"a": roles.authenticated, "s": roles.service},
        ).scalars()
    )


def register_roles(
    connection: Connection,
    roles: RlsRoles | None = None,
    *,
    user_id: Callable[[str], UUID] | None = None,
) -> dict[str, UUID]:
    """Record the user id of every member of the group roles (new logins included)."""
    roles = roles or RlsRoles()
    to_id = user_id or default_user_id
    out: dict[str, UUID] = {}
    for name in _member_roles(connection, roles):
        out[name] = to_id(name)
        connection.execute(
            text(
                f"INSERT INTO {ROLE_IDS_TABLE} (role_name, user_id) VALUES (:n, :u) "
                "ON CONFLICT (role_name) DO UPDATE SET user_id = EXCLUDED.user_id"
            ),
            {"n": name, "u": out[name]},
        )
    return out


#: the namespace the deployment service derives user ids in (a test keeps the two equal)
USER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:crewtui:users")


def default_user_id(name: str) -> UUID:
    """The id the deployment service records for a user name."""
    return uuid5(USER_NAMESPACE, name.strip().lower())


def _policy_exists(connection: Connection, table: str, name: str) -> bool:
    return bool(
        connection.execute(
            text(
                "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
                "AND tablename = :t AND policyname = :p"
            ),
            {"t": table, "p": name},
        ).first()
    )


def apply_rls(
    connection: Connection,
    roles: RlsRoles | None = None,
    *,
    user_id: Callable[[str], UUID] | None = None,
    ownership: bool = False,
) -> RlsReport:
    """Create the roles if missing, grant, enable RLS and create the policies.

    ``ownership`` switches on owners of agents, crews and tasks (kept on once it is on).
    Runs in the caller's transaction; the caller commits. Idempotent.
    """
    _require_postgres(connection)
    roles = roles or RlsRoles()
    ownership = ownership or ownership_enabled(connection)
    report = RlsReport(ownership=ownership)
    _create_roles(connection, roles, report, ownership=ownership)
    _user_id_table_and_function(connection, roles)
    present = set(_existing_tables(connection))
    missing = [t for t in RLS_TABLES if t not in present]
    if missing:
        raise PermissionDenied(
            f"The schema is not current (missing {', '.join(missing)}); run `crewtui db upgrade` "
            "first.",
            title="Database schema out of date",
        )
    _grant(connection, roles, sorted(present))
    for table in RLS_TABLES:
        connection.execute(text(f"ALTER TABLE {_q(table)} ENABLE ROW LEVEL SECURITY"))
        report.tables.append(table)
    for p in _every_policy():  # switching ownership on replaces the open policies
        connection.execute(text(f"DROP POLICY IF EXISTS {_q(p.name)} ON {_q(p.table)}"))
    if ownership:
        connection.execute(text(f"GRANT {_q(roles.authenticated)} TO {_q(roles.maintainers)}"))
        apply_owner_trigger(connection, maintainers=roles.maintainers, service=roles.service)
    for p in _policies(ownership, roles.maintainers):
        role = roles.authenticated if p.role == "authenticated" else roles.service
        if _policy_exists(connection, p.table, p.name):
            connection.execute(text(f"DROP POLICY {_q(p.name)} ON {_q(p.table)}"))
        sql = f"CREATE POLICY {_q(p.name)} ON {_q(p.table)} FOR {p.command} TO {_q(role)}"
        if p.using is not None:
            sql += f" USING ({p.using})"
        if p.check is not None:
            sql += f" WITH CHECK ({p.check})"
        connection.execute(text(sql))
        report.policies.append(f"{p.table}: {p.name}")
    apply_review_rules(
        connection,
        authenticated=roles.authenticated,
        service=roles.service,
        user_id_function=USER_ID_FUNCTION,
        reviewers=roles.reviewers,
    )
    report.registered_roles = register_roles(connection, roles, user_id=user_id)
    return report


def remove_rls(
    connection: Connection, roles: RlsRoles | None = None, *, drop_roles: bool = False
) -> None:
    """Drop the policies, switch RLS off, take the grants back and drop the helper objects.

    The group roles are cluster-wide and may serve other databases, so they are dropped only
    when asked (and only when nothing else still depends on them).
    """
    _require_postgres(connection)
    roles = roles or RlsRoles()
    present = set(_existing_tables(connection))
    remove_owner_trigger(connection, present)
    for p in _every_policy():
        if p.table in present:
            connection.execute(text(f"DROP POLICY IF EXISTS {_q(p.name)} ON {_q(p.table)}"))
    for table in RLS_TABLES:
        if table in present:
            connection.execute(text(f"ALTER TABLE {_q(table)} DISABLE ROW LEVEL SECURITY"))
    grantees = [
        r
        for r in (roles.authenticated, roles.service, roles.maintainers, roles.reviewers)
        if role_exists(connection, r)
    ]
    if grantees:
        names = ", ".join(_q(r) for r in grantees)
        schema = _q(_schema(connection))
        connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {names}"))
        connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {names}"))
        connection.execute(text(f"REVOKE ALL ON SCHEMA {schema} FROM {names}"))
    if DEPLOYMENTS in present:
        remove_review_rules(connection)
    connection.execute(text(f"DROP FUNCTION IF EXISTS {USER_ID_FUNCTION}()"))
    connection.execute(text(f"DROP TABLE IF EXISTS {ROLE_IDS_TABLE}"))
    if drop_roles:
        for role in grantees:
            connection.execute(text(f"DROP ROLE IF EXISTS {_q(role)}"))
