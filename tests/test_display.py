"""Every result a reader gets from the API reads well in a notebook: a short ``repr`` and a rich
HTML form with the answer first, then the rule and its sources, in the page language, escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import yibao
from yibao import widgets as yw
from yibao.data import display

from .conftest import explainer_builders

BILL = [("2025-03-01", "outpatient", 300.0, "community")]

RESULTS: dict[str, Callable[[], Any]] = {
    "Credit": lambda: yibao.monthly_personal_credit(60000, city="beijing", on="2024-06-01"),
    "BalanceProjection": lambda: yibao.project_balances("2024-01-01", 24, wage_base=8000, city="guangzhou"),
    "YearOfCare": lambda: yibao.simulate_year("beijing", year=2025, wage_base=8000, events=BILL),
    "ReformComparison": lambda: yibao.compare_reform("beijing", year=2024, wage_base=8000, age=30, events=[("2024-03-01", *BILL[0][1:])]),
    "WithdrawalAssessment": lambda: yibao.assess_withdrawal("quit_insurance", region="jiangyin"),
    "AccountAnswer": lambda: yibao.has_personal_account("employee", city="shenzhen"),
    "Triage": lambda: yibao.triage("employee", city="shenzhen", tier="tier2"),
    "QuestionHits": lambda: yibao.find_questions("我妈走了,卡里的钱怎么取", limit=3),
}


@pytest.fixture(autouse=True)
def _page_in_chinese() -> Any:
    yield
    display.use_language("zh")


@pytest.mark.parametrize("name", RESULTS)
def test_each_result_has_a_short_repr_and_a_rich_form_answer_first(name: str) -> None:
    result = RESULTS[name]()
    assert type(result).__name__ == name
    card = result.card()
    first_line = repr(result).splitlines()[0]
    assert len(first_line) <= 100 and card.title in first_line and " at 0x" not in first_line
    page = result._repr_html_()
    assert page.startswith('<div class="yibao-card" lang="zh-CN">')
    answer_at = page.index(html.escape(card.answer))
    assert answer_at < page.index("来源"), "the answer comes before the sources"
    if card.rules:
        assert answer_at < page.index("适用规则") < page.index("来源")
    assert len(re.findall(r'<a href="https?://', page)) >= 1, "the sources are links"
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", re.sub(r"<[^>]+>|&\w+;", " ", page.split("来源")[0]).replace(card.answer, "")), (
        "no English sentence in the Chinese card's labels"
    )


@pytest.mark.parametrize("name", ["BalanceProjection", "YearOfCare", "QuestionHits"])
def test_results_without_a_language_of_their_own_follow_the_page_language(name: str) -> None:
    result = RESULTS[name]()
    yw.PAGE_LANGUAGE.value = "en"
    try:
        assert result._repr_html_().startswith('<div class="yibao-card" lang="en">') and "Sources" in result._repr_html_()
    finally:
        yw.PAGE_LANGUAGE.value = "zh"
    assert "来源" in result._repr_html_()


def test_results_asked_in_english_read_in_english() -> None:
    credit = yibao.monthly_personal_credit(8000, city="beijing", on="2024-06-01", lang="en")
    assessment = yibao.assess_withdrawal("quit_insurance", region="jiangyin", lang="en")
    for result in (credit, assessment):
        assert 'lang="en"' in result._repr_html_() and "Sources" in result._repr_html_()


def test_a_table_result_shows_its_table_under_the_card_and_slices_are_plain_frames() -> None:
    projection = RESULTS["BalanceProjection"]()
    page = projection._repr_html_()
    assert page.index("24个月后余额") < page.index("<table border")
    assert type(projection.head()) is pd.DataFrame and type(projection[["credit"]]) is pd.DataFrame
    assert yibao.find_questions("zzzz-nothing")._repr_html_().count("没有找到相关的问题") == 1


def test_the_renderer_escapes_every_text() -> None:
    card = display.Card("<b>t</b>", "<script>alert(1)</script>", "en", ("a & b",), (), "", (("<i>", "x < y"),))
    page = card.html()
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>" not in page and "<i>" not in page
    assert "a &amp; b" in page and "x &lt; y" in page


def test_a_year_that_leaves_out_bills_says_so_in_its_answer() -> None:
    events = [*BILL, ("2025-05-01", "inpatient", 40000.0, "level3")]
    year = yibao.simulate_year("beijing", year=2025, wage_base=8000, age=40, events=events, uncomputable="skip")
    assert len(year.not_computed) == 1, "the example holds a hospital stay the data cannot compute"
    assert "未计入 1 笔无法计算的费用" in year.card().answer
    assert "not counting 1 bill(s)" in year.card("en").answer


@pytest.mark.parametrize("builder", explainer_builders())
def test_widgets_have_a_short_stable_repr(builder: str) -> None:
    widget = getattr(yw, builder)()
    try:
        bundle = widget._repr_mimebundle_()
        text = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/plain"]
        assert text == f"<{type(widget).__name__}>" and text == repr(widget)
    finally:
        widget.close()
