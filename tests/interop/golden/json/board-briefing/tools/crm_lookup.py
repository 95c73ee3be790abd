"""CrmLookupTool: a tool crewtui knows only by name. Complete ``_run`` before using it.

Registry tool 'crm_lookup', class 'venture_tools.crm.CrmLookupTool'.
"""

from typing import Any

from crewai.tools import BaseTool

TODO = 'Complete the tool CrmLookupTool in tools/crm_lookup.py before running the crew.'


class CrmLookupTool(BaseTool):
    name: str = 'CRM lookup'
    description: str = 'Accounts, deals and contacts from the CRM (in-house).'
    base_url_env: str = 'CRM_BASE_URL'

    def _run(self, query: str) -> Any:
        raise NotImplementedError(TODO)
