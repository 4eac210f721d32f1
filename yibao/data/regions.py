"""The places the data speaks of: names in both languages, reform dates, benefit-year starts."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import pandas as pd

from yibao.data.i18n import LANGS, check_lang
from yibao.data.store import Row, derived, records


@derived
def _regions() -> Mapping[str, Row]:
    return {row["id"]: row for row in records("regions")}


def check_region(region: object, name: str = "region") -> str:
    """``region`` if it is a known region id, else ``ValueError`` listing the valid places."""
    if not isinstance(region, str) or region not in _regions():
        raise unknown_place(name, region, tuple(_regions()))
    return region


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


def region_picker(regions: Iterable[str]) -> list[dict[str, str]]:
    """``{id, name_zh, name_en, group_zh, group_en}`` for a city picker: by province, then by name.

    A place without a province (national) stands first with an empty group; the page draws each run
    of one group as an ``<optgroup>``.
    """
    rows = [_regions()[check_region(r)] for r in regions]
    rows.sort(key=lambda row: (bool(row["province_en"]), row["province_en"], row["name_en"]))
    return [
        {
            "id": row["id"],
            **{f"name_{lang}": row[f"name_{lang}"] for lang in LANGS},
            **{f"group_{lang}": row[f"province_{lang}"] for lang in LANGS},
        }
        for row in rows
    ]


def reform_date(region: str) -> dt.date | None:
    """The local date of the 2021 personal-account reform (国办发〔2021〕14号), or None where not recorded."""
    stamp = _regions()[check_region(region)]["reform_date"]
    return None if pd.isna(stamp) else stamp.date()


def benefit_year_start(region: str) -> str:
    """``MM-01``: the first of the month on which deductibles and quotas restart (``01-01`` in most places)."""
    return str(_regions()[check_region(region)]["benefit_year_start"])


#: What people add to a place's name, by the place's kind; the longest suffix is tried first.
_SUFFIXES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "city": ("市", "city"),
        "province": ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "province"),
        "national": (),
    }
)
_SEPARATORS = re.compile(r"[\s'’`_.·\-]+")


def _key(text: str) -> str:
    """``text`` as compared with place names: NFKC, case-folded, without spaces, apostrophes and hyphens."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


def _forms(row: Row) -> tuple[set[str], set[str]]:
    """The keys of a region's own names (id, name_zh, name_en), and of those names with or without a suffix of its kind."""
    own = {_key(row[column]) for column in ("id", "name_zh", "name_en")}
    suffixes = [_key(s) for s in _SUFFIXES[row["kind"]]]
    derived_forms = {name + suffix for name in own for suffix in suffixes}
    derived_forms |= {name.removesuffix(suffix) for name in own for suffix in suffixes if name.endswith(suffix)}
    return own, derived_forms - own - {""}


@derived
def _aliases() -> Mapping[str, str]:
    """Every name people write for a region, as a key, to the region id.

    A region's own names win over another's derived forms (吉林 the city over 吉林省 without 省);
    a derived form two regions share names neither.
    """
    own: dict[str, str] = {}
    derived_by: dict[str, set[str]] = {}
    for row in _regions().values():
        names, forms = _forms(row)
        for name in names:
            own.setdefault(name, row["id"])
        for form in forms:
            derived_by.setdefault(form, set()).add(row["id"])
    shared = {form: ids.pop() for form, ids in derived_by.items() if len(ids) == 1 and form not in own}
    return MappingProxyType({**shared, **own})


def unknown_place(name: str, value: object, valid: Sequence[str]) -> ValueError:
    """The error for a place not among ``valid`` ids: the ids, then the places' names in both languages."""
    rows = _regions()
    zh = "、".join(str(rows[r]["name_zh"]) for r in valid)
    en = ", ".join(str(rows[r]["name_en"]) for r in valid)
    known = _aliases().get(_key(value)) if isinstance(value, str) else None
    lacking = f" {rows[known]['name_en']} has no rules for this yet." if known else ""
    lacking_zh = f"{rows[known]['name_zh']}暂无这方面的规则。" if known else ""
    return ValueError(
        f"unknown {name} {value!r}; valid: {', '.join(valid)} (known places: {en}).{lacking} 未知的地区{value!r};可选:{zh}。{lacking_zh}"
    )


def resolve_region(city: str | None, name: str = "city", among: Iterable[str] | None = None) -> str:
    """A region id from an id or a name as people write it ("beijing", "Beijing", "北京", "北京市", " chengdu ").

    ``None`` is the national level. ``among`` limits the answer to those ids (default: every region);
    anything else raises ``ValueError`` naming the valid places in both languages.
    """
    if city is None:
        return "national"
    valid = tuple(_regions()) if among is None else tuple(among)
    region = _aliases().get(_key(city)) if isinstance(city, str) else None
    if region is None or region not in valid:
        raise unknown_place(name, city, valid)
    return region
