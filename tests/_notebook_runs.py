"""Every notebook runs once per test session, as nbval's ``--nbval-lax`` items, and the
no-network and determinism checks read that one execution.

nbval runs each notebook's cells in a kernel of its own (one test per cell: the cell must not
raise). This module adds to each notebook, after its last cell, a probe item run in the same
kernel, and starts that kernel in a prepared environment:
- a private ``IPYTHONDIR`` whose startup file installs an audit hook (:pep:`578`) that refuses
  every socket connection / DNS lookup / datagram to a non-loopback address and records the
  attempt (the kernel's own ZMQ sockets are libzmq's, on 127.0.0.1, and unaffected), and records
  every file opened for writing;
- a kernel configuration without the debugger (ipykernel imports debugpy's pydevd when it
  starts, 0.08 s of CPU a kernel, for a frontend's debug requests, which no test sends);
- its own ``PYTHONHASHSEED`` (set iteration order differs between the kernels);
- the environment of the session's start (a test that points ``YIBAO_DATA_DIR`` at a broken copy
  of the data does not reach the kernels).
The probe digests every table and a few API results and prints as JSON what the hook recorded,
the digests, ``hash("yibao")`` and the data folder it read. In two kernels (:data:`WIDGET_PROBES`) it
also builds every widget and drives it like a user — with "typed" values computed at run time, so
they do not appear in the probe's source (which IPython's history stores) — and reports the
widgets' state and the model ids of the widgets it built; in one of them it also computes the
pages' exports afresh (other kernels mostly read them from the cache folder) and reports their digests.
The places the app could write to (repo top level, notebooks, package, data folders) are
snapshotted around each notebook's run.

Each notebook's run (cell outputs, probe, snapshots) is written to the session's work folder,
where the ``notebook_runs`` fixture reads them all; the checks that read it run after the
notebooks (``sort_key``). Under pytest-xdist (``--dist loadfile``) each notebook is a file of
its own, so the two workers run them, and a check waits for those the other worker runs.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
#: One PYTHONHASHSEED per notebook, all different.
HASH_SEEDS = {path.name: str(index + 1) for index, path in enumerate(NOTEBOOKS)}
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

#: The kernels' configuration file (read before the kernel imports its debugger): no debugger.
NO_DEBUGGER = '''"""yibao test kernels: no debugger (ipykernel then reports none to a frontend)."""
import sys

sys.modules.setdefault("debugpy", None)  # ipykernel's ImportError branch: the kernel runs without a debugger
'''

#: The notebooks whose probes build and drive the widgets (kernels with different hash seeds: their states
#: are compared), and the one whose probe also computes the pages' exports afresh (the other kernels mostly
#: read them from the cache folder, see ``yibao.data.store.derived_json``): the start page's, whose finder has
#: built the search index in that kernel (pinyin loaded, ``_index`` kept in memory, never on disk), which the
#: finder's export is made from (0.75 s of CPU less than in a kernel that builds it for the export).
WIDGET_PROBES = tuple(path.name for path in NOTEBOOKS[:2])
FRESH_EXPORTS = NOTEBOOKS[0].name if NOTEBOOKS else ""

#: The pages' exports, each as a digest of its JSON; ``fresh``: computed again, not read from any cache.
EXPORT_DIGESTS = """
def _export_digests(fresh):
    import hashlib, json
    from yibao.answers.questions import question_index
    from yibao.rules.credit import credit_cities, credit_rules
    from yibao.rules.year_export import year_rules
    run = (lambda f: f.__wrapped__) if fresh else (lambda f: f)
    exports = {"credit_rules": run(credit_rules)(), "question_index": run(question_index)()}
    exports.update({f"year_rules:{city}": run(year_rules)(city) for city in credit_cities()})
    return {name: hashlib.sha256(json.dumps(value).encode()).hexdigest() for name, value in exports.items()}
"""

_WIDGETS = """from yibao import widgets as _yw
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
_y.bills = [*_y.bills, [f"{_y.year}-03-01", "outpatient", 300.0, "community"]]; _y.bills = _y.bills[1:]; _y.report()
_built = [_yw.language_toggle(_page), _yw.account_table(language=_page), _c, _b, _e, _w, _m,
          _yw.family_sharing_timeline(_page), _yw.non_payable_list(_page), _y]
_page.value = "en"; _page.value = "zh"
"""


def probe_source(notebook: str) -> str:
    """The probe of ``notebook``'s kernel: it digests the data; in :data:`WIDGET_PROBES` it also builds and
    drives every widget like a user (with "typed" values computed at run time, so that they do not appear in
    the probe's source, which IPython's history stores); it reports what the guard recorded."""
    widgets = notebook in WIDGET_PROBES
    drive = "build and drive every widget like a user, " if widgets else ""
    return f"""# {PROBE_TAG}: {drive}digest the data, report what the guard recorded
import hashlib as _hashlib, json as _json
import yibao as _yibao
from yibao.data.store import data_dir as _data_dir, load_table as _load_table
from yibao.data.tables import TABLES as _TABLES
from ipywidgets.embed import dependency_state as _dependency_state
{_WIDGETS if widgets else "_built = []"}
{EXPORT_DIGESTS}
def _digest(frame):
    rows = _json.dumps(frame.astype(str).to_numpy().tolist(), ensure_ascii=False)  # every cell as text
    meta = _json.dumps([list(map(str, frame.columns)), list(map(str, frame.dtypes)), list(map(str, frame.index))])
    return _hashlib.sha256((rows + meta).encode()).hexdigest()

_digests = {{f"table:{{_name}}": _digest(_load_table(_name)) for _name in _TABLES}}
_digests["api:compare_accounts"] = _digest(_yibao.compare_accounts("en"))
_digests["api:filter_channels"] = _digest(_yibao.filter_channels(shows="pooled_quota"))
_digests["api:project_balances"] = _digest(_yibao.project_balances(
    "2024-01-01", 24, wage_base=8000, city="guangzhou", outpatient_cost_per_month=3000))
_digests["api:assess_withdrawal"] = repr(_yibao.assess_withdrawal("quit_insurance", region="jiangyin", lang="en"))
print(_json.dumps({{"attempts": _yibao_guard.attempts, "writes": sorted(set(_yibao_guard.writes)),
                   "widgets": [_x.model_id for _x in _built], "digests": _digests,
                   "state": _dependency_state(_built, drop_defaults=False) if _built else {{}},
                   "exports": _export_digests(True) if {notebook == FRESH_EXPORTS} else None,
                   "hash": hash("yibao"), "data": str(_data_dir())}}))
"""


@dataclass
class Execution:
    """One notebook's run: each code cell's outputs (the probe's last), the probe's report."""

    notebook: str
    outputs: list[list[dict[str, Any]]]
    seconds: float
    probe: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    repo_before: dict[str, tuple[int, int]] = field(default_factory=dict)
    repo_after: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class NotebookRuns:
    executions: dict[str, Execution]
    data_dirs: list[Path]
    #: the kernels' IPython and runtime folders
    work_dir: Path

    def changed_paths(self) -> list[str]:
        """Files that a notebook's run created, changed or deleted under the snapshotted places."""
        found: set[str] = set()
        for execution in self.executions.values():
            before, after = execution.repo_before, execution.repo_after
            found |= {p for p in after if before.get(p) != after[p]} | {f"(deleted) {p}" for p in before if p not in after}
        return sorted(found)


def snapshot(*roots: Path | tuple[Path, bool]) -> dict[str, tuple[int, int]]:
    """{path: (mtime_ns, size)} of every file under ``roots``, minus tool/test artefacts.

    A root given as ``(path, False)`` is listed without its subfolders."""
    found = {}
    for root in roots:
        top, recursive = root if isinstance(root, tuple) else (root, True)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if recursive and d not in IGNORED_PARTS and not d.startswith(".mypy")]
            for name in filenames:
                path = Path(dirpath) / name
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def snapshot_roots(dirs: list[Path]) -> list[Path | tuple[Path, bool]]:
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


def ipython_dir(folder: Path) -> Path:
    """``folder`` made an ``IPYTHONDIR`` for test kernels: they start without the debugger (:data:`NO_DEBUGGER`)."""
    profile = folder / "profile_default"
    (profile / "startup").mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(NO_DEBUGGER, encoding="utf-8")
    return folder


def kernel_environ(work: Path, notebook: str, environ: dict[str, str]) -> dict[str, str]:
    """The environment a notebook's kernel starts in: the guard, no debugger, its own hash seed, the repo on the path."""
    ipython = ipython_dir(work / f"ipython-{Path(notebook).stem}")  # work: the kernels' folder
    (ipython / "profile_default" / "startup" / "00-yibao-guard.py").write_text(GUARD, encoding="utf-8")
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


# --- the pytest side: nbval's items, the probe, the hand-off ---------------------------------------------

#: How long the ``notebook_runs`` fixture waits for a notebook that another worker runs.
HANDOFF_TIMEOUT = 20 * 60
_WORK: pytest.StashKey[Path] = pytest.StashKey()
_ENVIRON: pytest.StashKey[dict[str, str]] = pytest.StashKey()
_RUNS: pytest.StashKey[NotebookRuns] = pytest.StashKey()
_PROBED: pytest.StashKey[set[str]] = pytest.StashKey()
_BEFORE: pytest.StashKey[tuple[float, dict[str, tuple[int, int]]]] = pytest.StashKey()


def configure(config: pytest.Config, run_id: str) -> None:
    """Remember the session's environment and where its notebook runs are handed off."""
    worker = getattr(config, "workerinput", None)
    config.stash[_WORK] = work_folder(worker["testrunuid"] if worker else run_id)
    config.stash[_ENVIRON] = dict(os.environ)


def work_folder(run_id: str) -> Path:
    """The kernels' IPython folders and the notebooks' hand-off files of one test run."""
    return Path(tempfile.gettempdir()) / f"yibao-nbval-runs-{run_id}"


def work_folder_of(config: pytest.Config) -> Path:
    return config.stash[_WORK]


def _is_notebook(item: pytest.Item) -> bool:
    return isinstance(item, IPyNbCell) and Path(str(item.parent.path)).parent == NOTEBOOK_DIR


def needs_runs(item: pytest.Item) -> bool:
    return "notebook_runs" in getattr(item, "fixturenames", ())


def sort_key(item: pytest.Item) -> int:
    """The notebooks first, the checks that read their runs last, the rest between."""
    return 0 if _is_notebook(item) else 2 if needs_runs(item) else 1


def add_probes(session: pytest.Session, items: list[pytest.Item]) -> None:
    """A probe after each notebook's last cell; the notebooks too when only checks that read them
    were collected (e.g. ``pytest tests/test_determinism.py``)."""
    cells: dict[IPyNbFile, list[IPyNbCell]] = defaultdict(list)
    for item in items:
        if _is_notebook(item):
            cells[item.parent].append(item)
    if any(needs_runs(item) for item in items) and session.config.pluginmanager.has_plugin("nbval"):
        shown = {Path(str(book.path)) for book in cells}
        for path in NOTEBOOKS:
            if path not in shown:
                book = IPyNbFile.from_parent(session, path=path)
                cells[book] = list(book.collect())  # type: ignore[arg-type]
                items.extend(cells[book])
    for book, own in cells.items():
        probe = nbformat.v4.new_code_cell(probe_source(Path(str(book.path)).name))
        probe.metadata["tags"] = [PROBE_TAG]
        item = Probe.from_parent(book, name="probe", cell_num=len(own), cell=probe, options=defaultdict(bool))
        item.cells = own
        items.insert(items.index(own[-1]) + 1, item)
    session.config.stash[_PROBED] = {Path(str(book.path)).name for book in cells}


def start_kernel(item: pytest.Item) -> dict[str, str] | None:
    """Before nbval starts a notebook's kernel: the environment it must start in (``None`` when
    the kernel runs already or the item is no notebook cell); remembers when and what the repo held."""
    if not _is_notebook(item) or item.parent.kernel is not None:
        return None
    config, book = item.config, item.parent
    dirs = data_dirs(config.stash[_ENVIRON])
    book.stash[_BEFORE] = (time.perf_counter(), snapshot(*snapshot_roots(dirs)))
    return kernel_environ(config.stash[_WORK] / "kernels", book.path.name, config.stash[_ENVIRON])


class KernelEnvironment:
    """nbval starts a notebook's kernel in its first cell's setup: in the environment of :func:`start_kernel`."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        environ = start_kernel(item)
        if environ is None:
            return (yield)
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(environ)
        try:
            return (yield)
        except Exception as exc:
            hand_off_failed_start(item, exc)
            raise
        finally:
            os.environ.clear()
            os.environ.update(saved)


def hand_off_failed_start(item: pytest.Item, exc: Exception) -> None:
    """A notebook whose kernel did not start (nbval then fails its every cell in setup, the probe too): its run
    is handed off with the error at once, so the checks waiting for every run fail now, naming it, not after
    :data:`HANDOFF_TIMEOUT`."""
    book = item.parent
    started, before = book.stash.get(_BEFORE, (time.perf_counter(), {}))
    error = f"the kernel did not start: {type(exc).__name__}: {exc}"
    execution = Execution(book.path.name, [], time.perf_counter() - started, error=error, repo_before=before, repo_after=before)
    hand_off(execution, item.config.stash[_WORK] / f"{book.path.stem}.pickle")


class Probe(IPyNbCell):
    """The probe cell, in the notebook's own kernel; then hands the notebook's run off."""

    cells: list[IPyNbCell]

    def runtest(self) -> None:
        error = None
        try:
            super().runtest()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self._hand_off(error)

    def _hand_off(self, error: str | None) -> None:
        config, book = self.config, self.parent
        started, before = book.stash.get(_BEFORE, (time.perf_counter(), {}))
        outputs = [[dict(o) for o in (cell.test_outputs or [])] for cell in [*self.cells, self]]
        probe: dict[str, Any] = {}
        for output in outputs[-1]:
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                try:
                    *printed, report = output["text"].strip().splitlines()
                    probe = json.loads(report)
                except ValueError:
                    continue
                output["text"] = "\n".join([*printed, "(the probe's report: Execution.probe)"])  # megabytes, kept once
        after = snapshot(*snapshot_roots(data_dirs(config.stash[_ENVIRON])))
        execution = Execution(book.path.name, outputs, time.perf_counter() - started, probe, error, before, after)
        hand_off(execution, config.stash[_WORK] / f"{book.path.stem}.pickle")


def hand_off(execution: Execution, handoff: Path) -> None:
    """Write one notebook's run for the checks: the file appears complete or not at all."""
    handoff.parent.mkdir(parents=True, exist_ok=True)
    partial = handoff.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(execution))
    partial.replace(handoff)


def receive(work: Path, timeout: float = HANDOFF_TIMEOUT) -> dict[str, Execution]:
    """Every notebook's run, once all are handed off (waits up to ``timeout`` seconds)."""
    files = {path.name: work / f"{path.stem}.pickle" for path in NOTEBOOKS}
    waited = 0.0
    while missing := [name for name, file in files.items() if not file.exists()]:
        if waited > timeout:
            raise TimeoutError(f"no run of {missing} in {work} after {timeout} s (did its kernel fail to start?)")
        time.sleep(0.1)
        waited += 0.1
    return {name: pickle.loads(file.read_bytes()) for name, file in files.items()}


def notebook_runs(config: pytest.Config) -> NotebookRuns:
    """Every notebook's run in this session (waits for those still running)."""
    if _RUNS not in config.stash:
        missing = sorted({path.name for path in NOTEBOOKS} - config.stash.get(_PROBED, set()))
        if missing:
            raise RuntimeError(f"{missing} do not run in this session: the notebook checks read nbval's run (do not pass -p no:nbval)")
        work = config.stash[_WORK]
        config.stash[_RUNS] = NotebookRuns(receive(work), data_dirs(config.stash[_ENVIRON]), work / "kernels")
    return config.stash[_RUNS]


# --- helpers for the tests ---------------------------------------------------------------------------

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def cell_errors(outputs: list[list[dict[str, Any]]]) -> list[str]:
    """Each error and stderr output, by code cell."""
    found = []
    for index, cell in enumerate(outputs):
        for output in cell:
            if output.get("output_type") == "error":
                found.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {index}: stderr: {output.get('text', '')[:500]}")
    return found


def widget_state(state: dict[str, Any], roots: list[str]) -> str:
    """The state (values, option lists, chart PNG bytes) of the widgets ``roots`` and everything
    they contain, as JSON with the volatile parts normalised: model ids (random per kernel)
    renumbered in the order a walk from the roots meets them, memory addresses masked."""
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
