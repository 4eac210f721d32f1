"""The app on a phone: time to widgets, a burst of visitors, kernel memory, culling; stock Voila vs a kernel pool.

One Voila per configuration (``make app``'s command line: the app's template, TCP_NODELAY) serving a
folder with one page, :data:`PAGE` (the heaviest: three explainers and the balance chart), so a pool
of N pre-started kernels is N kernels.  Configurations: stock (``pool=0``: each visitor waits for a
kernel to start and run the notebook), ``pool=1`` (``make app``) and ``pool=4``.

* Time to widgets at 390×844 (device scale 2, touch): navigation start -> every ``.yibao-explainer``
  of the page rendered, measured in the page (``performance.now()``), a fresh browser context each
  load, :data:`LOADS` loads one after another, each after the server has settled (the pool refilled,
  the kernels idle).  Target with a pool: median ≤ 1.0 s (the app on a phone); stock Voila is the before.
* A burst of 1, 4, 8 and 16 visitors arriving together (their navigations started within a few
  milliseconds): the time until each sees its widgets (median and slowest = p95 column), and the kernel
  memory per visitor (RSS of the server's kernel processes, psutil, divided by their number).
* Culling: after the last burst's visitors left, the server (idle timeout :data:`CULL_S` s here, 300 s
  in ``make app``; much shorter, and a kernel that ran the notebook can be culled before a slow
  visitor's page connects) is back to its pool within :data:`CULL_WAIT_S` s: the ``culled`` column.
  ``saw_no_widgets`` counts visitors still without widgets after 180 s (the times are of the others).

Run: ``python -m benchmarks app-load``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import harness
from benchmarks.pages import PHONE
from benchmarks.registry import no_target, summarize, with_target
from yibao.serve import servers

PAGE = "01_accounts"
CONFIGS = {"stock": 0, "pool=1": 1, "pool=4": 4}
LOADS = 10
BURSTS = (1, 4, 8, 16)
TARGET_MS = 1000.0
CULL_S = 60
CULL_WAIT_S = 120

#: Installed before the page's own scripts: records when the expected number of explainers is rendered.
#: Checked on every DOM change and every frame: a root can gain its height from a stylesheet that
#: finished loading, which no mutation announces (an observer alone missed such visitors in bursts).
_WATCH_JS = """
window.__yibaoWidgetsAt = null;
(() => {
  const ready = () => {
    const roots = document.querySelectorAll('.yibao-explainer');
    return roots.length >= %d && [...roots].every(r => r.getBoundingClientRect().height > 0);
  };
  const check = () => {
    if (window.__yibaoWidgetsAt === null && ready()) window.__yibaoWidgetsAt = performance.now();
    return window.__yibaoWidgetsAt !== null;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, {subtree: true, childList: true, attributes: true});
  const frame = () => { if (!check()) requestAnimationFrame(frame); else observer.disconnect(); };
  requestAnimationFrame(frame);
})();
"""


def _kernels(server: harness.JupyterServer) -> list[Any]:
    import psutil

    found = []
    for pid in server.kernel_pids():
        try:
            found.append(psutil.Process(pid))
        except psutil.Error:
            pass
    return found


def _settle(server: harness.JupyterServer, want: int, timeout_s: float = 60) -> None:
    """Wait until at least ``want`` kernels run and none of them works (pool refilled, notebooks executed).

    With a pool, first the pool's refill delay (:data:`yibao.serve.servers.POOL_FILL_DELAY_S`): until then
    the kernel a visitor took is not being replaced yet, and everything looks idle.
    """
    if want:
        time.sleep(servers.POOL_FILL_DELAY_S + 0.5)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        kernels = _kernels(server)
        for k in kernels:
            _cpu(k)  # the first call only starts psutil's interval
        time.sleep(0.5)
        if len(kernels) >= want and sum(_cpu(k) for k in kernels) < 5:
            return


def _cpu(process: Any) -> float:
    try:
        return float(process.cpu_percent(interval=None))
    except Exception:  # noqa: BLE001 - it ended meanwhile
        return 0.0


def _rss_mib(server: harness.JupyterServer) -> tuple[int, float]:
    kernels = _kernels(server)
    total = 0
    for k in kernels:
        try:
            total += k.memory_info().rss
        except Exception:  # noqa: BLE001
            pass
    return len(kernels), total / 2**20


def _visit(browser: Any, server: harness.JupyterServer, expected: int) -> tuple[Any, Any]:
    context = browser.new_context(**PHONE)
    context.add_init_script(_WATCH_JS % expected)
    page = context.new_page()
    page.goto(server.url(f"/voila/render/{PAGE}.ipynb"), wait_until="commit")
    return context, page


def _widgets_ms(pages: list[Any], timeout_s: float = 180) -> list[float]:
    deadline = time.monotonic() + timeout_s
    times: list[float | None] = [None] * len(pages)
    while None in times and time.monotonic() < deadline:
        for i, page in enumerate(pages):
            if times[i] is None:
                times[i] = page.evaluate("() => window.__yibaoWidgetsAt")
        time.sleep(0.05)
    return [float(t) for t in times if t is not None]  # visitors who saw none are counted by the caller


def _config_rows(browser: Any, server: harness.JupyterServer, label: str, pool: int) -> Iterator[dict[str, Any]]:
    _settle(server, pool)
    context = browser.new_context(**PHONE)  # warm-up, and how many explainers the page has
    page = context.new_page()
    harness.open_voila(page, server, f"{PAGE}.ipynb")
    expected = page.locator(".yibao-explainer").count()
    context.close()

    samples = []
    for _ in range(LOADS):
        _settle(server, pool)
        context, page = _visit(browser, server, expected)
        samples += _widgets_ms([page]) or [float("inf")]
        context.close()
    row = summarize(f"{label}: time to widgets, {PAGE} at 390 px", samples, pool=pool)
    yield with_target(row, TARGET_MS, "median_ms", source="the app on a phone") if pool else no_target(row, "stock Voila: the before")

    for size in BURSTS:
        _settle(server, pool)
        visits = [_visit(browser, server, expected) for _ in range(size)]
        times = _widgets_ms([p for _, p in visits])
        kernels, rss = _rss_mib(server)
        for c, _ in visits:
            c.close()
        culled = _wait_culled(server, pool) if size == BURSTS[-1] else "not waited"
        yield no_target(
            {
                **summarize(f"{label}: burst of {size}, time until each sees widgets", times),
                "pool": pool,
                "p95_ms": max(times),
                "kernels": kernels,
                "kernel_rss_mib_per_visitor": round(rss / max(kernels, 1), 1),
                "culled": culled,
                "saw_no_widgets": size - len(times),
            },
            "p95 column = the slowest visitor",
        )


def _wait_culled(server: harness.JupyterServer, pool: int) -> bool:
    """Visitors left: their kernels go within the cull timeout; only the pool stays."""
    deadline = time.monotonic() + CULL_WAIT_S
    while time.monotonic() < deadline:
        if len(_kernels(server)) <= pool:
            return True
        time.sleep(0.5)
    return False


def measurements() -> Iterator[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yibao-bench-app-") as tmp:
        tmp_path = Path(tmp)
        site = tmp_path / "notebooks"
        site.mkdir()
        shutil.copyfile(harness.REPO_ROOT / "notebooks" / f"{PAGE}.ipynb", site / f"{PAGE}.ipynb")
        mpl = tmp_path / "mpl"
        fast_cull = [f"--MappingKernelManager.cull_idle_timeout={CULL_S}", "--MappingKernelManager.cull_interval=1"]
        with sync_playwright() as pw:
            browser = harness.launch_chromium(pw)
            try:
                for label, pool in CONFIGS.items():
                    server = harness.start_voila(
                        tmp_path / label, root_dir=site, pool=pool, cull=False, extra_args=fast_cull, mplconfigdir=mpl
                    )
                    try:
                        yield from _config_rows(browser, server, label, pool)
                    finally:
                        server.stop()
            finally:
                browser.close()
