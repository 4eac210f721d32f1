"""Data health: how sure, how fresh and how complete the facts in ``data/`` are.

Every function returns plain, JSON-ready records (dicts of str / int / float / bool / lists);
``python -m yibao.validate --report`` prints them with :func:`format_report`.

- :func:`confidence_counts`: rows per confidence level, per table.
- :func:`numeric_confidence`: of the numbers in ``region_params``, how many are high/medium,
  counted three ways (rows with a value; every numeric row, unknown ones counted; rules in force).
- :func:`base_limit_freshness`: per city, the newest known contribution-base limits and whether
  they are more than a year old or missing today.
- :func:`lapsed_rules`: dated rules whose ``valid_to`` has passed while nothing of the same
  region, parameter, status and tier runs past it (the freshness gate).
- :func:`open_ended_temporary`: rates flagged ``temporary`` that have no end date.
- :func:`stale_current_rows`: rows in force whose every source is dated and older than five years.
- :func:`undated_sources`: sources whose page shows no date (their citation says "undated").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Hashable, Iterable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.store import load_table, unknown
from yibao.data.tables import CONFIDENCE, TABLES

STALE_YEARS = 5
#: the day the README's counts are taken on (the rules in force change with the calendar)
README_DAY = "2026-12-07"
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


def _unknown_number(row: Mapping[str, Any]) -> bool:
    """A numeric row whose value nobody could source (:func:`~yibao.data.store.unknown`, as the rules read it)."""
    return row["unit"] != "text" and unknown(row)


def _unknown(frame: pd.DataFrame) -> pd.Series:
    """:func:`_unknown_number` for each row of ``frame``."""
    rows: list[dict] = frame.to_dict("records")
    return pd.Series([_unknown_number(row) for row in rows], index=frame.index, dtype="bool")


def _share(frame: pd.DataFrame) -> dict:
    sure = int((frame["value"].notna() & frame["confidence"].isin(("high", "medium"))).sum())
    return {"rows": len(frame), "high_or_medium": sure, "share": sure / len(frame) if len(frame) else 0.0}


def numeric_confidence(on: dt.date | str | None = None, directory: Directory = None) -> dict:
    """The numbers of ``region_params`` at high/medium confidence, three ways.

    ``numeric`` / ``high_or_medium`` / ``share``: of the rows with a value. ``all_numeric``: of every
    numeric row, unknown ones counted as not sure. ``in_force``: of the numeric rows in force on
    ``on`` (default today), with ``no_value`` of them unknown.
    """
    day = _day(on)
    params = load_table("region_params", directory)
    valued = params[params["value"].notna()]
    numeric = params[params["value"].notna() | _unknown(params)]
    current = numeric[_in_force(numeric, day)]
    with_value = _share(valued)
    return {
        "numeric": with_value["rows"],
        "high_or_medium": with_value["high_or_medium"],
        "share": with_value["share"],
        "all_numeric": _share(numeric),
        "in_force": {**_share(current), "no_value": int(current["value"].isna().sum()), "on": _iso(day)},
    }


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
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in params.to_dict("records"):
        groups.setdefault(tuple(str(row[k]) for k in SUCCESSION_KEY), []).append(row)
    records = []
    for key, group in groups.items():
        for row in group:
            end = row["valid_to"]
            if pd.isna(end) or end > day:
                continue
            if not any(other["id"] != row["id"] and (pd.isna(other["valid_to"]) or other["valid_to"] > end) for other in group):
                named = dict(zip(SUCCESSION_KEY, key, strict=True))
                records.append({"table": "region_params", "id": row["id"], **named, "valid_to": _iso(end)})
    return sorted(records, key=lambda r: r["id"])


def open_ended_temporary(directory: Directory = None) -> list[dict]:
    """``region_params`` rows flagged ``temporary`` whose ``valid_to`` is empty."""
    params = load_table("region_params", directory)
    rows = params[params["temporary"] & params["valid_to"].isna()]
    return [{"table": "region_params", "id": row["id"], "valid_from": _iso(row["valid_from"])} for _, row in rows.iterrows()]


@cache
def _latest_day(published: str) -> pd.Timestamp | None:
    """The last day a partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) can mean; None if empty."""
    if not published:
        return None
    period = pd.Period(published, freq={4: "Y", 7: "M"}.get(len(published), "D"))
    return period.end_time.normalize()


def _source_ids(table: str, row: Mapping[Hashable, Any]) -> list[str]:
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
    dates = {row["id"]: _latest_day(row["published"]) for row in load_table("sources", directory).to_dict("records")}
    records = []
    for name in _confidence_tables():
        frame = load_table(name, directory)
        for row in frame[_in_force(frame, day)].to_dict("records"):
            ids = _source_ids(name, row)
            known = [d for d in (dates[s] for s in ids) if d is not None]
            if known and len(known) == len(ids) and max(known) < cutoff:
                key = "@".join(str(row[k]) for k in TABLES[name].key)
                records.append({"table": name, "id": key, "newest_source": _iso(max(known)), "source_ids": ids})
    return records


def offered_cities(directory: Directory = None) -> list[str]:
    """The cities the calculators offer: those with crediting rules of their own."""
    params = load_table("region_params", directory)
    return list(dict.fromkeys(params.loc[(params["parameter"] == "account_credit") & (params["region"] != "national"), "region"]))


def base_limit_freshness(on: dt.date | str | None = None, directory: Directory = None, months: int = 12) -> list[dict]:
    """Per offered city: the newest contribution-base floor with a value, whether a known floor is in
    force on ``on``, any floor row in force at all (an unknown one keeps the gap visible), and
    ``old``: the newest known limits started more than ``months`` months before ``on``."""
    day = _day(on)
    params = load_table("region_params", directory)
    floors = params[(params["parameter"] == "base_floor") & (params["status"] == "all")]
    records = []
    for city in offered_cities(directory):
        rows = floors[floors["region"] == city]
        starts = rows.loc[rows["value"].notna(), "valid_from"]
        current = rows[_in_force(rows, day)]
        records.append(
            {
                "city": city,
                "newest_known": "" if starts.empty else _iso(starts.max()),
                "known_today": bool(current["value"].notna().any()),
                "row_today": not current.empty,
                "old": bool(starts.empty or starts.max() < day - pd.DateOffset(months=months)),
            }
        )
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
        "numeric": numeric_confidence(day, directory),
        "base_limits": base_limit_freshness(day, directory),
        "lapsed": lapsed_rules(day, directory),
        "open_ended_temporary": open_ended_temporary(directory),
        "stale": stale_current_rows(day, directory),
        "stale_years": STALE_YEARS,
        "undated_sources": undated_sources(directory),
    }


def confidence_markdown(on: dt.date | str | None = README_DAY, directory: Directory = None) -> str:
    """The confidence counts as a Markdown table plus the numeric share (the README shows this)."""
    lines = ["| table | " + " | ".join(CONFIDENCE) + " | total |", "|---|" + "---:|" * (len(CONFIDENCE) + 1)]
    for record in confidence_counts(directory):
        lines.append(f"| `{record['table']}` | " + " | ".join(str(record[level]) for level in (*CONFIDENCE, "total")) + " |")
    numeric = numeric_confidence(on, directory)
    lines += ["", *_share_lines(numeric, "{:.0%}")]
    return "\n".join(lines)


def _share_lines(numeric: dict, percent: str) -> list[str]:
    """The three shares of numbers at high or medium confidence, one sentence each."""
    every, current = numeric["all_numeric"], numeric["in_force"]
    return [
        "Numbers in `region_params` (rates, credits, caps, contribution bases) at high or medium confidence:",
        f"- of the {numeric['numeric']} rows with a value: {numeric['high_or_medium']} ({percent.format(numeric['share'])});",
        f"- of all {every['rows']} numeric rows, unknown values counted: {every['high_or_medium']} ({percent.format(every['share'])});",
        f"- of the {current['rows']} rules in force on {current['on']}: {current['high_or_medium']} ({percent.format(current['share'])}),"
        f" and {current['no_value']} of them have no value.",
    ]


def _section(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    return [f"{title}: {len(items) or 'none'}", *(f"  {item}" for item in items)]


def format_report(report: dict) -> str:
    """The record of :func:`health_report` as plain text, one section after another; ``report["cities"]``, when
    there, is :func:`yibao.rules.calculator_inputs.city_inputs` (the rules the engine picks, which this layer cannot ask)."""
    width = max(len(r["table"]) for r in report["confidence"])
    lines = [f"Data health on {report['on']}", "", "Rows by confidence"]
    lines.append(f"  {'table':<{width}}  " + "  ".join(f"{level:>10}" for level in (*CONFIDENCE, "total")))
    for record in report["confidence"]:
        lines.append(f"  {record['table']:<{width}}  " + "  ".join(f"{record[level]:>10}" for level in (*CONFIDENCE, "total")))
    lines += ["", *_share_lines(report["numeric"], "{:.1%}"), ""]
    cities = report.get("cities", [])
    if cities:
        lines += [
            "Calculator inputs per city, as the engine picks them for a worker of 40 and a retiree of 70 "
            "(confidence of the rules in force; unknown = no usable value, none = no rule; (national) = the national rule)"
        ]
        lines += ["  " + " | ".join(cities[0])]
        lines += ["  " + " | ".join(record.values()) for record in cities]
    lines += [""] + _section(
        "Cities whose newest known contribution-base limits started more than 12 months ago, or that have none today",
        (
            f"{r['city']} (newest known {r['newest_known'] or 'none'}; known today: {'yes' if r['known_today'] else 'no'})"
            for r in report["base_limits"]
            if r["old"] or not r["known_today"]
        ),
    )
    lines += [""]
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
