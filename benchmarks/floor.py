"""Floor benchmark: click -> DOM update of ``benchmarks/floor.ipynb``.

The notebook is the smallest widget round trip (a ToggleButtons and an HTML
table rebuilt by a Python callback), so its latency is the floor under every
widget in the explainer.  Measured in the page (``browser_timing``) in:

* standalone Voila (as ``make app`` serves it) and JupyterLab (``make lab``),
* with and without the TCP_NODELAY extension (``yibao.serve.nodelay``),
* "rapid": clicks back to back (what a slider drag or quick toggling does);
  "spaced": one click a second.  Nagle + delayed ACK bites in the rapid case.

Run: ``python -m benchmarks floor`` (or ``python -m benchmarks.floor``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import harness
from benchmarks.browser_timing import Step, measure_steps

NOTEBOOK = "benchmarks/floor.ipynb"
STEPS = [
    Step(click=".floor-toggle button:nth-child(2)", expect=".floor-table [data-option='B']"),
    Step(click=".floor-toggle button:nth-child(1)", expect=".floor-table [data-option='A']"),
]
RAPID_REPS = 40
SPACED_REPS = 15
SPACED_PAUSE_S = 1.0


def _measure_page(page: Any, label: str) -> list[Any]:
    page.wait_for_selector(".floor-table [data-option='A']", timeout=60_000)
    rapid = measure_steps(page, STEPS, repetitions=RAPID_REPS, warmup=4, pause_s=0.0, name=f"{label}, rapid")
    spaced = measure_steps(page, STEPS, repetitions=SPACED_REPS, warmup=1, pause_s=SPACED_PAUSE_S, name=f"{label}, spaced 1 s")
    return [rapid, spaced]


def measurements(kinds: tuple[str, ...] = ("voila", "lab")) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if harness.find_chromium() is None:
        raise RuntimeError("chromium not found: run `make install` (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp, sync_playwright() as pw:
        browser = harness.launch_chromium(pw)
        mpl = Path(tmp) / "mpl"
        try:
            for kind in kinds:
                for nodelay in (False, True):
                    label = f"{kind}, nodelay {'on' if nodelay else 'off'}"
                    start = harness.start_voila if kind == "voila" else harness.start_lab
                    server = start(Path(tmp) / f"{kind}-{int(nodelay)}", nodelay=nodelay, mplconfigdir=mpl)
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    try:
                        page = context.new_page()
                        if kind == "voila":
                            harness.open_voila(page, server, NOTEBOOK)
                        else:
                            harness.open_lab_notebook(page, server, NOTEBOOK)
                            harness.lab_run_all(page)
                        yield from _measure_page(page, label)
                        if nodelay and server.nodelay_count() < 1:
                            raise AssertionError(f"{label}: the nodelay extension never ran")
                    finally:
                        context.close()
                        server.stop()
        finally:
            browser.close()


if __name__ == "__main__":
    for r in measurements():
        print(r.summary())
