"""An answer and the page it links to never disagree: every number or verdict a question's answer
states comes from a table row it names (``facts``), and a local rule adds to the national one."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

import yibao
from yibao.answers.withdrawal import assess_withdrawal, scenario_ids, scenario_regions
from yibao.data.store import load_table, records
from yibao.data.tables import TABLES

#: an answer that opens with a plain yes or no
VERDICT = re.compile(r"^(一般不能|不能|不可以|不会|没有|不是|可以|能|会|有|是)[。,:;]")
NEGATIVE = ("一般不能", "不能", "不可以", "不会", "没有", "不是")
#: numbers that name a document, a year, a date or a time, not a fact of the tables
NOT_FACTS = re.compile(r"〔\d+〕\d+号|(19|20)\d\d年(\d+月(\d+日)?)?|\d+月\d+日|\d+:\d\d|第[一二三四五六七八九十百]+条")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
QUESTIONS = [q for q in records("questions")]


def stated_numbers(answer: str) -> list[str]:
    return [n.replace(",", "") for n in NUMBER.findall(NOT_FACTS.sub(" ", answer))]


@cache
def _rows() -> dict[str, dict]:
    """Every row an answer can name: ``table:id`` (``withdrawal_scenarios:id@region``); a source
    counts with its title and the note that quotes it, for figures no other table holds. Read when a
    test first asks (not on collection: every test process collects this file)."""
    found = {}
    for name in TABLES:
        if name in ("questions", "synonyms", "question_topics"):
            continue
        for row in records(name):
            key = f"{name}:{row['id']}" + (f"@{row['region']}" if name == "withdrawal_scenarios" else "")
            found[key] = dict(row)
    return found


def _text(row: dict) -> str:
    """Everything a row says, numbers without thousands separators (its value also as written)."""
    parts = [str(v) for k, v in row.items() if k != "source_ids" and (k != "research_note" or "url" in row)]
    value = row.get("value")
    if isinstance(value, float) and not pd.isna(value):
        parts.append(f"{value:g}")
    return " ".join(parts).replace(",", "")


def _states_something(question: dict) -> bool:
    return bool(stated_numbers(question["answer_zh"]) or VERDICT.match(question["answer_zh"]))


@pytest.mark.parametrize("question", [q for q in QUESTIONS if _states_something(q)], ids=lambda q: q["id"])
def test_every_number_and_verdict_comes_from_a_named_row(question):
    facts, rows = list(question["facts"]), _rows()
    assert facts, f"{question['id']} states a number or verdict: name the rows it comes from in `facts`"
    missing = [f for f in facts if f not in rows]
    assert not missing, f"{question['id']}: no such rows {missing}"
    text = " ".join(_text(rows[f]) for f in facts)
    for number in stated_numbers(question["answer_zh"]):
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text), f"{question['id']}: {number} is in none of {facts}"
    opening = VERDICT.match(question["answer_zh"])
    if opening:
        said_no = opening.group(1) in NEGATIVE
        for fact in facts:
            row = rows[fact]
            if fact.startswith("schemes:") and row["answer"] in ("yes", "no"):
                assert said_no == (row["answer"] == "no"), f"{question['id']} vs {fact}"
            if fact.startswith("withdrawal_scenarios:") and fact.endswith("@national") and row["verdict"] != "regional":
                assert said_no == (row["verdict"] == "not_allowed"), f"{question['id']} vs {fact}"


def test_the_english_answer_states_the_same_numbers():
    for question in QUESTIONS:
        in_units = re.sub(r"(\d+(?:\.\d+)?)万", lambda m: f"{float(m.group(1)) * 10000:g}", question["answer_zh"])  # 65万 = 650000
        zh = {n for n in stated_numbers(in_units) if float(n) >= 10}
        en = set(stated_numbers(question["answer_en"]))
        assert zh <= en, (question["id"], zh - en)


def test_a_fight_gets_a_plain_answer_first():
    found = yibao.find_questions("打架受伤能报吗")
    top = found.iloc[0]
    assert top["id"] == "fight-injury" and top["answer_zh"].startswith("一般不能。")
    assert yibao.find_questions("hurt in a fight", lang="en").iloc[0]["answer_en"].startswith("Usually not.")


def test_moving_city_the_finder_and_the_nanjing_page_agree():
    answer = {q["id"]: q for q in QUESTIONS}["move-city"]
    assert "随之转到新参保地" in answer["answer_zh"] and "不能取现" not in answer["answer_zh"]
    page = assess_withdrawal("move_region", region="nanjing")
    assert page.verdict == "not_allowed" and "随关系转入新参保地" in page.summary
    assert answer["facts"] == ("withdrawal_scenarios:move_region@national", "withdrawal_scenarios:move_region@nanjing")


def test_a_local_withdrawal_rule_keeps_every_national_item():
    for scenario in scenario_ids():
        national = assess_withdrawal(scenario)
        for region in scenario_regions(scenario):
            local = assess_withdrawal(scenario, region=region)
            for field in ("documents", "after_effects", "warnings"):
                shown = getattr(local, field)
                assert all(item in shown for item in getattr(national, field)), (scenario, region, field)
    wuhan = assess_withdrawal("death", region="wuhan")
    assert "申请人身份证件" in wuhan.documents and wuhan.after_effects
    assert wuhan.documents[0] == "《个人帐户余额一次性支付申报表》"  # the local form first


def test_the_shanghai_retiree_credit_answer_says_it_is_yearly():
    answer = {q["id"]: q for q in QUESTIONS}["retiree-credit"]["answer_zh"]
    assert "上海每年一次1,680元" in answer
    rows = load_table("region_params").set_index("id")
    assert rows.loc["sh-credit-ret-post-74", "frequency"] == "yearly" and rows.loc["sh-credit-ret-post-74", "value"] == 1680
