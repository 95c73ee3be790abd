"""``crewtui db upgrade --with-rls`` on PostgreSQL, and again without the flag once the roles
exist. The group roles get per-run names (roles are cluster-wide) and are dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from crewtui.cli import cli
from crewtui.db import rls
from crewtui.db.rls import RLS_TABLES

from ..conftest import require_postgres
from ..dbutil import pg_base_url, scratch_postgres


@pytest.fixture
def roles(monkeypatch: pytest.MonkeyPatch) -> Iterator[rls.RlsRoles]:
    require_postgres()
    sfx = uuid.uuid4().hex[:8]
    monkeypatch.setattr(rls, "AUTHENTICATED", f"crewtui_authenticated_{sfx}")
    monkeypatch.setattr(rls, "SERVICE", f"crewtui_service_{sfx}")
    names = rls.RlsRoles()
    yield names
    cluster = create_engine(pg_base_url(), isolation_level="AUTOCOMMIT")
    with cluster.connect() as conn:
        for role in (names.authenticated, names.service):
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    cluster.dispose()


def _policies(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM pg_policies")).scalar_one())
    finally:
        engine.dispose()


def test_upgrade_with_rls_applies_the_policies_and_later_upgrades_keep_them(
    roles: rls.RlsRoles,
) -> None:
    runner = CliRunner()
    with scratch_postgres("rls_cli") as url, scratch_postgres("rls_cli_plain") as plain:
        # without the flag and without the roles: a plain upgrade
        result = runner.invoke(cli, ["db", "upgrade", "--db", plain])
        assert result.exit_code == 0, result.output
        assert "row-level security" not in result.output
        assert _policies(plain) == 0

        result = runner.invoke(cli, ["db", "upgrade", "--with-rls", "--db", url])
        assert result.exit_code == 0, result.output
        assert f"row-level security on {len(RLS_TABLES)} tables" in result.output
        assert f"roles created: {roles.authenticated}, {roles.service}" in result.output
        applied = _policies(url)
        assert applied > 0

        # the roles exist now: a plain upgrade applies (idempotently) without being asked
        result = runner.invoke(cli, ["db", "upgrade", "--db", url])
        assert result.exit_code == 0, result.output
        assert "roles created: none" in result.output
        assert _policies(url) == applied
