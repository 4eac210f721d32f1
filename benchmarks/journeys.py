"""Click → DOM in the browser explainers: one definition of each journey, three fronts.

A *journey* (:data:`JOURNEYS`) is what a visitor does on one page, as steps for
:func:`benchmarks.browser_timing.measure_steps` (clock in the page, from the click or key to the
expected DOM state):

* **filter**: the channel finder's online/offline toggle (02) until the table has the other row count;
* **choice**: two withdrawal scenarios (03) until the result title names the chosen one;
* **language**: 中文 / English on the page with the most explainers (:data:`LANGUAGE_PAGE`) until
  every table's first header and every result heading are in the chosen language;
* **chart**: the balance chart's slider (01, :data:`CHART_SLIDER`), ArrowRight / ArrowLeft, until
  the chart's SVG changed.

A *front* (:class:`Front`) opens a page where a visitor meets it: the static site from a local
server (:class:`StaticFront`), the Voila app (:class:`VoilaFront`) or JupyterLab after Run All
(:class:`LabFront`). All three serve the same notebooks (:func:`benchmarks.pages.write_pages`).
Fronts with a kernel first measure the floor (``benchmarks/floor.ipynb``, clicks back to back as
``benchmarks/floor.py`` "rapid"), and each journey row there carries ``floor_ratio`` (median / the
floor's median) and ``floor_ratio_p95``.

Targets (instant in the browser): filters, choices and the language switch p95 ≤ 5 ms; a chart ≤ 16 ms (one frame).
A journey that cannot run (e.g. its control is missing) gives an error row; the others still run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import harness
from benchmarks import floor
from benchmarks.browser_timing import KeyStep, Step, TimingResult, measure_steps
from benchmarks.pages import EXPLAINERS, PHONE, Blocker
from benchmarks.registry import no_target, with_target

#: The balance chart's slider on page 01; the one place to change when the chart's markup changes.
CHART_PAGE = "01_accounts"
CHART_SLIDER = "input.yibao-choice-spend"

#: The page with the most explainers (five, four of them tables): the language switch redraws them all.
LANGUAGE_PAGE = "91_browser_tables"

#: Click → DOM p95 per kind of journey (instant in the browser).
TARGET_P95_MS = {"filter": 5.0, "choice": 5.0, "language": 5.0, "chart": 16.0}

REPETITIONS = 40
WARMUP = 4
#: Between two steps. With a kernel, Python mirrors each choice and the page language to every
#: explainer; its updates must land before the next click or they would undo it (a rapid zh → en → zh
#: could end in English when Python's "en" arrives last).
PAUSE_S = {False: 0.02, True: 0.5}

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@dataclass(frozen=True)
class Journey:
    name: str
    kind: str  # a key of TARGET_P95_MS
    page: str  # notebook name without .ipynb
    ready: str  # CSS selector on the page before the first step (missing: an error row)
    steps: Callable[[], list[Step | KeyStep]]


def _filter_steps() -> list[Step | KeyStep]:
    import yibao

    online, offline = len(yibao.channel_records("online")), len(yibao.channel_records("offline"))
    if online == offline:  # the row count must change or the timing would be meaningless
        raise RuntimeError(f"online and offline both have {online} channels; pick another expectation")
    rows = "() => document.querySelectorAll('.yibao-channel-table tbody tr').length === {}"
    return [
        Step(click=".yibao-choice-mode button[data-value='online']", expect_js=rows.format(online)),
        Step(click=".yibao-choice-mode button[data-value='offline']", expect_js=rows.format(offline)),
    ]


def _choice_steps() -> list[Step | KeyStep]:
    import yibao
    from yibao.answers.withdrawal import scenario_ids

    ids = scenario_ids()
    steps: list[Step | KeyStep] = []
    for scenario in ("settle_abroad", "death"):  # death is the default: the first click changes it
        title = yibao.assess_withdrawal(scenario).title  # zh, the page's default language
        steps.append(
            Step(
                click=f".yibao-choice-scenario label:nth-of-type({ids.index(scenario) + 1})",
                expect_js="() => { const h = document.querySelector('.yibao-withdrawal-result h2');"
                f" return !!h && h.textContent.includes({json.dumps(title)}); }}",
            )
        )
    return steps


#: UI-string keys of what each language page shows first in each table (first column) and in the withdrawal result,
#: each text once, in page order (the claims and the comparison have a table per folded section, all headed alike).
FIRST_TEXTS = {
    "90_browser_choices": {"thead th:first-child": ["channel"], ".yibao-withdrawal-result h3:first-of-type": ["who_may_apply"]},
    "91_browser_tables": {"thead th:first-child": ["claim", "valid_from", "item", "personal_account"]},
}


def language_steps(page_name: str = LANGUAGE_PAGE) -> list[Step | KeyStep]:
    """Each click switches every explainer on the page: done when the last one shows the language."""
    from yibao.data.i18n import t

    def all_in(lang: str) -> str:
        expected = {css: [t(key, lang) for key in keys] for css, keys in FIRST_TEXTS[page_name].items()}
        shown = "[...new Set([...document.querySelectorAll(css)].map((e) => e.textContent))]"
        return f"() => Object.entries({json.dumps(expected)}).every(([css, texts]) => JSON.stringify({shown}) === JSON.stringify(texts))"

    return [
        Step(click=".yibao-language button[data-value='en']", expect_js=all_in("en")),
        Step(click=".yibao-language button[data-value='zh']", expect_js=all_in("zh")),
    ]


#: A KeyStep factory: before the key, watch the slider's explainer; done once an SVG in it changed.
_CHART_CHANGED = """() => {
  const box = document.querySelector(%s).closest('.yibao-explainer');
  if (window.__yibaoChartWatch) window.__yibaoChartWatch.disconnect();
  let changed = false;
  const inSvg = (node) => node instanceof Element && (node.closest('svg') !== null || node.querySelector('svg') !== null);
  window.__yibaoChartWatch = new MutationObserver((records) => {
    const hit = (r) => inSvg(r.target.nodeType === 1 ? r.target : r.target.parentElement) || [...r.addedNodes].some(inSvg);
    if (records.some(hit)) changed = true;
  });
  window.__yibaoChartWatch.observe(box, {subtree: true, childList: true, attributes: true, characterData: true});
  return () => changed;
}"""


def _chart_steps() -> list[Step | KeyStep]:
    return [KeyStep(CHART_SLIDER, key, _CHART_CHANGED % json.dumps(CHART_SLIDER)) for key in ("ArrowRight", "ArrowLeft")]


JOURNEYS = [
    Journey("filter: channel finder online/offline", "filter", "02_channels", ".yibao-choice-mode", _filter_steps),
    Journey("scenario choice: withdrawal steps", "choice", "03_withdrawal", ".yibao-choice-scenario", _choice_steps),
    Journey(f"language switch: {LANGUAGE_PAGE} (5 explainers, 4 tables)", "language", LANGUAGE_PAGE, ".yibao-language", language_steps),
    Journey("chart slider: balance chart", "chart", CHART_PAGE, CHART_SLIDER, _chart_steps),
]


def drawn_explainers(page: Any, expected: int, timeout_ms: float = 60_000) -> None:
    """Wait until ``expected`` explainers on the page have drawn something."""
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('.yibao-explainer')].filter((el) => el.childElementCount > 0).length >= n",
        arg=expected,
        timeout=timeout_ms,
    )


def explainers_on(page_name: str) -> int:
    return {**harness.WIDGETS_PER_NOTEBOOK, **EXPLAINERS}[page_name]


@dataclass
class Front:
    """Where a visitor meets the pages: :meth:`show` a file, :meth:`open` a page with its explainers drawn."""

    name: str
    server: Any = field(repr=False)
    context: dict[str, Any] = field(default_factory=lambda: PHONE)
    kernel: bool = True

    def path(self, page_name: str) -> str:
        return f"notebooks/{page_name}.ipynb"

    def show(self, page: Any, path: str) -> None:
        raise NotImplementedError

    def prepare(self, context: Any) -> None:
        """Called on each new browser context of this front."""

    def open(self, page: Any, page_name: str) -> None:
        self.show(page, self.path(page_name))
        drawn_explainers(page, explainers_on(page_name))


@dataclass
class StaticFront(Front):
    """The static site from a local server (``benchmarks.static_site.StaticServer``)."""

    kernel: bool = False
    #: every request off the site is aborted and counted
    blocker: Blocker = field(default_factory=Blocker)

    def path(self, page_name: str) -> str:
        return f"{page_name}.html"

    def prepare(self, context: Any) -> None:
        self.blocker.install(context)

    def show(self, page: Any, path: str) -> None:
        page.goto(self.server.url + path)


@dataclass
class VoilaFront(Front):
    """The Voila app (``harness.start_voila`` serving the pages folder)."""

    def show(self, page: Any, path: str) -> None:
        harness.open_voila(page, self.server, path)


@dataclass
class LabFront(Front):
    """JupyterLab: the notebook opened, then Run All."""

    context: dict[str, Any] = field(default_factory=lambda: DESKTOP)

    def show(self, page: Any, path: str) -> None:
        self.server.shutdown_kernels()  # the previous notebook's kernel must not compete for the CPU
        harness.open_lab_notebook(page, self.server, path)
        harness.lab_run_all(page)


def _row(result: TimingResult, front: Front, journey: Journey, floor_result: TimingResult | None) -> dict[str, Any]:
    row: dict[str, Any] = {**result.to_dict(), "front": front.name, "kind": journey.kind, "width_px": front.context["viewport"]["width"]}
    if floor_result is not None:
        row["floor_ratio"] = round(result.median_ms / floor_result.median_ms, 2)
        row["floor_ratio_p95"] = round(result.p95_ms / floor_result.p95_ms, 2)
    return with_target(row, TARGET_P95_MS[journey.kind], "p95_ms", source="instant in the browser")


def _error(name: str, front: Front, journey: Journey, exc: Exception) -> dict[str, Any]:
    first_line = (str(exc).splitlines() or [""])[0][:300]
    return {"name": name, "front": front.name, "kind": journey.kind, "error": f"{type(exc).__name__}: {first_line}"}


def _journey(page: Any, front: Front, journey: Journey, floor_result: TimingResult | None) -> dict[str, Any]:
    name = f"{front.name}: {journey.name}"
    try:
        front.open(page, journey.page)
        try:
            page.wait_for_selector(journey.ready, timeout=10_000)
        except Exception as missing:  # Playwright's TimeoutError
            raise LookupError(f"{journey.ready} is not on {journey.page} (change it in benchmarks/journeys.py)") from missing
        harness.wait_dom_quiet(page, quiet_ms=300)
        result = measure_steps(page, journey.steps(), repetitions=REPETITIONS, warmup=WARMUP, pause_s=PAUSE_S[front.kernel], name=name)
        harness.assert_no_errors(page)
    except Exception as exc:  # noqa: BLE001 - one journey that cannot run must not hide the others
        return _error(name, front, journey, exc)
    return _row(result, front, journey, floor_result)


def measure_front(browser: Any, front: Front, only: list[Journey] | None = None) -> Iterator[dict[str, Any]]:
    """The floor (fronts with a kernel), then every journey, in one browser context."""
    context = browser.new_context(**front.context, locale="zh-CN")
    front.prepare(context)
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        # Leaving a notebook with unsaved outputs must not stop on "leave the page?".
        page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
        floor_result = None
        if front.kernel:
            front.show(page, floor.NOTEBOOK)
            page.wait_for_selector(".floor-table [data-option='A']", timeout=60_000)
            floor_result = measure_steps(
                page,
                floor.STEPS,
                repetitions=floor.RAPID_REPS,
                warmup=WARMUP,
                pause_s=0.0,
                name=f"{front.name}: floor toggle (kernel round trip)",
            )
            yield no_target({**floor_result.to_dict(), "front": front.name, "kind": "floor"}, "reference: the kernel floor")
        for journey in only or JOURNEYS:
            yield _journey(page, front, journey, floor_result)
    finally:
        context.close()
        if front.kernel:
            front.server.shutdown_kernels()


def measure_first(browser: Any, front: Front, journey: Journey, loads: int) -> dict[str, Any]:
    """The journey's first step, once per fresh page (a new context, nothing cached, nothing drawn before).

    What a visitor who switches once meets; the cycled journey measures the switches after that.
    """
    samples: list[float] = []
    name = f"{front.name}: {journey.name}, first click after the page loads"
    try:
        for _ in range(loads):
            context = browser.new_context(**front.context, locale="zh-CN")
            front.prepare(context)
            try:
                page = context.new_page()
                front.open(page, journey.page)
                harness.wait_dom_quiet(page, quiet_ms=300)
                samples += measure_steps(page, journey.steps()[:1], repetitions=1, warmup=0, pause_s=0, name=name).samples_ms
            finally:
                context.close()
    except Exception as exc:  # noqa: BLE001 - an error row, the run goes on
        return _error(name, front, journey, exc)
    return _row(TimingResult(name, samples), front, journey, None)
