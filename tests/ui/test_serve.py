"""``crewtui serve``: the app in a browser. Starts the server on 127.0.0.1, opens the page
in headless Chromium (driven over the DevTools protocol), checks that the agents list
reaches the page's terminal, and keeps a screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _need(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, timeout: float = 30.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def _process(args: list[str], **kwargs: object) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)  # type: ignore[call-overload]
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _page_text_and_screenshot(debug_port: int, url: str, wanted: str) -> tuple[str, bytes]:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as reply:
                    targets = [t for t in await reply.json() if t.get("type") == "page"]
                    if targets:
                        break
            await asyncio.sleep(0.1)
        async with http.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 10_000))
            received: list[str] = []

            async def call(method: str, **params: object) -> dict[str, object]:
                call_id = next(ids)
                await ws.send_json({"id": call_id, "method": method, "params": params})
                while True:
                    msg = json.loads((await ws.receive()).data)
                    if msg.get("method") == "Network.webSocketFrameReceived":
                        _keep(msg, received)
                    if msg.get("id") == call_id:
                        return msg.get("result", {})

            await call("Network.enable")
            await call("Page.enable")
            await call(
                "Emulation.setDeviceMetricsOverride",
                width=1400,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            await call("Page.navigate", url=url)
            deadline = time.monotonic() + 40
            while wanted not in "".join(received) and time.monotonic() < deadline:
                with contextlib.suppress(asyncio.TimeoutError):
                    msg = json.loads((await ws.receive(timeout=1)).data)
                    if msg.get("method") == "Network.webSocketFrameReceived":
                        _keep(msg, received)
            await asyncio.sleep(1.5)  # the terminal paints what it received
            shot = await call("Page.captureScreenshot", format="png")
            return "".join(received), base64.b64decode(str(shot["data"]))


def _keep(msg: dict[str, object], received: list[str]) -> None:
    response = msg["params"]["response"]  # type: ignore[index]
    data = response["payloadData"]
    if response["opcode"] == 2:  # binary: base64
        data = base64.b64decode(data).decode("utf-8", "replace")
    received.append(data)


def test_serve_shows_the_agents_list_in_a_browser(demo_url: str, tmp_path: Path) -> None:
    _need(CHROMIUM is not None, "chromium is not installed (apt-get install chromium)")
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        _need(False, "textual-serve is not installed (pip install 'crewtui[web]')")
    port, debug_port = _free_port(), _free_port()
    env = {**os.environ, "CREWTUI_DATA_DIR": str(tmp_path / "data")}
    serve = [
        sys.executable,
        "-m",
        "crewtui",
        "--db",
        demo_url,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with _process(serve, env=env, cwd=os.getcwd()):
        _wait_http(f"http://127.0.0.1:{port}/")
        browser = [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--remote-debugging-port={debug_port}",
            "--remote-allow-origins=*",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "about:blank",
        ]
        with _process(browser):
            text, png = asyncio.run(
                _page_text_and_screenshot(
                    debug_port, f"http://127.0.0.1:{port}/", "account-strategist"
                )
            )
    assert "account-strategist" in text  # a row of the agents list reached the page
    assert "Agents" in text
    assert png.startswith(b"\x89PNG")
    (tmp_path / "serve.png").write_bytes(png)
    if os.environ.get("CREWTUI_SCREENSHOTS"):
        (ROOT / "screenshots" / "serve.png").write_bytes(png)
