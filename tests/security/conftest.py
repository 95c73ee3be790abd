"""Fixtures for row-level security: a scratch PostgreSQL database with real login roles.

Roles are cluster-wide, so every name carries a per-run suffix and all roles are dropped at
the end (after the scratch database, which holds their grants, is gone).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from crewtui.db.rls import RlsRoles, apply_rls, register_roles

from ..conftest import build_schema, require_postgres
from ..dbutil import pg_base_url, scratch_postgres


@dataclass
class RlsWorld:
    admin: Engine
    alice: Engine
    bob: Engine
    service: Engine
    names: dict[str, str]
    roles: RlsRoles


def _login(url: str, role: str) -> Engine:
    return create_engine(make_url(url).set(username=role, password=None))


def _drop_role(conn: object, role: str) -> None:
    conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))  # type: ignore[attr-defined]


@pytest.fixture
def world() -> Iterator[RlsWorld]:
    require_postgres()
    sfx = uuid.uuid4().hex[:8]
    roles = RlsRoles(authenticated=f"crewtui_authenticated_{sfx}", service=f"crewtui_service_{sfx}")
    names = {
        "alice": f"crewtui_alice_{sfx}",
        "bob": f"crewtui_bob_{sfx}",
        "svc": f"crewtui_svc_{sfx}",
    }
    cluster = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    engines: list[Engine] = []
    try:
        with scratch_postgres("rls") as url:
            build_schema(url)
            admin = create_engine(url)
            engines.append(admin)
            with cluster.connect() as c:
                c.execute(text(f'CREATE ROLE "{names["alice"]}" LOGIN'))
            with admin.begin() as conn:
                apply_rls(conn, roles)
            with cluster.connect() as c:
                # bob and the service login arrive after RLS was applied
                c.execute(text(f'CREATE ROLE "{names["bob"]}" LOGIN'))
                c.execute(text(f'CREATE ROLE "{names["svc"]}" LOGIN'))
                c.execute(
                    text(f'GRANT "{roles.authenticated}" TO "{names["alice"]}", "{names["bob"]}"')
                )
                c.execute(text(f'GRANT "{roles.service}" TO "{names["svc"]}"'))
            with admin.begin() as conn:
                register_roles(conn, roles)
                _seed(conn)
            w = RlsWorld(
                admin,
                _login(url, names["alice"]),
                _login(url, names["bob"]),
                _login(url, names["svc"]),
                names,
                roles,
            )
            engines += [w.alice, w.bob, w.service]
            yield w
            for e in engines:
                e.dispose()
    finally:
        for e in engines:
            e.dispose()
        with cluster.connect() as c:
            for role in (*names.values(), roles.authenticated, roles.service):
                _drop_role(c, role)
        cluster.dispose()


AGENT_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def _seed(conn: object) -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO crewai_agents (id, agent_key, name, role, goal, backstory) "
            "VALUES (:id, 'analyst', 'Analyst', 'r', 'g', 'b')"
        ),
        {"id": AGENT_ID},
    )
    conn.execute(
        text("INSERT INTO agent_memory_configs (id, name) VALUES (gen_random_uuid(), 'basic')")
    )  # type: ignore[attr-defined]
