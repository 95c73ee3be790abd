"""Import an exported Python flow project with crewai 1.3 and describe its Flow class.

Run by the crewai 1.3.0 virtualenv's Python, never by crewtui's::

    python construct_pyflow.py PROJECT_DIR PACKAGE

Imports ``src/PACKAGE/main.py`` (which imports the crews), instantiates the Flow subclass
(nothing is kicked off), builds each crew it imports, and prints one ``BUILT {json}`` line:
start methods, listeners with their conditions, routers.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    project, package = Path(sys.argv[1]), sys.argv[2]
    # crew memory with an embedder asks it to embed one word; answered locally
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "compat"))
    from construct_project import _offline_embeddings

    _offline_embeddings()
    sys.path.insert(0, str(project / "src"))
    module = importlib.import_module(f"{package}.main")
    from crewai.flow.flow import Flow

    classes = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Flow) and v is not Flow
    ]
    cls = classes[0]
    flow = cls()
    crews = {}
    for name, value in vars(module).items():
        if isinstance(value, type) and hasattr(value, "crew") and name != cls.__name__:
            built = value().crew()
            crews[name] = [t.name for t in built.tasks]

    def cond(c: Any) -> Any:
        if isinstance(c, dict):
            return {str(k): cond(v) for k, v in c.items()}
        if isinstance(c, list | tuple):
            return [cond(x) for x in c]
        return str(c)

    print(
        "BUILT "
        + json.dumps(
            {
                "class": cls.__name__,
                "state": sorted(type(flow.state).model_fields),
                "starts": sorted(map(str, cls._start_methods)),  # type: ignore[attr-defined]
                "listeners": {str(k): cond(v) for k, v in cls._listeners.items()},  # type: ignore[attr-defined]
                "routers": sorted(map(str, cls._routers)),  # type: ignore[attr-defined]
                "crews": crews,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
