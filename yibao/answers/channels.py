"""Channels for checking a balance: filter by online/offline, what they show, what they need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.i18n import LANGS, labels, t
from yibao.data.regions import region_labels, resolve_region
from yibao.data.sources import sourcing
from yibao.data.store import Row, load_table, plain, records
from yibao.data.tables import CHANNEL_NEEDS, CHANNEL_SHOWS

MODES = ("online", "offline")


def _as_set(name: str, value: str | Iterable[str] | None, valid: tuple[str, ...]) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else list(value)
    return frozenset(checks.choice(name, item, valid) for item in items)


def _matching(
    mode: str | None,
    shows: str | Iterable[str] | None,
    region: str | None,
    avoid_needs: str | Iterable[str] | None,
    include_outdated: bool,
) -> list[Row]:
    if mode is not None:
        checks.choice("mode", mode, MODES)
    wanted = _as_set("shows", shows, CHANNEL_SHOWS)
    avoided = _as_set("avoid_needs", avoid_needs, CHANNEL_NEEDS)
    region = None if region is None else resolve_region(region, "region")
    return [
        row
        for row in records("channels")
        if mode in (None, row["mode"])
        and wanted.issubset(row["shows"])
        and avoided.isdisjoint(row["needs"])
        and (region is None or row["region"] in ("national", region))
        and (include_outdated or row["status"] == "current")
    ]


def filter_channels(
    mode: str | None = None,
    *,
    shows: str | Iterable[str] | None = None,
    region: str | None = None,
    avoid_needs: str | Iterable[str] | None = None,
    include_outdated: bool = True,
) -> pd.DataFrame:
    """Channels matching every filter, in display order (rows of ``load_channels()``).

    mode: ``"online"``, ``"offline"`` (usable without internet) or ``None`` for both.
    shows: channels must show all of these (e.g. ``"pooled_quota"``).
    region: national channels plus those of this region (``None``: all regions).
    avoid_needs: drop channels that need any of these (e.g. ``"password"``).
    include_outdated: keep outdated/misleading channels (flagged in ``status``).
    """
    ids = [row["id"] for row in _matching(mode, shows, region, avoid_needs, include_outdated)]
    frame = load_table("channels")
    return frame.set_index("id").loc[ids].reset_index()


def channel_records(
    mode: str | None = None,
    *,
    shows: str | Iterable[str] | None = None,
    region: str | None = None,
    avoid_needs: str | Iterable[str] | None = None,
    include_outdated: bool = True,
) -> list[dict[str, Any]]:
    """The channels :func:`filter_channels` selects, as JSON-ready records with labels in both languages.

    Each record: the channel's row plus ``mode_zh/en, kind_zh/en, status_zh/en, region_zh/en``,
    ``shows_zh/en`` and ``needs_zh/en`` (lists of labels), ``sources``.
    """
    return [
        {
            **plain(row),
            **sourcing(row, "channels"),
            **labels("mode", f"mode_{row['mode']}"),
            **labels("kind", f"kind_{row['kind']}"),
            **labels("status", f"status_{row['status']}"),
            **region_labels(row["region"]),
            **{f"shows_{lang}": [t(f"shows_{s}", lang) for s in row["shows"]] for lang in LANGS},
            **{f"needs_{lang}": [t(f"needs_{n}", lang) for n in row["needs"]] for lang in LANGS},
        }
        for row in _matching(mode, shows, region, avoid_needs, include_outdated)
    ]


def channel_regions() -> list[str]:
    """Regions with channels of their own (besides the national ones)."""
    return sorted({row["region"] for row in records("channels")} - {"national"})
