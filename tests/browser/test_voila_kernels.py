"""Each Voila visitor costs a kernel (~130 MiB): an open page keeps it, a visitor who left does not.

Voila's own shutdown on page unload is refused (403, '_xsrf' missing: voila-dashboards/voila#1458),
so the app culls kernels that have no connection. Here with a 3-second idle timeout instead
of `make app`'s 300 s, serving the notebooks folder with a pool of one kernel per page as `make app`
does: pooled kernels are expected (and never culled); the visitor takes the page's pooled kernel,
Voila starts a replacement, and once the visitor left only the pool remains.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import harness
import yibao

pytestmark = pytest.mark.browser

IDLE_TIMEOUT_S = 3


@pytest.fixture
def culling_voila(tmp_path, _mplconfigdir) -> Iterator[harness.JupyterServer]:
    fast = [f"--MappingKernelManager.cull_idle_timeout={IDLE_TIMEOUT_S}", "--MappingKernelManager.cull_interval=1"]
    notebooks = harness.REPO_ROOT / "notebooks"
    server = harness.start_voila(tmp_path, root_dir=notebooks, mplconfigdir=_mplconfigdir, cull=False, pool=1, extra_args=fast)
    try:
        yield server
    finally:
        server.stop()


def _wait_for(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


def _pool_ready(server: harness.JupyterServer) -> set[int]:
    """The pooled kernels, once there is one per page and the count has held for a second."""
    pages = len(list((harness.REPO_ROOT / "notebooks").glob("*.ipynb")))
    assert _wait_for(lambda: len(server.kernel_pids()) == pages, timeout_s=120), server.log_text()[-2000:]
    time.sleep(1)
    return set(server.kernel_pids())


def _pool_filled(server: harness.JupyterServer, notebook: str) -> int:
    """How many times Voila said the notebook's pool was filled (at start, then after each refill)."""
    return sum(1 for line in server.log_text().splitlines() if "Kernel pool of" in line and notebook in line and "is filled" in line)


def test_open_page_keeps_its_kernel_and_a_left_page_frees_it(browser, culling_voila) -> None:
    pool = _pool_ready(culling_voila)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    harness.open_voila(page, culling_voila, "03_withdrawal.ipynb")
    # The visitor took 03's pooled kernel; Voila starts a replacement for the pool and says so once
    # it is ready (a replacement still starting is not yet in the pool, and this short idle timeout
    # could cull it: Voila assumes a kernel starts faster than the cull timeout, as make app's 300 s).
    assert _wait_for(lambda: _pool_filled(culling_voila, "03_withdrawal.ipynb") == 2, timeout_s=60), culling_voila.log_text()[-2000:]
    assert _wait_for(lambda: len(culling_voila.kernel_pids()) == len(pool) + 1, timeout_s=30)
    kernels = set(culling_voila.kernel_pids())
    time.sleep(2 * IDLE_TIMEOUT_S + 1)  # idle, but the page is open: never culled (nor are pooled kernels)
    assert set(culling_voila.kernel_pids()) == kernels, culling_voila.log_text()[-3000:]
    title = yibao.assess_withdrawal("settle_abroad").title
    page.locator(".yibao-choice-scenario label", has_text=title).click()
    page.wait_for_function("t => document.querySelector('.yibao-withdrawal-result h2').innerText.includes(t)", arg=title)
    harness.assert_no_errors(page)
    page.goto("about:blank")  # the visitor leaves
    context.close()
    # Their kernel (one of the first pool's) is culled; the pool, refilled, stays.
    assert _wait_for(lambda: len(culling_voila.kernel_pids()) == len(pool), timeout_s=IDLE_TIMEOUT_S + 10), culling_voila.log_text()[-2000:]
    left = set(culling_voila.kernel_pids())
    assert len(pool - left) == 1 and len(left - pool) == 1
    assert "Culling 'idle' kernel" in culling_voila.log_text()
