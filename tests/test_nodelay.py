"""yibao.nodelay: kernel websockets get TCP_NODELAY, in JupyterLab and in standalone Voila."""

from __future__ import annotations

import ast
import asyncio
import json
import logging
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from yibao import nodelay

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import harness  # noqa: E402


def run_async(make_coro):  # type: ignore[no-untyped-def]
    """asyncio.run() in a worker thread: safe even if the main thread has a running loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coro())).result()


# --- unit ------------------------------------------------------------------------


class FakeHandler:
    kernel_id = "fake-kernel"
    log = logging.getLogger("test_nodelay")

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def set_nodelay(self, value: bool) -> None:
        self.calls.append(value)


class FakeConnection:
    """Stands in for ZMQChannelsWebsocketConnection: records when connect() ran."""

    def __init__(self, handler: FakeHandler) -> None:
        self.websocket_handler = handler
        self.nodelay_calls_at_connect: list[bool] | None = None

    async def connect(self) -> str:
        self.nodelay_calls_at_connect = list(self.websocket_handler.calls)
        return "connected"


def test_mixin_sets_nodelay_before_connecting() -> None:
    handler = FakeHandler()
    conn = nodelay.with_nodelay(FakeConnection)(handler)
    before = dict(nodelay.STATS)
    assert run_async(conn.connect) == "connected"
    assert handler.calls == [True]
    assert conn.nodelay_calls_at_connect == [True], "set_nodelay must run before the base connect()"
    assert nodelay.STATS["calls"] == before["calls"] + 1


def test_with_nodelay_is_cached_and_idempotent() -> None:
    cls = nodelay.with_nodelay(FakeConnection)
    assert nodelay.with_nodelay(FakeConnection) is cls
    assert nodelay.with_nodelay(cls) is cls
    assert issubclass(cls, FakeConnection) and issubclass(cls, nodelay.NoDelayMixin)


def test_enable_nodelay_sets_the_socket_option_on_a_real_tornado_stream() -> None:
    from tornado.iostream import IOStream

    async def run() -> tuple[int, int, int | None]:
        with socket.create_server(("127.0.0.1", 0)) as listener:
            client = socket.create_connection(listener.getsockname())
            server_sock, _ = listener.accept()
            stream = IOStream(server_sock)
            handler = FakeHandler()
            handler.ws_connection = SimpleNamespace(stream=stream)  # type: ignore[attr-defined]
            handler.set_nodelay = stream.set_nodelay  # type: ignore[method-assign]
            before = server_sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            value = nodelay.enable_nodelay(handler)
            after = server_sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            stream.close()
            client.close()
            return before, after, value

    before, after, value = run_async(run)
    assert before == 0, "tornado's default is Nagle on (else this fix is moot)"
    assert after != 0 and value == 1


def test_server_extension_wraps_the_configured_connection_class(caplog: pytest.LogCaptureFixture) -> None:
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    app = SimpleNamespace(
        web_app=SimpleNamespace(settings={"kernel_websocket_connection_class": ZMQChannelsWebsocketConnection}),
        kernel_websocket_connection_class=ZMQChannelsWebsocketConnection,
        log=logging.getLogger("fake-serverapp"),
    )
    assert nodelay._jupyter_server_extension_points() == [{"module": "yibao.nodelay"}]
    with caplog.at_level(logging.INFO):
        nodelay._load_jupyter_server_extension(app)
        nodelay._load_jupyter_server_extension(app)  # loading twice must not stack mixins
    cls = app.web_app.settings["kernel_websocket_connection_class"]
    assert issubclass(cls, ZMQChannelsWebsocketConnection) and issubclass(cls, nodelay.NoDelayMixin)
    assert cls.__mro__.count(nodelay.NoDelayMixin) == 1
    assert app.kernel_websocket_connection_class is cls
    # The name `make app` gives Voila resolves to the same class.
    assert nodelay.NoDelayZMQChannelsWebsocketConnection is cls
    assert "yibao.nodelay: enabled" in caplog.text


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "yibao" / "nodelay.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name.split(".")[0] for n in top if isinstance(n, ast.Import) for a in n.names}
    names |= {(n.module or "").split(".")[0] for n in top if isinstance(n, ast.ImportFrom)}
    assert all(n.level == 0 for n in top if isinstance(n, ast.ImportFrom)), "no relative imports from yibao"
    assert names <= {"__future__", "logging", "socket", "typing"}, names
    code = "import sys, yibao.nodelay; print(sorted(m for m in ('jupyter_server', 'tornado', 'voila') if m in sys.modules))"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"


def test_makefile_uses_the_same_flags_as_the_test_servers() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^LAB_EXTENSIONS\s*:=\s*(.+)$", makefile, re.M)
    voila = re.search(r"^NODELAY_VOILA\s*:=\s*(.+)$", makefile, re.M)
    assert lab and voila
    assert lab.group(1).strip().strip('"') == harness.LAB_EXTENSION_ARGS[0]
    assert voila.group(1).strip() == harness.NODELAY_VOILA_ARGS[0]
    assert "$(LAB_EXTENSIONS)" in makefile and "$(NODELAY_VOILA)" in makefile
    cull = re.search(r"^VOILA_CULL\s*:=\s*(.+)$", makefile, re.M)
    assert cull and cull.group(1).split() == harness.VOILA_CULL_ARGS
    assert "$(VOILA_CULL)" in makefile


# --- integration: real servers, real websocket --------------------------------------


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


def test_lab_server_sets_nodelay_on_the_kernel_websocket(tmp_path: Path) -> None:
    server = harness.start_lab(tmp_path, nodelay=True)
    try:
        assert "yibao.nodelay: enabled" in server.log_text()
        kernel_id = server.request("POST", "/api/kernels", {"name": "python3"})["id"]
        _kernel_info_over_websocket(server, kernel_id)
        _wait_for_log(server, f"{harness.NODELAY_LOG_LINE} {kernel_id}")
        server.shutdown_kernels()
    finally:
        server.stop()


def test_standalone_voila_sets_nodelay_on_the_kernel_websocket(tmp_path: Path) -> None:
    server = harness.start_voila(tmp_path, nodelay=True)
    try:
        req = urllib.request.Request(server.url("/voila/render/benchmarks/floor.ipynb"), headers={"Authorization": f"token {server.token}"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            html = resp.read().decode()
        match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
        assert match, "no kernel id in the rendered Voila page"
        kernel_id = match.group(1)
        _kernel_info_over_websocket(server, kernel_id)
        _wait_for_log(server, f"{harness.NODELAY_LOG_LINE} {kernel_id}")
    finally:
        server.stop()
