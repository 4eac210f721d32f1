"""Data health: how sure, how fresh and how complete the facts in ``data/`` are.

Every function returns plain, JSON-ready records (dicts of str / int / float / bool / lists);
``python -m yibao.data.validate --report`` prints them with :func:`format_report`.

- :func:`confidence_counts`: rows per confidence level, per table.
- :func:`numeric_confidence`: of the numbers in ``region_params``, how many are high/medium.
- :func:`lapsed_rules`: dated rules whose ``valid_to`` has passed while nothing of the same
  region, parameter, status and tier runs past it (the freshness gate).
- :func:`open_ended_temporary`: rates flagged ``temporary`` that have no end date.
- :func:`stale_current_rows`: rows in force whose every source is dated and older than five years.
- :func:`undated_sources`: sources whose page shows no date (their citation says "undated").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

import pandas as pd

from yibao.data import checks
from yibao.data.store import load_table
from yibao.data.tables import CONFIDENCE, TABLES

STALE_YEARS = 5
#: rows agreeing on these columns follow each other in time (``payer`` is left out: a component
#: such as the employer part of the personal-account credit can end for good at a reform,
#: succeeded by the post-reform rule of the same parameter)
SUCCESSION_KEY = ("region", "parameter", "status", "tier")

Directory = str | os.PathLike | None


def _confidence_tables() -> list[str]:
    return [name for name, table in TABLES.items() if "confidence" in table.column_names]


def confidence_counts(directory: Directory = None) -> list[dict]:
    """One record per table: ``table``, a count per confidence level, ``total``."""
    records = []
    for name in _confidence_tables():
        counts = load_table(name, directory)["confidence"].value_counts()
        record: dict = {"table": name}
        record.update({level: int(counts.get(level, 0)) for level in CONFIDENCE})
        record["total"] = sum(record[level] for level in CONFIDENCE)
        records.append(record)
    return records


def numeric_confidence(directory: Directory = None) -> dict:
    """Rows of ``region_params`` with a number in ``value``: how many, and the share at high/medium."""
    params = load_table("region_params", directory)
    numeric = params[params["value"].notna()]
    sure = int(numeric["confidence"].isin(("high", "medium")).sum())
    return {"numeric": len(numeric), "high_or_medium": sure, "share": sure / len(numeric) if len(numeric) else 0.0}


def _day(on: dt.date | str | None) -> pd.Timestamp:
    return checks.date("on", on if on is not None else dt.date.today())


def _iso(stamp: pd.Timestamp) -> str:
    return "" if pd.isna(stamp) else stamp.date().isoformat()


def lapsed_rules(on: dt.date | str | None = None, directory: Directory = None) -> list[dict]:
    """``region_params`` rows whose ``valid_to`` is on or before ``on`` (default today) with no successor.

    A successor is another row with the same region, parameter, status and tier that is still in
    force after the lapsed row's end (open-ended, or ending later). An unknown successor row (empty
    value, confidence ``unverified``) counts: it keeps the gap visible to users.
    """
    day = _day(on)
    params = load_table("region_params", directory)
    records = []
    for _, group in params.groupby(list(SUCCESSION_KEY), dropna=False, sort=False):
        for _, row in group.iterrows():
            end = row["valid_to"]
            if pd.isna(end) or end > day:
                continue
            later = group[(group["id"] != row["id"]) & (group["valid_to"].isna() | (group["valid_to"] > end))]
            if later.empty:
                key = {k: str(row[k]) for k in SUCCESSION_KEY}
                records.append({"table": "region_params", "id": row["id"], **key, "valid_to": _iso(end)})
    return sorted(records, key=lambda r: r["id"])


def open_ended_temporary(directory: Directory = None) -> list[dict]:
    """``region_params`` rows flagged ``temporary`` whose ``valid_to`` is empty."""
    params = load_table("region_params", directory)
    rows = params[params["temporary"] & params["valid_to"].isna()]
    return [{"table": "region_params", "id": row["id"], "valid_from": _iso(row["valid_from"])} for _, row in rows.iterrows()]


def _latest_day(published: str) -> pd.Timestamp | None:
    """The last day a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) can mean; None if empty."""
    if not published:
        return None
    period = pd.Period(published, freq={4: "Y", 7: "M"}.get(len(published), "D"))
    return period.end_time.normalize()


def _source_ids(table: str, row: pd.Series) -> list[str]:
    columns = [c.name for c in TABLES[table].columns if c.kind == "ref_list" and c.ref == "sources"]
    return list(dict.fromkeys(s for column in columns for s in row[column]))


def _in_force(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    current = pd.Series(True, index=frame.index)
    if "valid_from" in frame:
        current &= frame["valid_from"] <= day
    if "valid_to" in frame:
        current &= frame["valid_to"].isna() | (frame["valid_to"] > day)
    return current


def stale_current_rows(on: dt.date | str | None = None, directory: Directory = None, years: int = STALE_YEARS) -> list[dict]:
    """Rows in force on ``on`` whose every source is dated and was published more than ``years`` ago."""
    day = _day(on)
    cutoff = day - pd.DateOffset(years=years)
    dates = {row["id"]: _latest_day(row["published"]) for _, row in load_table("sources", directory).iterrows()}
    records = []
    for name in _confidence_tables():
        frame = load_table(name, directory)
        for _, row in frame[_in_force(frame, day)].iterrows():
            ids = _source_ids(name, row)
            known = [d for d in (dates[s] for s in ids) if d is not None]
            if known and len(known) == len(ids) and max(known) < cutoff:
                key = "@".join(str(row[k]) for k in TABLES[name].key)
                records.append({"table": name, "id": key, "newest_source": _iso(max(known)), "source_ids": ids})
    return records


def undated_sources(directory: Directory = None) -> list[str]:
    """Ids of sources whose ``published`` is empty (the page shows no date)."""
    sources = load_table("sources", directory)
    return sorted(sources.loc[sources["published"] == "", "id"])


def health_report(on: dt.date | str | None = None, directory: Directory = None) -> dict:
    """Every check above in one JSON-ready record (``on`` defaults to today)."""
    day = _day(on)
    return {
        "on": _iso(day),
        "confidence": confidence_counts(directory),
        "numeric": numeric_confidence(directory),
        "lapsed": lapsed_rules(day, directory),
        "open_ended_temporary": open_ended_temporary(directory),
        "stale": stale_current_rows(day, directory),
        "stale_years": STALE_YEARS,
        "undated_sources": undated_sources(directory),
    }


def confidence_markdown(directory: Directory = None) -> str:
    """The confidence counts as a Markdown table plus the numeric share (the README shows this)."""
    lines = ["| table | " + " | ".join(CONFIDENCE) + " | total |", "|---|" + "---:|" * (len(CONFIDENCE) + 1)]
    for record in confidence_counts(directory):
        lines.append(f"| `{record['table']}` | " + " | ".join(str(record[level]) for level in (*CONFIDENCE, "total")) + " |")
    numeric = numeric_confidence(directory)
    lines.append("")
    lines.append(
        f"Of the {numeric['numeric']} numbers in `region_params` (rates, credits, caps, contribution bases), "
        f"{numeric['high_or_medium']} ({numeric['share']:.0%}) are at high or medium confidence."
    )
    return "\n".join(lines)


def _section(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    return [f"{title}: {len(items) or 'none'}", *(f"  {item}" for item in items)]


def format_report(report: dict) -> str:
    """The record of :func:`health_report` as plain text, one section after another."""
    width = max(len(r["table"]) for r in report["confidence"])
    lines = [f"Data health on {report['on']}", "", "Rows by confidence"]
    lines.append(f"  {'table':<{width}}  " + "  ".join(f"{level:>10}" for level in (*CONFIDENCE, "total")))
    for record in report["confidence"]:
        lines.append(f"  {record['table']:<{width}}  " + "  ".join(f"{record[level]:>10}" for level in (*CONFIDENCE, "total")))
    numeric = report["numeric"]
    share = f"{numeric['high_or_medium']} ({numeric['share']:.1%})"
    lines += ["", f"Numbers in region_params: {numeric['numeric']}, at high or medium confidence: {share}", ""]
    lines += _section(
        "Lapsed rules with no successor (valid_to passed, nothing of the same region/parameter/status/tier runs past it)",
        (f"{r['id']} (ended {r['valid_to']})" for r in report["lapsed"]),
    )
    open_ended = (f"{r['id']} (from {r['valid_from']})" for r in report["open_ended_temporary"])
    lines += [""] + _section("Temporary rates with no end date", open_ended)
    lines += [""] + _section(
        f"Rows in force supported only by sources older than {report['stale_years']} years",
        (f"{r['table']} {r['id']} (newest source {r['newest_source']})" for r in report["stale"]),
    )
    lines += ["", f"Sources whose page shows no date: {len(report['undated_sources'])}"]
    return "\n".join(lines)
