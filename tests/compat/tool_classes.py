"""Run by a crewai virtualenv's Python: every crewai_tools class and its own constructor
arguments (its pydantic fields minus BaseTool's and package_dependencies), as JSON."""

import inspect
import json
import warnings

warnings.filterwarnings("ignore")

import crewai_tools  # noqa: E402
from crewai.tools import BaseTool  # noqa: E402

base = set(BaseTool.model_fields)
out = {}
for name in sorted(getattr(crewai_tools, "__all__", dir(crewai_tools))):
    try:
        cls = getattr(crewai_tools, name)
    except Exception:
        continue
    if inspect.isclass(cls) and issubclass(cls, BaseTool) and cls is not BaseTool:
        out[name] = sorted(set(cls.model_fields) - base - {"package_dependencies"})
print(json.dumps(out))
