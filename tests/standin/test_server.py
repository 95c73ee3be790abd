"""The stand-in answers as an OpenAI-compatible server would, in the OpenAI client's wire
format."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from .server import ANSWER, StandIn


def _post(server: StandIn, path: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        server.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.loads(resp.read())


def test_text_answer_is_a_react_final_answer(standin: StandIn) -> None:
    out = _post(
        standin,
        "/chat/completions",
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
    )
    content = out["choices"][0]["message"]["content"]
    assert content.startswith("Thought:") and f"Final Answer: {ANSWER}" in content
    assert out["usage"]["total_tokens"] > 0


def test_tool_call_then_final_answer(standin: StandIn) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "parameters": {
                    "type": "object",
                    "properties": {"q": {"type": "string"}},
                    "required": ["q"],
                },
            },
        }
    ]
    first = _post(
        standin,
        "/chat/completions",
        {
            "model": "m",
            "tools": tools,
            "messages": [{"role": "user", "content": "CALL_TOOL:lookup"}],
        },
    )
    call = first["choices"][0]["message"]["tool_calls"][0]
    assert call["function"]["name"] == "lookup"
    assert json.loads(call["function"]["arguments"]) == {"q": "q text"}
    again = _post(
        standin,
        "/chat/completions",
        {
            "model": "m",
            "tools": tools,
            "messages": [
                {"role": "user", "content": "CALL_TOOL:lookup"},
                {"role": "tool", "tool_call_id": call["id"], "content": "42"},
            ],
        },
    )
    assert ANSWER in again["choices"][0]["message"]["content"]
    react = _post(
        standin,
        "/chat/completions",
        {"model": "m", "messages": [{"role": "user", "content": "CALL_TOOL:lookup"}]},
    )
    assert "Action: lookup" in react["choices"][0]["message"]["content"]


def test_json_schema_answers(standin: StandIn) -> None:
    schema = {
        "type": "object",
        "properties": {
            "tam_usd": {"type": "number"},
            "notes": {"type": "array", "items": {"type": "string"}},
        },
    }
    out = _post(
        standin,
        "/chat/completions",
        {
            "model": "m",
            "messages": [{"role": "user", "content": "x"}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "o", "schema": schema},
            },
        },
    )
    assert json.loads(out["choices"][0]["message"]["content"]) == {
        "tam_usd": 1.5,
        "notes": ["notes text"],
    }
    prompt = "Ensure your final answer adheres to the schema: " + json.dumps(schema)
    react = _post(
        standin,
        "/chat/completions",
        {"model": "m", "messages": [{"role": "user", "content": prompt}]},
    )
    final = react["choices"][0]["message"]["content"].split("Final Answer: ", 1)[1]
    assert json.loads(final)["tam_usd"] == 1.5


def test_embeddings(standin: StandIn) -> None:
    out = _post(standin, "/embeddings", {"model": "e", "input": ["a", "b"], "dimensions": 8})
    assert [len(d["embedding"]) for d in out["data"]] == [8, 8]


def test_requests_for_other_hosts_are_refused_and_kept(standin: StandIn) -> None:
    """Named as the proxy, the stand-in refuses every other host, https (CONNECT) included."""
    proxy = standin.proxy_env()["HTTPS_PROXY"]
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy})
    )
    before = len(standin.refused)
    for url in ("http://hooks.example.com/done", "https://pypi.org/pypi/crewai/json"):
        try:
            opener.open(urllib.request.Request(url, b"{}"), timeout=5)
        except urllib.error.HTTPError as exc:  # refused by the stand-in itself
            assert exc.code == 403
        except urllib.error.URLError as exc:  # the tunnel was refused
            assert "403" in str(exc.reason)
        else:
            raise AssertionError(f"{url} was answered")
    assert standin.refused[before:] == ["hooks.example.com", "pypi.org:443"]
    # the model server itself is still answered directly
    assert _post(standin, "/embeddings", {"input": ["a"], "dimensions": 4})["data"]


def test_sampled_numbers_keep_inside_their_bounds() -> None:
    from .server import sample

    schema = {
        "type": "object",
        "properties": {
            "importance": {"type": "number", "minimum": 0, "maximum": 1},
            "count": {"type": "integer", "exclusiveMaximum": 2},
            "score": {"type": "number", "minimum": 5},
            "free": {"type": "number"},
        },
    }
    assert sample(schema) == {"importance": 1, "count": 1, "score": 5, "free": 1.5}
