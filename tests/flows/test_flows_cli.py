"""``crewtui flows`` on both databases: create, show, set with --if-version, check, delete,
and the history it leaves."""

from __future__ import annotations

import json

from tests.cli.conftest import Run, as_json

DEFINITION = {
    "state": {
        "schema": {"type": "object", "properties": {"topic": {"type": "string"}}},
        "default": {"topic": "AI"},
    },
    "methods": [
        {"name": "research", "start": True, "do": {"call": "expression", "expr": "state.topic"}},
        {
            "name": "publish",
            "listen": "research",
            "do": {"call": "expression", "expr": "outputs.research"},
        },
    ],
}


def test_flow_create_show_set_check_delete(run: Run, query) -> None:
    r = run(
        "flows",
        "create",
        "launch",
        "name=LaunchFlow",
        f"flow_definition={json.dumps(DEFINITION)}",
        "tags=demo,research",
    )
    assert r.exit_code == 0, r.output
    assert "created flow 'launch' (version 1)" in r.stdout

    data = as_json(run("flows", "show", "launch", "--json"))
    assert data["name"] == "LaunchFlow" and data["tags"] == ["demo", "research"]
    assert [m["name"] for m in data["flow_definition"]["methods"]] == ["research", "publish"]
    assert data["problems"] == []
    text = run("flows", "show", "launch").stdout
    assert "[Graph]" in text and "▶ research" in text and "└──▶ publish" in text

    listed = as_json(run("flows", "list", "--json"))
    assert [f["flow_key"] for f in listed] == ["launch"]

    # a definition with a listener nobody triggers: saved (a draft may be unfinished), marked
    broken = json.loads(json.dumps(DEFINITION))
    broken["methods"][1]["listen"] = "reserch"
    r = run("flows", "set", "launch", f"flow_definition={json.dumps(broken)}", "--if-version", "1")
    assert r.exit_code == 0 and "(version 2)" in r.stdout
    r = run("flows", "check", "launch")
    assert r.exit_code == 2
    assert "unknown_trigger" in r.stdout and "reserch" in r.stdout and "unreachable" in r.stdout

    # stale version: refused, nothing written
    r = run("flows", "set", "launch", "status=active", "--if-version", "1")
    assert r.exit_code == 3
    assert query("SELECT status, version FROM crewai_flows") == [("draft", 2)]

    # bad definition: the message names the place, nothing written
    bad = {"methods": [{"name": "x", "start": True, "do": {"call": "crew"}}]}
    r = run("flows", "set", "launch", f"flow_definition={json.dumps(bad)}")
    assert r.exit_code == 2 and "methods.0.do.crew.crew" in r.output
    assert query("SELECT version FROM crewai_flows") == [(2,)]

    hist = run("history", "flow", "launch")
    assert hist.exit_code == 0, hist.output
    assert "create" in hist.stdout and "update" in hist.stdout

    assert run("flows", "delete", "launch").exit_code == 0
    assert query("SELECT COUNT(*) FROM crewai_flows") == [(0,)]
    assert run("flows", "show", "launch").exit_code == 4


def test_flow_check_knows_the_kept_crews(run: Run) -> None:
    d = {"methods": [{"name": "go", "start": True, "do": {"call": "crew", "crew": "no-such-crew"}}]}
    assert run("flows", "create", "f", "name=F", f"flow_definition={json.dumps(d)}").exit_code == 0
    problems = as_json_lenient(run("flows", "check", "f", "--json").stdout)
    assert [p["code"] for p in problems] == ["unknown_crew"]


def as_json_lenient(text: str) -> list[dict[str, str]]:
    return json.loads(text)


def test_flow_export_command(run: Run, tmp_path) -> None:
    assert run("demo").exit_code == 0
    out = tmp_path / "proj"
    r = run("flows", "export", "venture-to-board", str(out))
    assert r.exit_code == 0, r.output
    assert (out / "flow.yaml").read_text().count("call: crew") == 2
    assert (out / "crews" / "board_briefing" / "crew.jsonc").is_file()
    r = run("flows", "export", "venture-to-board", str(out))
    assert r.exit_code == 2 and "not empty" in r.output


def test_flow_import_command(run: Run) -> None:
    from pathlib import Path

    path = Path(__file__).parent / "corpus" / "joins.yaml"
    r = run("flows", "import", str(path), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "would import flow 'market-join-flow'" in r.stdout
    assert as_json(run("flows", "list", "--json")) == []
    r = run("flows", "import", str(path), "--key", "joins")
    assert (
        "imported flow 'joins' (new); crews: sizing-crew (create), competitor-crew (create)"
        in r.stdout
    )
    assert run("flows", "check", "joins").exit_code == 0
