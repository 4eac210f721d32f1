"""Small things a reader meets: retirees are not asked for a wage and start at a retiree's age,
every bill's "remove" button says which bill, and Chinese source labels hold no English notes.

What the page draws from these is checked in a browser by ``tests/browser/test_reader_in_lab.py``.
"""

from __future__ import annotations

import re

import pytest

from yibao import widgets as yw
from yibao.data.i18n import CHINESE, STRINGS
from yibao.data.sources import ENGLISH_WORD, cite
from yibao.data.store import records
from yibao.widgets.credit import RETIREE_AGES
from yibao.widgets.year import YearOfCare

DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")


@pytest.mark.parametrize("builder", ["credit_calculator", "balance_chart"])
def test_choosing_retired_moves_a_younger_age_to_a_retirees(builder: str) -> None:
    widget = getattr(yw, builder)(yw.Language())
    try:
        assert widget.retiree_ages == RETIREE_AGES and RETIREE_AGES["min"] <= RETIREE_AGES["start"]
        widget.age = 40
        widget.status = "retiree"
        assert widget.age == RETIREE_AGES["start"]
        widget.status, widget.age = "employee", 72
        widget.status = "retiree"
        assert widget.age == 72, "an age a retiree can have stays"
    finally:
        widget.close()


def test_every_remove_button_can_say_which_bill_in_both_languages() -> None:
    assert "remove_bill_named" in YearOfCare.TEXT
    for text in STRINGS["remove_bill_named"]:
        assert all(f"{{{field}}}" in text for field in ("number", "date", "kind", "amount")), text


def test_chinese_source_labels_hold_no_english_notes() -> None:
    checked = 0
    for row in records("sources"):
        name = row["publisher"] or row["title"]
        if not CHINESE.search(name):
            continue  # an English publisher's name is its name
        label = cite([row["id"]])[0]["label_zh"]
        words = ENGLISH_WORD.findall(DOMAIN.sub("", label.replace(row["doc_number"] or "", "")))
        assert words == [], f"{row['id']}: {label!r} mixes English into Chinese ({words})"
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("source", "zh"),
    [
        ("beijing-2023-account", "社保网 · 2023-09-08"),  # "社保网 (repost on xiyinlitea.cn)": the link names the site
        ("guangzhou-decree-193", "广州市司法局 · 2024-04-10 · 广州市人民政府令第193号"),  # "(official English text)"
    ],
)
def test_english_notes_are_left_out_of_chinese_labels_and_kept_in_english(source: str, zh: str) -> None:
    citation = cite([source])[0]
    assert citation["label_zh"] == zh
    assert "(" in citation["label_en"] and ENGLISH_WORD.search(citation["label_en"])
