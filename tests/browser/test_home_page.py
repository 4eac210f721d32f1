"""The home page (00) and the family page (05) on the static site, as a visitor meets them: no
kernel, nothing from the internet (every non-local request is blocked and counted: 0), at
390×844 and 1280×800.

Each triage answer shows the route ``yibao.triage`` gives (what applies, what does not, the
pages as same-tab links, the residents' missing account with the 2019 notice); typed queries
list the answers ``yibao.find_questions`` ranks, in its order, ranked in the page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

import harness
import yibao
from benchmarks import pages as bench_pages
from benchmarks import static_site as ss
from yibao.answers.triage import TRIAGE_CHOICES

pytestmark = pytest.mark.browser

PAGES = {"00_start_here": 3, "05_family": 3}
QUERIES = [
    "我妈走了卡里的钱怎么取",  # colloquial Chinese: 人走了 for death
    "can I take the money out when I retire",
    "居名医保有个人帐户吗",  # typos: 居名, 帐
    "parnets use my acount",
    "asdfghjkl",  # nonsense: no answer
    "今天天气怎么样",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ss.StaticServer]:
    from yibao.serve.site import build_site

    notebooks = tmp_path_factory.mktemp("home-notebooks")
    for name in PAGES:
        shutil.copyfile(bench_pages.REPO_ROOT / "notebooks" / f"{name}.ipynb", notebooks / f"{name}.ipynb")
    out = tmp_path_factory.mktemp("home-site") / "site"
    build_site(notebooks, out, ss.node_modules())
    with ss.serving(out) as server:
        yield server


@pytest.fixture(params=list(bench_pages.VIEWPORTS))
def visit(request: pytest.FixtureRequest, browser: Any, site: ss.StaticServer) -> Iterator[Any]:
    """A function opening a page of the site in a fresh context (requests blocked and counted); checks at the end."""
    viewport = str(request.param)
    context = browser.new_context(viewport=bench_pages.VIEWPORTS[viewport], locale="zh-CN")
    blocker = bench_pages.Blocker().install(context)
    errors: list[str] = []
    opened: list[Any] = []

    def open_page(name: str) -> Any:
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        ss.load(page, f"{site.url}{name}.html", PAGES[name])
        assert page.locator(".yibao-explainer").count() == PAGES[name]
        opened.append(page)
        return page

    open_page.viewport = viewport  # type: ignore[attr-defined]
    try:
        yield open_page
        for page in opened:
            harness.screenshot(page, f"home-{request.node.name}")
            check_layout(page, bench_pages.VIEWPORTS[viewport]["width"])
        assert blocker.blocked == [], f"requests left the site: {blocker.blocked}"
        assert errors == []
    finally:
        context.close()


def check_layout(page: Any, width: int) -> None:
    """No sideways scrolling; every control and page link at least 44 px tall."""
    state = page.evaluate(
        """() => ({
          wide: [...document.querySelectorAll('.yibao-browser')].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
          page: document.scrollingElement.scrollWidth,
          small: [...document.querySelectorAll('.yibao-browser button, .yibao-browser input:not([type=radio]), .yibao-browser select,'
            + ' .yibao-browser .yibao-radio label, .yibao-browser a.yibao-page-link')]
            .filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)),
        })"""
    )
    assert state["wide"] == 0 and state["page"] <= width, state
    assert state["small"] == []


def triage_view(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => {
              const r = document.querySelector('.yibao-triage-result');
              const texts = (selector) => [...r.querySelectorAll(selector)].map((e) => e.textContent);
              return {
                route: r.dataset.route,
                title: r.querySelector('h4').textContent,
                applies: texts('.yibao-triage-applies li'),
                not_applies: texts('.yibao-triage-not-applies li'),
                steps: texts('.yibao-triage-steps li'),
                links: [...r.querySelectorAll('.yibao-triage-pages a')].map((a) => [a.getAttribute('href'), a.getAttribute('target')]),
                skipped: [...r.querySelectorAll('.yibao-triage-skip li')].map((li) => li.dataset.page),
                account: r.querySelector('.yibao-account')?.dataset.answer ?? null,
                account_text: r.querySelector('.yibao-account')?.textContent ?? '',
              };
            }"""
        )
    )


def expected_triage(scheme: str, lang: str) -> dict[str, Any]:
    route = yibao.triage(scheme, lang=lang)
    return {
        "route": route.route,
        "title": route.label,
        "applies": route.applies,
        "not_applies": route.not_applies,
        "steps": route.steps,
        "links": [[f"{page}.html", None] for page in route.pages],
        "skipped": list(route.skip_pages),
        "account": None if route.account is None else route.account.answer,
    }


def test_every_triage_answer_shows_its_route(visit: Any):
    page = visit("00_start_here")
    triage = page.locator(".yibao-browser:has(.yibao-choice-scheme)")
    assert triage.locator(".yibao-radio legend").inner_text() == "你参加的是哪种医保?"
    for lang in ("zh", "en"):
        page.locator(f".yibao-language button[data-value='{lang}']").click()
        for scheme in TRIAGE_CHOICES:
            triage.locator(f".yibao-choice-scheme label:has(input[value='{scheme}'])").click()
            view = triage_view(page)
            assert {k: v for k, v in view.items() if k != "account_text"} == expected_triage(scheme, lang), (lang, scheme)
            if scheme == "resident":
                account = yibao.has_personal_account("resident", lang=lang)
                assert account.reason in view["account_text"] and account.instead in view["account_text"]
                notice = yibao.cite(["nhsa-2019-account"])[0][f"label_{lang}"]
                assert notice in view["account_text"]
    page.locator(".yibao-language button[data-value='zh']").click()
    triage.locator(".yibao-choice-scheme label:has(input[value='employee'])").click()
    page.locator(".yibao-triage-pages a[data-page='05_family']").click()  # same tab
    page.wait_for_url("**/05_family.html")
    assert len(page.context.pages) == 1


def answer_ids(page: Any) -> list[str]:
    return list(page.locator(".yibao-answer").evaluate_all("cards => cards.map((c) => c.dataset.id)"))


def test_typed_questions_list_what_find_questions_ranks(visit: Any):
    page = visit("00_start_here")
    box = page.locator("input.yibao-choice-query")
    assert page.locator(".yibao-answers .yibao-empty").count() == 1  # a hint before any question
    for text in QUERIES:
        box.fill(text)
        expected = yibao.find_questions(text, limit=5)
        assert answer_ids(page) == expected["id"].tolist(), text
        if expected.empty:
            assert page.locator(".yibao-finder-none").count() == 1
            continue
        first = page.locator(".yibao-answer").first
        assert first.locator("h4").inner_text() == expected.loc[0, "question_zh"]
        assert first.locator(".yibao-see-also a").get_attribute("href") == f"{expected.loc[0, 'see_also']}.html"
        assert first.locator(".yibao-see-also a").get_attribute("target") is None
        labels = [c["label_zh"] for c in yibao.cite(expected.loc[0, "source_ids"])]
        assert first.locator(".yibao-sources > *").all_inner_texts() == labels
    assert answer_ids(page) == []
    box.fill("我妈走了卡里的钱怎么取")
    assert answer_ids(page)[0] == "death-withdraw"
    # topic chips: a topic narrows the query; a topic alone lists all its questions; again: all topics
    chip = page.locator(".yibao-choice-topic button[data-value='family']")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert answer_ids(page) == yibao.find_questions("我妈走了卡里的钱怎么取", topic="family")["id"].tolist()
    box.fill("")
    assert answer_ids(page) == yibao.find_questions("", topic="family", limit=100)["id"].tolist()
    chip.click()
    assert answer_ids(page) == [] and page.locator(".yibao-choice-topic button[data-value='all']").get_attribute("aria-pressed") == "true"
    # English
    page.locator(".yibao-language button[data-value='en']").click()
    page.locator("input.yibao-choice-query").fill("my dad died, can we get his balance")
    expected = yibao.find_questions("my dad died, can we get his balance", limit=5)
    assert answer_ids(page) == expected["id"].tolist()
    assert page.locator(".yibao-answer h4").first.inner_text() == expected.loc[0, "question_en"]


def test_family_page_lists_the_three_options(visit: Any):
    page = visit("05_family")
    table = page.locator(".yibao-family-options .yibao-table")
    rows = yibao.family_options()
    assert table.locator("tbody tr").evaluate_all("rows => rows.map((r) => r.dataset.id)") == [r["id"] for r in rows]
    assert table.locator("tbody tr").first.locator("td").first.inner_text().startswith(rows[0]["name_zh"])
    page.locator(".yibao-language button[data-value='en']").click()
    assert table.locator("tbody tr").last.locator("td").first.inner_text().startswith(rows[-1]["name_en"])
    limits = table.locator("tbody tr").last.locator("td").nth(4).locator("li").all_inner_texts()
    assert limits == rows[-1]["limits_en"]
