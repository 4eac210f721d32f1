"""Set TCP_NODELAY on Jupyter kernel websockets (a tiny Jupyter server extension).

Why: jupyter_server (2.x) never calls tornado's ``set_nodelay(True)`` on the
kernel-channels websocket.  A widget round trip (click -> ``comm_msg`` ->
kernel -> ``status``/``comm_msg``/``status`` back) is several small websocket
frames; with Nagle's algorithm on, the second small write waits for the
browser's delayed ACK (~40 ms on Linux).  Setting TCP_NODELAY removes that
wait (measured on the floor benchmark: ~56 ms -> ~18 ms per click).

How: the kernel websocket handler (``KernelWebsocketHandler`` and Voila's
``VoilaKernelWebsocketHandler`` subclass) delegates to a configurable
"kernel websocket connection" object and awaits its ``connect()`` from the
handler's ``open()``, i.e. right after the websocket handshake, when the
stream exists.  We put :class:`NoDelayMixin` in front of that connection class,
so ``connect()`` first calls ``handler.set_nodelay(True)``.  No monkeypatching.

Two ways to turn it on:

* Jupyter server (JupyterLab, ``jupyter server``, Voila *as a server
  extension* at ``/voila/render/...``): enable this module as a server
  extension, e.g. ``--ServerApp.jpserver_extensions="{'yibao.serve.nodelay': True}"``.
  ``_load_jupyter_server_extension`` wraps whatever connection class the
  server is configured with (ZMQ channels by default, or the gateway one).
* Standalone ``voila`` (not a jupyter server; it loads no server
  extensions): ``--Voila.kernel_websocket_connection_class=yibao.serve.nodelay.NoDelayZMQChannelsWebsocketConnection``.

Each time the option is set, one INFO line is logged on the server
(``yibao.serve.nodelay: TCP_NODELAY=1 on kernel websocket <kernel id>``; the value
is read back from the socket with ``getsockopt``) and :data:`STATS` counts it.

This module must stay cheap to import: standard library only at import time
(jupyter_server is imported lazily), and nothing else from ``yibao``.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

__all__ = [
    "LOG_PREFIX",
    "NoDelayMixin",
    "STATS",
    "enable_nodelay",
    "with_nodelay",
]

LOG_PREFIX = "yibao.serve.nodelay:"

#: ``{"calls": n, "set": m}``: hook calls, and calls after which the socket
#: read back TCP_NODELAY=1.  Per server process.
STATS: dict[str, int] = {"calls": 0, "set": 0}

_log = logging.getLogger(__name__)


def _read_nodelay(handler: Any) -> int | None:
    """TCP_NODELAY as read back from the handler's socket (None if unknown)."""
    try:
        sock = handler.ws_connection.stream.socket
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return None
        return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0)
    except Exception:  # fake handlers in unit tests, closed streams, unix sockets
        return None


def enable_nodelay(handler: Any) -> int | None:
    """Call ``handler.set_nodelay(True)`` on an open websocket handler.

    Returns the TCP_NODELAY value read back from the socket (1), or None when
    it cannot be read (e.g. a unix socket or a fake handler).  Never raises:
    a failure is logged and the websocket carries on with Nagle on.
    """
    STATS["calls"] += 1
    log = getattr(handler, "log", None) or _log
    try:
        handler.set_nodelay(True)
    except Exception as exc:  # pragma: no cover - defensive; stream gone
        log.warning("%s could not set TCP_NODELAY: %r", LOG_PREFIX, exc)
        return None
    value = _read_nodelay(handler)
    if value:
        STATS["set"] += 1
    kernel_id = getattr(handler, "kernel_id", "?")
    log.info(
        "%s TCP_NODELAY=%s on kernel websocket %s",
        LOG_PREFIX,
        "?" if value is None else value,
        kernel_id,
    )
    return value


class NoDelayMixin:
    """Mix in front of a kernel websocket connection class.

    ``KernelWebsocketHandler.open()`` awaits ``connection.connect()``; the
    websocket stream exists by then, so this is the first safe place.
    """

    async def connect(self) -> Any:
        enable_nodelay(self.websocket_handler)  # type: ignore[attr-defined]
        return await super().connect()  # type: ignore[misc]


_cache: dict[type, type] = {}


def with_nodelay(cls: type) -> type:
    """Return a subclass of connection class ``cls`` with :class:`NoDelayMixin` first."""
    if issubclass(cls, NoDelayMixin):
        return cls
    if cls not in _cache:
        _cache[cls] = type(f"NoDelay{cls.__name__}", (NoDelayMixin, cls), {"__module__": __name__})
    return _cache[cls]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing this module does not import jupyter_server.
    if name == "NoDelayZMQChannelsWebsocketConnection":
        from jupyter_server.services.kernels.connection.channels import (
            ZMQChannelsWebsocketConnection,
        )

        cls = with_nodelay(ZMQChannelsWebsocketConnection)
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- Jupyter server extension ------------------------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "yibao.serve.nodelay"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    settings = serverapp.web_app.settings
    base = settings.get("kernel_websocket_connection_class") or serverapp.kernel_websocket_connection_class
    if isinstance(base, str):  # pragma: no cover - traitlets resolves it already
        from traitlets.utils.importstring import import_item

        base = import_item(base)
    cls = with_nodelay(base)
    settings["kernel_websocket_connection_class"] = cls
    # Keep the app's trait in sync (it calls close_all() on it at shutdown).
    try:
        serverapp.kernel_websocket_connection_class = cls
    except Exception:  # pragma: no cover - a validating trait that disagrees
        pass
    serverapp.log.info("%s enabled (kernel websocket connection class %s)", LOG_PREFIX, cls.__name__)


# Older jupyter_server / notebook-style name.
load_jupyter_server_extension = _load_jupyter_server_extension
