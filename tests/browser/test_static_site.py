"""The static site as a visitor meets it: no server code, nothing from the internet.

The site is built once (``yibao.site``: the project's notebooks plus two pages of browser
explainers, :data:`benchmarks.static_site.BROWSER_PAGES`), then opened from a local static server
(``python -m http.server`` on 127.0.0.1) and from ``file://``, on a phone (390×844) and a desktop
(1280×800), with every other request aborted and counted: the count must be 0. Each journey uses
every control of the browser explainers and compares what the page lists with what the domain
functions return.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import yibao
from benchmarks import static_site as ss
from benchmarks.notebooks import WIDGETS_PER_NOTEBOOK
from tests.browser import harness
from yibao.channels import MODES, channel_regions
from yibao.i18n import english_problems, t
from yibao.tables import CHANNEL_NEEDS, CHANNEL_SHOWS, SEED_VERDICTS
from yibao.withdrawal import scenario_ids, withdrawal_regions

pytestmark = pytest.mark.browser

CHOICES_PAGE = "90_browser_choices.html"
TABLES_PAGE = "91_browser_tables.html"

# html-manager's bundled JSON-schema validator (ajv) warns about its own schema; not an error of ours.
IGNORED_WARNINGS = ("strict mode: use allowUnionTypes",)


@pytest.fixture(scope="session")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("static") / "site"
    ss.build(out)
    return out


@pytest.fixture(scope="session")
def static_server(static_site: Path) -> Iterator[ss.StaticServer]:
    with ss.serving(static_site) as server:
        yield server


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, static_site: Path) -> str:
    server = request.getfixturevalue("static_server") if request.param == "http" else None
    return ss.site_base(static_site, server)


@pytest.fixture(params=list(ss.VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Visitor:
    """One browser context: a viewport, every non-local request blocked and counted, console errors kept."""

    def __init__(self, browser: Any, base: str, viewport: str, name: str) -> None:
        self.base = base
        self.viewport = viewport
        self.name = name
        self.context = browser.new_context(viewport=ss.VIEWPORTS[viewport], locale="zh-CN")
        self.blocker = ss.Blocker().install(self.context)
        self.errors: list[str] = []

    def page(self) -> Any:
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        return page

    def open(self, file: str, explainers: int) -> Any:
        """A page of the site once its ``explainers`` are drawn."""
        page = self.page()
        ss.load(page, self.base + file, explainers)
        return page

    def check(self, page: Any) -> None:
        """Nothing blocked, no error on the page or in the console."""
        harness.screenshot(page, f"static-{self.name}")
        assert self.blocker.blocked == [], f"requests left the site: {self.blocker.blocked}"
        harness.assert_no_errors(page)
        assert self.errors == []


@pytest.fixture
def visitor(browser: Any, base_url: str, viewport: str, request: pytest.FixtureRequest) -> Iterator[Visitor]:
    v = Visitor(browser, base_url, viewport, request.node.name)
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
    assert state["wide"] == 0 and state["page"] <= ss.VIEWPORTS[viewport]["width"]
    assert state["small"] == []


# --- every page ---------------------------------------------------------------------------


def test_home_page_links_every_page_in_the_same_tab(visitor: Visitor, static_site: Path):
    page = visitor.page()
    page.goto(visitor.base + "index.html")
    assert page.title() == "职工医保:个人账户与统筹基金"
    cards = page.locator("a.card")
    files = sorted(p.name for p in static_site.glob("*.html") if p.name != "index.html")
    assert [cards.nth(i).get_attribute("href") for i in range(cards.count())] == files
    assert page.locator("a[target]").count() == 0
    cards.first.click()
    page.wait_for_url("**/00_start_here.html")
    assert len(visitor.context.pages) == 1, "the card opened in the same tab"
    visitor.check(page)


@pytest.mark.parametrize("name", list(WIDGETS_PER_NOTEBOOK))
def test_project_pages_render_offline(browser: Any, static_site: Path, static_server: ss.StaticServer, name: str):
    """Today's notebooks (ipywidgets explainers): drawn from the stored state, from the server and from disk."""
    for base in (static_server.url, ss.site_base(static_site, None)):
        v = Visitor(browser, base, "phone", f"{name}-{base[:4]}")
        try:
            page = v.open(f"{name}.html", WIDGETS_PER_NOTEBOOK[name])
            assert page.locator(".yibao-explainer").count() == WIDGETS_PER_NOTEBOOK[name]
            v.check(page)
        finally:
            v.context.close()


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


def test_english_mode_shows_english_on_every_page(browser: Any, static_site: Path, static_server: ss.StaticServer, viewport: str):
    """Switched to English, every page's visible text passes :func:`yibao.i18n.english_problems`."""
    visitor = Visitor(browser, static_server.url, viewport, f"english-{viewport}")
    pages = {
        "index.html": 0,
        **{f"{n}.html": c for n, c in WIDGETS_PER_NOTEBOOK.items()},
        **{f"{n}.html": c for n, c in ss.EXPLAINERS.items()},
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
    page = visitor.open(CHOICES_PAGE, ss.EXPLAINERS["90_browser_choices"])
    finder = page.locator(".yibao-browser:has(.yibao-channel-table)")
    table = ".yibao-channel-table"
    assert row_ids(page, table) == ids(yibao.channel_records())
    assert page.locator(".yibao-choice-mode button").evaluate_all("b => b.map((x) => x.dataset.value)") == ["all", *MODES]
    for mode in ("online", "offline", "all"):
        page.locator(f".yibao-choice-mode button[data-value='{mode}']").click()
        assert row_ids(page, table) == ids(yibao.channel_records(None if mode == "all" else mode)), mode
        assert page.locator(f".yibao-choice-mode button[data-value='{mode}']").get_attribute("aria-pressed") == "true"
    for shows in (*CHANNEL_SHOWS, "any"):
        page.select_option(".yibao-choice-shows", shows)
        assert row_ids(page, table) == ids(yibao.channel_records(shows=None if shows == "any" else shows)), shows
    for region in (*channel_regions(), "any"):
        finder.locator(".yibao-choice-region").select_option(region)
        assert row_ids(page, table) == ids(yibao.channel_records(region=None if region == "any" else region)), region
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
                title: result.querySelector('h4').textContent,
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


def test_withdrawal_steps_every_situation_and_city(visitor: Visitor):
    page = visitor.open(CHOICES_PAGE, ss.EXPLAINERS["90_browser_choices"])
    steps = page.locator(".yibao-browser:has(.yibao-withdrawal-result)")
    assert _withdrawal_view(page) == _expected_withdrawal("death", "national", "zh")
    regions = ("national", *withdrawal_regions())
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
    return list(page.locator(".yibao-browser").nth(explainer).locator("thead th").all_inner_texts())


def test_tables_every_choice_in_both_languages(visitor: Visitor):
    page = visitor.open(TABLES_PAGE, ss.EXPLAINERS["91_browser_tables"])
    explainers = page.locator(".yibao-browser")  # 0 the switch, 1 claims, 2 family, 3 non-payable, 4 comparison
    claims, family, non_payable, comparison = (explainers.nth(i) for i in range(1, 5))
    for lang in ("zh", "en"):
        page.locator(f".yibao-language button[data-value='{lang}']").click()
        for verdict in (*SEED_VERDICTS, "all"):
            claims.locator(f".yibao-choice-verdict button[data-value='{verdict}']").click()
            expected = yibao.seed_claims(None if verdict == "all" else verdict)
            assert row_ids(claims) == ids(expected), verdict
            assert claims.locator("tbody td:nth-child(3) span").all_inner_texts() == [c[f"verdict_{lang}"] for c in expected]
        for region in [r["region"] for r in yibao.family_sharing_rules()] + ["all"]:
            family.locator(".yibao-choice-region").select_option(region)
            assert row_ids(family) == ids(yibao.family_sharing_rules(None if region == "all" else region)), region
        for applies in ("fund", "personal_account", "all"):
            non_payable.locator(f".yibao-choice-applies_to button[data-value='{applies}']").click()
            expected = yibao.non_payable_items(None if applies == "all" else applies)
            assert row_ids(non_payable) == ids(expected), applies
            assert non_payable.locator("tbody td:first-child").all_inner_texts() == [i[f"item_{lang}"] for i in expected]
        assert row_ids(comparison) == ids(yibao.account_rows())
        assert comparison.locator("tbody td:nth-child(2)").first.inner_text().startswith(yibao.account_rows()[0][f"personal_{lang}"])
        assert _headers(page, 1) == [t(k, lang) for k in ("seed", "claim", "verdict", "correction", "sources")]
        assert _headers(page, 4) == [t(k, lang) for k in ("dimension", "personal_account", "pooled_fund")]
    check_layout(page, visitor.viewport)
    visitor.check(page)


def test_language_switch_reaches_every_explainer_and_the_next_page(visitor: Visitor):
    page = visitor.open(TABLES_PAGE, ss.EXPLAINERS["91_browser_tables"])
    page.locator(".yibao-language button[data-value='en']").click()
    assert _headers(page, 1)[0] == t("seed", "en") and _headers(page, 3)[0] == t("item", "en")
    assert _headers(page, 2)[0] == t("valid_from", "en") and _headers(page, 4)[0] == t("dimension", "en")
    assert page.evaluate("[document.documentElement.lang, document.title, localStorage.getItem('yibao-lang')]") == [
        "en",
        ss.BROWSER_PAGES["91_browser_tables.ipynb"][1],
        "en",
    ]
    # the next page opens in English, its explainers and its title
    page.goto(visitor.base + CHOICES_PAGE)
    page.wait_for_function("document.querySelector('.yibao-channel-table th') !== null")
    assert page.locator(".yibao-channel-table th").first.inner_text() == t("channel", "en")
    assert page.locator(".yibao-language button[data-value='en']").get_attribute("aria-pressed") == "true"
    assert page.title() == ss.BROWSER_PAGES["90_browser_choices.ipynb"][1]
    # a project page's title follows too
    page.goto(visitor.base + "02_channels.html")
    assert page.title() == json.loads(page.locator("#yibao-page").inner_text())["title_en"]
    page.goto(visitor.base + CHOICES_PAGE)
    page.wait_for_function("document.querySelector('.yibao-channel-table th') !== null")
    page.locator(".yibao-language button[data-value='zh']").click()
    assert page.locator(".yibao-channel-table th").first.inner_text() == t("channel", "zh")
    assert page.locator(".yibao-withdrawal-result h5").first.inner_text() == t("who_may_apply", "zh")
    visitor.check(page)


def test_keyboard_focus_stays_on_the_control_used(visitor: Visitor):
    page = visitor.open(CHOICES_PAGE, ss.EXPLAINERS["90_browser_choices"])
    page.locator(".yibao-choice-mode button[data-value='offline']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.focus") == "mode:offline"
    assert row_ids(page, ".yibao-channel-table") == ids(yibao.channel_records("offline"))
    visitor.check(page)


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
    context = browser.new_context(viewport=ss.VIEWPORTS["desktop"])
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
        assert hostile.locator("td:nth-child(4)").inner_text() == '<img src=x onerror="window.__pwned = 1">'
        assert hostile.locator("td:nth-child(5) .yibao-sources span").first.inner_text() == "<b>label</b>"
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
