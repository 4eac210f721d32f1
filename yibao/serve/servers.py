"""How ``make lab`` and ``make app`` start JupyterLab and the Voila app: the one place their flags live.

``python -m yibao.serve.servers lab --port 8888 [Jupyter flags ...]`` and
``python -m yibao.serve.servers app --port 8866 [Voila flags ...]`` replace themselves (``exec``) with
the server; the Makefile calls them, and the browser tests' harness builds its servers from
:func:`lab_command` / :func:`app_command`, so both serve the app the same way.

- Both bind 127.0.0.1 only.
- JupyterLab serves the current directory and opens ``notebooks/00_start_here.ipynb``, with two
  server extensions: :mod:`yibao.serve.lab_language` (Lab's own UI follows the browser's
  Accept-Language) and :mod:`yibao.serve.nodelay` (TCP_NODELAY on the kernel websocket: without it
  quick clicks wait ~40 ms for the browser's delayed ACK).
- The app is standalone ``voila notebooks/`` (not Voila as a server extension): it exposes only
  the rendered notebooks (no Lab, no contents/terminals API; its kernels accept widget messages,
  never code; code cells are not shown). ``--classic-tree`` makes the landing page plain
  server-rendered links. Standalone Voila loads no server extensions, so TCP_NODELAY comes
  through its connection-class trait. Each visitor's kernel (~130 MiB) is shut down 5 minutes
  after the visitor left: Voila's own shutdown on page unload is refused (403, ``_xsrf``
  missing, voila-dashboards/voila#1458); kernels with an open page are never culled.
- The app's pages draw the explainers with the template's own small front end (``static/app.js``,
  from the state each explainer's output carries, synced over the kernel's websocket); Voila's
  front end, with the JupyterLab extensions below, is loaded only for a page showing other output.
- With a pool, the kernel a visitor took is replaced :data:`POOL_FILL_DELAY_S` seconds later, once
  the visitor's widgets are drawn; JupyterLab extensions the pages do not use
  (:data:`VOILA_EXTENSION_DENYLIST`) are not loaded.

Standard library only, like the server extensions.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

__all__ = ["app_command", "app_environment", "lab_command", "main"]

HOST = "127.0.0.1"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
NOTEBOOKS_DIR = "notebooks"
NODELAY_EXTENSION = "yibao.serve.nodelay"
#: The server extensions JupyterLab runs with (``nodelay=False`` drops the second).
LAB_EXTENSIONS = ("yibao.serve.lab_language", NODELAY_EXTENSION)
VOILA_NODELAY = "--Voila.kernel_websocket_connection_class=yibao.serve.nodelay.NoDelayZMQChannelsWebsocketConnection"
VOILA_CULL = ("--MappingKernelManager.cull_idle_timeout=300", "--MappingKernelManager.cull_interval=60")
DEFAULT_PORTS = {"lab": 8888, "app": 8866}
#: The app's own Voila template (no CDN, page-language loading text and titles, a home page at /),
#: found through JUPYTER_PATH (see :func:`app_environment`).
TEMPLATE = "yibao"
TEMPLATE_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "share", "jupyter")
#: Pre-started kernels per notebook: a visitor's widgets appear without waiting for a kernel.
POOL_SIZE = 1
#: Seconds Voila waits before starting a kernel to refill the pool after a visitor took one (Voila's
#: default: 1 s). A refill is a Python process importing yibao and running the notebook; started
#: 1 s after the page was served it competes for the CPU with that visitor's page and kernel while
#: the widgets are being drawn (median time to widgets at 390 px, pool of one, same run on a loaded
#: 2-core machine: 1.91 s → 1.68 s with 3 s).
POOL_FILL_DELAY_S = 3
#: JupyterLab extensions installed in the environment that the app's pages do not use: the code
#: highlighting theme (the app shows no code). Each would be fetched and run on every page.
VOILA_EXTENSION_DENYLIST = ("jupyterlab_pygments",)


def lab_command(port: int, root_dir: str = ".", *, nodelay: bool = True, python: str = sys.executable) -> list[str]:
    """The JupyterLab command line (without the caller's extra flags)."""
    extensions = [name for name in LAB_EXTENSIONS if nodelay or name != NODELAY_EXTENSION]
    command = [
        python, "-m", "jupyterlab",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        "--ServerApp.jpserver_extensions={" + ", ".join(f"'{name}': True" for name in extensions) + "}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def app_command(
    port: int,
    notebooks: str = NOTEBOOKS_DIR,
    *,
    nodelay: bool = True,
    cull: bool = True,
    pool: int = POOL_SIZE,
    python: str = sys.executable,
) -> list[str]:
    """The standalone Voila command line serving the folder ``notebooks`` (without extra flags).

    ``pool`` kernels per notebook are started and run ahead of visitors (0: none, stock Voila).
    Run it in :func:`app_environment`.
    """
    command = [python, "-m", "voila", notebooks, f"--Voila.ip={HOST}", f"--Voila.port={port}", "--classic-tree", f"--template={TEMPLATE}"]
    command.append(f"--VoilaConfiguration.extension_denylist={list(VOILA_EXTENSION_DENYLIST)!r}")
    if pool:
        command += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={pool}",
            f"--VoilaKernelManager.fill_delay={POOL_FILL_DELAY_S}",
        ]
    if nodelay:
        command.append(VOILA_NODELAY)
    if cull:
        command.extend(VOILA_CULL)
    return command


def app_environment(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with JUPYTER_PATH leading to the app's Voila template."""
    paths = [TEMPLATE_ROOT, *filter(None, base.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**base, "JUPYTER_PATH": os.pathsep.join(paths)}


def main(argv: Sequence[str] | None = None) -> None:
    """Print where the server will be and replace this process with it."""
    parser = argparse.ArgumentParser(prog="python -m yibao.serve.servers", description=(__doc__ or "").split("\n")[0], allow_abbrev=False)
    parser.add_argument("server", choices=sorted(DEFAULT_PORTS), help="lab: JupyterLab; app: the notebooks as a Voila app")
    parser.add_argument("--port", type=int, help="default: 8888 (lab), 8866 (app)")
    args, extra = parser.parse_known_args(argv)
    port = args.port or DEFAULT_PORTS[args.server]
    if args.server == "lab":
        command = lab_command(port)
        print(f"JupyterLab: http://{HOST}:{port}/lab/tree/{START_NOTEBOOK} (token in the log below)", flush=True)
    else:
        command = app_command(port)
        start = START_NOTEBOOK.removeprefix(NOTEBOOKS_DIR + "/")
        print(f"Voila app: http://{HOST}:{port}/  (start: http://{HOST}:{port}/voila/render/{start})", flush=True)
    command += extra
    os.execve(command[0], command, app_environment(os.environ))


if __name__ == "__main__":
    main()
