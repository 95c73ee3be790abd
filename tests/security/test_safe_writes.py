"""Files are written only inside the folder the user chose: never through a link, never to a
path taken from the database without checking it against that folder."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from crewtui.cli import cli
from crewtui.db.models import DeploymentRow
from crewtui.domain.errors import ValidationFailed
from crewtui.interop.export import write_project
from crewtui.interop.safefiles import UnsafePath, read_file, relative_inside, write_file
from crewtui.services import Services, Store
from crewtui.services.deployments import Deployments
from crewtui.ui.drafts import write_atomic

from ..codegen.conftest import basic_values


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store.open(db_url)
    yield s
    s.dispose()


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = elsewhere / "victim.py"
    path.write_text("precious\n")
    path.chmod(0o644)
    return path


# ---- the writer itself


def test_a_link_in_place_of_the_file_is_refused_and_not_followed(
    tmp_path: Path, victim: Path
) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "agent.py").symlink_to(victim)
    with pytest.raises(UnsafePath, match="symbolic link"):
        write_file(root, "agent.py", "evil")
    assert victim.read_text() == "precious\n" and oct(victim.stat().st_mode)[-3:] == "644"
    assert (root / "agent.py").is_symlink()
    assert read_file(root, "nothing.py") is None
    with pytest.raises(UnsafePath, match="symbolic link"):
        read_file(root, "agent.py")


@pytest.mark.parametrize(
    "rel", ["../victim.py", "a/../../victim.py", "/tmp/victim.py", "", "a\0b", "a//b/.."]
)
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(UnsafePath):
        write_file(tmp_path / "out", rel, "x")
    assert not (tmp_path / "victim.py").exists()


def test_a_folder_link_below_the_root_is_refused(tmp_path: Path, victim: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "sub").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match="sub"):
        write_file(root, "sub/victim.py", "evil")
    assert victim.read_text() == "precious\n"


def test_a_folder_replaced_by_a_link_after_the_check_is_refused(
    tmp_path: Path, victim: Path
) -> None:
    root = tmp_path / "out"
    (root / "sub").mkdir(parents=True)
    rel = relative_inside(root, str(root / "sub" / "victim.py"))  # the check passes
    (root / "sub").rmdir()
    (root / "sub").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath):
        write_file(root, rel, "evil")
    assert victim.read_text() == "precious\n"


def test_a_folder_swapped_for_a_link_while_writing_never_leaks(tmp_path: Path) -> None:
    """A racing process swaps ``out/sub`` between a folder and a link to elsewhere."""
    root, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (root / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    stop = threading.Event()

    def swap() -> None:
        real, link = root / "sub.real", root / "sub.link"
        link.symlink_to(elsewhere, target_is_directory=True)
        steps = (
            (root / "sub", real),
            (link, root / "sub"),
            (root / "sub", link),
            (real, root / "sub"),
        )
        while not stop.is_set():
            for src, dst in steps:
                with contextlib.suppress(OSError):  # the writer may have made a new "sub"
                    os.rename(src, dst)

    racer = threading.Thread(target=swap)
    racer.start()
    try:
        written = refused = 0
        for i in range(400):
            try:
                write_file(root, f"sub/f{i}.py", "x")
                written += 1
            except (UnsafePath, FileNotFoundError):
                refused += 1
    finally:
        stop.set()
        racer.join()
    assert list(elsewhere.iterdir()) == []
    assert written + refused == 400


def test_relative_inside_checks_a_recorded_path_against_the_folder(
    tmp_path: Path, victim: Path
) -> None:
    root = tmp_path / "deploy"
    root.mkdir()
    assert str(relative_inside(root, str(root / "a.py"))) == "a.py"
    for recorded in (str(victim), str(root / ".." / "elsewhere" / "victim.py"), "../x.py"):
        with pytest.raises(UnsafePath):
            relative_inside(root, recorded)
    (root / "out").symlink_to(victim.parent, target_is_directory=True)
    with pytest.raises(UnsafePath, match="outside"):
        relative_inside(root, str(root / "out" / "victim.py"))


# ---- every writer goes through it


def _approved(svc: Deployments, key: str) -> str:
    dep = svc.generate(key, "alice")
    return str(svc.approve(dep.id, "bob").id)


def test_deploy_refuses_a_link_out_of_the_deploy_folder(
    store: Store, tmp_path: Path, victim: Path
) -> None:
    Services(store).create_agent(basic_values("agent"))
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "agent.py").symlink_to(victim)
    svc = Deployments(store, deploy_dir=deploy)
    dep_id = _approved(svc, "agent")
    with pytest.raises(UnsafePath, match="symbolic link"):
        svc.deploy(dep_id, "carol")
    assert victim.read_text() == "precious\n" and oct(victim.stat().st_mode)[-3:] == "644"
    assert svc.get(dep_id).deployment_status == "approved"  # nothing recorded either


def test_rollback_refuses_a_path_from_the_database_outside_the_folder(
    store: Store, tmp_path: Path, victim: Path
) -> None:
    Services(store).create_agent(basic_values("agent"))
    deploy = tmp_path / "deploy"
    svc = Deployments(store, deploy_dir=deploy)
    first = svc.deploy(_approved(svc, "agent"), "carol")
    svc.deploy(_approved(svc, "agent"), "carol")
    target = tmp_path / "elsewhere" / "planted.py"
    for recorded in (str(target), str(deploy / ".." / "elsewhere" / "planted.py")):
        with store.uow() as uow:
            uow.session.execute(
                update(DeploymentRow)
                .where(DeploymentRow.id == first.id)
                .values(deployment_path=recorded)
            )
            uow.commit()
        with pytest.raises(UnsafePath, match="outside"):
            svc.rollback("agent", "bob")
        assert not target.exists()
    with store.uow(read_only=True) as uow:
        active = uow.session.scalar(
            select(DeploymentRow.id).where(DeploymentRow.is_active.is_(True))
        )
    assert active != first.id  # the refused rollback changed nothing
    with pytest.raises(ValidationFailed, match="deploy_dir"):
        Deployments(store).rollback("agent", "bob")


def test_rollback_cli_exits_2_with_the_reason(
    sqlite_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CREWTUI_DEPLOY_DIR", raising=False)
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("agent"))
    deploy = tmp_path / "deploy"
    svc = Deployments(store, deploy_dir=deploy)
    first = svc.deploy(_approved(svc, "agent"), "carol")
    svc.deploy(_approved(svc, "agent"), "carol")
    with store.uow() as uow:
        uow.session.execute(
            update(DeploymentRow)
            .where(DeploymentRow.id == first.id)
            .values(deployment_path="/tmp/../etc/planted.py")
        )
        uow.commit()
    store.dispose()
    result = CliRunner().invoke(
        cli,
        ["--db", sqlite_db_url, "deployments", "rollback", "agent", "--deploy-dir", str(deploy)],
    )
    assert result.exit_code == 2, result.output
    assert "outside the folder" in result.output


def test_generate_out_refuses_a_link(sqlite_db_url: str, tmp_path: Path, victim: Path) -> None:
    store = Store.open(sqlite_db_url)
    Services(store).create_agent(basic_values("agent"))
    store.dispose()
    out = tmp_path / "agent.py"
    out.symlink_to(victim)
    result = CliRunner().invoke(
        cli, ["--db", sqlite_db_url, "generate", "agent", "--out", str(out), "--as", "alice"]
    )
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert victim.read_text() == "precious\n"


def test_export_refuses_escaping_names_and_code_that_does_not_compile(tmp_path: Path) -> None:
    for bad in ("../escape.txt", "/abs.txt", "a/../../b.txt"):
        with pytest.raises(ValidationFailed, match="relative path"):
            write_project({bad: "x"}, tmp_path / "p")
    with pytest.raises(ValidationFailed, match="not valid Python"):
        write_project({"src/crew.py": "def import():\n    pass\n"}, tmp_path / "q")
    assert not (tmp_path / "q").exists() and not (tmp_path / "escape.txt").exists()


def test_a_draft_file_replaced_by_a_link_is_refused(tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "d.json").symlink_to(victim)
    with pytest.raises(UnsafePath):
        write_atomic(folder / "d.json", b"{}")
    assert victim.read_text() == "precious\n"
    write_atomic(folder / "e.json", b"{}")
    assert oct((folder / "e.json").stat().st_mode)[-3:] == "600"


def test_export_over_a_linked_folder_replaces_the_link_not_its_target(
    tmp_path: Path, victim: Path
) -> None:
    out = tmp_path / "project"
    out.symlink_to(victim.parent, target_is_directory=True)
    write_project({"crew.py": "x = 1\n"}, out, force=True)
    assert victim.read_text() == "precious\n" and not (victim.parent / "crew.py").exists()
    assert not out.is_symlink() and (out / "crew.py").read_text() == "x = 1\n"


def test_the_saved_runtime_choice_is_not_written_through_a_link(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crewtui.runtime.env import chosen_python, save_python

    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("CREWTUI_DATA_DIR", str(data))
    monkeypatch.delenv("CREWTUI_CREWAI_PYTHON", raising=False)
    (data / "runtime.json").symlink_to(victim)
    with pytest.raises(UnsafePath):
        save_python(Path("/usr/bin/python3"))
    assert victim.read_text() == "precious\n"
    (data / "runtime.json").unlink()
    save_python(Path("/usr/bin/python3"))
    assert chosen_python() == Path("/usr/bin/python3")
