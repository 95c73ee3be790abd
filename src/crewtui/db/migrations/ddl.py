"""Small DDL helpers the revisions share.

Revisions must keep producing the same schema forever, so these helpers only ever grow new
functions; an existing one is never changed in a way that alters what it emits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op


def is_pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def id_column() -> sa.Column[object]:
    """``id UUID PRIMARY KEY DEFAULT gen_random_uuid()`` (the default only on PostgreSQL)."""
    default = sa.text("gen_random_uuid()") if is_pg() else None
    return sa.Column("id", sa.Uuid(), server_default=default, nullable=False)


def ts_column(name: str) -> sa.Column[object]:
    """``TIMESTAMPTZ DEFAULT NOW()`` (CURRENT_TIMESTAMP on SQLite)."""
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=True)


def pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"{table}_pkey"))


def fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"{table}_{column}_fkey"), ondelete=ondelete
    )


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"{table}_{'_'.join(columns)}_key"))


# ---- updated_at maintenance -------------------------------------------------------------

PG_TOUCH_FUNCTION = """
CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def pg_touch_trigger(table: str) -> None:
    op.execute(
        f"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )


def pg_drop_touch_trigger(table: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS update_{table}_updated_at ON {table}")


def sqlite_touch_trigger(table: str) -> None:
    # AFTER UPDATE + a second UPDATE is how SQLite changes the row being written; the WHEN
    # clause leaves an explicit new updated_at alone, and recursive_triggers is off, so the
    # inner UPDATE does not fire the trigger again.
    op.execute(
        f"CREATE TRIGGER update_{table}_updated_at AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN NEW.updated_at IS OLD.updated_at "
        f"BEGIN UPDATE {table} SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END"
    )


def sqlite_drop_trigger(name: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {name}")


@contextmanager
def updated_at_kept(table: str) -> Iterator[None]:
    """Run data fixes without bumping updated_at: the row's content did not change.

    Only the PostgreSQL trigger needs switching off; on SQLite the updated_at triggers are
    created after every data fix (revision 0003).
    """
    trigger = f"update_{table}_updated_at"
    bind = op.get_bind()
    active = is_pg() and bool(
        bind.execute(
            sa.text(
                "SELECT 1 FROM pg_trigger WHERE tgname = :n "
                "AND tgrelid = to_regclass(:t) AND tgenabled <> 'D'"
            ),
            {"n": trigger, "t": table},
        ).first()
    )
    if active:
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        if active:
            op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
