"""Click -> DOM of the browser explainers' journeys in Voila and JupyterLab, beside the kernel floor.

One run starts **one** Voila (the app at 390 px, as ``make app`` serves it) and **one** JupyterLab
(1280 px, Run All), both with TCP_NODELAY, serving the same pages as the static site
(:func:`benchmarks.pages.write_pages`), and one Chromium. In each it measures the floor
(``benchmarks/floor.ipynb``: a kernel round trip, clicks back to back) and then every journey of
:mod:`benchmarks.journeys` (filter, scenario choice, language switch, chart slider), the same
definitions the static site is measured with (``python -m benchmarks static-site``). Each journey
row carries the issue's target and its ratio to the floor measured in the same app.

Run: ``python -m benchmarks widgets-browser``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import harness
from benchmarks import journeys
from benchmarks.pages import write_pages

APPS = ("voila", "lab")


def measurements(apps: tuple[str, ...] = APPS) -> Iterator[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    if harness.find_chromium() is None:
        raise RuntimeError("chromium not found: run `make install` (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp, sync_playwright() as pw:
        tmp_path = Path(tmp)
        folder = tmp_path / "pages"
        write_pages(folder)
        mpl = tmp_path / "mpl"
        browser = harness.launch_chromium(pw)
        servers: list[harness.JupyterServer] = []
        try:
            for app in apps:
                if app == "voila":
                    servers.append(harness.start_voila(tmp_path / app, root_dir=folder, nodelay=True, mplconfigdir=mpl))
                    front: journeys.Front = journeys.VoilaFront("voila", servers[-1])
                else:
                    servers.append(harness.start_lab(tmp_path / app, root_dir=folder, nodelay=True, mplconfigdir=mpl))
                    front = journeys.LabFront("lab", servers[-1])
                yield from journeys.measure_front(browser, front)
                if servers[-1].nodelay_count() < 1:
                    raise AssertionError(f"{app}: the nodelay extension never touched a kernel websocket")
                servers.pop().stop()  # one server at a time: the other must not compete for the CPU
        finally:
            browser.close()
            for server in servers:
                server.stop()


if __name__ == "__main__":
    for r in measurements():
        print({k: v for k, v in r.items() if k != "samples_ms"})
