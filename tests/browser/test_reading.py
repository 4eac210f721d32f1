"""Reading the pages: by keyboard alone, in large text (长辈版), at twice the text size, from a shared
link, and on paper. The static site from a local server (the Voila app for the shared links too).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

import harness
import yibao
from benchmarks import pages as bench_pages
from benchmarks import static_site as ss
from benchmarks.notebooks import WIDGETS_PER_NOTEBOOK
from yibao.answers.withdrawal import assess_withdrawal
from yibao.data.i18n import t
from yibao.widgets.credit import CreditCalculator

pytestmark = pytest.mark.browser

#: The credit calculator (page 01 also has the balance chart, with controls of the same names).
CALCULATOR = ".yibao-explainer:has(.yibao-credit-controls)"


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=bench_pages.VIEWPORTS["phone"], locale="zh-CN")
    yield context
    context.close()


def visit(context: Any, server: Any, name: str, query: str = "") -> Any:
    """A page of the static site once its explainers are drawn."""
    page = context.new_page()
    ss.load(page, f"{server.url}{name}.html{query}", WIDGETS_PER_NOTEBOOK[name])
    harness.wait_dom_quiet(page, quiet_ms=200)
    return page


def credit_amount(page: Any) -> float:
    return float(page.locator(".yibao-credit-result").get_attribute("data-amount"))


def expected_credit(**choices: Any) -> float:
    calculator = CreditCalculator()
    for name, value in choices.items():
        setattr(calculator, name, value)
    return calculator.credit().amount


def focused(page: Any) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.dataset.focus")


# --- by keyboard alone ------------------------------------------------------------------------------


def test_calculator_by_keyboard(browser: Any, static_server: Any) -> None:
    """The wage, then Tab to the next control; a date typed segment by segment (month first in English)."""
    context = browser.new_context(viewport=bench_pages.VIEWPORTS["desktop"], locale="en-US")
    try:
        page = visit(context, static_server, "01_accounts")
        page.locator(f"{CALCULATOR} input.yibao-choice-wage").focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("20000")
        page.keyboard.press("Tab")
        assert focused(page) == "status:employee", "Tab goes on to the next control"
        assert credit_amount(page) == pytest.approx(expected_credit(wage=20000.0))
        page.keyboard.press("ArrowRight")  # the buttons of a group: Tab and Space, as a visitor does
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert page.locator(f"{CALCULATOR} .yibao-choice-status button[aria-pressed='true']").get_attribute("data-value") == "retiree"
        assert focused(page) == "status:retiree"
        date = page.locator("input.yibao-choice-on")
        date.focus()
        page.keyboard.type("03152024")  # mm dd yyyy: the widget redraws after each complete date
        assert date.input_value() == "2024-03-15"
        assert focused(page) == "on"
        status = page.locator(f"{CALCULATOR} .yibao-live").inner_text()
        assert status == page.locator(f"{CALCULATOR} [data-announce]").inner_text(), "the answer is read out"
    finally:
        context.close()


def test_withdrawal_by_keyboard(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "03_withdrawal")
    page.locator(".yibao-choice-scenario input").first.focus()
    page.keyboard.press("ArrowDown")  # the next situation
    chosen = page.evaluate("document.activeElement.value")
    page.keyboard.press("Tab")
    assert focused(page) == "region"
    page.keyboard.press("ArrowDown")
    region = page.locator("select.yibao-choice-region").input_value()
    assert region != "national"
    expected = assess_withdrawal(chosen, region=region, lang="zh")
    assert page.locator(".yibao-withdrawal-result h2").inner_text() == f"③ {expected.title}"
    assert expected.title in page.locator(".yibao-explainer:has(.yibao-withdrawal-result) .yibao-live").inner_text()
    assert focused(page) == "region"


def test_year_of_care_by_keyboard(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "06_year_of_care")
    box = page.locator(".yibao-year-controls input[type='text']").first
    name = box.get_attribute("data-focus")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("12000")
    page.keyboard.press("Tab")
    after = focused(page)
    assert after not in (None, name), f"Tab after {name} went to {after}"
    assert page.evaluate("document.activeElement.closest('.yibao-explainer') !== null")
    page.locator("button.yibao-add").focus()
    bills = page.locator(".yibao-bill").count()
    page.keyboard.press("Enter")
    assert page.locator(".yibao-bill").count() == bills + 1
    assert focused(page) == "add"


# --- 长辈版: large text --------------------------------------------------------------------------

_MEASURE_JS = """
() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const scope = [...document.querySelectorAll('.jp-RenderedHTMLCommon, .yibao-explainer')];
  const all = scope.flatMap((root) => [root, ...root.querySelectorAll('*')]).filter((el) => !el.closest('svg') && shown(el));
  const texts = all.filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue.trim()));
  const controls = all.filter((el) =>
    el.matches('button, select, input:not([type=radio]):not([type=checkbox]), summary, a, .yibao-radio label'));
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const lineHeight = (el) => {
    const s = getComputedStyle(el);
    return s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / parseFloat(s.fontSize);
  };
  const small = (el) => el.getBoundingClientRect().height < 59.5 || el.getBoundingClientRect().width < 59.5;
  const name = (el) => el.tagName + '.' + el.className + ' ' + (el.textContent || '').trim().slice(0, 30);
  return {
    texts: texts.length,
    controls: controls.length,
    smallestText: Math.min(...texts.map(size)),
    smallText: texts.filter((el) => size(el) < 18).slice(0, 8).map(name),
    smallestControl: Math.min(...controls.map((el) => Math.min(el.getBoundingClientRect().height, el.getBoundingClientRect().width))),
    smallControls: controls.filter(small).slice(0, 8).map(name),
    tightLines: texts.filter((el) => lineHeight(el) < 1.3).slice(0, 8).map(name),
    large: document.documentElement.classList.contains('yibao-large'),
  };
}
"""


def measure(page: Any) -> dict[str, Any]:
    return page.evaluate(_MEASURE_JS)


@pytest.mark.parametrize("name", list(WIDGETS_PER_NOTEBOOK))
def test_large_text_from_the_address(context: Any, static_server: Any, name: str) -> None:
    page = visit(context, static_server, name, "?size=large")
    found = measure(page)
    assert found["large"] and found["texts"] > 10 and found["controls"] > 2
    assert found["smallText"] == [], f"text under 18 px: {found}"
    assert found["smallControls"] == [], f"controls under 60 × 60 px: {found}"
    assert found["tightLines"] == [], f"line height under 1.3: {found}"
    assert found["smallestText"] >= 18 and found["smallestControl"] >= 59.5
    assert page.locator("button.yibao-size").get_attribute("aria-pressed") == "true"


def test_large_text_is_kept_across_pages_and_switched_off(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "03_withdrawal", "?size=large")
    page.close()
    page = visit(context, static_server, "01_accounts")
    assert measure(page)["large"], "the next page keeps the large text"
    page.locator("button.yibao-size").click()
    found = measure(page)
    assert not found["large"] and found["smallestText"] < 18
    assert page.locator("button.yibao-size").get_attribute("aria-pressed") == "false"
    page.close()
    assert not measure(visit(context, static_server, "02_channels"))["large"]


# --- text that scales --------------------------------------------------------------------------------

_SIZES_JS = """
() => ({
  markdown: parseFloat(getComputedStyle(document.querySelector('.jp-RenderedMarkdown p')).fontSize),
  explainer: parseFloat(getComputedStyle(document.querySelector('.yibao-withdrawal-result p')).fontSize),
  control: document.querySelector('select.yibao-choice-region').getBoundingClientRect().height,
  wide: [...document.querySelectorAll('.yibao-browser')].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
  page: document.scrollingElement.scrollWidth,
})
"""


def test_text_follows_the_browsers_font_size(browser: Any, static_server: Any) -> None:
    """A browser set to a 32 px default font: text and controls double, nothing overflows at 640 px (1280 at 200 %)."""
    sizes = {}
    for root in ("16px", "32px"):
        context = browser.new_context(viewport={"width": 640, "height": 800}, locale="zh-CN")
        context.add_init_script(
            f"document.addEventListener('DOMContentLoaded', () => {{ document.documentElement.style.fontSize = '{root}'; }});"
        )
        try:
            sizes[root] = visit(context, static_server, "03_withdrawal").evaluate(_SIZES_JS)
        finally:
            context.close()
    usual, doubled = sizes["16px"], sizes["32px"]
    assert doubled["markdown"] == pytest.approx(2 * usual["markdown"])
    assert doubled["explainer"] == pytest.approx(2 * usual["explainer"])
    assert doubled["control"] >= 1.8 * usual["control"]
    assert doubled["wide"] == 0 and doubled["page"] <= 640


def test_chart_redraws_to_its_box_at_200_percent(browser: Any, static_server: Any) -> None:
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2, locale="zh-CN")
    try:
        page = visit(context, static_server, "01_accounts")
        box = page.evaluate(
            "(() => { const b = document.querySelector('.yibao-chart-box');"
            " return [b.clientWidth, b.querySelector('svg').getBoundingClientRect().width]; })()"
        )
        assert 0 < box[1] <= box[0]
        label = page.locator("svg.yibao-chart").get_attribute("aria-label")
        assert label.startswith(t("chart_title", "zh")) and t("chart_balance", "zh") in label
    finally:
        context.close()


# --- answers to share ----------------------------------------------------------------------------


def _voila(page: Any, server: harness.JupyterServer, notebook: str, explainers: int = 2, **params: str) -> None:
    """The app's page of ``notebook`` once ``explainers`` are drawn."""
    page.goto(server.url(f"/voila/render/notebooks/{notebook}", **params), timeout=300_000)
    page.wait_for_function(
        "n => !document.getElementById('loading') && document.querySelectorAll('.yibao-explainer').length >= n",
        arg=explainers,
        timeout=300_000,
    )
    harness.wait_dom_quiet(page, quiet_ms=500)


@pytest.mark.parametrize("front", ["static", "voila"])
def test_shared_links_reproduce_the_answers(context: Any, request: pytest.FixtureRequest, front: str) -> None:
    credit = {"city": "beijing", "status": "retiree", "age": "72"}
    steps = {"city": "wuhan", "scenario": "death", "lang": "en", "size": "large"}
    if front == "static":
        server = request.getfixturevalue("static_server")
        accounts = visit(context, server, "01_accounts", "?" + urllib.parse.urlencode(credit))
        withdrawal = visit(context, server, "03_withdrawal", "?" + urllib.parse.urlencode(steps))
    else:
        server = request.getfixturevalue("voila_server")
        accounts, withdrawal = context.new_page(), context.new_page()
        _voila(accounts, server, "01_accounts.ipynb", **credit)
        _voila(withdrawal, server, "03_withdrawal.ipynb", **steps)
    assert credit_amount(accounts) == pytest.approx(expected_credit(city="beijing", status="retiree", age=72))
    assert_calculator_opens_the_screen(accounts)
    assert accounts.locator(f"{CALCULATOR} .yibao-choice-status button[aria-pressed='true']").get_attribute("data-value") == "retiree"
    death = assess_withdrawal("death", region="wuhan", lang="en")
    withdrawal.wait_for_function("t => document.querySelector('.yibao-withdrawal-result h2').textContent.includes(t)", arg=death.title)
    assert withdrawal.locator(".yibao-documents li").all_inner_texts() == list(death.documents)
    assert withdrawal.evaluate("document.documentElement.lang") == "en"
    assert measure(withdrawal)["large"]
    assert withdrawal.locator(".yibao-address-note").count() == 0


def test_the_address_keeps_the_choices_and_ignores_bad_values(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "03_withdrawal", "?city=atlantis&scenario=death&size=huge")
    note = page.locator(".yibao-address-note")
    assert note.is_visible() and "city=atlantis" in note.inner_text()
    assert page.locator("select.yibao-choice-region").input_value() == "national"
    page.locator("select.yibao-choice-region").select_option("wuhan")
    page.wait_for_function("() => new URLSearchParams(location.search).get('city') === 'wuhan'")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["scenario"] == ["death"]
    shared = visit(context, static_server, "03_withdrawal", "?" + urllib.parse.urlsplit(page.url).query)
    assert shared.locator("select.yibao-choice-region").input_value() == "wuhan"
    assert shared.locator(".yibao-withdrawal-result h2").inner_text() == page.locator(".yibao-withdrawal-result h2").inner_text()


def test_copy_link_button(context: Any, static_server: Any) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=static_server.url.rstrip("/"))
    page = visit(context, static_server, "01_accounts", "?city=beijing")
    page.locator("button.yibao-copy-link").click()
    page.wait_for_selector(".yibao-link-message")
    assert page.locator(".yibao-link-message").inner_text() == t("link_copied", "zh")
    assert page.evaluate("navigator.clipboard.readText()") == page.url


# --- answers to print ----------------------------------------------------------------------------


def pdf_pages(page: Any) -> int:
    """Pages of the page printed to A4 (Chromium's PDF: one ``/Type /Page`` object per page)."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = page.pdf(format="A4", print_background=True)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("size", ["", "&size=large"])
def test_withdrawal_prints_on_one_page(context: Any, static_server: Any, size: str) -> None:
    page = visit(context, static_server, "03_withdrawal", f"?city=wuhan&scenario=death{size}")
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => ({
          situation: getComputedStyle(document.querySelector('.yibao-print-situation')).display,
          controls: getComputedStyle(document.querySelector('.yibao-printable .yibao-controls')).display,
          printed: getComputedStyle(document.querySelector('.yibao-printed-on')).display,
          box: getComputedStyle(document.querySelector('.yibao-documents li'), '::before').content,
          markdown: [...document.querySelectorAll('.jp-RenderedMarkdown')].filter((e) => e.getBoundingClientRect().height > 0).length,
        })"""
    )
    assert shown == {"situation": "block", "controls": "none", "printed": "block", "box": '"☐ "', "markdown": 0}
    assert pdf_pages(page) == 1


def test_credit_answer_prints_on_one_page(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "01_accounts", "?city=beijing&status=retiree&age=72")
    assert pdf_pages(page) == 1


# --- shorter pages ---------------------------------------------------------------------------------

#: The first control the page's explainers offer (the page bar of language, size, link and print left
#: out): its tag and its top and bottom in page pixels.
_FIRST_CONTROL_JS = """
() => {
  const control = document.querySelector('.yibao-explainer:not(:has(.yibao-page-bar)) :is(button, select, input, textarea, summary)');
  const box = control.getBoundingClientRect();
  return { control: control.tagName.toLowerCase() + '.' + control.className, top: box.top + scrollY, bottom: box.bottom + scrollY };
}
"""


@pytest.mark.parametrize("front", ["static", "voila"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_control_is_on_the_first_phone_screen(context: Any, request: pytest.FixtureRequest, front: str, lang: str) -> None:
    """At 390 × 844, on every page, in either language, on the static site and in the app: something to choose without scrolling."""
    screen = bench_pages.VIEWPORTS["phone"]["height"]
    found = {}
    for name, explainers in WIDGETS_PER_NOTEBOOK.items():
        if front == "static":
            page = visit(context, request.getfixturevalue("static_server"), name, f"?lang={lang}")
        else:
            page = context.new_page()
            _voila(page, request.getfixturevalue("voila_server"), f"{name}.ipynb", explainers, lang=lang)
        found[name] = page.evaluate(_FIRST_CONTROL_JS)
        page.goto("about:blank")  # the app's kernel ends with its page
        page.close()
    shown = ", ".join(f"{name}: {box['control']} {box['top']:.0f}–{box['bottom']:.0f}" for name, box in found.items())
    assert [name for name, box in found.items() if box["bottom"] > screen] == [], shown


def _sections(scope: Any) -> list[dict[str, Any]]:
    return list(
        scope.locator("details.yibao-section").evaluate_all(
            "all => all.map((d) => ({id: d.dataset.section, open: d.open, rows: d.querySelectorAll('tbody tr').length,"
            " shown: d.querySelector('tbody tr').checkVisibility()}))"
        )
    )


def test_long_tables_fold_by_section(context: Any, static_server: Any) -> None:
    """The myths page: one section per article (the first open), opened by keyboard, all open on paper, in both languages."""
    page = visit(context, static_server, "04_myths")
    claims = page.locator(".yibao-explainer:has(.yibao-choice-verdict)")
    seeds: dict[str, int] = {}
    for claim in yibao.seed_claims():
        seeds[claim["seed_source"]["id"]] = seeds.get(claim["seed_source"]["id"], 0) + 1
    assert [(s["id"], s["open"], s["rows"], s["shown"]) for s in _sections(claims)] == [
        (seed, i == 0, rows, i == 0) for i, (seed, rows) in enumerate(seeds.items())
    ]
    assert page.evaluate("document.documentElement.scrollHeight") < 12 * bench_pages.VIEWPORTS["phone"]["height"]
    second = claims.locator("details.yibao-section summary").nth(1)
    second.focus()
    page.keyboard.press("Enter")
    assert [s["open"] for s in _sections(claims)] == [True, True, False]
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(s["open"] for s in _sections(claims)), "paper shows every section"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert [s["open"] for s in _sections(claims)] == [True, True, False]
    claims.locator(".yibao-choice-verdict button[data-value='wrong']").click()
    wrong = yibao.seed_claims("wrong")
    assert sum(s["rows"] for s in _sections(claims)) == len(wrong)
    assert [s["id"] for s in _sections(claims)] == list(dict.fromkeys(c["seed_source"]["id"] for c in wrong))
    page.locator(".yibao-language button[data-value='en']").click()
    title = claims.locator("summary").first.inner_text()
    assert title.startswith(t("seed", "en")) and wrong[0]["seed_source"]["label_en"] in title
    accounts = visit(context, static_server, "01_accounts")
    comparison = _sections(accounts.locator(".yibao-explainer:has(.yibao-sections[role='group'])"))
    assert [s["id"] for s in comparison] == [row["id"] for row in yibao.account_rows()]
    assert [s["open"] for s in comparison] == [True] + [False] * (len(comparison) - 1)
    harness.screenshot(page, "reading-folded-myths")


def assert_calculator_opens_the_screen(page: Any) -> None:
    """The calculator (the first explainer a shared credit link sets) starts at the window's top, nothing focused."""
    box = page.locator(CALCULATOR).bounding_box()
    assert box is not None and 0 <= box["y"] <= 16, f"the calculator starts the screen: {box}"
    assert page.evaluate("document.activeElement === document.body"), "no control took the focus"


def test_shared_link_brings_the_calculator_into_view(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "01_accounts", "?city=beijing&status=retiree&age=72")
    assert_calculator_opens_the_screen(page)
    harness.screenshot(page, "reading-shared-credit")
    assert visit(context, static_server, "01_accounts").evaluate("scrollY") == 0, "without choices the page opens at its top"


# --- one language at a time --------------------------------------------------------------------------

_LANGUAGES_SHOWN_JS = """
() => {
  const shown = (lang) => [...document.querySelectorAll(`.jp-RenderedMarkdown [lang="${lang}"]`)]
    .filter((el) => el.getBoundingClientRect().height > 0).length;
  return { zh: shown('zh'), en: shown('en') };
}
"""


def test_the_text_shows_one_language_at_a_time(context: Any, static_server: Any) -> None:
    page = visit(context, static_server, "03_withdrawal")
    chinese = page.evaluate(_LANGUAGES_SHOWN_JS)
    assert chinese["zh"] > 0 and chinese["en"] == 0
    page.locator(".yibao-language button[data-value='en']").click()
    english = page.evaluate(_LANGUAGES_SHOWN_JS)
    assert english["en"] > 0 and english["zh"] == 0
    assert page.locator("h1").inner_text() == "Can the balance be withdrawn?"
