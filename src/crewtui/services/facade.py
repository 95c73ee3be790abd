"""``Services``: every user intent as one method, each in one unit of work."""

from __future__ import annotations

from .agents import AgentServices
from .bundle import BundleServices
from .catalog import CatalogServices
from .clone import CloneServices
from .crews import CrewServices
from .flows import FlowServices
from .history import HistoryServices
from .history_restore import RestoreServices
from .releases import ReleaseServices
from .runs import RunServices
from .tasks import TaskServices


class Services(
    AgentServices,
    CrewServices,
    TaskServices,
    CatalogServices,
    FlowServices,
    BundleServices,
    HistoryServices,
    RestoreServices,
    CloneServices,
    ReleaseServices,
    RunServices,
):
    """What the terminal UI, the CLI and the interop code call.

    Methods return domain records (pydantic models from :mod:`crewtui.domain`), never rows,
    and raise the typed errors of :mod:`crewtui.domain.errors`.
    """
