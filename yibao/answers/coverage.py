"""What the personal account and the pooled fund pay for, and for whom (family sharing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from yibao.data import checks
from yibao.data.i18n import LANGS, labels, t
from yibao.data.regions import region_labels, region_name, resolve_region
from yibao.data.sources import sourcing
from yibao.data.store import in_force, plain, records

APPLIES_TO = ("fund", "personal_account")


def _basis(status: str, region: str, lang: str) -> str:
    return f"{t(f'np_{status}', lang)} · {region_name(region, lang)}"


def non_payable_items(applies_to: str | None = None) -> list[dict[str, Any]]:
    """What is not paid, in display order; ``applies_to`` keeps items of ``"fund"`` or ``"personal_account"``.

    Each record: the row of ``load_non_payable()`` plus ``applies_to_zh/en``, ``basis_zh/en``
    (law or local rule, with the region), ``region_zh/en``, ``sources``.
    """
    if applies_to is not None:
        checks.choice("applies_to", applies_to, APPLIES_TO)
    return [
        {
            **plain(row),
            **sourcing(row, "non_payable"),
            **labels("applies_to", f"applies_{row['applies_to']}"),
            **{f"basis_{lang}": _basis(row["status"], row["region"], lang) for lang in LANGS},
            **region_labels(row["region"]),
        }
        for row in records("non_payable")
        if applies_to in (None, row["applies_to"]) or row["applies_to"] == "both"
    ]


def family_sharing_rules(region: str | None = None, *, on: dt.date | str | None = None) -> list[dict[str, Any]]:
    """Family-sharing (共济) rules, oldest first: national ones plus ``region``'s (all regions when None).

    ``on`` keeps only the rules in force that day. Each record: ``id, region, region_zh/en,
    valid_from, valid_to, description_zh/en, source_ids, sources, confidence``.
    """
    region = None if region is None else resolve_region(region, "region")
    day = None if on is None else checks.date("on", on)
    rows = sorted((r for r in records("region_params") if r["parameter"] == "family_sharing"), key=lambda r: r["valid_from"])
    return [
        {
            **{k: v for k, v in plain(row).items() if k in ("id", "region", "valid_from", "valid_to", "description_zh", "description_en")},
            **sourcing(row, "region_params"),
            **region_labels(row["region"]),
        }
        for row in rows
        if (region is None or row["region"] in (region, "national")) and (day is None or in_force(row, day))
    ]


def family_options() -> list[dict[str, Any]]:
    """亲情账户, 家庭共济 and 医保钱包 side by side, in display order.

    Each record: the row of ``load_family_options()`` (``what``, ``who``, ``how`` and ``limits`` as
    lists, ``availability``, in both languages) plus ``money_moves_zh/en`` and ``sources``.
    """
    return [
        {
            **{k: v for k, v in plain(row).items() if k != "research_note"},
            **sourcing(row),
            **labels("money_moves", f"money_moves_{row['money_moves']}"),
        }
        for row in sorted(records("family_options"), key=lambda r: r["order"])
    ]
