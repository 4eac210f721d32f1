"""The static site as a visitor meets it: no server code, nothing from the internet.

The site is built once (``yibao.serve.site``: the project's notebooks plus two pages of browser
explainers, :data:`benchmarks.pages.BROWSER_PAGES`), then opened from a local static server
(``python -m http.server`` on 127.0.0.1) and from ``file://``, on a phone (390×844) and a desktop
(1280×800), with every other request aborted and counted: the count must be 0. Each journey uses
every control of the browser explainers and compares what the page lists with what the domain
functions return; the same journeys run in the Voila app (phone and desktop) and in JupyterLab
after Run All (desktop), where the kernel is there too (:data:`FRONTS`).
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness
import yibao
from benchmarks import pages as bench_pages
from benchmarks import static_site as ss
from benchmarks.notebooks import WIDGETS_PER_NOTEBOOK
from yibao.answers.channels import MODES, channel_regions
from yibao.answers.withdrawal import scenario_ids, withdrawal_regions
from yibao.data.i18n import english_problems, t
from yibao.data.regions import region_picker
from yibao.data.tables import CHANNEL_NEEDS, CHANNEL_SHOWS, SEED_VERDICTS
from yibao.rules.credit import credit_cities

pytestmark = pytest.mark.browser

CHOICES_PAGE = "90_browser_choices.html"
TABLES_PAGE = "91_browser_tables.html"


#: Where a journey runs: the static site from a local server or from disk, the Voila app, and
#: JupyterLab after Run All (a desktop tool: 1280 px only). Every journey runs on every front.
FRONTS = [(where, size) for where in ("http", "file", "voila") for size in bench_pages.VIEWPORTS] + [("lab", "desktop")]
#: Console noise of the fronts themselves, not of the project's pages: Lab's shared-module notices, and
#: Voila refusing its own kernel shutdown when a page is left (403, voila-dashboards/voila#1458).
IGNORED_CONSOLE = {"lab": ("Unsatisfied version", "No satisfying version"), "voila": ("status of 403 (Forbidden)",)}


@pytest.fixture(scope="module")
def journey_notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages the site is built from, as notebooks: the project's and the browser pages."""
    folder = tmp_path_factory.mktemp("journey-notebooks")
    for notebook in sorted((harness.REPO_ROOT / "notebooks").glob("*.ipynb")):
        shutil.copyfile(notebook, folder / notebook.name)
    bench_pages.write_browser_notebooks(folder)
    return folder


@pytest.fixture(scope="module")
def journey_voila(tmp_path_factory: pytest.TempPathFactory, journey_notebooks: Path) -> Iterator[harness.JupyterServer]:
    server = harness.start_voila(tmp_path_factory.mktemp("journey-voila"), root_dir=journey_notebooks)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def journey_lab(tmp_path_factory: pytest.TempPathFactory, journey_notebooks: Path) -> Iterator[harness.JupyterServer]:
    server = harness.start_lab(tmp_path_factory.mktemp("journey-lab"), root_dir=journey_notebooks)
    try:
        yield server
    finally:
        server.stop()


def _front_id(front: tuple[str, str]) -> str:
    return "-".join(front)


class Visitor:
    """One browser context on one front: a viewport, every non-local request blocked and counted, console errors kept.

    Pages are named by their site file (``02_channels.html``): Voila renders the notebook of
    that name, JupyterLab opens it and runs all its cells.
    """

    def __init__(self, browser: Any, front: str, viewport: str, name: str, *, base: str = "", server: Any = None) -> None:
        self.front = front
        self.base = base
        self.server = server
        self.viewport = viewport
        self.name = name
        self.context = browser.new_context(viewport=bench_pages.VIEWPORTS[viewport], locale="zh-CN")
        self.blocker = bench_pages.Blocker().install(self.context)
        self.errors: list[str] = []

    @property
    def titled(self) -> bool:
        """Whether the tab title is the page's own (JupyterLab names its tab after the app)."""
        return self.front != "lab"

    def page(self) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
        return page

    def open(self, file: str, explainers: int) -> Any:
        """A page of the site once its ``explainers`` are drawn."""
        page = self.page()
        self.go(page, file, explainers)
        return page

    def go(self, page: Any, file: str, explainers: int) -> None:
        """Take ``page`` to another page of the site and wait for its ``explainers``."""
        notebook = file.removesuffix(".html") + ".ipynb"
        if self.front == "lab":
            harness.open_lab_notebook(page, self.server, notebook)
            harness.lab_run_all(page)
            page.wait_for_function(
                "n => [...document.querySelectorAll('.yibao-explainer')].filter((el) => el.childElementCount > 0).length >= n",
                arg=explainers,
            )
        else:
            url = self.server.url(f"/voila/render/{notebook}") if self.front == "voila" else self.base + file
            ss.load(page, url, explainers)

    def check(self, page: Any) -> None:
        """Nothing blocked, no error on the page or in the console."""
        harness.screenshot(page, f"journey-{self.name}")
        assert self.blocker.blocked == [], f"requests left the site: {self.blocker.blocked}"
        harness.assert_no_errors(page)
        assert [e for e in self.errors if not any(s in e for s in IGNORED_CONSOLE.get(self.front, ()))] == []


def _visitor(browser: Any, request: pytest.FixtureRequest, front: str, viewport: str) -> Visitor:
    name = request.node.name
    if front in ("voila", "lab"):
        return Visitor(browser, front, viewport, name, server=request.getfixturevalue(f"journey_{front}"))
    site = request.getfixturevalue("static_site")
    server = request.getfixturevalue("static_server") if front == "http" else None
    return Visitor(browser, front, viewport, name, base=ss.site_base(site, server))


@pytest.fixture(params=FRONTS, ids=_front_id)
def visitor(browser: Any, request: pytest.FixtureRequest) -> Iterator[Visitor]:
    """A visitor on each front in turn."""
    v = _visitor(browser, request, *request.param)
    try:
        yield v
    finally:
        v.context.close()
        if v.front == "lab":
            v.server.shutdown_kernels()


@pytest.fixture(params=[f for f in FRONTS if f[0] in ("http", "file")], ids=_front_id)
def site_visitor(browser: Any, request: pytest.FixtureRequest) -> Iterator[Visitor]:
    """A visitor of the static site only (its home page and file links)."""
    v = _visitor(browser, request, *request.param)
    try:
        yield v
    finally:
        v.context.close()


def row_ids(scope: Any, table: str = ".yibao-table") -> list[str]:
    """The ids of the rows a table lists, in order (``scope``: a page or a locator)."""
    return list(scope.locator(f"{table} tbody tr").evaluate_all("rows => rows.map((r) => r.dataset.id)"))


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def check_layout(page: Any, viewport: str) -> None:
    """Phone: tables become cards, no sideways scrolling, tap targets ≥ 44 px; desktop: tables keep their header."""
    state = page.evaluate(
        """() => ({
          thead: [...document.querySelectorAll('.yibao-browser .yibao-table thead')].map((e) => getComputedStyle(e).display),
          wide: [...document.querySelectorAll('.yibao-browser')].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
          page: document.scrollingElement.scrollWidth,
          small: [...document.querySelectorAll('.yibao-browser button, .yibao-browser select, .yibao-browser .yibao-radio label')]
            .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.textContent),
        })"""
    )
    assert state["thead"], "a table is drawn"
    assert set(state["thead"]) == ({"none"} if viewport == "phone" else {"table-header-group"})
    assert state["wide"] == 0 and state["page"] <= bench_pages.VIEWPORTS[viewport]["width"]
    assert state["small"] == []


# --- every page ---------------------------------------------------------------------------


def test_home_page_opens_on_the_start_pages_triage_and_search(site_visitor: Visitor, static_site: Path):
    """index.html is the start page, as the app opens on it: the triage on the first screen, the question search, the pages."""
    visitor = site_visitor
    start = visitor.open("00_start_here.html", WIDGETS_PER_NOTEBOOK["00_start_here"])
    title = start.title()
    start.close()
    page = visitor.open("index.html", WIDGETS_PER_NOTEBOOK["00_start_here"])
    assert page.title() == title
    assert page.locator(".yibao-home").count() == 0, "no link to itself"
    screen = bench_pages.VIEWPORTS[visitor.viewport]["height"]
    box = page.locator(".yibao-choice-scheme input").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= screen, f"the triage's first choice at {box}"
    assert page.locator(".yibao-explainer input[type='search']").is_visible(), "the question search"
    pages = sorted(p.name for p in static_site.glob("0[1-9]_*.html"))
    linked = page.locator(".jp-RenderedMarkdown a[href$='.html']").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert set(pages) <= set(linked), "every page is linked from the front door"
    assert page.locator("a[target]").count() == 0
    page.locator(f".jp-RenderedMarkdown a[href='{pages[0]}']").first.click()
    page.wait_for_url(f"**/{pages[0]}")
    assert len(visitor.context.pages) == 1, "the link opened in the same tab"
    visitor.check(page)


@pytest.mark.parametrize("name", list(WIDGETS_PER_NOTEBOOK))
def test_project_pages_render_offline(browser: Any, static_site: Path, static_server: ss.StaticServer, name: str):
    """Today's notebooks (ipywidgets explainers): drawn from the stored state, from the server and from disk."""
    for base in (static_server.url, ss.site_base(static_site, None)):
        v = Visitor(browser, base[:4], "phone", f"{name}-{base[:4]}", base=base)
        try:
            page = v.open(f"{name}.html", WIDGETS_PER_NOTEBOOK[name])
            assert page.locator(".yibao-explainer").count() == WIDGETS_PER_NOTEBOOK[name]
            v.check(page)
        finally:
            v.context.close()


def test_claim_verdicts_read_on_one_line_on_a_desktop(browser: Any, static_server: ss.StaticServer):
    """04's claims at 1280 px with every article unfolded: no verdict (已过时, 易误导 …) breaks over lines."""
    v = Visitor(browser, "http", "desktop", "04-verdicts", base=static_server.url)
    try:
        page = v.open("04_myths.html", WIDGETS_PER_NOTEBOOK["04_myths"])
        page.locator(".yibao-table").first.wait_for(state="attached")
        page.locator("details").evaluate_all("sections => sections.forEach((s) => { s.open = true; })")
        verdicts = '.yibao-table [class^="yibao-verdict-"]'
        lines = page.eval_on_selector_all(verdicts, "verdicts => verdicts.map((e) => e.getClientRects().length)")
        assert len(lines) == len(yibao.seed_claims()) and set(lines) == {1}, lines
        v.check(page)
    finally:
        v.context.close()


#: Installed before the page's scripts: every layout shift, with what moved (all count, as in Lighthouse:
#: the visitor does nothing, though Chromium flags the shifts of an emulated phone's first second as after an input).
_SHIFTS_JS = """
window.__yibaoShifts = [];
new PerformanceObserver((list) => {
  for (const shift of list.getEntries()) {
    window.__yibaoShifts.push({ value: shift.value, moved: shift.sources.map((s) => s.node?.textContent.trim().slice(0, 30)) });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(WIDGETS_PER_NOTEBOOK))
def test_a_first_visit_on_a_slow_phone_does_not_jump(browser: Any, static_server: ss.StaticServer, name: str, lang: str):
    """The page stays where it is drawn first while its scripts run (CPU 4× slower): the language not shown
    never appears (then disappears), each explainer has its room; cumulative layout shift under 0.1 (Lighthouse's "good")."""
    context = browser.new_context(viewport=bench_pages.VIEWPORTS["phone"], is_mobile=True, has_touch=True)
    try:
        context.add_init_script(f"localStorage.setItem('yibao-lang', '{lang}');" + _SHIFTS_JS)
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        ss.load(page, static_server.url + f"{name}.html", WIDGETS_PER_NOTEBOOK[name])
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__yibaoShifts")
        assert sum(shift["value"] for shift in shifts) < 0.1, shifts
    finally:
        context.close()


#: Every visible text of the page in the language it is shown in: text nodes joined per block
#: (display other than inline), skipping those whose nearest ``lang`` is Chinese (the bilingual
#: markdown's Chinese, marked by bilingual.js; the 中文 button), plus placeholders and the labels
#: phone cards show (``data-label``), and the options of drop-downs.
_ENGLISH_TEXT_JS = """
() => {
  const chinese = (el) => (el.closest('[lang]')?.getAttribute('lang') || '').startsWith('zh');
  const shown = (el) => el.checkVisibility({visibilityProperty: true}) || !!el.closest('select');
  const groups = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || !node.nodeValue.trim() || el.closest('script, style, template') || chinese(el) || !shown(el)) continue;
    let block = el;
    while (block !== document.body && ['inline', 'contents'].includes(getComputedStyle(block).display)) block = block.parentElement;
    groups.set(block, (groups.get(block) || '') + node.nodeValue);
  }
  const texts = [...groups.values()];
  for (const el of document.querySelectorAll('[placeholder], [data-label]')) {
    if (!chinese(el) && shown(el)) texts.push(el.getAttribute('placeholder') || el.dataset.label || '');
  }
  return texts.map((t) => t.replace(/\\s+/g, ' ').trim()).filter(Boolean);
}
"""


@pytest.mark.parametrize("viewport", list(bench_pages.VIEWPORTS))
def test_english_mode_shows_english_on_every_page(browser: Any, static_site: Path, static_server: ss.StaticServer, viewport: str):
    """Switched to English, every page's visible text passes :func:`yibao.data.i18n.english_problems`."""
    visitor = Visitor(browser, "http", viewport, f"english-{viewport}", base=static_server.url)
    pages = {
        "index.html": WIDGETS_PER_NOTEBOOK["00_start_here"],
        **{f"{n}.html": c for n, c in WIDGETS_PER_NOTEBOOK.items()},
        **{f"{n}.html": c for n, c in bench_pages.EXPLAINERS.items()},
    }
    assert set(pages) == {p.name for p in static_site.glob("*.html")}
    problems: dict[str, list[str]] = {}
    try:
        for file, explainers in pages.items():
            if explainers:
                page = visitor.open(file, explainers)
                english = page.locator(".yibao-language button[data-value='en']")
                if english.first.get_attribute("aria-pressed") != "true":
                    english.first.click()
                page.wait_for_function("document.documentElement.lang === 'en'")
                harness.wait_dom_quiet(page, quiet_ms=300, timeout_ms=30_000)
            else:  # the home page: both languages, each marked
                page = visitor.page()
                page.goto(visitor.base + file)
            texts = page.evaluate(_ENGLISH_TEXT_JS)
            assert texts, file
            found = sorted({p for text in texts for p in english_problems(text)})
            if found:
                problems[file] = found
            visitor.check(page)
            page.close()
    finally:
        visitor.context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


# --- the browser explainers ------------------------------------------------------------------


def test_channel_finder_every_control(visitor: Visitor):
    page = visitor.open(CHOICES_PAGE, bench_pages.EXPLAINERS["90_browser_choices"])
    finder = page.locator(".yibao-browser:has(.yibao-channel-table)")
    table = ".yibao-channel-table"
    assert row_ids(page, table) == ids(yibao.channel_records())
    assert page.locator(".yibao-choice-mode button").evaluate_all("b => b.map((x) => x.dataset.value)") == ["all", *MODES]
    for mode in ("online", "offline", "all"):
        page.locator(f".yibao-choice-mode button[data-value='{mode}']").click()
        assert row_ids(page, table) == ids(yibao.channel_records(None if mode == "all" else mode)), mode
        assert page.locator(f".yibao-choice-mode button[data-value='{mode}']").get_attribute("aria-pressed") == "true"
    for shows in (*CHANNEL_SHOWS, "all"):
        page.select_option(".yibao-choice-shows", shows)
        assert row_ids(page, table) == ids(yibao.channel_records(shows=None if shows == "all" else shows)), shows
    for region in (*channel_regions(), "all"):
        finder.locator(".yibao-choice-region").select_option(region)
        assert row_ids(page, table) == ids(yibao.channel_records(region=None if region == "all" else region)), region
    for need in CHANNEL_NEEDS:  # each chip on, then off
        chip = page.locator(f".yibao-choice-avoid button[data-value='{need}']")
        chip.click()
        assert chip.get_attribute("aria-pressed") == "true"
        assert row_ids(page, table) == ids(yibao.channel_records(avoid_needs=[need])), need
        chip.click()
        assert row_ids(page, table) == ids(yibao.channel_records())
    # everything at once
    page.locator(".yibao-choice-mode button[data-value='offline']").click()
    page.select_option(".yibao-choice-shows", "personal_balance")
    region, lacking = channel_regions()[0], ["password", "face_recognition"]
    finder.locator(".yibao-choice-region").select_option(region)
    for need in lacking:
        page.locator(f".yibao-choice-avoid button[data-value='{need}']").click()
    chosen = yibao.channel_records("offline", shows="personal_balance", region=region, avoid_needs=lacking)
    assert row_ids(page, table) == ids(chosen) and chosen
    names = page.locator(f"{table} tbody tr td:first-child b").all_inner_texts()
    assert names == [r["name_zh"] for r in chosen]
    # the steps of one channel
    pick = chosen[-1]
    page.select_option(".yibao-choice-channel", pick["id"])
    assert page.locator(".yibao-channel-steps ol li").all_inner_texts() == pick["steps_zh"]
    assert page.locator(".yibao-channel-steps h4").inner_text() == f"{t('steps', 'zh')}: {pick['name_zh']}"
    page.locator(".yibao-choice-mode button[data-value='online']").click()  # the channel is filtered out: no steps
    assert page.locator(".yibao-channel-steps").count() == 0
    check_layout(page, visitor.viewport)
    visitor.check(page)


def _withdrawal_view(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
              const result = document.querySelector('.yibao-withdrawal-result');
              const verdict = result.querySelector('.yibao-verdict');
              return {
                title: result.querySelector('h2').textContent,
                verdict: [...verdict.classList].find((c) => c.startsWith('yibao-verdict-')),
                label: verdict.textContent,
                who: result.querySelector('.yibao-who').textContent,
                documents: [...result.querySelectorAll('.yibao-documents li')].map((li) => li.textContent),
                warnings: [...result.querySelectorAll('.yibao-warnings li')].map((li) => li.textContent),
                note: result.querySelector('.yibao-note')?.textContent ?? '',
              };
            }"""
        )
    )


def _expected_withdrawal(scenario: str, region: str, lang: str) -> dict[str, Any]:
    result = yibao.assess_withdrawal(scenario, region=None if region == "national" else region, lang=lang)
    return {
        "title": f"③ {result.title}",
        "verdict": f"yibao-verdict-{result.verdict}",
        "label": result.verdict_label,
        "who": result.who_may_apply or t("nobody", lang),
        "documents": result.documents,
        "warnings": result.warnings,
        "note": result.note,
    }


def _picker(select: Any) -> list[tuple[str, list[str]]]:
    """A place picker as drawn: (optgroup label or "" for a place standing alone, its places' ids) in order."""
    return [
        (label, values)
        for label, values in select.evaluate(
            """(s) => [...s.children].map((c) => c.tagName === 'OPTGROUP'
                 ? [c.label, [...c.children].map((o) => o.value)] : ['', [c.value]])"""
        )
    ]


def _picker_expected(places: list[str], lang: str) -> list[tuple[str, list[str]]]:
    """The picker Python's ``region_picker`` orders: each run of one province as a group."""
    drawn: list[tuple[str, list[str]]] = []
    for place in region_picker(places):
        group = place[f"group_{lang}"]
        if group and drawn and drawn[-1][0] == group:
            drawn[-1][1].append(place["id"])
        else:
            drawn.append((group, [place["id"]]))
    return drawn


def test_withdrawal_steps_every_situation_and_city(visitor: Visitor):
    page = visitor.open(CHOICES_PAGE, bench_pages.EXPLAINERS["90_browser_choices"])
    steps = page.locator(".yibao-browser:has(.yibao-withdrawal-result)")
    assert _withdrawal_view(page) == _expected_withdrawal("death", "national", "zh")
    regions = ("national", *withdrawal_regions())
    assert _picker(steps.locator(".yibao-choice-region")) == _picker_expected(list(regions), "zh")  # by province
    for scenario in scenario_ids():
        steps.locator(f".yibao-choice-scenario label:has(input[value='{scenario}'])").click()
        assert steps.locator(f".yibao-choice-scenario input[value='{scenario}']").is_checked()
        for region in regions if visitor.viewport == "desktop" else regions[:4]:
            steps.locator(".yibao-choice-region").select_option(region)
            assert _withdrawal_view(page) == _expected_withdrawal(scenario, region, "zh"), (scenario, region)
    page.locator(".yibao-language button[data-value='en']").click()
    for scenario, region in itertools.product(("death", "settle_abroad"), ("national", withdrawal_regions()[0])):
        steps.locator(f".yibao-choice-scenario label:has(input[value='{scenario}'])").click()
        steps.locator(".yibao-choice-region").select_option(region)
        assert _withdrawal_view(page) == _expected_withdrawal(scenario, region, "en"), (scenario, region)
    check_layout(page, visitor.viewport)
    visitor.check(page)


def _headers(page: Any, explainer: int) -> list[str]:
    """An explainer's column headers (text content: JupyterLab skips rendering cells scrolled out of view)."""
    return list(page.locator(".yibao-browser").nth(explainer).locator("thead th").all_text_contents())


def test_tables_every_choice_in_both_languages(visitor: Visitor):
    page = visitor.open(TABLES_PAGE, bench_pages.EXPLAINERS["91_browser_tables"])
    explainers = page.locator(".yibao-browser")  # 0 the switch, 1 claims, 2 family, 3 non-payable, 4 comparison
    claims, family, non_payable, comparison = (explainers.nth(i) for i in range(1, 5))
    for lang in ("zh", "en"):
        page.locator(f".yibao-language button[data-value='{lang}']").click()
        for verdict in (*SEED_VERDICTS, "all"):
            claims.locator(f".yibao-choice-verdict button[data-value='{verdict}']").click()
            expected = yibao.seed_claims(None if verdict == "all" else verdict)
            assert row_ids(claims) == ids(expected), verdict
            assert claims.locator("tbody td:nth-child(2) span").all_text_contents() == [c[f"verdict_{lang}"] for c in expected]
        for region in [r["region"] for r in yibao.family_sharing_rules()] + ["all"]:
            family.locator(".yibao-choice-region").select_option(region)
            assert row_ids(family) == ids(yibao.family_sharing_rules(None if region == "all" else region)), region
        for applies in ("fund", "personal_account", "all"):
            non_payable.locator(f".yibao-choice-applies_to button[data-value='{applies}']").click()
            expected = yibao.non_payable_items(None if applies == "all" else applies)
            assert row_ids(non_payable) == ids(expected), applies
            assert non_payable.locator("tbody td:first-child").all_text_contents() == [i[f"item_{lang}"] for i in expected]
        assert row_ids(comparison) == ids(yibao.account_rows())
        assert str(comparison.locator("tbody td:nth-child(1)").first.text_content()).startswith(yibao.account_rows()[0][f"personal_{lang}"])
        assert _headers(page, 1)[:4] == [t(k, lang) for k in ("claim", "verdict", "correction", "sources")]
        assert claims.locator("summary").first.text_content().startswith(t("seed", lang))
        assert _headers(page, 4)[:2] == [t(k, lang) for k in ("personal_account", "pooled_fund")]
        assert comparison.locator(".yibao-sections").get_attribute("aria-label") == t("dimension", lang)
        assert comparison.locator("summary").all_text_contents()[0].startswith(yibao.account_rows()[0][f"dimension_{lang}"])
    check_layout(page, visitor.viewport)
    visitor.check(page)


def _title_en(file: str) -> str:
    """A page's English title, from its notebook."""
    notebook = file.removesuffix(".html") + ".ipynb"
    if notebook in bench_pages.BROWSER_PAGES:
        return bench_pages.BROWSER_PAGES[notebook][1]
    return str(json.loads((harness.REPO_ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["metadata"]["yibao"]["title_en"])


def test_language_switch_reaches_every_explainer_and_the_next_page(visitor: Visitor):
    page = visitor.open(TABLES_PAGE, bench_pages.EXPLAINERS["91_browser_tables"])
    page.locator(".yibao-language button[data-value='en']").click()
    assert _headers(page, 1)[0] == t("claim", "en") and _headers(page, 3)[0] == t("item", "en")
    assert _headers(page, 2)[0] == t("valid_from", "en") and _headers(page, 4)[0] == t("personal_account", "en")
    assert page.evaluate("localStorage.getItem('yibao-lang')") == "en"
    if visitor.titled:
        assert page.evaluate("[document.documentElement.lang, document.title]") == ["en", _title_en(TABLES_PAGE)]
    # the next page opens in English, its explainers and its title
    visitor.go(page, CHOICES_PAGE, bench_pages.EXPLAINERS["90_browser_choices"])
    assert page.locator(".yibao-channel-table th").first.inner_text() == t("channel", "en")
    assert page.locator(".yibao-language button[data-value='en']").get_attribute("aria-pressed") == "true"
    if visitor.titled:
        assert page.title() == _title_en(CHOICES_PAGE)
        # a project page's title follows too
        visitor.go(page, "02_channels.html", WIDGETS_PER_NOTEBOOK["02_channels"])
        assert page.title() == _title_en("02_channels.html")
        visitor.go(page, CHOICES_PAGE, bench_pages.EXPLAINERS["90_browser_choices"])
    page.locator(".yibao-language button[data-value='zh']").click()
    assert page.locator(".yibao-channel-table th").first.inner_text() == t("channel", "zh")
    assert page.locator(".yibao-withdrawal-result h3").first.text_content() == t("who_may_apply", "zh")
    visitor.check(page)


def test_keyboard_focus_stays_on_the_control_used(visitor: Visitor):
    page = visitor.open(CHOICES_PAGE, bench_pages.EXPLAINERS["90_browser_choices"])
    page.locator(".yibao-choice-mode button[data-value='offline']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.focus") == "mode:offline"
    assert row_ids(page, ".yibao-channel-table") == ids(yibao.channel_records("offline"))
    visitor.check(page)


# --- the year of care: computed in the page --------------------------------------------------------

YEAR_PAGE = "06_year_of_care.html"


def _yuan(amount: float) -> str:
    return f"¥{amount:,.2f}"


def _year_view(page: Any) -> dict[str, Any]:
    year = page.locator(".yibao-browser:has(.yibao-year-form)")
    shown = json.loads(str(year.get_attribute("data-shown")))  # what the page reports it drew
    assert shown["error"] is not None or year.locator(".yibao-year-answer").inner_text() in shown["headline"].values()
    return {
        "left_out": shown["left_out"],
        "answer": year.locator(".yibao-year-answer").inner_text(),
        "splits": year.locator(".yibao-bill-split").all_inner_texts(),
        "bills": year.locator(".yibao-bill").count(),
        "explanation": year.locator(".yibao-reform-difference").all_inner_texts(),
    }


def _expected_year(mirror: Any, lang: str) -> dict[str, Any]:
    """What the page must show for the choices mirrored in a Python YearOfCare: from ``report()``."""
    report = mirror.report()
    answer = report["year"][f"headline_{lang}"]
    splits = [" · ".join(f"{s[f'label_{lang}']} {_yuan(s['amount'])}" for s in b["bar"]) for b in report["events"] if b["computed"]]
    compared = report["comparison"]
    explanation = [compared[f"explanation_{lang}"]] if compared and "error_zh" not in compared else []
    left_out = [bill["event"] for bill in report["events"] if not bill["computed"]]
    return {"left_out": left_out, "answer": answer, "splits": splits, "bills": len(mirror.bills), "explanation": explanation}


def test_year_of_care_every_control(visitor: Visitor):
    from yibao import widgets as yw
    from yibao.data.inputs import AmountError

    page = visitor.open(YEAR_PAGE, WIDGETS_PER_NOTEBOOK["06_year_of_care"])
    year = page.locator(".yibao-browser:has(.yibao-year-form)")
    mirror = yw.year_of_care(yw.Language())  # the same choices made in Python: what the page must show
    assert _year_view(page) == _expected_year(mirror, "zh")
    assert _picker(year.locator("select.yibao-choice-city")) == _picker_expected(credit_cities(), "zh")  # by province
    choices = [
        ("preset", "one_operation"),
        ("city", "beijing"),
        ("year", 2024),
    ]
    for name, value in choices:
        year.locator(f"select.yibao-choice-{name}").select_option(str(value))
        setattr(mirror, name, value)
        assert _year_view(page) == _expected_year(mirror, "zh"), name
    year.locator(".yibao-choice-status button[data-value='retiree']").click()
    mirror.status = "retiree"
    assert _year_view(page) == _expected_year(mirror, "zh")
    year.locator(".yibao-choice-status button[data-value='employee']").click()
    mirror.status = "employee"
    # amounts as people type them; a bad one says why and keeps the last valid value
    wage = year.locator(".yibao-choice-wage_base input")
    wage.fill("1.2万")
    wage.press("Tab")
    mirror.wage_base = 12000.0
    assert _year_view(page) == _expected_year(mirror, "zh")
    wage.fill("abc")
    wage.press("Tab")
    assert year.locator(".yibao-choice-wage_base .yibao-input-error").inner_text() == AmountError("abc").localized("zh")
    assert _year_view(page) == _expected_year(mirror, "zh")
    wage.fill("２０００万")
    wage.press("Tab")
    assert year.locator(".yibao-choice-wage_base .yibao-input-error").inner_text() == t("year_bad_wage_base", "zh", high="1,000,000")
    age = year.locator(".yibao-choice-age input")
    age.fill("６０")
    age.press("Tab")
    mirror.age = 60
    balance = year.locator(".yibao-choice-opening_balance input")
    balance.fill("1,500")
    balance.press("Tab")
    mirror.opening_balance = 1500.0
    assert _year_view(page) == _expected_year(mirror, "zh")
    for rules in ("before_reform", "after_reform", "actual"):
        year.locator(f".yibao-choice-rules button[data-value='{rules}']").click()
        mirror.rules = rules
        assert _year_view(page) == _expected_year(mirror, "zh"), rules
    # the bill form: nothing changes until "add"; a pharmacy purchase has no hospital level
    year.locator(".yibao-choice-new_kind button[data-value='pharmacy']").click()
    assert year.locator(".yibao-choice-new_level").count() == 0
    year.locator(".yibao-choice-new_date input").fill("2024-08-15")
    year.locator(".yibao-choice-new_amount input").fill("１,０００")
    assert _year_view(page) == _expected_year(mirror, "zh")
    year.locator("button.yibao-add").click()
    mirror.bills = [*mirror.bills, ["2024-08-15", "pharmacy", 1000.0, "any"]]
    assert year.locator(".yibao-choice-preset").input_value() == "custom"
    assert _year_view(page) == _expected_year(mirror, "zh")
    year.locator(".yibao-choice-new_kind button[data-value='outpatient']").click()
    year.locator(".yibao-choice-new_level").select_option("level1")
    year.locator(".yibao-choice-new_amount input").fill("很多")
    year.locator("button.yibao-add").click()
    assert year.locator(".yibao-year-form .yibao-input-error").inner_text() == AmountError("很多").localized("zh")
    assert _year_view(page) == _expected_year(mirror, "zh")
    year.locator(".yibao-choice-new_amount input").fill("300")
    year.locator("button.yibao-add").click()
    mirror.bills = [*mirror.bills, ["2024-08-15", "outpatient", 300.0, "level1"]]
    assert _year_view(page) == _expected_year(mirror, "zh")
    year.locator("button.yibao-remove").first.click()
    mirror.bills = mirror.bills[1:]
    assert _year_view(page) == _expected_year(mirror, "zh")
    # a hospital stay the data cannot compute says why, in the page language, instead of a number
    assert year.locator(".yibao-bill-not-computed .yibao-message").first.inner_text() == next(
        b["reason_zh"] for b in mirror.report()["events"] if not b["computed"]
    )
    page.locator(".yibao-language button[data-value='en']").click()
    assert _year_view(page) == _expected_year(mirror, "en")
    year.locator(".yibao-year-rules summary").click()
    rules = mirror.report()["rules"]
    assert year.locator(".yibao-year-rules li").evaluate_all("items => items.map((i) => i.dataset.rule)") == list(rules)
    assert year.locator(".yibao-year-rules li .yibao-report").count() == len(rules)
    year.locator("button.yibao-clear").click()
    assert year.locator(".yibao-year-summary").inner_text().count(t("no_bills", "en")) == 1
    check_form_layout(page, visitor.viewport)
    visitor.check(page)


def test_year_of_care_asks_a_shanghai_retiree_when_they_retired(visitor: Visitor):
    """Shanghai's inpatient deductible depends on the retirement date (700 yuan by 2000, 1,200 from 2001): the year is optional;
    without it the page lists the rule used, which names both amounts and whom each is for."""
    from yibao import widgets as yw

    page = visitor.open(YEAR_PAGE, WIDGETS_PER_NOTEBOOK["06_year_of_care"])
    year = page.locator(".yibao-browser:has(.yibao-year-form)")
    mirror = yw.year_of_care(yw.Language())
    for name, value in (("preset", "one_operation"), ("city", "shanghai"), ("year", 2025)):
        year.locator(f"select.yibao-choice-{name}").select_option(str(value))
        setattr(mirror, name, value)
    assert year.locator(".yibao-choice-retirement_year").count() == 0  # the example is an employee
    year.locator(".yibao-choice-status button[data-value='retiree']").click()
    mirror.status = "retiree"
    box = year.locator(".yibao-choice-retirement_year input")
    assert box.input_value() == ""
    note = year.locator(".yibao-retirement-note")
    [rule_id] = yibao.year_rules("shanghai")["retirement_rules"]["retiree"]["2025"]
    assert note.locator("li").evaluate_all("items => items.map((i) => i.dataset.rule)") == [rule_id]
    assert "700" in note.inner_text() and "1200" in note.inner_text()
    assert _year_view(page) == _expected_year(mirror, "zh")
    box.fill("1998")
    box.press("Tab")
    mirror.retirement_year = 1998
    assert note.count() == 0
    assert _year_view(page) == _expected_year(mirror, "zh")
    box.fill("2030")
    box.press("Tab")
    expected = t("year_bad_retirement_year", "zh", low=1950, high=2025)
    assert year.locator(".yibao-choice-retirement_year .yibao-input-error").inner_text() == expected
    assert _year_view(page) == _expected_year(mirror, "zh")
    box.fill("")
    box.press("Tab")
    mirror.retirement_year = None
    assert _year_view(page) == _expected_year(mirror, "zh")
    assert note.count() == 1
    visitor.check(page)


def check_form_layout(page: Any, viewport: str) -> None:
    """No sideways scrolling, tap targets and inputs ≥ 44 px, no label over its control; one column on a phone."""
    state = page.evaluate(
        """() => {
          const root = document.querySelector('.yibao-browser:has(.yibao-year-form)');
          const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const overlapping = (f) => {
            const label = f.querySelector('.yibao-label');
            const control = f.querySelector('input, select, .yibao-seg');
            return label && control && overlap(label.getBoundingClientRect(), control.getBoundingClientRect());
          };
          const fields = [...root.querySelectorAll('.yibao-field')].filter(overlapping).map((f) => f.textContent);
          const person = [...root.querySelectorAll('.yibao-year-person .yibao-field')];
          const lefts = person.map((f) => Math.round(f.getBoundingClientRect().left));
          return {
            wide: root.scrollWidth > root.clientWidth + 1,
            page: document.scrollingElement.scrollWidth,
            small: [...root.querySelectorAll('button, select, input')]
              .filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)),
            overlapping: fields,
            columns: new Set(lefts).size,
          };
        }"""
    )
    assert not state["wide"] and state["page"] <= bench_pages.VIEWPORTS[viewport]["width"]
    assert state["small"] == [] and state["overlapping"] == []
    assert (state["columns"] == 1) == (viewport == "phone")


# --- the same explainers with a kernel (JupyterLab, Voila) -------------------------------------------

KERNEL_NOTEBOOK = "browser_with_kernel.ipynb"
#: The page's choice reaches Python: a plain ipywidgets label shows the finder's ``mode`` and row count.
MIRROR_CODE = """import ipywidgets as w
finder = yw.channel_finder()
mirror = w.HTML("start")
mirror.add_class("yibao-mirror")
finder.observe(lambda change: setattr(mirror, "value", f"{finder.mode}:{len(finder.shown())}:{finder.lang}"), ["mode", "lang"])
w.VBox([finder, mirror])"""
#: Records carrying markup and a script link: the page must show them as text.
HOSTILE_CODE = """hostile = yw.claim_checker()
first = hostile.rows[0]
source = {**first["sources"][0], "url": "javascript:window.__pwned = 2", "label_zh": "<b>label</b>"}
hostile.rows = [{**first, "correction_zh": '<img src=x onerror="window.__pwned = 1">', "sources": [source]}]
hostile"""


@pytest.fixture(scope="module")
def kernel_notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    folder = tmp_path_factory.mktemp("kernel-notebooks")
    cells = [new_code_cell(code) for code in ("from yibao import widgets as yw\nyw.language_toggle()", MIRROR_CODE, HOSTILE_CODE)]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    nbformat.write(new_notebook(cells=cells, metadata=kernel), folder / KERNEL_NOTEBOOK)
    return folder


@pytest.mark.parametrize("app", ["voila", "lab"])
def test_browser_explainers_with_a_kernel(browser: Any, kernel_notebooks: Path, tmp_path: Path, app: str):
    """In Voila and JupyterLab the page redraws by itself and Python's traits follow the visitor's choice."""
    start = harness.start_voila if app == "voila" else harness.start_lab
    server = start(tmp_path, root_dir=kernel_notebooks)
    context = browser.new_context(viewport=bench_pages.VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        if app == "voila":
            harness.open_voila(page, server, KERNEL_NOTEBOOK)
        else:
            harness.open_lab_notebook(page, server, KERNEL_NOTEBOOK)
            harness.lab_run_all(page)
        page.wait_for_selector(".yibao-channel-table tbody tr")
        assert row_ids(page, ".yibao-channel-table") == ids(yibao.channel_records())
        hostile = page.locator(".yibao-browser:has(.yibao-choice-verdict) tbody tr")
        # columns: claim, verdict, correction, sources
        assert hostile.locator("td:nth-child(3)").inner_text() == '<img src=x onerror="window.__pwned = 1">'
        assert hostile.locator("td:nth-child(4) .yibao-sources span").first.inner_text() == "<b>label</b>"
        assert hostile.locator("img, b, a[href^='javascript']").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.locator(".yibao-choice-mode button[data-value='offline']").click()
        assert row_ids(page, ".yibao-channel-table") == ids(yibao.channel_records("offline"))
        offline = len(yibao.channel_records("offline"))
        page.wait_for_function("text => document.querySelector('.yibao-mirror').textContent === text", arg=f"offline:{offline}:zh")
        page.locator(".yibao-language button[data-value='en']").click()
        assert page.locator(".yibao-channel-table th").first.inner_text() == t("channel", "en")
        page.wait_for_function("text => document.querySelector('.yibao-mirror').textContent === text", arg=f"offline:{offline}:en")
        harness.assert_no_errors(page)
        harness.screenshot(page, f"static-kernel-{app}")
    finally:
        context.close()
        server.stop()


# --- the credit calculator and the balance chart (page 01) -------------------------------------------


def _credit_shown(calculator: Any) -> tuple[str, str, list[str]] | str:
    """(outcome, amount, rule ids) the page reports it drew (``shown``), or "problem" when it shows a message instead."""
    shown = json.loads(str(calculator.get_attribute("data-shown")))
    result = calculator.locator(".yibao-credit-result")
    if shown["error"] is not None:
        assert result.count() == 0 and calculator.locator(".yibao-credit-problem").count() == 1
        return "problem"
    assert result.get_attribute("data-amount") == f"{shown['amount']:.2f}"
    return shown["outcome"], f"{shown['amount']:.2f}", shown["ids"]


def _credit_expected(twin: Any) -> tuple[str, str, list[str]] | str:
    """What Python computes for the same choice (``CreditCalculator.credit``)."""
    try:
        credit = twin.credit()
    except ValueError:
        return "problem"
    return credit.outcome, f"{credit.amount:.2f}", [part.row_id for part in credit.parts]


def test_credit_calculator_every_control(visitor: Visitor):
    from yibao import widgets as yw
    from yibao.rules.credit import credit_inputs

    page = visitor.open("01_accounts.html", WIDGETS_PER_NOTEBOOK["01_accounts"])
    # the calculator: its date field stays whatever the status (a retiree has no wage field)
    calculator = page.locator(".yibao-browser:has(input.yibao-choice-on)")
    twin = yw.credit_calculator()
    twin.on = calculator.locator(".yibao-choice-on").input_value()
    assert _credit_shown(calculator) == _credit_expected(twin)
    wage = calculator.locator("input.yibao-amount.yibao-choice-wage")
    for typed, value in (("1.2万", 12000.0), ("１００００", 10000.0), ("10,000.5", 10000.5)):
        wage.fill(typed)
        wage.press("Tab")
        twin.wage = value
        assert _credit_shown(calculator) == _credit_expected(twin), typed
        assert calculator.locator(".yibao-amount-message").inner_text() == ""
    wage.fill("一万块")
    wage.press("Tab")
    assert "一万块" in calculator.locator(".yibao-amount-message").inner_text()
    assert _credit_shown(calculator) == _credit_expected(twin), "a bad entry keeps the last valid value"
    statuses = calculator.locator(".yibao-choice-status button").evaluate_all("b => b.map((x) => x.dataset.value)")
    cities = calculator.locator("select.yibao-choice-city option").evaluate_all("o => o.map((x) => x.value)")
    assert _picker(calculator.locator("select.yibao-choice-city")) == _picker_expected(cities, "zh")  # by province
    for status in statuses:
        calculator.locator(f".yibao-choice-status button[data-value='{status}']").click()
        twin.status = status
        for city in cities if visitor.viewport == "desktop" else cities[:3]:
            calculator.locator("select.yibao-choice-city").select_option(city)
            twin.city = city
            assert _credit_shown(calculator) == _credit_expected(twin), (status, city)
            shown = calculator.locator(".yibao-choice-tier button").evaluate_all("b => b.map((x) => x.dataset.value)")
            assert shown == [tier["id"] for tier in twin.tiers()], (status, city)
            needs = credit_inputs(status, city=city, on=twin.on, tier=twin.chosen_tier())
            assert calculator.locator("input.yibao-choice-pension").count() == int(needs["pension"]), (status, city)
    calculator.locator(".yibao-choice-status button[data-value='employee']").click()
    twin.status = "employee"
    calculator.locator(".yibao-choice-on").fill("2019-06-01")
    calculator.locator(".yibao-choice-on").press("Tab")
    twin.on = "2019-06-01"
    assert _credit_shown(calculator) == _credit_expected(twin), "a date before the reform"
    check_layout(page, visitor.viewport)
    visitor.check(page)


def test_balance_chart_every_slider(visitor: Visitor):
    from yibao import widgets as yw

    page = visitor.open("01_accounts.html", WIDGETS_PER_NOTEBOOK["01_accounts"])
    chart = page.locator(".yibao-browser:has(.yibao-chart-box)")
    twin = yw.balance_chart()

    def balance_end() -> str:
        """The balance at the chart's last month, or "problem" when the page shows a message instead."""
        if chart.locator(".yibao-chart-problem").count():
            return "problem"
        return str(chart.locator("svg.yibao-chart").get_attribute("data-balance-end"))

    def expected() -> str:
        try:
            frame = twin.projection()
        except ValueError:
            return "problem"
        shown = json.loads(str(chart.get_attribute("data-shown")))  # what the page reports it drew
        assert [round(credit, 2) for credit in shown["credits"]] == [round(credit, 2) for credit in frame["credit"]]
        return f"{frame['personal_balance'].iloc[-1]:.2f}"

    assert balance_end() == expected()
    # one chart drawn per slider change: count the SVG charts the page puts in
    chart.evaluate(
        """(root) => { window.__yibaoDraws = 0; new MutationObserver((records) => { for (const r of records) for (const n of r.addedNodes)
             if (n.nodeType === 1 && (n.matches('svg.yibao-chart') || n.querySelector('svg.yibao-chart'))) window.__yibaoDraws += 1;
           }).observe(root, {subtree: true, childList: true}); }"""
    )
    for name, value in (("wage", 12000), ("spend", 300), ("outpatient", 900), ("months", 48), ("stop_month", 20), ("start_year", 2022)):
        page.evaluate("window.__yibaoDraws = 0")
        chart.locator(f"input.yibao-choice-{name}").fill(str(value))
        assert page.evaluate("window.__yibaoDraws") == 1, f"{name}: the chart was drawn {page.evaluate('window.__yibaoDraws')} times"
        setattr(twin, name, value)
        assert chart.locator(f"input.yibao-choice-{name}").input_value() == str(value), name
        assert balance_end() == expected(), name
        assert int(str(chart.locator("svg.yibao-chart").get_attribute("data-points"))) == twin.months
    assert chart.locator(".yibao-stop").count() == 1, "the month contributions stop is marked"
    chart.locator("input.yibao-choice-spend").focus()
    page.keyboard.press("ArrowRight")  # a key press moves the slider one step, the chart follows
    twin.spend = int(chart.locator("input.yibao-choice-spend").input_value())
    assert balance_end() == expected()
    cities = chart.locator("select.yibao-choice-city option").evaluate_all("o => o.map((x) => x.value)")
    assert _picker(chart.locator("select.yibao-choice-city")) == _picker_expected(cities, "zh")  # by province
    for city in [*cities[1:4], cities[0]]:
        chart.locator("select.yibao-choice-city").select_option(city)
        twin.city = city
        assert balance_end() == expected(), city
    assert balance_end() != "problem"
    summary = chart.locator(".yibao-chart-summary").inner_text()
    assert summary.startswith(t("chart_balance", "zh"))
    page.locator(".yibao-language button[data-value='en']").click()
    assert str(chart.locator(".yibao-chart-summary").text_content()).startswith(t("chart_balance", "en"))
    check_layout(page, visitor.viewport)
    visitor.check(page)
