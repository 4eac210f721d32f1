"""Each Voila visitor costs a kernel (~130 MiB): an open page keeps it, a visitor who left does not.

Voila's own shutdown on page unload is refused (403, '_xsrf' missing: voila-dashboards/voila#1458),
so the app culls kernels that have no connection. Here with a 3-second idle timeout instead
of `make app`'s 300 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import yibao

from . import harness

pytestmark = pytest.mark.browser

IDLE_TIMEOUT_S = 3


@pytest.fixture
def culling_voila(tmp_path, _mplconfigdir) -> Iterator[harness.JupyterServer]:
    fast = [f"--MappingKernelManager.cull_idle_timeout={IDLE_TIMEOUT_S}", "--MappingKernelManager.cull_interval=1"]
    server = harness.start_voila(tmp_path, mplconfigdir=_mplconfigdir, cull=False, extra_args=fast)
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


def test_open_page_keeps_its_kernel_and_a_left_page_frees_it(browser, culling_voila) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    harness.open_voila(page, culling_voila, "notebooks/03_withdrawal.ipynb")
    kernels = culling_voila.kernel_pids()
    assert len(kernels) == 1
    time.sleep(2 * IDLE_TIMEOUT_S + 1)  # idle, but the page is open: never culled
    assert culling_voila.kernel_pids() == kernels
    title = yibao.assess_withdrawal("settle_abroad").title
    page.locator(".yibao-choice-scenario label", has_text=title).click()
    page.wait_for_function("t => document.querySelector('.yibao-withdrawal-result h4').innerText.includes(t)", arg=title)
    harness.assert_no_errors(page)
    page.goto("about:blank")  # the visitor leaves
    context.close()
    assert _wait_for(lambda: culling_voila.kernel_pids() == [], timeout_s=IDLE_TIMEOUT_S + 10), culling_voila.log_text()[-2000:]
    assert "Culling 'idle' kernel" in culling_voila.log_text()
