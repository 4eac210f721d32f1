"""Personal account vs pooled fund, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.i18n import check_lang, t
from yibao.data.sources import cite, sourcing
from yibao.data.store import Row, plain, records


def account_dimensions() -> list[str]:
    """The comparison's dimension ids, in display order."""
    return [row["id"] for row in records("account_comparison")]


def _both_sides(row: Row) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*row["personal_source_ids"], *row["pooled_source_ids"])))


def account_rows(dimensions: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The comparison as JSON-ready records, one per dimension (all, or those named, in display order).

    Each record: ``id, dimension_zh/en, personal_zh/en, pooled_zh/en, valid_from, confidence``,
    ``personal_sources`` and ``pooled_sources`` (citations), ``source_ids``.
    """
    known = account_dimensions()
    wanted = set(known) if dimensions is None else {checks.choice("dimension", d, known) for d in dimensions}
    return [
        {
            **plain(row),
            **sourcing({"id": row["id"], "source_ids": _both_sides(row), "confidence": row["confidence"]}, "account_comparison"),
            "personal_sources": cite(row["personal_source_ids"]),
            "pooled_sources": cite(row["pooled_source_ids"]),
        }
        for row in records("account_comparison")
        if row["id"] in wanted
    ]


def compare_accounts(lang: str = "zh") -> pd.DataFrame:
    """One row per dimension (function, funding, withdrawal, …), columns personal and pooled.

    Labels and cells are in ``lang``; sources per cell are in ``account_rows()``.
    """
    check_lang(lang)
    rows = account_rows()
    return pd.DataFrame(
        {
            t("personal_account", lang): [r[f"personal_{lang}"] for r in rows],
            t("pooled_fund", lang): [r[f"pooled_{lang}"] for r in rows],
        },
        index=pd.Index([r[f"dimension_{lang}"] for r in rows], name=t("dimension", lang)),
    )
