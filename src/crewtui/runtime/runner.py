"""Kick off an exported crewai project and write what happens as JSON lines.

Executed by a Python that has crewai, never imported by crewtui::

    python runner.py PROJECT_DIR yaml|json|flow EVENTS_FD  (inputs as a JSON object on stdin)

It builds the crew as ``crewai run`` does (YAML: the ``@CrewBase`` class of
``src/<package>/crew.py``; JSON: ``crewai.project.crew_loader.load_crew``), subscribes to
crewai's event bus (the event classes are looked up by name: crewai 1.3 and newer releases
do not have the same set) and writes one JSON object per line to EVENTS_FD:
``{"seq", "at", "kind", "task", "agent", "payload"}``. The first line is ``runner_started``
(crewai version, importable provider modules), the last ``crew_result`` or ``runner_error``.
A flow project (``flow``: its ``flow.yaml``, newest crewai) is built with
``Flow.from_declaration`` and kicked off with the inputs; the flow and method events come
with the crews' own, and the last line is ``flow_result`` (the final state and result).
SIGTERM ends the run with ``cancelled``.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import signal
import sys
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EVENTS = (
    "CrewKickoffStartedEvent",
    "CrewKickoffCompletedEvent",
    "CrewKickoffFailedEvent",
    "TaskStartedEvent",
    "TaskCompletedEvent",
    "TaskFailedEvent",
    "AgentExecutionStartedEvent",
    "AgentExecutionCompletedEvent",
    "AgentExecutionErrorEvent",
    "AgentLogsExecutionEvent",
    "ToolUsageStartedEvent",
    "ToolUsageFinishedEvent",
    "ToolUsageErrorEvent",
    "LLMCallCompletedEvent",
    "LLMCallFailedEvent",
    "AgentReasoningCompletedEvent",
    "FlowStartedEvent",
    "FlowFinishedEvent",
    "FlowFailedEvent",
    "MethodExecutionStartedEvent",
    "MethodExecutionFinishedEvent",
    "MethodExecutionFailedEvent",
)
PROVIDER_MODULES = ("anthropic", "azure.ai.inference", "google.genai", "boto3", "litellm")
_LIMIT = 20000
_SKIP = {
    "timestamp",
    "type",
    "task",
    "agent",
    "source_fingerprint",
    "source_type",
    "fingerprint_metadata",
    "from_task",
    "from_agent",
    "tools",
    "messages",
    "crew",
    "event_id",
    "parent_event_id",
    "previous_event_id",
    "triggered_by_event_id",
    "started_event_id",
    "emission_sequence",
    "agent_id",
    "task_id",
    "task_name",
    "agent_role",
}


class Writer:
    def __init__(self, fd: int, secrets: list[str]) -> None:
        self._out = os.fdopen(fd, "w", buffering=1, encoding="utf-8")
        self._lock = threading.Lock()
        self._seq = 0
        self._secrets = [s for s in secrets if len(s) >= 4]

    def _clean(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "[redacted]")
        return text

    def emit(self, kind: str, task: str | None, agent: str | None, payload: dict[str, Any]) -> None:
        with self._lock:
            self._seq += 1
            line = {
                "seq": self._seq,
                "at": datetime.now(UTC).isoformat(),
                "kind": kind,
                "task": task,
                "agent": agent,
                "payload": payload,
            }
            self._out.write(self._clean(json.dumps(line, default=str)) + "\n")
            self._out.flush()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value[:_LIMIT]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value[:50]]
    if hasattr(value, "raw") and hasattr(value, "agent"):  # TaskOutput
        return _task_output(value)
    if hasattr(value, "raw") and hasattr(value, "tasks_output"):  # CrewOutput
        return {"raw": _plain(value.raw), "tasks": [_task_output(t) for t in value.tasks_output]}
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"[:_LIMIT]
    dump = getattr(value, "model_dump", None)
    if callable(dump):  # a pydantic state
        with contextlib.suppress(Exception):
            return _plain(dump(mode="json"))
    return str(value)[:_LIMIT]


def _task_output(out: Any) -> dict[str, Any]:
    data = {
        "name": getattr(out, "name", None),
        "agent": getattr(out, "agent", None),
        "raw": getattr(out, "raw", None),
    }
    if getattr(out, "json_dict", None):
        data["json"] = out.json_dict
    elif getattr(out, "pydantic", None) is not None:
        data["json"] = out.pydantic.model_dump(mode="json")
    return data


def _names(event: Any) -> tuple[str | None, str | None]:
    task = getattr(event, "task", None)
    agent = getattr(event, "agent", None)
    task_name = getattr(task, "name", None) or getattr(event, "task_name", None)
    role = getattr(agent, "role", None) or getattr(event, "agent_role", None)
    if role is None and task is not None and getattr(task, "agent", None) is not None:
        role = task.agent.role
    return task_name, role


def _kind(event: Any, cls_name: str) -> str:
    kind = getattr(event, "type", None)
    return kind if isinstance(kind, str) and kind else cls_name


def subscribe(writer: Writer) -> list[str]:
    """Write every event of the names in EVENTS as it is emitted.

    crewai runs bus handlers in a thread pool, so a handler may see an event late (or, for a
    short task, after the next one); wrapping ``emit`` sees them in the order and on the
    thread they happen, in 1.3 and newer releases alike.
    """
    import crewai.events as ev

    bus = ev.crewai_event_bus
    found = [name for name in EVENTS if _has(ev, name)]
    wanted = set(found)
    original = bus.emit

    def emit(source: Any, event: Any) -> Any:
        name = type(event).__name__
        if name in wanted:
            try:
                task, agent = _names(event)
                fields = getattr(type(event), "model_fields", {})
                payload = {k: _plain(getattr(event, k, None)) for k in fields if k not in _SKIP}
                if "output" in fields:
                    payload["output"] = _plain(getattr(event, "output", None))
                writer.emit(_kind(event, name), task, agent, payload)
            except Exception as exc:  # an event that cannot be written must not stop the run
                writer.emit("runner_warning", None, None, {"error": repr(exc)})
        return original(source, event)

    bus.emit = emit
    return found


def _has(module: Any, name: str) -> bool:
    try:
        getattr(module, name)
    except AttributeError:
        return False
    return True


def _flush_bus() -> None:
    import crewai.events as ev

    flush = getattr(ev.crewai_event_bus, "flush", None)
    if callable(flush):
        flush()


def build_crew(project: Path, fmt: str) -> Any:
    if fmt == "json":
        sys.path.insert(0, str(project))
        from crewai.project.crew_loader import load_crew

        crew, _defaults = load_crew(project / "crew.jsonc")
        return crew
    src = project / "src"
    package = next(p.name for p in sorted(src.iterdir()) if (p / "crew.py").is_file())
    sys.path.insert(0, str(src))
    module = importlib.import_module(f"{package}.crew")
    classes = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and getattr(v, "is_crew_class", False)
    ]
    if len(classes) != 1:
        raise RuntimeError(f"expected one @CrewBase class in {package}.crew, found {len(classes)}")
    return classes[0]().crew()


def build_flow(project: Path) -> Any:
    from crewai.flow.flow import Flow

    return Flow.from_declaration(path=project / "flow.yaml")


def finished(result: Any) -> Any:
    """The result of a kickoff. A crew or flow set to ``stream`` returns its chunks instead,
    and runs only while they are read: they are read to the end and the result taken."""
    if type(result).__name__ not in ("CrewStreamingOutput", "FlowStreamingOutput"):
        return result
    for _chunk in result:
        pass
    return result.result


def run_flow(project: Path, inputs: dict[str, Any], writer: Writer, subscribed: list[str]) -> None:
    flow = build_flow(project)
    writer.emit("flow_built", None, None, {"events": subscribed})
    result = finished(flow.kickoff(inputs=inputs))
    _flush_bus()
    writer.emit(
        "flow_result",
        None,
        None,
        {"result": _plain(result), "state": _plain(getattr(flow, "state", None))},
    )


def keep_traces_local() -> None:
    """With tracing off, crewai's trace listener gets no backend to send to.

    crewai 1.3 creates its trace listener when it is imported and starts a trace batch on
    app.crewai.com at every kickoff, whatever ``CREWAI_TRACING_ENABLED`` says; newer releases
    create the listener only when tracing is on (then there is nothing to do here).
    """
    if os.environ.get("CREWAI_TRACING_ENABLED", "").lower() not in ("false", "0"):
        return
    with contextlib.suppress(Exception):
        from crewai.events.listeners.tracing.trace_listener import TraceCollectionListener

        listener = getattr(TraceCollectionListener, "_instance", None)
        if listener is not None:
            listener.batch_manager.plus_api = None


def _usage(result: Any) -> dict[str, Any]:
    usage = getattr(result, "token_usage", None)
    names = ("total_tokens", "prompt_tokens", "completion_tokens", "successful_requests")
    return {n: getattr(usage, n, None) for n in names} if usage is not None else {}


def main(argv: list[str]) -> int:
    project, fmt, fd = Path(argv[1]).resolve(), argv[2], int(argv[3])
    inputs = json.loads(sys.stdin.read() or "{}")
    secrets = [
        os.environ[n]
        for n in os.environ.get("CREWTUI_SECRET_VARS", "").split(",")
        if n in os.environ
    ]
    writer = Writer(fd, secrets)

    def on_term(signum: int, frame: Any) -> None:
        writer.emit("cancelled", None, None, {"signal": signum})
        os._exit(130)

    signal.signal(signal.SIGTERM, on_term)
    os.chdir(project)
    import crewai

    keep_traces_local()

    modules = [m for m in PROVIDER_MODULES if _importable(m)]
    writer.emit(
        "runner_started",
        None,
        None,
        {
            "crewai_version": crewai.__version__,
            "python": sys.version.split()[0],
            "modules": modules,
        },
    )
    try:
        subscribed = subscribe(writer)
        if fmt == "flow":
            run_flow(project, inputs, writer, subscribed)
            return 0
        crew = build_crew(project, fmt)
        writer.emit(
            "crew_built",
            None,
            None,
            {
                "events": subscribed,
                "tasks": [
                    {"name": t.name, "agent": t.agent.role if t.agent else None} for t in crew.tasks
                ],
            },
        )
        result = finished(crew.kickoff(inputs=inputs))
        _flush_bus()
        writer.emit(
            "crew_result",
            None,
            None,
            {
                "raw": getattr(result, "raw", str(result)),
                "tasks": [_task_output(t) for t in getattr(result, "tasks_output", [])],
                "usage": _usage(result),
            },
        )
        return 0
    except BaseException as exc:
        with contextlib.suppress(Exception):
            _flush_bus()
        writer.emit(
            "runner_error",
            None,
            None,
            {
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()[-_LIMIT:],
            },
        )
        return 1


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    os._exit(code)  # crewai leaves non-daemon threads (telemetry, rpm timers) behind
