"""yibao.serve.nodelay: kernel websockets get TCP_NODELAY (in-process; real servers: tests/browser/test_nodelay_servers.py)."""

from __future__ import annotations

import ast
import asyncio
import logging
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from yibao.serve import nodelay

ROOT = Path(__file__).resolve().parent.parent


def run_async(make_coro):  # type: ignore[no-untyped-def]
    """asyncio.run() in a worker thread: safe even if the main thread has a running loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coro())).result()


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
    assert nodelay._jupyter_server_extension_points() == [{"module": "yibao.serve.nodelay"}]
    with caplog.at_level(logging.INFO):
        nodelay._load_jupyter_server_extension(app)
        nodelay._load_jupyter_server_extension(app)  # loading twice must not stack mixins
    cls = app.web_app.settings["kernel_websocket_connection_class"]
    assert issubclass(cls, ZMQChannelsWebsocketConnection) and issubclass(cls, nodelay.NoDelayMixin)
    assert cls.__mro__.count(nodelay.NoDelayMixin) == 1
    assert app.kernel_websocket_connection_class is cls
    # The name `make app` gives Voila resolves to the same class.
    assert nodelay.NoDelayZMQChannelsWebsocketConnection is cls
    assert "yibao.serve.nodelay: enabled" in caplog.text


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "yibao" / "serve" / "nodelay.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = {a.name.split(".")[0] for n in top if isinstance(n, ast.Import) for a in n.names}
    names |= {(n.module or "").split(".")[0] for n in top if isinstance(n, ast.ImportFrom)}
    assert all(n.level == 0 for n in top if isinstance(n, ast.ImportFrom)), "no relative imports from yibao"
    assert names <= {"__future__", "logging", "socket", "typing"}, names
    code = "import sys, yibao.serve.nodelay; print(sorted(m for m in ('jupyter_server', 'tornado', 'voila') if m in sys.modules))"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"
