"""Printable figures: what the balance chart shows, as a picture to keep (matplotlib, CJK font).

The pages draw their charts in the browser; this is for a report or a print-out, e.g.

>>> from yibao import balance_figure, project_balances
>>> balance_figure(project_balances("2025-01", 24, wage_base=8000), lang="en").savefig("balance.png")

Chinese text is drawn with Noto Sans CJK SC (Debian's ``fonts-noto-cjk``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from yibao.data import checks
from yibao.data.i18n import LANGS, t

if TYPE_CHECKING:
    import pandas as pd

#: Fonts tried in order: the CJK one, then matplotlib's default (Latin text still reads if it is missing).
FONTS = ["Noto Sans CJK SC", "DejaVu Sans"]


def balance_figure(projection: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """The personal balance and the pooled outpatient quota, month by month, of :func:`yibao.project_balances`."""
    lang = checks.choice("lang", lang, LANGS)
    missing = {"month", "personal_balance", "pooled_outpatient_remaining", "insured"} - set(projection.columns)
    if missing:
        raise ValueError(f"projection: columns {sorted(missing)} missing; pass what yibao.project_balances returns")
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    axes = figure.add_subplot()
    months = projection["month"]
    axes.plot(months, projection["personal_balance"], color="#1f5fa8", linewidth=2, label=t("chart_balance", lang))
    axes.plot(months, projection["pooled_outpatient_remaining"], color="#c0392b", linewidth=1.5, label=t("chart_quota", lang))
    stopped = projection.loc[~projection["insured"].astype(bool), "month"]
    if len(stopped):
        axes.axvline(stopped.iloc[0], color="#555555", linestyle="--", label=t("chart_stop", lang))
    axes.set_title(t("chart_title", lang))
    axes.set_ylabel(t("chart_yuan", lang))
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    legend = axes.legend(loc="upper left")
    for text in [axes.title, axes.yaxis.label, *legend.get_texts(), *axes.get_xticklabels(), *axes.get_yticklabels()]:
        text.set_fontfamily(FONTS)
    return figure
