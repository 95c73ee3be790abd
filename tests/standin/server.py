"""A small OpenAI-compatible model server on 127.0.0.1 for running crews in tests.

``POST /v1/chat/completions`` answers:

* a forced function (``tool_choice`` naming one) or ``response_format`` with a JSON schema:
  arguments / content generated from that schema;
* ``CALL_TOOL:<name>`` in the conversation and no tool result yet: a call of that tool
  (native ``tool_calls`` when the request lists tools, crewai's ReAct text otherwise);
* anything else: a final answer in crewai's ReAct format; when the prompt holds a JSON
  schema (crewai's "adheres to the following ... schema"), the answer is JSON that fits it.

``SLOW:<seconds>`` in the conversation delays every answer. ``stream: true`` is answered as
server-sent events. ``POST /v1/embeddings`` returns fixed-size vectors. Every request body
is kept in :attr:`StandIn.requests`.

Named as the HTTP(S) proxy of a crewai process (:meth:`StandIn.proxy_env`), it refuses every
request for another host (403, ``CONNECT`` included) and keeps that host in
:attr:`StandIn.refused`: a crew run reaches nothing beyond 127.0.0.1, and a test sees what it
tried to reach.
"""

from __future__ import annotations

import ast
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_CALL = re.compile(r"CALL_TOOL:([A-Za-z0-9_\-]+)")
_SLOW = re.compile(r"SLOW:([0-9.]+)")
ANSWER = "STANDIN ANSWER"


def sample(schema: Any, name: str = "value") -> Any:
    """A value that fits a JSON schema (objects, arrays, scalars, anyOf, $defs refs)."""
    return _sample(schema, name, schema if isinstance(schema, dict) else {})


def _sample(schema: Any, name: str, root: dict[str, Any]) -> Any:
    if not isinstance(schema, dict):
        return f"{name} text"
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return _sample(target, name, root)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return _sample(options[0], name, root)
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), "null")
    if typ == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {k: _sample(v, k, root) for k, v in props.items()}
    if typ == "array":
        return [_sample(schema.get("items", {"type": "string"}), name, root)]
    if typ in ("integer", "number"):
        return _bounded(3 if typ == "integer" else 1.5, schema)
    if typ == "boolean":
        return True
    if typ == "null":
        return None
    if "enum" in schema:
        return schema["enum"][0]
    return f"{name} text"


def _bounded(value: float, schema: dict[str, Any]) -> Any:
    """``value`` moved inside the schema's minimum and maximum (crewai's scores are 0..1)."""
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if isinstance(high, int | float) and value > high:
        value = high if "maximum" in schema else high - (1 if isinstance(value, int) else 0.5)
    if isinstance(low, int | float) and value < low:
        value = low if "minimum" in schema else low + (1 if isinstance(value, int) else 0.5)
    return value


def _text(messages: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            parts += [c.get("text", "") for c in content if isinstance(c, dict)]
        elif content:
            parts.append(str(content))
    return "\n".join(parts)


def _balanced(text: str, start: int) -> int:
    """The index after the brace that closes the one at ``start`` (-1 if none)."""
    depth, quote, i = 0, "", start
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _parse(piece: str) -> Any:
    try:
        return json.loads(piece)
    except ValueError:
        try:
            return ast.literal_eval(piece)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None


def _schema_in(text: str) -> dict[str, Any] | None:
    """The last JSON schema written in the prompt (as JSON or as a Python dict), if any."""
    at = max(text.rfind('"properties"'), text.rfind("'properties'"))
    if at == -1:
        return None
    found: dict[str, Any] | None = None
    start = text.rfind("{", 0, at)
    while start != -1:
        end = _balanced(text, start)
        if end > at:
            value = _parse(text[start:end])
            if isinstance(value, dict):
                found = value
        start = text.rfind("{", 0, start)
    if found and isinstance(found.get("json_schema"), dict):
        found = found["json_schema"].get("schema")
    return found if isinstance(found, dict) else None


def _refuse_proxied(handler: BaseHTTPRequestHandler, standin: StandIn) -> bool:
    """A request meant for another host: kept in ``standin.refused`` and refused (403)."""
    if handler.command != "CONNECT" and not handler.path.startswith(("http:", "https:")):
        return False
    target = handler.path.split("://", 1)[-1].split("/", 1)[0]
    with standin._lock:
        standin.refused.append(target)
    size = int(handler.headers.get("Content-Length") or 0)
    if size:
        handler.rfile.read(size)
    data = json.dumps({"error": {"message": f"no network beyond 127.0.0.1: {target}"}}).encode()
    handler.send_response(403)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(data)
    handler.close_connection = True
    return True


class StandIn:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/v1"

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def proxy_env(self) -> dict[str, str]:
        """Environment that sends every HTTP(S) request for another host to this server."""
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        proxy = f"http://{name}:{port}"
        names = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
        env = {n: proxy for n in names} | {n.lower(): proxy for n in names}
        return env | {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}

    def refused_hosts(self) -> list[str]:
        with self._lock:
            return sorted(set(self.refused))

    def chat_requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if "messages" in r]

    # ---------------------------------------------------------------- answers

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """The assistant message for a chat request: content and/or tool_calls."""
        messages = body.get("messages") or []
        text = _text(messages)
        slow = _SLOW.search(text)
        if slow:
            time.sleep(float(slow.group(1)))
        tools = body.get("tools") or []
        choice = body.get("tool_choice")
        if isinstance(choice, dict) and choice.get("function"):
            fname = choice["function"]["name"]
            params: dict[str, Any] = next(
                (t["function"].get("parameters") for t in tools if t["function"]["name"] == fname),
                {},
            )
            return self._tool_call(fname, sample(params))
        fmt = body.get("response_format")
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return {
                "role": "assistant",
                "content": json.dumps(sample(fmt["json_schema"]["schema"])),
            }
        called = any(
            m.get("role") == "tool"
            or (
                m.get("role") == "assistant"
                and (m.get("tool_calls") or "Action:" in str(m.get("content")))
            )
            for m in messages
        )
        wanted = _CALL.search(text)
        if wanted and not called:
            name = wanted.group(1)
            if tools:
                tool = next(
                    (t for t in tools if t["function"]["name"].lower() == name.lower()), tools[0]
                )
                params = tool["function"].get("parameters") or {}
                return self._tool_call(tool["function"]["name"], sample(params))
            return {
                "role": "assistant",
                "content": (
                    f'Thought: I use the tool.\nAction: {name}\nAction Input: {{"query": "lookup"}}'
                ),
            }
        schema = _schema_in(text)
        final = json.dumps(sample(schema)) if schema else f"{ANSWER}: the work is done."
        if tools:
            return {"role": "assistant", "content": final}
        return {"role": "assistant", "content": f"Thought: I now know.\nFinal Answer: {final}"}

    @staticmethod
    def _tool_call(name: str, args: Any) -> dict[str, Any]:
        call = {
            "id": "call_" + uuid.uuid4().hex[:12],
            "type": "function",
            "function": {"name": name, "arguments": json.dumps(args)},
        }
        return {"role": "assistant", "content": None, "tool_calls": [call]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def parse_request(self) -> bool:
                # a request for another host (CONNECT included) is answered here
                return super().parse_request() and not _refuse_proxied(self, standin)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(
                        200, {"object": "list", "data": [{"id": "standin", "object": "model"}]}
                    )
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size) or b"{}")
                with standin._lock:
                    standin.requests.append(body)
                if self.path.endswith("/embeddings"):
                    inputs = body.get("input")
                    items = inputs if isinstance(inputs, list) else [inputs]
                    dims = int(body.get("dimensions") or 1536)
                    data = [
                        {"object": "embedding", "index": i, "embedding": [0.01 * (i + 1)] * dims}
                        for i in range(len(items))
                    ]
                    usage = {"prompt_tokens": len(items), "total_tokens": len(items)}
                    self._send(
                        200, {"object": "list", "data": data, "model": "standin", "usage": usage}
                    )
                    return
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": f"no {self.path}"}})
                    return
                message = standin.answer(body)
                prompt = len(_text(body.get("messages") or []).split())
                completion = len(str(message.get("content") or message.get("tool_calls")).split())
                usage = {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                }
                reason = "tool_calls" if message.get("tool_calls") else "stop"
                if body.get("stream"):
                    self._stream(body, message, reason, usage)
                    return
                self._send(
                    200,
                    {
                        "id": "chatcmpl-" + uuid.uuid4().hex[:12],
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "standin"),
                        "choices": [{"index": 0, "message": message, "finish_reason": reason}],
                        "usage": usage,
                    },
                )

            def _stream(
                self, body: dict[str, Any], message: dict[str, Any], reason: str, usage: Any
            ) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                base = {
                    "id": "chatcmpl-" + uuid.uuid4().hex[:12],
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": body.get("model", "standin"),
                }
                delta: dict[str, Any] = {"role": "assistant", "content": message.get("content")}
                if message.get("tool_calls"):
                    delta["tool_calls"] = [
                        {**c, "index": i} for i, c in enumerate(message["tool_calls"])
                    ]
                chunks = [
                    {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
                    {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": reason}]},
                    {**base, "choices": [], "usage": usage},
                ]
                for c in chunks:
                    self.wfile.write(f"data: {json.dumps(c)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
