"""Web search tuned for people: more results, news included."""

from typing import Any

import crewai_tools


class GuestSearchTool(crewai_tools.SerperDevTool):
    n_results: Any = 20
    search_type: Any = "news"
