"""Run an exported project through ``crewai run``'s own dispatch, in the newest crewai.

Run by the newest crewai virtualenv's Python, with the project folder as the working folder::

    python dispatch_json.py [--kickoff [INPUTS_JSON]]

``crewai_cli.run_crew.run_crew()`` reads ``pyproject.toml`` and chooses between a classic
project (``uv run run_crew``) and a JSON-first one (crewai's JSON loader). The two steps that
start a ``uv`` environment are replaced by recorders, so no package is installed: a JSON-first
project then goes on to crewai's in-process runner (``_run_json_crew``), which loads
``crew.jsonc`` with ``crewai.project.crew_loader.load_crew`` and, with ``--kickoff``, kicks the
crew off (with the inputs given, as ``crewai run --inputs``) against the OpenAI-compatible
server ``OPENAI_BASE_URL`` names, or a stand-in on 127.0.0.1 started here when it names none.
Without ``--kickoff`` the loader is called directly after the dispatch decision.

Prints one line ``DISPATCH {json}``: which way crewai dispatched, the definition it found,
the crew it built, the kickoff result (every task's output, the seconds loading and kickoff
took), and every DeprecationWarning raised meanwhile. Without ``--kickoff`` the crew's own
knowledge sources are not embedded while the crew is built (that step is skipped); with it,
they are embedded by the model server.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# run as a script by crewai's Python: this folder is on its path
from construct_project import _deprecations, _outputs

ANSWER = "Thought: I have what I need.\nFinal Answer: stand-in answer"


class StandIn(BaseHTTPRequestHandler):
    """Answers chat completions with a final answer and embeddings with zeros."""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(size) or b"{}")
        model = request.get("model", "gpt-4.1-mini")
        if self.path.endswith("/embeddings"):
            inputs = request.get("input")
            count = len(inputs) if isinstance(inputs, list) else 1
            data = [
                {"object": "embedding", "index": i, "embedding": [0.0] * 8} for i in range(count)
            ]
            body = {"object": "list", "data": data, "model": model, "usage": {}}
            self._send(200, json.dumps(body).encode())
            return
        if request.get("stream"):
            chunks = [
                {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ANSWER}}]},
                {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
            ]
            text = "".join(
                "data: "
                + json.dumps({"id": "c", "object": "chat.completion.chunk", "model": model, **c})
                + "\n\n"
                for c in chunks
            )
            self._send(200, (text + "data: [DONE]\n\n").encode(), "text/event-stream")
            return
        body = {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": ANSWER},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        self._send(200, json.dumps(body).encode())


def _crew_settings(crew: Any) -> dict[str, Any]:
    """What the crew's settings built: knowledge sources, kickoff hooks, task kinds."""
    return {
        "knowledge_sources": [
            {"type": type(k).__name__, "content": getattr(k, "content", None)}
            for k in crew.knowledge_sources or []
        ],
        "embedder": crew.embedder if isinstance(crew.embedder, dict) else None,
        "before_kickoff": [h.__name__ for h in crew.before_kickoff_callbacks],
        "after_kickoff": [h.__name__ for h in crew.after_kickoff_callbacks],
        "tasks": [
            {
                "name": t.name,
                "type": type(t).__name__,
                "condition": getattr(getattr(t, "condition", None), "__name__", None),
                "response_model": t.response_model.__name__ if t.response_model else None,
            }
            for t in crew.tasks
        ],
    }


def main() -> None:
    import os

    kickoff = "--kickoff" in sys.argv
    given = sys.argv[sys.argv.index("--kickoff") + 1 :] if kickoff else []
    server = None
    if not os.environ.get("OPENAI_BASE_URL"):
        server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}/v1"
    os.environ["OPENAI_API_BASE"] = os.environ["OPENAI_BASE_URL"]
    report: dict[str, Any] = {"dispatch": None, "definition": None}
    warnings.simplefilter("always")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from crewai.knowledge.knowledge import Knowledge
        from crewai_cli import run_crew as rc

        if not kickoff:
            Knowledge.add_sources = lambda self: None  # type: ignore[method-assign]

        load_json_crew = rc._load_json_crew
        built: list[Any] = []

        def timed_load(path: Path) -> Any:
            started = time.monotonic()
            loaded = load_json_crew(path)
            report["construct_seconds"] = round(time.monotonic() - started, 2)
            report["tasks"] = [t.name for t in loaded[0].tasks]
            built.append(loaded[0])
            return loaded

        def classic(**kwargs: Any) -> None:
            report["dispatch"] = "classic"

        def json_crew(**kwargs: Any) -> None:
            report["dispatch"] = "json"
            report["definition"] = str(kwargs.get("crew_path"))
            if kickoff:
                rc._load_json_crew = timed_load
                started = time.monotonic()
                result = rc._run_json_crew(**kwargs)
                if result is not None and not hasattr(result, "tasks_output"):
                    report["chunks"] = sum(1 for _ in result)  # stream: chunks, then the result
                    result = result.result
                report["kickoff_seconds"] = round(
                    time.monotonic() - started - report.get("construct_seconds", 0), 2
                )
                report["result"] = str(result)
                report["outputs"] = _outputs(built[0]) if built else []
                report["result_tasks"] = [out.name for out in getattr(result, "tasks_output", [])]
                crew = None
            else:
                crew, _inputs = rc._load_json_crew(Path(kwargs["crew_path"]))
            if crew is not None:
                report["agents"] = [a.role for a in crew.agents]
                report["tasks"] = [t.name for t in crew.tasks]
                report["planning_config"] = [
                    a.planning_config.max_attempts if a.planning_config else None
                    for a in crew.agents
                ]
                report["crew"] = _crew_settings(crew)
                for a in crew.agents:
                    if getattr(a, "_rpm_controller", None):
                        a._rpm_controller.stop_rpm_counter()

        rc._run_classic_crew_project = classic
        rc._run_json_crew_in_project_env = json_crew
        rc.run_crew(inputs=given[0] if given else None)
    report["deprecations"] = _deprecations(caught)
    with warnings.catch_warnings(record=True) as bare:
        warnings.simplefilter("always")
        from crewai import Agent, Crew, Task

        agent = Agent(role="r", goal="g", backstory="b", llm="openai/gpt-4.1-mini")
        bare_crew = Crew(
            agents=[agent], tasks=[Task(description="d", expected_output="e", agent=agent)]
        )
        if kickoff:
            bare_crew.kickoff()
    # what crewai raises for a crew with nothing but role, goal, backstory and llm (kicked off
    # too when the project was)
    report["baseline"] = _deprecations(bare)
    print("DISPATCH " + json.dumps(report))
    sys.stdout.flush()
    if server is not None:
        server.shutdown()


if __name__ == "__main__":
    main()
