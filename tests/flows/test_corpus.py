"""The corpus (chained crews, a router with a self-evaluation loop, and/or joins, a loop over
items with human feedback): import -> export -> load with the newest crewai, the triggers of
every method unchanged and every crew's tasks there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crewtui.domain.errors import ValidationFailed
from crewtui.interop.importer.errors import ProjectInvalid
from crewtui.services import Services, Store
from crewtui.services.flows_interop import export_flow, import_flow

from .crewai_latest import build_python_flow, load_projects

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = {
    "chained-crews-flow": CORPUS / "chained" / "flow.yaml",
    "market-join-flow": CORPUS / "joins.yaml",
    "topic-batch-flow": CORPUS / "loop_items.yaml",
}
PYTHON = CORPUS / "self_eval" / "main.py"


@pytest.fixture
def services(sqlite_db_url: str) -> Services:
    return Services(Store.open(sqlite_db_url))


def triggers(loaded: dict[str, Any]) -> dict[str, Any]:
    return {
        name: (m["start"], m["listen"], m["router"], m["emit"], m["human_feedback"])
        for name, m in loaded["methods"].items()
    }


def test_import_keeps_flows_and_their_crews(services: Services) -> None:
    for key, path in DOCUMENTS.items():
        report = import_flow(services, path)
        assert report.flow == key and report.created and report.problems == [], report
    assert {c.crew_name for c in services.list_crews()} == {
        "outline-crew",
        "writer-crew",
        "sizing-crew",
        "competitor-crew",
        "topic-crew",
    }
    loop = services.get_flow("topic-batch-flow").definition
    assert loop.method("research_each").do.call == "each"  # type: ignore[union-attr]
    review = loop.method("review")
    assert (
        review is not None
        and review.do.call == "feedback"
        and review.labels == ["approved", "revise"]
    )
    # importing again changes nothing in the crews and replaces the flow
    again = import_flow(services, DOCUMENTS["chained-crews-flow"])
    assert not again.created and set(again.crews.values()) == {"unchanged"}


def test_python_flow_class_is_read_without_running_it(services: Services) -> None:
    report = import_flow(services, PYTHON)
    assert report.flow == "self-evaluation-flow" and report.problems == []
    flow = services.get_flow("self-evaluation-flow")
    spec = flow.definition
    gen, ev = spec.method("generate_slogan"), spec.method("evaluate_slogan")
    assert gen is not None and gen.start and gen.listen == "retry"
    assert ev is not None and ev.router and ev.listen == "generate_slogan"
    assert ev.emit == ["max_retry_exceeded", "complete", "retry"]
    assert spec.state.default["retry_count"] == 0 and "SloganCrew" in (flow.python_code or "")
    assert {c.crew_name for c in services.list_crews()} == {"slogan_crew", "critic_crew"}
    assert [str(w) for w in report.warnings] == [
        "main.py:43: save_result: its body stays in the Python code",
        "main.py:47: give_up: its body stays in the Python code",
    ]


def test_bad_documents_name_the_place_and_write_nothing(services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: crewai.flow/v1\nname: Bad\nmethods:\n  a:\n    start: true\n"
        "    do: {call: crew, from_declaration: ../../etc}\n"
    )
    with pytest.raises(ProjectInvalid, match="outside the folder"):
        import_flow(services, bad)
    bad.write_text(
        "schema: crewai.flow/v1\nname: Bad\nmethods:\n  1a:\n    start: true\n"
        "    do: {call: expression, expr: '1'}\n"
    )
    with pytest.raises(ValidationFailed, match="letters"):
        import_flow(services, bad)
    assert services.list_flows() == [] and services.list_crews() == []


@pytest.mark.crewai
@pytest.mark.slow
def test_import_export_load_with_crewai(services: Services, tmp_path: Path) -> None:
    exported: dict[str, Path] = {}
    for key, path in [*DOCUMENTS.items(), ("self-evaluation-flow", PYTHON)]:
        import_flow(services, path)
        exported[key] = tmp_path / key
        export_flow(services, key, exported[key])
    loaded = load_projects([*exported.values(), *DOCUMENTS.values()], tmp_path)
    for key, source in DOCUMENTS.items():
        original, again = loaded[str(source)], loaded[str(exported[key])]
        assert triggers(again) == triggers(original), key
        assert (
            sorted(t for c in again["crews"].values() for t in c["tasks"])
            == sorted(t for c in original["crews"].values() for t in c["tasks"])
            or not original["crews"]
        ), key
    evaluation = loaded[str(exported["self-evaluation-flow"])]
    assert triggers(evaluation)["evaluate_slogan"] == (
        False,
        "generate_slogan",
        True,
        ["max_retry_exceeded", "complete", "retry"],
        False,
    )
    assert triggers(evaluation)["generate_slogan"][:2] == (True, "retry")
    assert {tuple(c["tasks"]) for c in evaluation["crews"].values()} == {
        ("slogan_task",),
        ("critic_task",),
    }


@pytest.mark.crewai
@pytest.mark.slow
def test_python_flow_back_to_python_for_crewai_13(services: Services, tmp_path: Path) -> None:
    import_flow(services, PYTHON)
    out = tmp_path / "pyflow"
    export_flow(services, "self-evaluation-flow", out, python=True)
    main = (out / "src" / "self_evaluation_flow" / "main.py").read_text()
    assert "@start('retry')" in main and "@router('generate_slogan')" in main
    built = build_python_flow(out, "self_evaluation_flow", tmp_path)
    assert built["starts"] == ["generate_slogan"] and built["routers"] == ["evaluate_slogan"]
    assert set(built["listeners"]) == {
        "generate_slogan",
        "evaluate_slogan",
        "save_result",
        "give_up",
    }
    assert {"topic", "retry_count", "feedback"} <= set(built["state"])


@pytest.mark.crewai
@pytest.mark.slow
def test_joins_as_python_and_what_python_cannot_carry(services: Services, tmp_path: Path) -> None:
    from crewtui.services.flows_interop import python_blockers

    import_flow(services, DOCUMENTS["market-join-flow"])
    import_flow(services, DOCUMENTS["chained-crews-flow"])
    # CEL's string() has no counterpart in the subset: the check says so, the export refuses
    assert python_blockers(services, "chained-crews-flow") == [
        "report: 'string' has no Python counterpart here"
    ]
    with pytest.raises(ValidationFailed, match="'string' has no Python counterpart"):
        export_flow(services, "chained-crews-flow", tmp_path / "no", python=True)

    out = tmp_path / "joins"
    export_flow(services, "market-join-flow", out, python=True)
    main = (out / "src" / "market_join_flow" / "main.py").read_text()
    assert "@router(and_('size_market', 'scan_competitors'))" in main
    assert "@listen(or_('attractive', 'crowded'))" in main
    built = build_python_flow(out, "market_join_flow", tmp_path)
    assert built["starts"] == ["scan_competitors", "size_market"]
    assert built["routers"] == ["assess"]
    assert built["listeners"]["assess"] == {
        "type": "AND",
        "conditions": ["size_market", "scan_competitors"],
    }
    assert built["listeners"]["conclude"] == {"type": "OR", "conditions": ["attractive", "crowded"]}
