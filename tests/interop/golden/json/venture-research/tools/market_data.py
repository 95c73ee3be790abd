"""MarketDataTool: a tool crewtui knows only by name. Complete ``_run`` before using it.

Registry tool 'market_data', class 'venture_tools.market.MarketDataTool'.
"""

from typing import Any

from crewai.tools import BaseTool

TODO = 'Complete the tool MarketDataTool in tools/market_data.py before running the crew.'


class MarketDataTool(BaseTool):
    name: str = 'Market data'
    description: str = 'Market size and growth figures by industry code (in-house service).'
    api_key_env: str = 'MARKET_DATA_API_KEY'
    region: str = 'us'

    def _run(self, query: str) -> Any:
        raise NotImplementedError(TODO)
