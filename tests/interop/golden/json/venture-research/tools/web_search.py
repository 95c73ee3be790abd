"""SerperDevTool with the settings of the registry tool 'web_search'."""

from typing import Any

import crewai_tools


class ConfiguredSerperDevTool(crewai_tools.SerperDevTool):
    n_results: Any = 10
