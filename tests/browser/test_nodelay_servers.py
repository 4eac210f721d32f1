"""yibao.serve.nodelay in real servers: a kernel websocket opened on JupyterLab and on standalone Voila
(as ``make lab`` / ``make app`` start them) gets TCP_NODELAY, for that kernel.

Browser tier (servers start only here), but no browser: a tornado websocket client does one
``kernel_info`` round trip on the session's servers.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.request
import uuid

import pytest

import harness

from ..test_nodelay import run_async

pytestmark = pytest.mark.browser


def _kernel_info_over_websocket(server: harness.JupyterServer, kernel_id: str) -> None:
    """Open the kernel-channels websocket, do a kernel_info round trip, close."""
    from tornado.websocket import websocket_connect

    ws_url = server.base_url.replace("http://", "ws://") + (
        f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}&token={server.token}"
    )
    msg_id = uuid.uuid4().hex
    request = {
        "header": {
            "msg_id": msg_id,
            "msg_type": "kernel_info_request",
            "session": uuid.uuid4().hex,
            "username": "test",
            "date": "2025-01-01T00:00:00Z",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {},
        "channel": "shell",
    }

    async def run() -> None:
        conn = await asyncio.wait_for(websocket_connect(ws_url), 30)
        try:
            await conn.write_message(json.dumps(request))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                raw = await asyncio.wait_for(conn.read_message(), 60)
                assert raw is not None, "websocket closed before kernel_info_reply"
                if isinstance(raw, bytes):
                    continue
                reply = json.loads(raw)
                if reply.get("msg_type") == "kernel_info_reply" and reply["parent_header"].get("msg_id") == msg_id:
                    return
            raise TimeoutError("no kernel_info_reply")
        finally:
            conn.close()

    run_async(run)


def _wait_for_log(server: harness.JupyterServer, needle: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in server.log_text():
            return
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} not in the {server.kind} log:\n{server.log_text()[-3000:]}")


def test_lab_server_sets_nodelay_on_the_kernel_websocket(lab_server: harness.JupyterServer) -> None:
    assert "yibao.serve.nodelay: enabled" in lab_server.log_text()
    kernel_id = lab_server.request("POST", "/api/kernels", {"name": "python3"})["id"]
    try:
        _kernel_info_over_websocket(lab_server, kernel_id)
        _wait_for_log(lab_server, f"{harness.NODELAY_LOG_LINE} {kernel_id}")
    finally:
        lab_server.request("DELETE", f"/api/kernels/{kernel_id}")


def test_standalone_voila_sets_nodelay_on_the_kernel_websocket(voila_server: harness.JupyterServer) -> None:
    url = voila_server.url("/voila/render/benchmarks/floor.ipynb")
    with urllib.request.urlopen(url, timeout=120) as resp:
        html = resp.read().decode()
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
    assert match, "no kernel id in the rendered Voila page"
    kernel_id = match.group(1)
    _kernel_info_over_websocket(voila_server, kernel_id)
    _wait_for_log(voila_server, f"{harness.NODELAY_LOG_LINE} {kernel_id}")
