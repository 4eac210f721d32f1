"""Personal account vs pooled fund, side by side."""

from __future__ import annotations

import pandas as pd

from .data import load_table
from .i18n import check_lang, t


def compare_accounts(lang: str = "zh") -> pd.DataFrame:
    """One row per dimension (function, funding, withdrawal, …), columns personal and pooled.

    Labels and cells are in ``lang``; sources per cell are in ``load_account_comparison()``.
    """
    check_lang(lang)
    rows = load_table("account_comparison").sort_values("order")
    frame = pd.DataFrame(
        {
            t("personal_account", lang): rows[f"personal_{lang}"].to_numpy(),
            t("pooled_fund", lang): rows[f"pooled_{lang}"].to_numpy(),
        },
        index=pd.Index(rows[f"dimension_{lang}"].to_numpy(), name=t("dimension", lang)),
    )
    return frame
