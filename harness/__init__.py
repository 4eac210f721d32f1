"""Start JupyterLab / Voila / Chromium for the browser tests and the benchmarks.

Used by ``tests/browser/conftest.py`` (pytest fixtures) and by ``benchmarks/``: a neutral
package above ``yibao``, below both (an import-linter contract).  Standard library only at
import time; Playwright and psutil are imported where needed.

Servers, built from the same command lines as ``make lab`` / ``make app``
(:mod:`yibao.serve.servers`), plus what a test needs:

* :func:`start_lab` -- :func:`yibao.serve.servers.lab_command` on a random port with a
  random token, ``--expose-app-in-browser`` (so tests can drive ``window.jupyterapp``)
  (``nodelay=False`` drops the TCP_NODELAY extension, for the comparison
  benchmark).  User settings (language, autosave off, no news pop-up) live in a
  temporary ``user_settings_dir``.
* :func:`start_voila` -- :func:`yibao.serve.servers.app_command` serving a directory
  (``/voila/render/<path>``).

Each server runs in its own process group with its own temporary
JUPYTER_CONFIG_DIR / JUPYTER_DATA_DIR / JUPYTER_RUNTIME_DIR / IPYTHONDIR,
so nothing is read from or written to the user's home; :meth:`JupyterServer.stop`
terminates the group and any kernels (which jupyter_client starts in their own
sessions) so no process is left behind.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yibao.serve import servers

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"
#: ``.yibao-explainer`` widgets per notebook, in story order (browser tests and benchmarks).
#: explainers per page (the browser explainers' language toggle is one of them)
WIDGETS_PER_NOTEBOOK = {
    "00_start_here": 3,
    "01_accounts": 4,
    "02_channels": 2,
    "03_withdrawal": 2,
    "04_myths": 3,
    "05_family": 3,
    "06_year_of_care": 2,
}

NODELAY_LOG_LINE = "yibao.serve.nodelay: TCP_NODELAY=1 on kernel websocket"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Lab language codes accepted by :func:`start_lab` / :meth:`JupyterServer.set_language`;
#: "browser" keeps Lab's "default" setting, which ``yibao.serve.lab_language`` resolves from the browser.
LANGUAGES = {"en": "en", "zh": "zh_CN", "zh_CN": "zh_CN", "zh-CN": "zh_CN", "browser": "default"}

# JupyterLab user settings written before the server starts.
_LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # Never write outputs back into the repo's notebooks during tests.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # No "get notified about official Jupyter news?" toast, no update check.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings_file(settings_dir: Path, plugin_id: str) -> Path:
    package, plugin = plugin_id.split(":")
    return settings_dir / package / f"{plugin}.jupyterlab-settings"


def write_lab_settings(settings_dir: Path, plugin_id: str, values: dict[str, Any]) -> None:
    path = _settings_file(settings_dir, plugin_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def isolated_env(tmp_dir: Path, *, mplconfigdir: Path | None = None) -> dict[str, str]:
    """Environment for a server: private Jupyter/IPython dirs, inline matplotlib."""
    env = dict(os.environ)
    for name in ("config", "data", "runtime", "ipython", "settings", "workspaces"):
        (tmp_dir / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp_dir / "config"),
        JUPYTER_DATA_DIR=str(tmp_dir / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_dir / "runtime"),
        IPYTHONDIR=str(tmp_dir / "ipython"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_dir / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_dir / "workspaces"),
        MPLCONFIGDIR=str(mplconfigdir or (tmp_dir / "mpl")),
        PYTHONUNBUFFERED="1",
    )
    # `make test` exports MPLBACKEND=Agg for the test process; kernels behind a
    # browser must use the inline backend like a user's would.
    env.pop("MPLBACKEND", None)
    env.pop("JUPYTER_TOKEN", None)
    return env


@dataclass
class JupyterServer:
    kind: str  # "lab" or "voila"
    base_url: str  # http://127.0.0.1:PORT (no trailing slash)
    token: str
    proc: subprocess.Popen
    log_path: Path
    tmp_dir: Path
    root_dir: Path
    nodelay: bool
    settings_dir: Path | None = None
    _log_file: Any = field(default=None, repr=False)

    # -- URLs and HTTP -----------------------------------------------------
    def url(self, path: str = "/", **params: str) -> str:
        """Absolute URL with the token, e.g. ``url('/lab/tree/x.ipynb', reset='')``."""
        query = {**params, "token": self.token}
        return f"{self.base_url}{path}?{urllib.parse.urlencode(query)}"

    def request(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def nodelay_count(self) -> int:
        """How many kernel websockets the nodelay extension has switched to TCP_NODELAY."""
        return self.log_text().count(NODELAY_LOG_LINE)

    # -- JupyterLab --------------------------------------------------------
    def set_lab_setting(self, plugin_id: str, values: dict[str, Any]) -> None:
        """Change a Lab user setting on the running server (applies on next page load)."""
        if self.kind != "lab":
            raise RuntimeError("Lab settings only exist on a JupyterLab server")
        self.request("PUT", f"/lab/api/settings/{plugin_id}", {"raw": json.dumps(values)})

    def set_language(self, language: str) -> None:
        """'en', 'zh_CN' (also 'zh') or 'browser'; takes effect when a Lab page is (re)loaded."""
        self.set_lab_setting("@jupyterlab/translation-extension:plugin", {"locale": LANGUAGES[language]})

    def shutdown_kernels(self) -> None:
        """Shut down every kernel (and Lab session) on this server."""
        try:
            if self.kind == "lab":
                for s in self.request("GET", "/api/sessions") or []:
                    self.request("DELETE", f"/api/sessions/{s['id']}")
                for k in self.request("GET", "/api/kernels") or []:
                    self.request("DELETE", f"/api/kernels/{k['id']}")
            else:  # standalone Voila: no kernel listing API; kernels die with the page or the server
                pass
        except (urllib.error.URLError, OSError):
            pass

    def kernel_pids(self) -> list[int]:
        """PIDs of the kernels this server started (they run in sessions of their own).

        A process a kernel forks shares the kernel's command line until it runs its own program; it
        is not a kernel, so a process whose parent is a kernel is left out.
        """
        kernels = {p.pid: p for p in _descendants(self.proc.pid) if "ipykernel" in " ".join(_cmdline(p))}
        return [pid for pid, p in kernels.items() if _parent_pid(p) not in kernels]

    # -- lifecycle ----------------------------------------------------------
    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 15) -> None:
        stop_process_tree(self.proc, timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _descendants(pid: int) -> list[Any]:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _parent_pid(process: Any) -> int | None:
    try:
        return process.ppid()
    except Exception:  # noqa: BLE001 - the process ended meanwhile
        return None


def _cmdline(process: Any) -> list[str]:
    try:
        return process.cmdline()
    except Exception:  # noqa: BLE001 - the process ended meanwhile
        return []


def _signal(proc: subprocess.Popen, pgid: int | None, sig: int) -> None:
    """Signal the server's process group (only the process if the group is ours)."""
    try:
        if pgid is not None and pgid != os.getpgid(0):
            os.killpg(pgid, sig)
        else:
            proc.send_signal(sig)
    except ProcessLookupError:
        pass


def stop_process_tree(proc: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM the process group (server shuts kernels down), then SIGKILL leftovers.

    Kernels are started by jupyter_client in *new sessions*, so they are not in
    the server's process group: they are collected (psutil) before the server
    is told to stop and killed afterwards if still alive.
    """
    if proc.poll() is not None:
        return
    children = _descendants(proc.pid)
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        pgid = None
    _signal(proc, pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal(proc, pgid, signal.SIGKILL)
        proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except Exception:
            try:
                child.kill()
            except Exception:
                pass


def _start(
    kind: str,
    cmd: list[str],
    *,
    tmp_dir: Path,
    token: str,
    port: int,
    root_dir: Path,
    nodelay: bool,
    env: dict[str, str],
    ready_path: str,
    timeout: float,
    settings_dir: Path | None = None,
) -> JupyterServer:
    log_path = tmp_dir / f"{kind}.log"
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
    proc = subprocess.Popen(
        cmd,
        cwd=str(root_dir),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = JupyterServer(
        kind=kind,
        base_url=f"http://127.0.0.1:{port}",
        token=token,
        proc=proc,
        log_path=log_path,
        tmp_dir=tmp_dir,
        root_dir=root_dir,
        nodelay=nodelay,
        settings_dir=settings_dir,
        _log_file=log_file,
    )
    try:
        wait_http_ready(server, ready_path, timeout=timeout)
    except BaseException:
        server.stop()
        raise
    return server


def wait_http_ready(server: JupyterServer, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(
                f"{server.kind} exited with code {server.proc.returncode} before it was ready; log:\n{server.log_text()[-4000:]}"
            )
        try:
            req = urllib.request.Request(server.base_url + path, headers={"Authorization": f"token {server.token}"})
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.25)
    raise TimeoutError(
        f"{server.kind} not ready at {server.base_url}{path} after {timeout:.0f}s ({last!r}); log:\n{server.log_text()[-4000:]}"
    )


def start_lab(
    tmp_dir: Path | None = None,
    *,
    root_dir: Path = REPO_ROOT,
    nodelay: bool = True,
    language: str = "en",
    python: str = sys.executable,
    mplconfigdir: Path | None = None,
    extra_args: list[str] | None = None,
    timeout: float = 120,
) -> JupyterServer:
    """Start JupyterLab serving ``root_dir``; returns once ``/api/status`` answers."""
    tmp_dir = Path(tmp_dir or tempfile.mkdtemp(prefix="yibao-lab-"))
    env = isolated_env(tmp_dir, mplconfigdir=mplconfigdir)
    settings_dir = tmp_dir / "settings"
    for plugin_id, values in _LAB_SETTINGS.items():
        write_lab_settings(settings_dir, plugin_id, values)
    write_lab_settings(settings_dir, "@jupyterlab/translation-extension:plugin", {"locale": LANGUAGES[language]})
    token, port = secrets.token_hex(16), free_port()
    cmd = servers.lab_command(port, str(root_dir), nodelay=nodelay, python=python) + [
        "--no-browser",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.user_settings_dir={settings_dir}",
        f"--LabApp.workspaces_dir={tmp_dir / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # Keep .ipynb_checkpoints/ out of the repo tree (Lab checkpoints a notebook it opens).
        f"--FileCheckpoints.checkpoint_dir={tmp_dir / 'checkpoints'}",
    ]
    cmd += extra_args or []
    return _start(
        "lab", cmd, tmp_dir=tmp_dir, token=token, port=port, root_dir=root_dir, nodelay=nodelay,
        env=env, ready_path="/api/status", timeout=timeout, settings_dir=settings_dir,
    )  # fmt: skip


def start_voila(
    tmp_dir: Path | None = None,
    *,
    root_dir: Path = REPO_ROOT,
    nodelay: bool = True,
    python: str = sys.executable,
    mplconfigdir: Path | None = None,
    show_tracebacks: bool = True,
    cull: bool = True,
    pool: int = 0,
    extra_args: list[str] | None = None,
    timeout: float = 120,
) -> JupyterServer:
    """Start standalone Voila serving directory ``root_dir`` (pages at ``/voila/render/<path>``).

    As ``make app`` does (the project's template), with kernel culling unless ``cull=False`` (then
    ``extra_args`` may set other culling flags). ``pool`` pre-started kernels per notebook, as
    ``make app`` runs with (:data:`yibao.serve.servers.POOL_SIZE`); 0 (stock Voila, one kernel per visitor)
    by default, because a session server serves the whole repository and a pool would pre-run every
    notebook in it.
    """
    tmp_dir = Path(tmp_dir or tempfile.mkdtemp(prefix="yibao-voila-"))
    env = servers.app_environment(isolated_env(tmp_dir, mplconfigdir=mplconfigdir))
    token, port = secrets.token_hex(16), free_port()
    cmd = servers.app_command(port, str(root_dir), nodelay=nodelay, cull=cull, pool=pool, python=python) + [
        "--no-browser",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        f"--VoilaConfiguration.show_tracebacks={show_tracebacks}",
    ]
    cmd += extra_args or []
    return _start(
        "voila", cmd, tmp_dir=tmp_dir, token=token, port=port, root_dir=root_dir, nodelay=nodelay,
        env=env, ready_path="/voila/tree", timeout=timeout,
    )  # fmt: skip


def start_make_target(target: str, tmp_dir: Path | None = None, *, timeout: float = 300) -> JupyterServer:
    """Run ``make lab`` or ``make app`` exactly as a user would, on a free port with a token.

    Only what a test needs is added through ``LAB_ARGS`` / ``APP_ARGS``: no browser, the
    token, and (Lab) no autosave and checkpoints outside the repo, so nothing is written
    into the notebooks.
    """
    if target not in ("lab", "app"):
        raise ValueError(f"target must be 'lab' or 'app', not {target!r}")
    tmp_dir = Path(tmp_dir or tempfile.mkdtemp(prefix=f"yibao-make-{target}-"))
    env = isolated_env(tmp_dir)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    token, port = secrets.token_hex(16), free_port()
    if target == "lab":
        for plugin_id, values in _LAB_SETTINGS.items():
            write_lab_settings(tmp_dir / "settings", plugin_id, values)
        args = f"--no-browser --IdentityProvider.token={token} --FileCheckpoints.checkpoint_dir={tmp_dir / 'checkpoints'}"
        variables = [f"LAB_PORT={port}", f"LAB_ARGS={args}"]
        kind, ready = "lab", "/api/status"
    else:
        variables = [f"APP_PORT={port}", f"APP_ARGS=--no-browser --Voila.token={token}"]
        kind, ready = "voila", "/voila/tree"
    return _start(
        kind, ["make", "--no-print-directory", target, *variables], tmp_dir=tmp_dir, token=token, port=port,
        root_dir=REPO_ROOT, nodelay=True, env=env, ready_path=ready, timeout=timeout,
    )  # fmt: skip


# --- Chromium ------------------------------------------------------------------


def find_chromium() -> str | None:
    """Debian's Chromium (Playwright's own browser download does not work here)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(path, os.X_OK):
            return path
    return None


def launch_chromium(playwright: Any, executable: str | None = None, **kwargs: Any) -> Any:
    """Headless Chromium via Playwright.

    Playwright gives every launch a fresh temporary profile (``--user-data-dir``)
    and deletes it on close; passing ``--user-data-dir`` ourselves is refused by
    ``launch()``.
    """
    executable = executable or find_chromium()
    if executable is None:
        raise FileNotFoundError("chromium not found (apt-get install chromium fonts-noto-cjk, or `make install`)")
    return playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS), **kwargs)


# --- page helpers ---------------------------------------------------------------

_WAIT_QUIET_JS = """
async ({quietMs, timeoutMs}) => {
  return await new Promise((resolve, reject) => {
    let timer;
    const t0 = performance.now();
    const done = () => { observer.disconnect(); clearTimeout(hard); resolve(performance.now() - t0); };
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(done, quietMs);
    const hard = setTimeout(() => { observer.disconnect(); reject(new Error('DOM never quiet for ' + quietMs + ' ms')); }, timeoutMs);
  });
}
"""


def wait_dom_quiet(page: Any, quiet_ms: int = 500, timeout_ms: int = 30_000) -> None:
    """Wait until the page's DOM has not changed for ``quiet_ms``."""
    page.evaluate(_WAIT_QUIET_JS, {"quietMs": quiet_ms, "timeoutMs": timeout_ms})


_LAB_NOTEBOOK_READY_JS = """
async (path) => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  const sleep = (ms) => new Promise(r => setTimeout(r, ms));
  let panel = null;
  for (let i = 0; i < 600 && !panel; i++) {
    const w = app.shell.currentWidget;
    if (w && w.context && w.context.path === path && w.content && w.sessionContext) panel = w;
    else await sleep(100);
  }
  if (!panel) throw new Error('notebook ' + path + ' did not open');
  await panel.context.ready;
  await panel.sessionContext.ready;
  return true;
}
"""

_LAB_RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  return await app.commands.execute('notebook:run-all-cells');
}
"""

_LAB_STATE_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return {ok: false, why: 'no notebook'};
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const status = kernel ? kernel.status : 'no kernel';
  const cells = panel.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const pending = cells.filter(c => c.model.executionCount === null || c.model.executionState === 'running').length;
  return {ok: status === 'idle' && pending === 0, status, cells: cells.length, pending};
}
"""


def open_lab_notebook(page: Any, server: JupyterServer, path: str, *, timeout_s: float = 120) -> None:
    """Open ``path`` (relative to the server root) in a fresh Lab workspace and wait for its kernel."""
    page.goto(server.url(f"/lab/tree/{path}", reset=""), timeout=timeout_s * 1000)
    page.wait_for_function("() => !!window.jupyterapp", timeout=timeout_s * 1000)
    page.evaluate(_LAB_NOTEBOOK_READY_JS, path)
    page.wait_for_function(
        "() => { const p = window.jupyterapp.shell.currentWidget;"
        " const k = p.sessionContext.session && p.sessionContext.session.kernel;"
        " return !!k && k.status === 'idle'; }",
        timeout=timeout_s * 1000,
    )


def lab_run_all(page: Any, *, timeout_s: float = 300, quiet_ms: int = 500) -> dict[str, Any]:
    """Run All in the current Lab notebook; wait until every code cell ran and the kernel is idle.

    Uses ``window.jupyterapp.commands.execute('notebook:run-all-cells')``
    (needs ``--LabApp.expose_app_in_browser=True``, which :func:`start_lab` sets).
    """
    page.evaluate(_LAB_RUN_ALL_JS)
    deadline = time.monotonic() + timeout_s
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = page.evaluate(_LAB_STATE_JS)
        if state.get("ok"):
            wait_dom_quiet(page, quiet_ms=quiet_ms, timeout_ms=int(timeout_s * 1000))
            return state
        time.sleep(0.2)
    raise TimeoutError(f"Run All did not finish in {timeout_s}s: {state}")


def open_voila(page: Any, server: JupyterServer, path: str, *, timeout_s: float = 300, quiet_ms: int = 500) -> None:
    """Open ``/voila/render/<path>`` and wait until cells are shown and widgets settled."""
    if server.kind != "voila":
        raise ValueError("open_voila needs a Voila server")
    page.goto(server.url(f"/voila/render/{path}"), timeout=timeout_s * 1000)
    page.wait_for_function(
        "() => !document.getElementById('loading') &&"
        " !!document.getElementById('rendered_cells') &&"
        " document.getElementById('rendered_cells').style.display !== 'none'",
        timeout=timeout_s * 1000,
    )
    wait_dom_quiet(page, quiet_ms=quiet_ms, timeout_ms=int(timeout_s * 1000))


_ERRORS_JS = """
() => {
  const found = [];
  const sel = [
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]',
  ].join(',');
  for (const el of document.querySelectorAll(sel)) found.push('error/stderr output: ' + el.innerText.slice(0, 2000));
  const text = document.body ? document.body.innerText : '';
  for (const needle of ['Error displaying widget', 'Traceback (most recent call last)',
                        'There was an error when executing cell']) {
    if (text.includes(needle)) found.push('page text contains: ' + needle);
  }
  return found;
}
"""


def page_errors(page: Any) -> list[str]:
    """Error outputs (stderr, tracebacks) and widget errors visible on the page."""
    return list(page.evaluate(_ERRORS_JS))


def assert_no_errors(page: Any) -> None:
    errors = page_errors(page)
    assert not errors, "errors on page {}:\n{}".format(page.url, "\n".join(errors))


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save ``tests/artifacts/<name>.png`` (directory is gitignored) and return its path."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = ARTIFACTS_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
