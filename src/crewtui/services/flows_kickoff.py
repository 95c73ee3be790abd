"""Running a flow: the same runner, process and event store as a crew's run.

:func:`start_flow_run` renders the flow's crewai.flow/v1 project with the export code, starts
the runner on it (newest crewai) and follows it. The flow's run is a row of ``crewtui_runs``
(``export_format`` ``flow``, the flow's key and id for the crew's) whose id is the id of the
flow's execution in ``crewai_flow_executions``; every event the runner streams is stored on
it. Each crew a method kicks off gets a run row of its own (its crew, inputs, status and
output), named in that method's entry of the execution. The execution ends ``completed``,
``failed`` or ``cancelled`` with the state after it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..db.repos.runs import RunRepo
from ..domain.flow_spec import CrewAction
from .runs import _SECRET_NAME, RunRefused, export_hash
from .runs_record import Recorder, redact

if TYPE_CHECKING:
    from .facade import Services
    from .flows_runs import FlowExecution
    from .runs_process import RunnerProcess
    from .runs_types import RunInfo

#: run status of a flow's run row, by the execution's status
_RUN_STATUS = {"completed": "succeeded", "failed": "failed", "cancelled": "cancelled"}


class FlowRecorder(Recorder):
    """Stores a flow run's events, and keeps its execution's methods and crew runs."""

    def __init__(
        self,
        services: Services,
        execution_id: uuid.UUID,
        digest: str,
        crews: Mapping[str, str],
        secrets: list[str],
        on_event: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        super().__init__(services.store, execution_id, None, secrets, on_event)
        self.services = services
        self.digest = digest
        #: method -> the crew it runs
        self.crews = dict(crews)
        #: methods running, in the order they started
        self.running: list[str] = []
        #: crew runs in progress: (method, run id)
        self.open_runs: list[tuple[str, uuid.UUID]] = []
        self.flow_state: dict[str, Any] | None = None
        self.flow_error: str | None = None

    def receive(self, events: list[dict[str, Any]]) -> None:
        super().receive(events)
        for e in redact(events, self.secrets):
            self._flow(e)

    def _flow(self, e: dict[str, Any]) -> None:
        from .flows_runs import method_update

        kind, payload = e["kind"], e.get("payload") or {}
        method = payload.get("method_name")
        if kind == "method_execution_started" and method:
            self.running.append(method)
            method_update(self.services, self.run_id, method, "running")
        elif kind in ("method_execution_finished", "method_execution_failed") and method:
            if method in self.running:
                self.running.remove(method)
            status = "completed" if kind == "method_execution_finished" else "failed"
            method_update(self.services, self.run_id, method, status)
        elif kind == "crew_kickoff_started":
            self._crew_started(payload)
        elif kind in ("crew_kickoff_completed", "crew_kickoff_failed"):
            self._crew_ended(kind == "crew_kickoff_completed", payload)
        elif kind == "flow_result":
            state = payload.get("state")
            self.flow_state = state if isinstance(state, dict) else {"state": state}
            self.result = {"raw": _text(payload.get("result")), "tasks": [], "usage": {}}
        elif kind == "flow_failed":
            self.flow_error = str(payload.get("error") or "the flow failed")

    def _crew_started(self, payload: dict[str, Any]) -> None:
        from .flows_runs import method_update

        busy = {m for m, _ in self.open_runs}
        method = next(
            (m for m in reversed(self.running) if m in self.crews and m not in busy), None
        )
        if method is None:
            return
        crew = self.crews[method]
        inputs = payload.get("inputs")

        def add(w: Any) -> uuid.UUID:
            found = w.crews.by_key(crew)
            row = RunRepo(w.session).add(
                crew_id=found.id if found is not None else self.run_id,
                crew_name=crew,
                started_by=self.services.user,
                inputs=inputs if isinstance(inputs, dict) else {},
                export_format="flow",
                export_hash=self.digest,
                crewai_version=self.crewai_version,
                status="running",
                host_pid=os.getpid(),
            )
            return row.id

        run_id: uuid.UUID = self.services._run(add)
        self.open_runs.append((method, run_id))
        method_update(self.services, self.run_id, method, "running", run_id=run_id)

    def _crew_ended(self, ok: bool, payload: dict[str, Any]) -> None:
        if not self.open_runs:
            return
        _method, run_id = self.open_runs.pop()
        out = payload.get("output")
        self._close_run(
            run_id,
            "succeeded" if ok else "failed",
            None if ok else str(payload.get("error") or "the crew failed"),
            out if isinstance(out, dict) else {"raw": _text(out)},
            payload.get("total_tokens"),
        )

    def _close_run(
        self,
        run_id: uuid.UUID,
        status: str,
        error: str | None,
        out: dict[str, Any] | None = None,
        tokens: Any = None,
    ) -> None:
        def close(w: Any) -> None:
            row = RunRepo(w.session).get(run_id)
            if row is None:
                return
            row.status = status
            row.error = error
            row.finished_at = datetime.now(UTC)
            if out:
                row.final_output = out.get("raw")
                row.task_outputs = out.get("tasks") or []
            if isinstance(tokens, int):
                row.total_tokens = tokens

        self.services._run(close)

    def end(self, status: str, error: str | None) -> None:
        """Close what is still open: crew runs and methods end with the flow."""
        from .flows_runs import method_update

        for _method, run_id in self.open_runs:
            self._close_run(run_id, _RUN_STATUS.get(status, "interrupted"), f"flow {status}")
        self.open_runs.clear()
        for method in self.running:
            method_update(self.services, self.run_id, method, "failed")
        self.running.clear()


@dataclass(frozen=True)
class FlowRunResult:
    execution: FlowExecution
    run: RunInfo

    def as_json(self) -> dict[str, Any]:
        return {"execution": self.execution.as_json(), "run": self.run.as_json()}


class FlowRunHandle:
    """A flow run in progress: cancel it, or wait for its end."""

    def __init__(self, services: Services, recorder: FlowRecorder, workdir: Path) -> None:
        self.services = services
        self.recorder = recorder
        self.execution_id = recorder.run_id
        self.workdir = workdir
        self.process: RunnerProcess | None = None
        self._result: FlowRunResult | None = None

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()

    def wait(self, timeout: float | None = None) -> FlowRunResult:
        from .flows_runs import finish_execution

        if self._result is not None:
            return self._result
        assert self.process is not None
        code = self.process.wait(timeout)
        rec = self.recorder
        error: str | None
        if self.process.cancelled:
            status, error = "cancelled", "cancelled by the user"
        elif rec.flow_state is not None and code == 0:
            status, error = "completed", None
        else:
            status = "failed"
            tail = self.process.log_tail(1500).strip()
            error = (
                rec.flow_error
                or rec.error
                or (
                    f"the runner ended without a result (exit code {code})"
                    + (f"\n{tail}" if tail else "")
                )
            )
        if self.process.reader_error is not None:
            status, error = "failed", f"events could not be stored: {self.process.reader_error}"
        rec.end(status, error)
        rec.finish(_RUN_STATUS[status], error)
        key = self.services.get_run(str(self.execution_id)).crew_name
        ended = _execution(self.services, rec.run_id, key)
        if ended.status == "running":  # else it was found interrupted meanwhile
            finish_execution(
                self.services,
                self.execution_id,
                status,  # type: ignore[arg-type]
                output_state=rec.flow_state,
                error=error,
            )
        shutil.rmtree(self.workdir, ignore_errors=True)
        execution = _execution(self.services, rec.run_id, key)
        self._result = FlowRunResult(execution, self.services.get_run(str(self.execution_id)))
        return self._result


def start_flow_run(
    services: Services,
    key: str,
    inputs: Mapping[str, Any] | None = None,
    *,
    python: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    on_event: Callable[[dict[str, Any]], object] | None = None,
) -> FlowRunHandle:
    """Render flow ``key``, start the runner on it and record the execution."""
    from ..interop.export.writer import write_project
    from ..runtime.env import RuntimeMissing, probe
    from .flows_interop import render_flow
    from .flows_runs import initial_state, start_execution
    from .runs_process import QUIET_ENV, RunnerProcess

    services.recover_runs()
    values = dict(inputs or {})
    initial_state(services, key, values)  # the inputs are checked before anything is written
    environ = dict(os.environ if env is None else env)
    try:
        runtime = probe(python)
    except RuntimeMissing as exc:
        raise RunRefused(str(exc)) from exc
    if runtime.crewai_version.startswith(("0.", "1.3.")):
        raise RunRefused(
            f"crewai {runtime.crewai_version} cannot load flow declarations: use 1.15 or newer"
        )
    files, _problems = render_flow(services, key)
    flow = services.get_flow(key)
    crews = {m.name: m.do.crew for m in flow.definition.methods if isinstance(m.do, CrewAction)}
    workdir = Path(tempfile.mkdtemp(prefix="crewtui-flow-"))
    project = workdir / "project"
    try:
        write_project(files, project)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    digest = export_hash(files)
    execution = start_execution(services, key, values)
    services._run(
        lambda w: RunRepo(w.session).add(
            id=execution.id,
            crew_id=w.flows.require(key).id,
            crew_name=key,
            started_by=services.user,
            inputs=execution.input_state,
            export_format="flow",
            export_hash=digest,
            crewai_version=runtime.crewai_version,
            status="running",
            host_pid=os.getpid(),
        )
    )
    secrets: set[str] = set()
    for crew in set(crews.values()):
        secrets.update(services._secrets(services.load_bundle(crew), environ))
    secrets.update(n for n in environ if _SECRET_NAME.search(n) and environ[n])
    recorder = FlowRecorder(
        services, execution.id, digest, crews, [environ[n] for n in secrets], on_event
    )
    handle = FlowRunHandle(services, recorder, workdir)
    run_env = {**environ, **QUIET_ENV, "CREWTUI_SECRET_VARS": ",".join(sorted(secrets))}
    run_env.setdefault("CREWAI_STORAGE_DIR", str(workdir / "storage"))
    try:
        handle.process = RunnerProcess(
            runtime.python, project, "flow", execution.input_state, run_env, recorder.receive
        )
    except OSError as exc:
        from .flows_runs import finish_execution

        recorder.finish("failed", f"the runner could not start: {exc}")
        finish_execution(services, execution.id, "failed", error=str(exc))
        shutil.rmtree(workdir, ignore_errors=True)
        raise RunRefused(f"the runner could not start: {exc}") from exc
    pid = handle.process.pid
    services._run(lambda w: setattr(RunRepo(w.session).get(execution.id), "runner_pid", pid))
    return handle


def run_flow(
    services: Services, key: str, inputs: Mapping[str, Any] | None = None, **kw: Any
) -> FlowRunResult:
    """Run flow ``key`` with ``inputs`` (state fields) and wait for its end."""
    return start_flow_run(services, key, inputs, **kw).wait()


def _execution(services: Services, execution_id: uuid.UUID, key: str) -> FlowExecution:
    from ..db.repos.flows import FlowExecutionRepo
    from .flows_runs import _of

    return services._query(lambda w: _of(FlowExecutionRepo(w.session).require(execution_id), key))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("raw"), str):
        return str(value["raw"])
    import json

    return json.dumps(value, default=str)


def typed_inputs(schema: Mapping[str, Any], given: Mapping[str, str]) -> dict[str, Any]:
    """Texts given on a command line as the state's values, by the schema's types."""
    import json

    from ..domain.errors import ValidationFailed

    props = schema.get("properties") or {}
    out: dict[str, Any] = {}
    for name, text in given.items():
        kind = (props.get(name) or {}).get("type")
        if kind in (None, "string") or not isinstance(kind, str):
            out[name] = text
            continue
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationFailed.single(f"inputs.{name}", f"'{text}' is not {kind}") from None
        wanted: dict[str, tuple[type, ...]] = {
            "integer": (int,),
            "number": (int, float),
            "boolean": (bool,),
            "array": (list,),
            "object": (dict,),
        }
        numeric = kind in ("integer", "number") and isinstance(value, bool)
        if not isinstance(value, wanted.get(kind, (object,))) or numeric:
            raise ValidationFailed.single(f"inputs.{name}", f"'{text}' is not {kind}")
        out[name] = value
    return out
