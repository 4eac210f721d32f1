"""Browser side: click -> DOM updated for the explainer's widgets, as a ratio to the floor.

One run starts **one** JupyterLab and **one** standalone Voila (TCP_NODELAY on in
both, as ``make lab`` / ``make app`` serve them) and one Chromium.  In each app it
measures, in this order and with the same pacing:

* the floor (``benchmarks/floor.ipynb``: a toggle and a two-row table), exactly as
  ``benchmarks/floor.py`` measures it "rapid" (clicks back to back, ``pause_s=0``,
  4 warm-up clicks, 40 kept);
* 02_channels: the online/offline toggle (``.yibao-choice-mode`` buttons), alternately,
  until the channel table (``.yibao-channel-table tbody tr``) has the other row count;
* 03_withdrawal: two scenario radio labels (``.yibao-choice-scenario label``), alternately,
  until the result title (``.yibao-withdrawal-result h4``) names the chosen scenario;
* 01_accounts: the spending slider (``input.yibao-choice-spend``) focused, ArrowRight / ArrowLeft
  alternately (a real key press), until the SVG chart (``svg.yibao-chart``) is redrawn.

Each journey row carries the issue's target (p95 ≤ 50 ms for tables, ≤ 150 ms for
charts) and ``floor_ratio`` = its median / the floor's median in the same app (and
``floor_ratio_p95`` for the p95s).  Clocks run inside the page (``browser_timing``).

Run: ``python -m benchmarks widgets-browser``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.browser_timing import KeyStep, Step, TimingResult, measure_steps
from benchmarks.registry import no_target, with_target
from tests.browser import harness

#: The floor's "rapid" pacing (benchmarks/floor.py), used for every journey so ratios are fair.
REPETITIONS = floor.RAPID_REPS
WARMUP = 4
PAUSE_S = 0.0

#: Browser targets from the issue (click -> update p95).
TARGET_P95_MS = {"table": 50.0, "chart": 150.0}

APPS = ("voila", "lab")


@dataclass(frozen=True)
class Journey:
    name: str
    notebook: str
    kind: str  # "table" or "chart"
    ready: str  # CSS selector present once the widget is rendered
    measure: Callable[[Any, str], TimingResult]


def _channels(page: Any, name: str) -> TimingResult:
    import yibao

    online, offline = len(yibao.filter_channels("online")), len(yibao.filter_channels("offline"))
    if online == offline:  # the row count must change or the timing would be meaningless
        raise RuntimeError(f"online and offline both have {online} channels; pick another expectation")
    rows = "document.querySelectorAll('.yibao-channel-table tbody tr').length === {}"
    steps = [
        Step(click=".yibao-choice-mode button[data-value=online]", expect_js=f"() => {rows.format(online)}"),  # 线上
        Step(click=".yibao-choice-mode button[data-value=offline]", expect_js=f"() => {rows.format(offline)}"),  # 线下
    ]
    return measure_steps(page, steps, repetitions=REPETITIONS, warmup=WARMUP, pause_s=PAUSE_S, name=name)


def _withdrawal(page: Any, name: str) -> TimingResult:
    import json

    import yibao
    from yibao.withdrawal import scenario_ids

    ids = scenario_ids()
    steps = []
    for scenario in ("settle_abroad", "death"):  # death is the default: the first click changes it
        title = yibao.assess_withdrawal(scenario).title  # zh, the page's default language
        steps.append(
            Step(
                click=f".yibao-choice-scenario label:nth-of-type({ids.index(scenario) + 1})",
                expect_js="() => { const h = document.querySelector('.yibao-withdrawal-result h4');"
                f" return !!h && h.textContent.includes({json.dumps(title)}); }}",
            )
        )
    return measure_steps(page, steps, repetitions=REPETITIONS, warmup=WARMUP, pause_s=PAUSE_S, name=name)


_SRC_CHANGED = (
    "() => { const before = document.querySelector('svg.yibao-chart').innerHTML;"
    " return () => document.querySelector('svg.yibao-chart').innerHTML !== before; }"
)
SLIDER_HANDLE = "input.yibao-choice-spend"


def _chart(page: Any, name: str) -> TimingResult:
    steps = [KeyStep(SLIDER_HANDLE, key, _SRC_CHANGED) for key in ("ArrowRight", "ArrowLeft")]
    return measure_steps(page, steps, repetitions=REPETITIONS, warmup=WARMUP, pause_s=PAUSE_S, name=name)


JOURNEYS = [
    Journey("02 online/offline toggle -> channel table", "notebooks/02_channels.ipynb", "table", ".yibao-channel-table table", _channels),
    Journey("03 scenario radio -> result title", "notebooks/03_withdrawal.ipynb", "table", ".yibao-withdrawal-result h4", _withdrawal),
    Journey("01 spend slider key -> chart", "notebooks/01_accounts.ipynb", "chart", f"{SLIDER_HANDLE}", _chart),
]


def _open(page: Any, server: harness.JupyterServer, path: str) -> None:
    if server.kind == "voila":
        harness.open_voila(page, server, path)
    else:
        server.shutdown_kernels()  # the previous notebook's kernel must not compete for the CPU
        harness.open_lab_notebook(page, server, path)
        harness.lab_run_all(page)


def _row(result: TimingResult, app: str, kind: str, floor_result: TimingResult | None) -> dict[str, Any]:
    row: dict[str, Any] = {**result.to_dict(), "app": app, "kind": kind}
    if floor_result is None:
        return no_target(row, "reference (the floor)")
    row["floor_ratio"] = round(result.median_ms / floor_result.median_ms, 2)
    row["floor_ratio_p95"] = round(result.p95_ms / floor_result.p95_ms, 2)
    return with_target(row, TARGET_P95_MS[kind], "p95_ms")


def _measure_app(browser: Any, server: harness.JupyterServer) -> Iterator[dict[str, Any]]:
    app = server.kind
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        # Leaving a notebook with unsaved outputs must not stop on "leave the page?".
        page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())

        _open(page, server, floor.NOTEBOOK)
        page.wait_for_selector(".floor-table [data-option='A']", timeout=60_000)
        floor_result = measure_steps(
            page, floor.STEPS, repetitions=REPETITIONS, warmup=WARMUP, pause_s=PAUSE_S, name=f"{app}: floor toggle (rapid)"
        )
        yield _row(floor_result, app, "floor", None)

        for journey in JOURNEYS:
            _open(page, server, journey.notebook)
            page.wait_for_selector(journey.ready, timeout=60_000)
            harness.wait_dom_quiet(page, quiet_ms=300)
            result = journey.measure(page, f"{app}: {journey.name}")
            harness.assert_no_errors(page)
            yield _row(result, app, journey.kind, floor_result)
        if server.nodelay_count() < 1:
            raise AssertionError(f"{app}: the nodelay extension never touched a kernel websocket")
    finally:
        context.close()
        if app == "lab":
            server.shutdown_kernels()


def measurements(apps: tuple[str, ...] = APPS) -> Iterator[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    if harness.find_chromium() is None:
        raise RuntimeError("chromium not found: run `make install` (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="yibao-bench-") as tmp, sync_playwright() as pw:
        mpl = Path(tmp) / "mpl"
        servers: dict[str, harness.JupyterServer] = {}
        browser = harness.launch_chromium(pw)
        try:
            # One Lab and one Voila for the whole run, both with TCP_NODELAY.
            servers["lab"] = harness.start_lab(Path(tmp) / "lab", nodelay=True, mplconfigdir=mpl)
            servers["voila"] = harness.start_voila(Path(tmp) / "voila", nodelay=True, mplconfigdir=mpl)
            for app in apps:
                yield from _measure_app(browser, servers[app])
        finally:
            browser.close()
            for server in servers.values():
                server.stop()


if __name__ == "__main__":
    for r in measurements():
        print({k: v for k, v in r.items() if k != "samples_ms"})
