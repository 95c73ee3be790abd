"""The agent list's first page, for the app to start reading before anything else loads.

``FirstPage(url).start_early()`` reads the first :data:`FIRST_PAGE` agents with the bare
driver (a thread on SQLite, a forked reader on PostgreSQL) while the interface is imported;
``rows()`` gives them as :class:`~crewtui.domain.views.AgentSummary` lines, the same ones
``Services.list_agents(limit=FIRST_PAGE)`` returns, or ``None`` when they must be loaded the
normal way. Importing this module loads neither SQLAlchemy nor pydantic.
"""

from __future__ import annotations

from ..db.first_page import FirstPage
from ..db.peek import FIRST_PAGE

__all__ = ["FIRST_PAGE", "FirstPage"]
