"""Hostile YAML, JSONC and Python, read by import and by scan: each case ends within a time
bound (a timer stops it, so a hang fails the case instead of CI), import gives a project or
ProjectInvalid naming a file, and the scan reports problems and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crewtui.interop.importer import ProjectInvalid, read_project
from crewtui.interop.scanner import scan_path

from ..interop.guard import bounded
from ..interop.hostile import TASKS_YAML, crew_py

#: seconds one case may take; what the readers do in it is bounded far lower
CASE_SECONDS = 15.0
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

digits = st.integers(1, 6000).map(lambda n: "9" * n)
escapes = st.sampled_from(['"\\0"', '"\\ud800"', '"a\\x00b"', '"\\U0001F600"', '"\\x85"'])
plain = st.sampled_from(["R", "Researcher", "25", "true", "~", "'%Y'", "x: y", "[a, b]", "{a: 1}"])


@st.composite
def nested(draw: st.DrawFn, open_: str = "[", close: str = "]") -> str:
    depth = draw(st.sampled_from([1, 50, 99, 100, 101, 999, 1001, 5000]))
    return open_ * depth + close * depth


@st.composite
def bomb(draw: st.DrawFn) -> tuple[str, str]:
    """YAML anchor lines and the alias that stands for the most."""
    levels, width = draw(st.integers(1, 9)), draw(st.integers(1, 12))
    lines = [f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "x-anchors:\n" + "\n".join(lines) + "\n", f"*l{levels - 1}"


yaml_values = st.one_of(plain, escapes, digits, nested(), st.text(max_size=40).map(repr))


@st.composite
def agents_yaml(draw: st.DrawFn) -> str:
    head, alias = draw(bomb()) if draw(st.booleans()) else ("", "R")
    fields = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["role", "goal", "backstory", "max_iter", "embedder", "knowledge_sources"]
                ),
                yaml_values | st.just(alias),
            ),
            max_size=6,
        )
    )
    body = "".join(f"  {k}: {v}\n" for k, v in fields)
    return head + "researcher:\n  role: R\n  goal: G\n  backstory: B\n" + body


python_exprs = st.one_of(
    digits,
    st.integers(1, 20_000).map(lambda n: "-" * n + "1"),
    st.integers(1, 20_000).map(lambda n: "1 + " * n + "1"),
    st.integers(1, 60).map(
        lambda n: "A" + "".join(f"\nA{i} = A{i - 1} + A{i - 1}" for i in range(1, n))
    ),
    st.sampled_from(['"a\\x00b"', "f'{ROLE}{ROLE}'", "'x' * 10**9", "[*X]", "{**X}", "lambda: 0"]),
    nested("(", ")"),
    nested("[", "]"),
)


@st.composite
def crew_module(draw: st.DrawFn) -> str:
    config = draw(
        st.sampled_from(["config/agents.yaml", "/dev/zero", "../../x.yaml", "/etc/hostname"])
    )
    expr = draw(python_exprs)
    extra = draw(st.sampled_from(["", ", role=ROLE", ", max_iter=ROLE", ", goal=A"]))
    return f"ROLE = {expr}\nA = 'x'\n" + crew_py(config, extra)


@st.composite
def crew_jsonc(draw: st.DrawFn) -> str:
    value = draw(
        st.one_of(
            digits,
            nested("[", "]"),
            nested('{"a": ', "}").map(lambda s: s.replace("}", "1}", 1)),
            st.sampled_from(['"\\u0000"', '"\\ud800"', "/* open", "// c\n1", "[1,]"]),
        )
    )
    return '{\n  "name": "demo",\n  "agents": ["researcher"],\n  "max_rpm": ' + value + "\n}\n"


def _import(root: Path) -> None:
    with bounded(CASE_SECONDS):
        try:
            read_project(root)
        except ProjectInvalid as exc:
            assert exc.issues and all(str(i) for i in exc.issues)


def _scan(root: Path) -> None:
    with bounded(CASE_SECONDS):
        result = scan_path(root)
    assert all(str(p) for p in result.problems)


@HOSTILE
@given(agents=agents_yaml(), module=crew_module())
@example(agents="researcher:\n  role: [" + "[" * 5000 + "]" * 5001 + "\n", module=crew_py())
def test_yaml_and_python_projects(agents: str, module: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        (root / "config").mkdir(parents=True)
        (root / "config" / "agents.yaml").write_text(agents, encoding="utf-8")
        (root / "config" / "tasks.yaml").write_text(TASKS_YAML, encoding="utf-8")
        (root / "crew.py").write_text(module, encoding="utf-8")
        _import(root)
        _scan(root)


@HOSTILE
@given(crew=crew_jsonc())
def test_jsonc_projects(crew: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        (root / "agents").mkdir(parents=True)
        (root / "crew.jsonc").write_text(crew, encoding="utf-8")
        (root / "agents" / "researcher.jsonc").write_text(
            '{"role": "R", "goal": "G", "backstory": "B"}', encoding="utf-8"
        )
        _import(root)
