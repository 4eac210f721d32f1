"""The places the data speaks of: names in both languages, reform dates, benefit-year starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from yibao.data import checks
from yibao.data.i18n import check_lang
from yibao.data.store import Row, derived, records


@derived
def _regions() -> Mapping[str, Row]:
    return {row["id"]: row for row in records("regions")}


def check_region(region: object, name: str = "region") -> str:
    """``region`` if it is a known region id, else ``ValueError`` listing the valid ids."""
    return checks.choice(name, region, _regions())


def region_name(region: str, lang: str = "zh") -> str:
    """The region's display name, e.g. ``region_name("shanghai", "en") == "Shanghai"``."""
    check_lang(lang)
    return str(_regions()[check_region(region)][f"name_{lang}"])


def region_labels(region: str) -> dict[str, str]:
    """``{region_zh, region_en}``: the region's name in both languages, for JSON-ready records."""
    row = _regions()[check_region(region)]
    return {"region_zh": row["name_zh"], "region_en": row["name_en"]}


def region_records(regions: Iterable[str]) -> list[dict[str, str]]:
    """``{id, name_zh, name_en}`` for each region, in the order given."""
    rows = _regions()
    return [{"id": r, "name_zh": rows[check_region(r)]["name_zh"], "name_en": rows[r]["name_en"]} for r in regions]


def reform_date(region: str) -> dt.date | None:
    """The local date of the 2021 personal-account reform (国办发〔2021〕14号), or None where not recorded."""
    stamp = _regions()[check_region(region)]["reform_date"]
    return None if pd.isna(stamp) else stamp.date()


def benefit_year_start(region: str) -> str:
    """``MM-DD`` on which deductibles and quotas restart (``01-01`` in most places)."""
    return str(_regions()[check_region(region)]["benefit_year_start"])


_CITY_SUFFIXES = ("市", "省", " city", " province")


def resolve_region(city: str | None) -> str:
    """A region id from an id or a name as people write it ("beijing", "Beijing", "北京", "北京市")."""
    if city is None:
        return "national"
    regions = records("regions")
    if isinstance(city, str):
        text = city.strip().lower()
        for suffix in _CITY_SUFFIXES:
            text = text.removesuffix(suffix)
        for region in regions:
            if text in (region["id"], region["name_en"].lower(), region["name_zh"].removesuffix("市").removesuffix("省")):
                return region["id"]
    return checks.choice("city", city, [r["id"] for r in regions])
