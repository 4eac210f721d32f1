"""What we know for each city: the rules a reader asks about, in force on a day, with confidence and sources.

:func:`city_facts` gives one JSON-ready record per city (in the pickers' order: by province), each
with one cell per :data:`FACTS` entry; ``python -m yibao.validate --coverage`` prints the same
records as a table, and :class:`CityFacts` shows them on a page.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.display import Card, Readable, language, lowest_confidence, sources_of
from yibao.data.i18n import LANGS, labels, t
from yibao.data.regions import region_picker
from yibao.data.sources import cite
from yibao.data.store import Row, in_force, records

#: The facts, as (key, table, parameter, status, zh label, en label); ``reform_date`` is read from regions.csv.
FACTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("reform_date", "regions", "reform_date", "all", "改革日期", "Reform date"),
    ("base_floor", "region_params", "base_floor", "all", "缴费基数下限", "Base floor"),
    ("base_ceiling", "region_params", "base_ceiling", "all", "缴费基数上限", "Base ceiling"),
    ("credit_employee", "region_params", "account_credit", "employee", "在职划入", "In-service credit"),
    ("credit_retiree", "region_params", "account_credit", "retiree", "退休划入", "Retiree credit"),
    ("min_years", "region_params", "min_contribution_years", "retiree", "最低缴费年限", "Minimum years"),
    ("outpatient_deductible", "region_params", "outpatient_deductible", "employee", "门诊起付线", "Outpatient deductible"),
    ("outpatient_rate", "region_params", "outpatient_rate", "employee", "门诊报销比例", "Outpatient rate"),
    ("outpatient_cap", "region_params", "outpatient_cap", "employee", "门诊年度限额", "Outpatient cap"),
    ("inpatient_deductible", "inpatient_rules", "inpatient_deductible", "employee", "三级医院住院起付线", "Inpatient deductible (level 3)"),
    ("inpatient_rate", "inpatient_rules", "inpatient_rate", "employee", "三级医院住院报销比例", "Inpatient rate (level 3)"),
    ("yearly_max", "region_params", "pooled_annual_cap", "employee", "统筹基金年度最高支付", "Yearly maximum"),
    ("credit_flexible", "region_params", "account_credit", "flexible", "灵活就业人员划入", "Flexible workers' credit"),
)
_BASES = {
    "wage_base": ("缴费基数的{v}", "{v} of the contribution base"),
    "pension": ("本人养老金的{v}", "{v} of the member's pension"),
    "city_avg_wage": ("全市平均工资的{v}", "{v} of the city's average wage"),
    "city_avg_pension": ("全市平均养老金的{v}", "{v} of the city's average pension"),
}
_PER = {"monthly": ("/月", "/month"), "yearly": ("/年", "/year")}


def _rows(region: str, table: str, parameter: str, status: str, day: pd.Timestamp) -> list[Row]:
    """The region's own rows of its standard scheme in force on ``day`` (a level-3 first stay for hospital rules)."""
    return [
        row
        for row in records(table)
        if row["region"] == region
        and row["parameter"] == parameter
        and row["status"] in (status, "all")
        and in_force(row, day)
        and not row.get("tier")
        and row.get("hospital_level", "any") in ("level3", "any")
        and row.get("admission", "any") in ("first", "any")
        and pd.isna(row.get("retired_before"))
    ]


def _amount(row: Row, lang: int) -> str:
    value = float(row["value"])
    if row["unit"] == "percent":
        shown = f"{value:g}%"
        return _BASES[row["basis"]][lang].format(v=shown) if row.get("basis") in _BASES else shown
    per = _PER.get(row.get("frequency", ""), ("", ""))[lang]
    return f"¥{value:,.0f}{per}"


def _band(row: Row, lang: int) -> str:
    low, high = row["age_min"], row["age_max"]
    if pd.isna(low) and pd.isna(high):
        return ""
    if pd.isna(high):
        return (f"{low:.0f}岁及以上:", f"age {low:.0f}+: ")[lang]
    if pd.isna(low):
        return (f"{high:.0f}岁及以下:", f"age up to {high:.0f}: ")[lang]
    return (f"{low:.0f}–{high:.0f}岁:", f"age {low:.0f}–{high:.0f}: ")[lang]


def _value(row: Row, lang: int) -> str | None:
    """What one row says, or None when its value is unknown (an empty cap means "no cap" unless unverified)."""
    if row["unit"] == "text":
        return str(row[f"description_{LANGS[lang]}"])
    if pd.isna(row["value"]):
        no_cap = row["parameter"].endswith("_cap") and row["confidence"] != "unverified"
        return ("不设封顶", "no cap")[lang] if no_cap else None
    return _band(row, lang) + _amount(row, lang)


def _cell(key: str, rows: list[Row], sourced_by: str) -> dict[str, Any]:
    """One fact of one city: ``known`` with its value, ``unknown`` (rows without a value) or ``missing`` (no rows)."""
    texts = [[_value(row, lang) for row in rows] for lang in range(len(LANGS))]
    state = "missing" if not rows else "unknown" if any(text is None for text in texts[0]) else "known"
    confidence = lowest_confidence(row["confidence"] for row in rows)
    return {
        "fact": key,
        "state": state,
        **{f"value_{code}": ("；", "; ")[lang].join(map(str, texts[lang])) if state == "known" else "" for lang, code in enumerate(LANGS)},
        "confidence": confidence,
        **(labels("confidence", f"conf_{confidence}") if confidence else {"confidence_zh": "", "confidence_en": ""}),
        "row_ids": [str(row["id"]) for row in rows],
        "table": sourced_by,
        "sources": cite(sources_of(row["source_ids"] for row in rows)),
    }


def _reform_cell(region: Row) -> dict[str, Any]:
    if pd.isna(region["reform_date"]):
        return _cell("reform_date", [], "regions")
    day = region["reform_date"].date().isoformat()
    row = {**region, "unit": "text", "description_zh": day, "description_en": day}
    return _cell("reform_date", [row], "regions")


def city_facts(on: dt.date | str | None = None) -> list[dict[str, Any]]:
    """Per city (by province, then name): ``id, name_zh/en, province_zh/en, known`` (count) and ``facts``.

    Each fact: ``fact, state`` (``known`` / ``unknown`` / ``missing``), ``value_zh/en``, ``confidence``
    (the weakest of its rows, with labels), ``row_ids``, ``table`` and ``sources`` (citations with
    links). Only a city's own rows count: a national fallback is not a fact about the city.
    """
    day = checks.date("on", on if on is not None else dt.date.today())
    regions = {row["id"]: row for row in records("regions")}
    result = []
    for place in region_picker(r for r, row in regions.items() if row["kind"] == "city"):
        region = regions[place["id"]]
        cells = [
            _reform_cell(region) if table == "regions" else _cell(key, _rows(region["id"], table, parameter, status, day), table)
            for key, table, parameter, status, *_ in FACTS
        ]
        known = sum(cell["state"] == "known" for cell in cells)
        result.append({**{k: place[k] for k in ("id", "name_zh", "name_en")}, **_province(region), "known": known, "facts": cells})
    return result


def _province(region: Row) -> dict[str, str]:
    return {f"province_{lang}": str(region[f"province_{lang}"]) for lang in LANGS}


def coverage_table(facts: Iterable[dict[str, Any]]) -> str:
    """The records of :func:`city_facts` as a plain-text table: each cell the value's confidence, or — when unknown."""
    header = ["city", *(key for key, *_ in FACTS), "known"]
    lines = [
        [record["id"], *(cell["confidence"] if cell["state"] == "known" else "—" for cell in record["facts"]), str(record["known"])]
        for record in facts
    ]
    widths = [max(len(line[i]) for line in (header, *lines)) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in (header, *lines))


#: The table's own layout (the notebook's output has no stylesheet of its own): cells top-aligned and wide
#: enough for a date or an amount, the city column kept in view while the table scrolls sideways.
_STYLE = (
    ".yibao-city-facts th, .yibao-city-facts td { vertical-align: top; text-align: left; padding: 0.4em; min-width: 8.5em; }"
    " .yibao-city-facts .yibao-city-name { position: sticky; left: 0; min-width: 5em; background: var(--jp-layout-color0, #fff); }"
    " .yibao-city-facts summary { cursor: pointer; min-height: 44px; padding: 0.5em 0; }"
)


def _both(zh: str, en: str, tag: str = "div") -> str:
    """Escaped text in both languages, each marked (a page shows one); one neutral text when they are the same."""
    if zh == en:
        return f"<{tag}>{html.escape(zh)}</{tag}>"
    return f'<{tag} lang="zh">{html.escape(zh)}</{tag}> <{tag} lang="en">{html.escape(en)}</{tag}>'


def _cell_html(cell: dict[str, Any]) -> str:
    if cell["state"] != "known":
        return f'<span title="{html.escape(t("city_fact_unknown", "zh"))} / {html.escape(t("city_fact_unknown", "en"))}">—</span>'
    links = " ".join(
        f'<a href="{html.escape(source["url"])}" target="_blank" rel="noopener" style="display: inline-block; padding: 0.2em 0.3em" '
        f'title="{html.escape(source["label_zh"])} / {html.escape(source["label_en"])}" '
        f'aria-label="{html.escape(source["label_zh"])} / {html.escape(source["label_en"])}">[{number}]</a>'
        if source["url"]
        else f'<span title="{html.escape(source["label_zh"])}">[{number}]</span>'
        for number, source in enumerate(cell["sources"], 1)
    )
    confidence = _both(cell["confidence_zh"], cell["confidence_en"], "span")
    return f"{_both(cell['value_zh'], cell['value_en'])}<div>{confidence} · {links}</div>"


@dataclass(frozen=True, repr=False)
class CityFacts(Readable):
    """:func:`city_facts` on a page: cities × facts in both languages, each cell with its confidence and sources."""

    cities: tuple[dict[str, Any], ...]
    on: dt.date

    def card(self, lang: str | None = None) -> Card:
        return Card(title=t("city_facts_title", language(lang)), answer=self._answer(language(lang)), lang=language(lang))

    def _answer(self, lang: str) -> str:
        cells = [cell for city in self.cities for cell in city["facts"]]
        known = sum(cell["state"] == "known" for cell in cells)
        return t(
            "city_facts_answer", lang, on=self.on.isoformat(), cities=len(self.cities), facts=len(FACTS), known=known, cells=len(cells)
        )

    def _repr_html_(self) -> str:
        """The answer, which opens the table, in both languages (the page shows its own); the city column stays in view on a phone."""
        sticky = 'class="yibao-city-name"'
        head = "".join(f'<th scope="col">{_both(zh, en)}</th>' for *_, zh, en in FACTS)
        rows = "".join(
            f'<tr><th scope="row" {sticky}>{_both(city["name_zh"], city["name_en"])}</th>'
            + "".join(f"<td>{_cell_html(cell)}</td>" for cell in city["facts"])
            + "</tr>"
            for city in self.cities
        )
        summary = " ".join(
            f'<span lang="{lang}"><strong>{html.escape(t("city_facts_title", lang))}</strong>{sep}{html.escape(self._answer(lang))}</span>'
            for lang, sep in zip(LANGS, ("：", ": "), strict=True)
        )
        label = html.escape(f"{t('city_facts_title', 'zh')} / {t('city_facts_title', 'en')}")
        box = f'class="yibao-card-table" role="region" tabindex="0" style="overflow-x: auto; max-width: 100%" aria-label="{label}"'
        return (
            f"<style>{_STYLE}</style>"
            f'<details class="yibao-card yibao-bilingual yibao-city-facts"><summary>{summary}</summary>'
            f'<div {box}><table><thead><tr><th scope="col" {sticky}>{_both(t("city", "zh"), t("city", "en"))}</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div></details>"
        )


def city_facts_page(on: dt.date | str | None = None) -> CityFacts:
    """:func:`city_facts` as a page shows it (in a notebook: the table)."""
    day = checks.date("on", on if on is not None else dt.date.today())
    return CityFacts(tuple(city_facts(day.date())), day.date())
