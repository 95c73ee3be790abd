"""A project that leaves crewai's defaults out builds the same crew as one that writes every
value: real crewai (1.3.0 and the newest release) constructs both, and every plain setting of
the crew, each agent, its LLM and each task is compared."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.bundle import CrewBundle
from crewtui.domain.crewai_values import (
    CONVERTERS,
    CREWAI_DEFAULT_MODEL,
    Converter,
    llm_model_string,
)
from crewtui.interop import crewai_map
from crewtui.interop.export import render_project, write_project
from crewtui.interop.releases import NEWEST, OLDEST, Release
from crewtui.services import Services, Store
from crewtui.services.importer import import_project

from .crewai_env import offline_env, require_crewai, require_latest_crewai

HERE = Path(__file__).parent
CORPUS = HERE.parent / "interop" / "corpus"

#: fields that name the object built (ids, times) rather than configure it
_VOLATILE = frozenset({"id", "fingerprint", "security_config", "created_at", "start_time"})


def _settings(project: Path, tmp: Path, release: Release) -> dict[str, Any]:
    python = require_crewai() if release is OLDEST else require_latest_crewai()
    proc = subprocess.run(
        [str(python), str(HERE / "construct_project.py"), str(project), "--settings"],
        env=offline_env(tmp),
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("CONSTRUCTED ")), None)
    assert proc.returncode == 0 and line, proc.stderr[-6000:]
    built: dict[str, Any] = json.loads(line[len("CONSTRUCTED ") :])["settings"]
    for group in (built["agents"], built["tasks"]):
        for values in group.values():
            for name in _VOLATILE:
                values.pop(name, None)
    for name in _VOLATILE:
        built["crew"].pop(name, None)
    return built


def _full_export(bundle: CrewBundle, release: Release, mp: pytest.MonkeyPatch) -> dict[str, str]:
    """The export as it was before defaults were left out: every value, crewai's default
    model named for an agent without one."""
    with mp.context() as m:
        m.setattr(crewai_map, "is_default", lambda *_args: False)
        m.setitem(
            CONVERTERS,
            "model",
            Converter(
                "model", lambda v: llm_model_string(v) if v else CREWAI_DEFAULT_MODEL, code=None
            ),
        )
        return render_project(bundle, format="yaml", target=release)


def _bundles(services: Services) -> list[CrewBundle]:
    import_project(services, CORPUS / "create_crew", dry_run=False)
    return [services.load_bundle(n) for n in ("venture-research", "board-briefing", "create_crew")]


@pytest.fixture
def services(sqlite_db_url: str) -> Iterator[Services]:
    from crewtui.services.demo import load_demo

    store = Store.open(sqlite_db_url)
    try:
        s = Services(store)
        load_demo(s)
        yield s
    finally:
        store.dispose()


@pytest.mark.parametrize("release", [OLDEST, NEWEST], ids=["1.3", "latest"])
def test_minimal_export_builds_the_same_crew_as_the_full_one(
    services: Services, release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (require_crewai if release is OLDEST else require_latest_crewai)()
    for bundle in _bundles(services):
        name = bundle.crew.crew_name
        full = _full_export(bundle, release, monkeypatch)
        minimal = render_project(bundle, format="yaml", target=release)
        assert sum(map(len, minimal.values())) < sum(map(len, full.values())), name
        write_project(full, tmp_path / name / "full")
        write_project(minimal, tmp_path / name / "minimal")
        want = _settings(tmp_path / name / "full", tmp_path, release)
        got = _settings(tmp_path / name / "minimal", tmp_path, release)
        assert got["crew"] == want["crew"], name
        assert got["tasks"] == want["tasks"], name
        assert set(got["agents"]) == set(want["agents"]), name
        for role, values in want["agents"].items():
            diff = {
                k: (v, got["agents"][role].get(k))
                for k, v in values.items()
                if got["agents"][role].get(k) != v
            }
            llm_want, llm_got = diff.pop("llm", (None, None))
            if llm_want != llm_got:
                # crewai's default LLM (no llm given) is built through create_llm(), which adds
                # empty callbacks to the provider's extra parameters: the model is the same
                llm_diff = {
                    k: (v, llm_got.get(k)) for k, v in llm_want.items() if llm_got.get(k) != v
                }
                assert set(llm_diff) <= {"additional_params"}, (name, role, llm_diff)
                assert llm_got["model"] == llm_want["model"] == "gpt-4.1-mini"
            assert not diff, (name, role, diff)
        assert len(want["agents"]) >= 2 and len(want["crew"]) > 5


def test_json_agents_without_a_model_load_through_crewais_run(
    sqlite_db_url: str, tmp_path: Path
) -> None:
    """A JSON-first agent file without ``llm`` is one crewai's loader builds (default model)."""
    from .test_latest_release import caused_by_export, dispatch

    store = Store.open(sqlite_db_url)
    try:
        services = Services(store)
        import_project(services, CORPUS / "create_crew", dry_run=False)
        bundle = services.load_bundle("create_crew")
    finally:
        store.dispose()
    files = render_project(bundle, format="json", target=NEWEST)
    assert all('"llm"' not in t for p, t in files.items() if p.startswith("agents/"))
    project = tmp_path / "project"
    write_project(files, project)
    report = dispatch(project, tmp_path)
    assert report["dispatch"] == "json", report
    assert report["agents"] == [a.role for a in bundle.members]
    assert caused_by_export(report) == []
