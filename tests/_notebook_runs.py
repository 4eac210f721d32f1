"""Execute every notebook once (nbclient), with outbound network blocked, once per test session.

The session fixture ``notebook_runs`` (``tests/conftest.py``) is the only user: the notebook
checks (``test_notebooks_run.py``), the no-network checks (``test_no_network.py``) and the
determinism checks (``test_determinism.py``) all read the same executions. As soon as
collection shows a selected test needs them, :func:`start` begins the executions in a
background thread, so the kernels run beside the in-process tests; :func:`notebook_runs`
waits for them.

Each kernel starts with a private ``IPYTHONDIR`` whose startup file installs an audit hook
(:pep:`578`) that
- refuses every socket connection / DNS lookup / datagram to a non-loopback address and
  records the attempt (the kernel's own ZMQ sockets are libzmq's, on 127.0.0.1, and unaffected);
- records every file opened for writing.
After the notebook's own cells, a probe cell (not part of the notebook) builds every widget
and drives it like a user — with "typed" values computed at run time, so they do not appear
in the probe's source (which IPython's history stores) — digests every table and a few API
results, and prints as JSON what the hook recorded, the model ids of the widgets it built,
the digests, ``hash("yibao")`` and the data folder it read.

Every kernel gets its own ``PYTHONHASHSEED`` (set iteration order differs between them), so
what the probe builds and digests, the same way in every kernel, must come out identical:
that is the determinism check. The places the app could write to (repo top level, notebooks,
package, data folders) are snapshotted before and after all executions.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import copy
import json
import os
import pickle
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
#: One PYTHONHASHSEED per notebook, all different.
HASH_SEEDS = {path.name: str(index + 1) for index, path in enumerate(NOTEBOOKS)}
PARALLEL = 2
CELL_TIMEOUT = 180
PROBE_TAG = "yibao-probe"
SENTINEL_WAGE = 999_888  # typed into the widgets by the probe; never written to any file
SENTINEL_PENSION = 98_765
#: Paths under the repo that are test/tool artefacts, not something the app wrote.
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", ".git", "artifacts", ".venv"}

GUARD = r'''
"""yibao test guard: no outbound network, and a record of every file opened for writing."""
import os as _os
import socket as _socket
import sys as _sys


class _YibaoGuard:
    """What the audit hook saw: refused network attempts, files opened for writing."""

    def __init__(self):
        self.attempts = []
        self.writes = []


def _yibao_guard_install():
    guard = _YibaoGuard()
    local = ("127.", "::1", "localhost", "0.0.0.0", "::ffff:127.")
    write_flags = _os.O_WRONLY | _os.O_RDWR | _os.O_APPEND | _os.O_CREAT | _os.O_TRUNC
    unix = getattr(_socket, "AF_UNIX", None)
    by_address = {"socket.connect", "socket.sendto", "socket.sendmsg"}
    by_name = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.gethostbyname_ex"}
    watched = frozenset({"open", "urllib.Request", "http.client.connect"} | by_address | by_name)

    def refuse(event, host):
        guard.attempts.append([event, repr(host)])
        raise ConnectionRefusedError(f"yibao test: outbound network blocked ({event} {host!r})")

    def handle(event, args):
        if event == "open":
            path, mode, flags = args
            writing = (mode and any(c in mode for c in "wax+")) or (flags and flags & write_flags)
            if writing and isinstance(path, (str, bytes, _os.PathLike)):
                guard.writes.append(_os.fsdecode(path))
            return
        if event == "urllib.Request":
            refuse(event, str(args[0]))
        if event == "http.client.connect":
            host = args[1]
        elif event in by_address:
            sock, address = args[0], args[-1]
            if getattr(sock, "family", None) == unix or not isinstance(address, tuple):
                return
            host = address[0]
        else:
            host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is None or host == "" or str(host).startswith(local):
            return
        refuse(event, host)

    def hook(event, args, watched=watched, handle=handle):
        if event in watched:
            handle(event, args)

    _sys.addaudithook(hook)
    return guard


_yibao_guard = _yibao_guard_install()
del _yibao_guard_install
'''

PROBE = f"""# {PROBE_TAG}: build and drive every widget like a user, digest the data, report what the guard recorded
import datetime as _dt, hashlib as _hashlib, json as _json
import pandas as _pd
import yibao as _yibao
from yibao import widgets as _yw
from yibao.data.store import data_dir as _data_dir, load_table as _load_table
from yibao.data.tables import TABLES as _TABLES
_typed = int("9" * 3 + "8" * 3), int("98" + "765")
_page = _yw.Language()
_c = _yw.credit_calculator(_page); _c.wage = _typed[0]; _c.pension = _typed[1]
_c.on = "2020-05-01"; _c.status = "retiree"
_b = _yw.balance_chart(_page); _b.wage = _typed[0] % 40000; _b.months = 120
_b.stop_month = 30; _b.pension = _typed[1]
_e = _yw.channel_finder(_page); _e.mode = "offline"; _e.avoid = ["password"]
_w = _yw.withdrawal_steps(_page); _w.scenario = "quit_insurance"
_m = _yw.claim_checker(_page); _m.verdict = "wrong"
_y = _yw.year_of_care(_page); _y.wage_base = float(_typed[0]); _y.pension = float(_typed[1]); _y.status = "retiree"
_y.bills = [*_y.bills, [f"{{_y.year}}-03-01", "outpatient", 300.0, "community"]]; _y.bills = _y.bills[1:]; _y.report()
_built = [_yw.language_toggle(_page), _yw.account_table(language=_page), _c, _b, _e, _w, _m,
          _yw.family_sharing_timeline(_page), _yw.non_payable_list(_page), _y]
_page.value = "en"; _page.value = "zh"

def _digest(frame):
    rows = _pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy().tobytes()
    meta = _json.dumps([list(map(str, frame.columns)), list(map(str, frame.dtypes)), list(map(str, frame.index))])
    return _hashlib.sha256(rows + meta.encode()).hexdigest()

_digests = {{f"table:{{_name}}": _digest(_load_table(_name)) for _name in _TABLES}}
_digests["api:compare_accounts"] = _digest(_yibao.compare_accounts("en"))
_digests["api:filter_channels"] = _digest(_yibao.filter_channels(shows="pooled_quota"))
_digests["api:project_balances"] = _digest(_yibao.project_balances(
    "2024-01-01", 24, wage_base=8000, city="guangzhou", outpatient_cost_per_month=3000))
_digests["api:assess_withdrawal"] = repr(_yibao.assess_withdrawal("quit_insurance", region="jiangyin", lang="en"))
print(_json.dumps({{"attempts": _yibao_guard.attempts, "writes": sorted(set(_yibao_guard.writes)),
                   "widgets": [_x.model_id for _x in _built], "digests": _digests,
                   "hash": hash("yibao"), "data": str(_data_dir())}}))
"""


@dataclass
class Execution:
    notebook: str
    book: nbformat.NotebookNode
    seconds: float
    probe: dict = field(default_factory=dict)
    error: str | None = None


@dataclass
class NotebookRuns:
    executions: dict[str, Execution]
    repo_before: dict[str, tuple[int, int]]
    repo_after: dict[str, tuple[int, int]]
    data_dirs: list[Path]
    work_dir: Path
    seconds: float

    def changed_paths(self) -> list[str]:
        before, after = self.repo_before, self.repo_after
        return sorted(p for p in after if before.get(p) != after[p]) + sorted(f"(deleted) {p}" for p in before if p not in after)


def snapshot(*roots: Path) -> dict[str, tuple[int, int]]:
    """{path: (mtime_ns, size)} of every file under ``roots``, minus tool/test artefacts.

    A root given as ``(path, False)`` is listed without its subfolders."""
    found = {}
    for root in roots:
        root, recursive = root if isinstance(root, tuple) else (root, True)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if recursive and d not in IGNORED_PARTS and not d.startswith(".mypy")]
            for name in filenames:
                path = Path(dirpath) / name
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def snapshot_roots(dirs: list[Path]) -> list:
    """Where the app could leave files: the repo's top level, the notebooks' folder (the
    kernels' working directory), the package and the data folders. (Files opened for writing
    anywhere are caught by the audit hook; this also catches writers below Python. The rest of
    the tree is left out: in a shared checkout, colleagues' edits there are not the app's.)"""
    return [(ROOT, False), NOTEBOOK_DIR, ROOT / "yibao", *dirs]


def data_dirs(environ: dict[str, str]) -> list[Path]:
    dirs = [ROOT / "data"]
    override = environ.get("YIBAO_DATA_DIR")
    if override and Path(override).resolve() != (ROOT / "data").resolve():
        dirs.append(Path(override))
    return dirs


def _kernel_env(work: Path, notebook: str, environ: dict[str, str]) -> dict[str, str]:
    ipython = work / f"ipython-{Path(notebook).stem}"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-yibao-guard.py").write_text(GUARD, encoding="utf-8")
    runtime = work / "runtime"
    runtime.mkdir(exist_ok=True)
    env = dict(environ)
    env.update(
        IPYTHONDIR=str(ipython),
        JUPYTER_RUNTIME_DIR=str(runtime),
        MPLBACKEND="Agg",
        PYTHONHASHSEED=HASH_SEEDS[notebook],
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [environ.get("PYTHONPATH")])]),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _with_probe(book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    book = copy.deepcopy(book)
    cell = nbformat.v4.new_code_cell(PROBE)
    cell.metadata["tags"] = [PROBE_TAG]
    book.cells.append(cell)
    return book


async def _execute(path: Path, work: Path, environ: dict[str, str], limit: asyncio.Semaphore) -> Execution:
    async with limit:
        book = _with_probe(nbformat.read(path, as_version=4))
        client = NotebookClient(
            book,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
            store_widget_state=True,
            record_timing=True,
        )
        started = time.perf_counter()
        error = None
        try:
            await client.async_execute(env=_kernel_env(work, path.name, environ))
        except Exception as exc:  # noqa: BLE001 - reported by the tests, with the cell
            error = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        probe = {}
        last = book.cells[-1]
        for output in last.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                try:
                    probe = json.loads(output["text"].strip().splitlines()[-1])
                except (ValueError, IndexError):
                    pass
        return Execution(path.name, book, seconds, probe, error)


async def _execute_all(work: Path, environ: dict[str, str]) -> list[Execution]:
    limit = asyncio.Semaphore(PARALLEL)
    jobs = [_execute(path, work, environ, limit) for path in NOTEBOOKS]
    return list(await asyncio.gather(*jobs))


def _run_all(environ: dict[str, str]) -> NotebookRuns:
    work = Path(tempfile.mkdtemp(prefix="yibao-nbruns-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    dirs = data_dirs(environ)
    before = snapshot(*snapshot_roots(dirs))
    started = time.perf_counter()
    loop = asyncio.new_event_loop()
    try:
        executions = loop.run_until_complete(_execute_all(work, environ))
    finally:
        loop.close()
    seconds = time.perf_counter() - started
    after = snapshot(*snapshot_roots(dirs))
    return NotebookRuns({e.notebook: e for e in executions}, before, after, dirs, work, seconds)


_STARTED: dict[str, concurrent.futures.Future[NotebookRuns]] = {}
#: How long a pytest-xdist worker waits for the runs another worker executes.
HANDOFF_TIMEOUT = 20 * 60


def hand_off(runs: NotebookRuns, handoff: Path) -> None:
    """Write ``runs`` for the other pytest-xdist workers: the file appears complete or not at all."""
    partial = handoff.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(runs))
    partial.replace(handoff)


def receive(handoff: Path, timeout: float = HANDOFF_TIMEOUT) -> NotebookRuns:
    """The runs another worker hands off (waits up to ``timeout`` seconds for them)."""
    waited = 0.0
    while not handoff.exists():
        if waited > timeout:
            raise TimeoutError(f"no notebook runs in {handoff} after {timeout} s (did the executing worker fail?)")
        time.sleep(0.1)
        waited += 0.1
    runs: NotebookRuns = pickle.loads(handoff.read_bytes())
    return runs


def _run_and_hand_off(environ: dict[str, str], handoff: Path | None) -> NotebookRuns:
    runs = _run_all(environ)
    if handoff is not None:
        hand_off(runs, handoff)
    return runs


def start(handoff: Path | None = None) -> None:
    """Begin executing every notebook in a background thread (at most once per process).

    The kernels get the environment as it is now: tests that run meanwhile may change
    ``os.environ`` (e.g. point ``YIBAO_DATA_DIR`` at a broken copy of the data). With
    ``handoff`` (under pytest-xdist only one worker executes them), the runs are also written
    there for the other workers."""
    if "runs" not in _STARTED:
        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="yibao-notebooks")
        _STARTED["runs"] = pool.submit(_run_and_hand_off, dict(os.environ), handoff)
        pool.shutdown(wait=False)  # the thread ends with the executions (and is joined at exit)


def notebook_runs(handoff: Path | None = None) -> NotebookRuns:
    """Every notebook executed once, with snapshots around the executions (waits for them).

    ``handoff``: under pytest-xdist, where the worker that executes them writes the runs; a
    worker that did not start them reads them from there."""
    if "runs" not in _STARTED and handoff is not None:
        received: concurrent.futures.Future[NotebookRuns] = concurrent.futures.Future()
        received.set_result(receive(handoff))
        _STARTED["runs"] = received
    start()
    return _STARTED["runs"].result()


# --- helpers for the tests ---------------------------------------------------------------------------

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def notebook_cells(book: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The notebook's own cells (without the probe)."""
    return [c for c in book.cells if PROBE_TAG not in c.get("metadata", {}).get("tags", [])]


def cell_errors(book: nbformat.NotebookNode) -> list[str]:
    found = []
    for index, cell in enumerate(book.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index}: stderr: {output.get('text', '')[:500]}")
    return found


def widget_state(book: nbformat.NotebookNode, roots: list[str]) -> str:
    """The saved state (values, option lists, chart PNG bytes) of the widgets ``roots`` and
    everything they contain, as JSON with the volatile parts normalised: model ids (random per
    kernel) renumbered in the order a walk from the roots meets them, memory addresses masked."""
    state = book.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    order: dict[str, str] = {}

    def visit(node: object) -> None:
        if isinstance(node, dict):
            for key in sorted(node):
                visit(node[key])
        elif isinstance(node, list | tuple):
            for item in node:
                visit(item)
        elif isinstance(node, str) and node.startswith("IPY_MODEL_"):
            meet(node[len("IPY_MODEL_") :])

    def meet(model_id: str) -> None:
        if model_id not in order:
            order[model_id] = f"MODEL{len(order)}"
            visit(state.get(model_id, {}))

    for root in roots:
        meet(root)
    shown = {order[m]: state[m] for m in order if m in state}
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str)
    text = _MODEL_ID.sub(lambda m: order.get(m.group(0), m.group(0)), text)
    return _ADDRESS.sub("0xADDR", text)


def is_under(path: str, roots: list[Path]) -> bool:
    resolved = Path(path).resolve() if os.path.isabs(path) else (NOTEBOOK_DIR / path).resolve()
    return any(resolved == root.resolve() or root.resolve() in resolved.parents for root in roots)
