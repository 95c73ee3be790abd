"""Who a change is recorded for: the identity the deployments use."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.orm import Session

_ACTING: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


def acting_actor(session: Session, claimed: str) -> str:
    """Who acts, as the deployments record it: with row-level security on, the database
    role (a name given with ``--as`` does not count), else the configured user."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return claimed
    engine = bind if isinstance(bind, Engine) else bind.engine
    role = _ACTING.get(engine)
    if role is None:
        from .rls import acting_role

        role = _ACTING[engine] = acting_role(session.connection()) or ""
    return role or claimed


def forget_acting_role() -> None:
    """Read the acting role again (after row-level security was switched on or off)."""
    _ACTING.clear()
