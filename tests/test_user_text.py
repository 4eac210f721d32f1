"""What users read carries no maintainer words; research notes stay in their own column."""

from __future__ import annotations

import pytest

import yibao
from yibao.data.i18n import MAINTAINER_PATTERN, STRINGS
from yibao.data.store import load_table
from yibao.data.tables import RESEARCH_NOTE, TABLES

from .conftest import explainer_builders

_PATTERN = MAINTAINER_PATTERN


def _user_columns(name: str) -> list[str]:
    table = TABLES[name]
    shown = [c.name for c in table.columns if c.name.endswith(("_zh", "_en"))]
    return shown + (["title", "publisher"] if name == "sources" else [])


@pytest.mark.parametrize("name", TABLES)
def test_user_facing_columns_have_no_maintainer_words(name: str):
    frame = load_table(name)
    found = []
    for column in _user_columns(name):
        for key, cell in zip(frame[TABLES[name].key[0]], frame[column], strict=True):
            text = "|".join(cell) if isinstance(cell, tuple) else str(cell)
            if match := _PATTERN.search(text):
                found.append(f"{key}.{column}: {match.group(0)!r}")
    assert not found, found


def test_ui_strings_have_no_maintainer_words():
    found = [key for key, pair in STRINGS.items() if any(_PATTERN.search(text) for text in pair)]
    assert not found, found


def test_every_table_has_a_research_note_column():
    for table in TABLES.values():
        assert RESEARCH_NOTE in table.columns, table.name
        assert not RESEARCH_NOTE.required


def test_unknown_values_say_so_in_one_plain_sentence():
    """Rows whose value nobody could source say "no official source found", in both languages."""
    params = load_table("region_params")
    unknown = params[params["value"].isna() & (params["confidence"] == "unverified") & (params["unit"] != "text")]
    assert len(unknown) >= 15
    for _, row in unknown.iterrows():
        if row["parameter"] == "outpatient_cap":
            continue  # "no separate cap found" rows (Shanghai) explain what is known instead
        english = row["description_en"].lower()
        assert "未找到" in row["description_zh"] and ("no official source" in english or "not found" in english), row["id"]
    shanghai = params.set_index("id").loc["sh-base-floor-2026"]
    assert shanghai["description_zh"] == "上海2026年7月起的职工医保缴费基数下限未找到官方来源。"
    assert shanghai["description_en"] == "No official source found for Shanghai's contribution base floor from July 2026."


# --- what the widgets render, in both languages --------------------------------------------------


def _shown_values(value: object, key: str = "") -> list[str]:
    """The strings of a browser explainer's records that its page shows (texts and labels, not ids)."""
    found: list[str] = []
    _add_shown(value, key, found)
    return found


def _shown_key(key: str) -> bool:
    return key.endswith(("_zh", "_en")) or key in ("zh", "en", "title")


def _add_shown(value: object, key: str, found: list[str]) -> None:
    """Add to ``found`` the shown strings of ``value`` (under ``key``), in order. The finder's index alone
    holds 180 000 values, mostly numbers: a container is entered, a string under a shown key kept, the rest passed by."""
    if isinstance(value, dict):
        for inner, item in value.items():
            if isinstance(item, (dict, list)):
                _add_shown(item, inner, found)
            elif isinstance(item, str) and _shown_key(inner):
                found.append(item)
    elif isinstance(value, list):
        shown = _shown_key(key)
        for item in value:
            if isinstance(item, (dict, list)):
                _add_shown(item, key, found)
            elif shown and isinstance(item, str):
                found.append(item)
    elif isinstance(value, str) and _shown_key(key):
        found.append(value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_maintainer_word_reaches_a_rendered_widget(lang: str):
    from yibao import widgets as yw

    language = yw.Language()
    language.value = lang
    browser = [getattr(yw, name)(language=language) for name in explainer_builders()]
    texts = [text for widget in browser for text in _shown_values(widget.get_state())]
    shown = " ".join(texts)
    assert yibao.channel_records()[0][f"name_{lang}"] in shown and yibao.seed_claims()[0][f"correction_{lang}"] in shown
    found = sorted({match.group(0) for text in set(texts) for match in [_PATTERN.search(text)] if match})  # each text once
    assert not found, found
    for widget in browser:
        widget.close()
