"""Running crews: export into a temporary project, kick off in the runtime, keep every run.

``start_run`` exports the crew (or a release of it) with the same code as ``crewtui export``,
checks the rules that need the runtime (:func:`crewtui.interop.lint_runtime.run_rules`),
stores the run and starts the runner; a :class:`RunHandle` follows it, and every event is
stored as it arrives. A run whose runner dies, or whose crewtui dies, ends ``interrupted``
with every event received so far (:meth:`RunServices.recover_runs` finds the latter).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.bundle import CrewBundle
from ..domain.errors import CrewtuiError, NotFound, ValidationFailed
from .base import ServiceBase, Work
from .bundle import bundle_of

if TYPE_CHECKING:
    from ..db.repos.runs import RunRepo
    from ..db.runs_model import RunRow
    from .runs_process import RunnerProcess
    from .runs_record import Recorder
    from .runs_types import RunDetail, RunDiff, RunInfo

# Export, lint and the runner are imported by the calls that need them: reading or editing
# records through the services never loads them.

_SECRET_NAME = re.compile(r"(_API_KEY|_TOKEN|_SECRET|_PASSWORD)$")


class RunRefused(CrewtuiError):
    title = "Crew cannot run"


def export_hash(files: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    return digest.hexdigest()


def _acting(session: Any, claimed: str) -> str:
    """Who starts a run: the database role under row-level security, else the user."""
    from ..db.history_actor import acting_actor as actor

    return actor(session, claimed)


def _repo(w: Work) -> RunRepo:
    from ..db.repos.runs import RunRepo

    return RunRepo(w.session)


def _info(row: RunRow, edited_since: bool | None = None) -> RunInfo:
    from .runs_types import RunInfo

    return RunInfo(
        id=row.id,
        crew_name=row.crew_name,
        release_name=row.release_name,
        started_by=row.started_by,
        inputs=dict(row.inputs or {}),
        export_format=row.export_format,
        export_hash=row.export_hash,
        crewai_version=row.crewai_version,
        status=row.status,
        started_at=row.started_at,
        finished_at=row.finished_at,
        prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens,
        total_tokens=row.total_tokens,
        successful_requests=row.successful_requests,
        final_output=row.final_output,
        task_outputs=list(row.task_outputs or []),
        error=row.error,
        edited_since=edited_since,
    )


class RunHandle:
    """A run in progress: cancel it, or wait for its end."""

    def __init__(self, services: RunServices, run_id: uuid.UUID, recorder: Recorder) -> None:
        self.services = services
        self.run_id = run_id
        self.recorder = recorder
        self.process: RunnerProcess | None = None
        self.workdir: Path | None = None
        self._info: RunInfo | None = None

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()

    def wait(self, timeout: float | None = None) -> RunInfo:
        if self._info is not None:
            return self._info
        assert self.process is not None
        code = self.process.wait(timeout)
        rec = self.recorder
        if self.process.cancelled:
            status, error = "cancelled", "cancelled by the user"
        elif rec.result is not None and code == 0:
            status, error = "succeeded", None
        elif rec.error is not None:
            status, error = "failed", rec.error
        else:
            tail = self.process.log_tail(1500).strip()
            status = "interrupted"
            error = f"the runner ended without a result (exit code {code})" + (
                f"\n{tail}" if tail else ""
            )
        if self.process.reader_error is not None:
            status, error = (
                "interrupted",
                f"events could not be stored: {self.process.reader_error}",
            )
        rec.finish(status, error)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
        self._info = self.services.get_run(str(self.run_id))
        return self._info


class RunServices(ServiceBase):
    def start_run(
        self,
        crew: str,
        inputs: Mapping[str, str] | None = None,
        *,
        release: str | None = None,
        python: str | Path | None = None,
        format: str = "yaml",
        env: Mapping[str, str] | None = None,
        on_event: Callable[[dict[str, Any]], object] | None = None,
    ) -> RunHandle:
        from ..interop.export import render_project
        from ..interop.lint_runtime import run_rules
        from ..runtime.env import RuntimeMissing, probe
        from .interop import LintFailed, export_bundle
        from .runs_process import QUIET_ENV, RunnerProcess
        from .runs_record import Recorder

        if format not in ("yaml", "json"):
            raise ValidationFailed.single("format", "must be yaml or json")
        self.recover_runs()
        crew_id, bundle, release_id = self._bundle(crew, release)
        values = self._inputs(bundle, dict(inputs or {}))
        environ = dict(os.environ if env is None else env)
        try:
            runtime = probe(python)
        except RuntimeMissing as exc:
            raise RunRefused(str(exc)) from exc
        if format == "json" and runtime.crewai_version.startswith(("0.", "1.3.")):
            raise RunRefused(f"crewai {runtime.crewai_version} cannot load JSON projects: use yaml")
        issues = run_rules(
            bundle, crewai_version=runtime.crewai_version, modules=runtime.modules, environ=environ
        )
        if any(i.severity == "error" for i in issues):
            raise LintFailed(crew, issues)
        workdir = Path(tempfile.mkdtemp(prefix="crewtui-run-"))
        try:
            project = workdir / "project"
            export_bundle(bundle, crew, project, format=format)  # type: ignore[arg-type]
            digest = export_hash(render_project(bundle, format=format))  # type: ignore[arg-type]
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        secrets = self._secrets(bundle, environ)
        run_id = self._run(
            lambda w: (
                _repo(w)
                .add(
                    crew_id=crew_id,
                    crew_name=crew,
                    release_id=release_id,
                    release_name=release,
                    started_by=_acting(w.session, self.user),
                    inputs=values,
                    export_format=format,
                    export_hash=digest,
                    crewai_version=runtime.crewai_version,
                    status="running",
                    host_pid=os.getpid(),
                )
                .id
            )
        )
        recorder = Recorder(self.store, run_id, bundle, [environ[n] for n in secrets], on_event)
        handle = RunHandle(self, run_id, recorder)
        handle.workdir = workdir
        run_env = {**environ, **QUIET_ENV, "CREWTUI_SECRET_VARS": ",".join(secrets)}
        run_env.setdefault("CREWAI_STORAGE_DIR", str(workdir / "storage"))
        try:
            handle.process = RunnerProcess(
                runtime.python, project, format, values, run_env, recorder.receive
            )
        except OSError as exc:
            recorder.finish("failed", f"the runner could not start: {exc}")
            raise RunRefused(f"the runner could not start: {exc}") from exc
        pid = handle.process.pid
        self._run(lambda w: setattr(_repo(w).get(run_id), "runner_pid", pid))
        return handle

    def run_crew(self, crew: str, inputs: Mapping[str, str] | None = None, **kw: Any) -> RunInfo:
        """Start a run and wait for its end."""
        return self.start_run(crew, inputs, **kw).wait()

    def rerun(self, run: str, **kw: Any) -> RunHandle:
        """Run the same crew (or release) again with the same inputs."""
        info = self.get_run(run)
        if info.export_format == "flow":
            raise RunRefused(
                f"run {info.short_id} was started by a flow: crewtui flows run runs it again"
            )
        kw.setdefault("format", info.export_format)
        return self.start_run(info.crew_name, info.inputs, release=info.release_name, **kw)

    def run_inputs(self, crew: str) -> dict[str, str]:
        """The crew's ``{placeholders}`` and remembered run inputs, with the values to offer:
        the last run's, else the crew's stored default, else the date crewtui fills in
        (``current_year``...), else empty."""
        bundle = self.load_bundle(crew)  # type: ignore[attr-defined]
        last = self.list_runs(crew, limit=1) if self._has_runs(bundle.crew.id) else []
        remembered = last[0].inputs if last else {}
        defaults = input_defaults(bundle)
        names = [*bundle.crew.run_inputs, *_placeholders(bundle)]
        return {k: str(remembered.get(k, defaults.get(k, ""))) for k in dict.fromkeys(names)}

    def _has_runs(self, crew_id: uuid.UUID) -> bool:
        return bool(self._query(lambda w: _repo(w).recent(crew_id, 1)))

    def install_runtime(self, version: str | None, say: Callable[[str], None]) -> str:
        """Create the runtime virtualenv with crewai; its Python's path."""
        from ..runtime.env import DEFAULT_CREWAI, RuntimeMissing, install

        try:
            return str(install(version or DEFAULT_CREWAI, say=say).python)
        except (RuntimeMissing, OSError, subprocess.SubprocessError) as exc:
            raise RunRefused(f"the runtime could not be installed: {exc}") from exc

    # ---------------------------------------------------------------- reading

    def list_runs(self, crew: str | None = None, limit: int = 200) -> list[RunInfo]:
        self.recover_runs()

        def run(w: Work) -> list[RunInfo]:
            crew_id = None
            if crew is not None:
                rows = _repo(w).recent(None, limit=10000)
                found = w.crews.by_key(crew)
                ids = {r.crew_id for r in rows if r.crew_name == crew}
                if found is None and not ids:
                    raise NotFound(f"No crew '{crew}' and no run of one.")
                crew_id = found.id if found is not None else next(iter(ids))
            return [_info(r) for r in _repo(w).recent(crew_id, limit)]

        return self._query(run)

    def get_run(self, run: str) -> RunInfo:
        return self.show_run(run, events=False).info

    def show_run(self, run: str, *, events: bool = True) -> RunDetail:
        from .runs_types import RunDetail, RunEvent

        def go(w: Work) -> RunDetail:
            repo = _repo(w)
            row = _one(repo, run)
            edited = self._edited_since(w, row)
            detail = RunDetail(_info(row, edited))
            if events:
                detail.events = [
                    RunEvent(e.seq, e.at, e.kind, e.task_name, e.agent_role, e.payload)
                    for e in repo.events(row.id)
                ]
            return detail

        return self._query(go)

    def diff_runs(self, left: str, right: str) -> RunDiff:
        from .runs_types import OutputDiff, RunDiff

        a, b = self.get_run(left), self.get_run(right)
        outs_a = {t.get("name") or str(i): t.get("raw") for i, t in enumerate(a.task_outputs)}
        outs_b = {t.get("name") or str(i): t.get("raw") for i, t in enumerate(b.task_outputs)}
        names = list(dict.fromkeys([*outs_a, *outs_b]))
        keys = sorted(set(a.inputs) | set(b.inputs))
        changed = {
            k: (a.inputs.get(k), b.inputs.get(k))
            for k in keys
            if a.inputs.get(k) != b.inputs.get(k)
        }
        tasks = [OutputDiff(n, outs_a.get(n), outs_b.get(n)) for n in names]
        return RunDiff(a, b, tasks, changed)

    def recover_runs(self) -> int:
        """Mark runs whose crewtui process is gone as interrupted (and stop their runner)."""
        from .runs_process import pid_alive

        def go(w: Work) -> int:
            n = 0
            for row in _repo(w).running():
                if row.host_pid and not pid_alive(row.host_pid):
                    if row.runner_pid and pid_alive(row.runner_pid):
                        with contextlib.suppress(OSError):
                            os.killpg(row.runner_pid, 9)
                    row.status = "interrupted"
                    row.error = "crewtui stopped while the crew ran"
                    if row.export_format == "flow":
                        _flow_interrupted(w, row)
                    n += 1
            return n

        return self._run(go)

    # ---------------------------------------------------------------- helpers

    def _bundle(
        self, crew: str, release: str | None
    ) -> tuple[uuid.UUID, CrewBundle, uuid.UUID | None]:
        if release is None:
            bundle = self.load_bundle(crew)  # type: ignore[attr-defined]
            return bundle.crew.id, bundle, None
        found = self.get_release(crew, release)  # type: ignore[attr-defined]
        return found.bundle.crew.id, found.bundle, found.info.id

    @staticmethod
    def _inputs(bundle: CrewBundle, given: dict[str, str]) -> dict[str, str]:
        wanted = _placeholders(bundle)
        values = input_defaults(bundle)
        values.update(given)
        missing = [k for k in wanted if k not in values]
        if missing:
            raise ValidationFailed.single(
                "inputs", "missing " + ", ".join(missing) + " (give --input NAME=VALUE)"
            )
        return values

    @staticmethod
    def _secrets(bundle: CrewBundle, environ: Mapping[str, str]) -> list[str]:
        named = {a.llm_api_key_env for a in bundle.agents.values()} | {bundle.crew.llm_api_key_env}
        names = {n for n in named if n} | {n for n in environ if _SECRET_NAME.search(n)}
        return sorted(n for n in names if environ.get(n))

    def _edited_since(self, w: Work, row: RunRow) -> bool | None:
        if row.release_id is not None:
            return False
        if row.export_format == "flow":  # a flow's run, or a crew run a flow started
            return None
        from ..interop.export import render_project

        crew = w.crews.by_key(row.crew_name)
        if crew is None:
            return None
        files = render_project(bundle_of(w, row.crew_name), format=row.export_format)  # type: ignore[arg-type]
        return export_hash(files) != row.export_hash


def _one(repo: RunRepo, run: str) -> RunRow:
    try:
        row = repo.get(uuid.UUID(run))
    except ValueError:
        found = repo.find(run) if len(run) >= 4 else []
        if len(found) > 1:
            raise NotFound(f"'{run}' names {len(found)} runs: give more of the id.") from None
        row = found[0] if found else None
    if row is None:
        raise NotFound(f"No run '{run}'.")
    return row


def _flow_interrupted(w: Work, row: RunRow) -> None:
    """A flow's run whose crewtui is gone: its execution (same id) ends ``failed``."""
    from datetime import UTC, datetime

    from ..db.models import FlowExecutionRow

    row.error = "crewtui stopped while the flow ran"
    found = w.session.get(FlowExecutionRow, row.id)
    if found is not None and found.status == "running":
        found.status = "failed"
        found.error_message = row.error
        found.completed_at = datetime.now(UTC)


def _placeholders(bundle: CrewBundle) -> list[str]:
    from ..interop import crewai_map as cm

    return list(cm.bundle_placeholders(bundle))


#: inputs crewtui fills in when a run is started, by their usual names
_DATE_INPUTS: dict[str, Callable[[datetime], str]] = {
    "current_year": lambda now: str(now.year),
    "current_date": lambda now: now.strftime("%Y-%m-%d"),
    "today": lambda now: now.strftime("%Y-%m-%d"),
}


def input_defaults(bundle: CrewBundle, now: datetime | None = None) -> dict[str, str]:
    """The inputs a run of ``bundle`` gets unless others are given: the crew's stored run
    inputs that have a value, and today's date for ``current_year``, ``current_date`` and
    ``today`` when the crew uses them without a stored value."""
    when = now or datetime.now()
    wanted = set(_placeholders(bundle)) | set(bundle.crew.run_inputs)
    out = {k: fill(when) for k, fill in _DATE_INPUTS.items() if k in wanted}
    out.update({k: v for k, v in bundle.crew.run_inputs.items() if v})
    return out
