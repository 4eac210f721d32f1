"""Channels for checking a balance: filter by online/offline, what they show, what they need."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import _checks
from .data import load_table, records
from .tables import CHANNEL_NEEDS, CHANNEL_SHOWS

MODES = ("online", "offline")


def _as_set(name: str, value: str | Iterable[str] | None, valid: tuple[str, ...]) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else list(value)
    return frozenset(_checks.choice(name, item, valid) for item in items)


def filter_channels(
    mode: str | None = None,
    *,
    shows: str | Iterable[str] | None = None,
    region: str | None = None,
    avoid_needs: str | Iterable[str] | None = None,
    include_outdated: bool = True,
) -> pd.DataFrame:
    """Channels matching every filter, in display order.

    mode: ``"online"``, ``"offline"`` (usable without internet) or ``None`` for both.
    shows: channels must show all of these (e.g. ``"pooled_quota"``).
    region: national channels plus those of this region (``None``: all regions).
    avoid_needs: drop channels that need any of these (e.g. ``"password"``).
    include_outdated: keep outdated/misleading channels (flagged in ``status``).
    """
    if mode is not None:
        _checks.choice("mode", mode, MODES)
    wanted = _as_set("shows", shows, CHANNEL_SHOWS)
    avoided = _as_set("avoid_needs", avoid_needs, CHANNEL_NEEDS)
    if region is not None:
        _checks.choice("region", region, [r["id"] for r in records("regions")])
    frame = load_table("channels")
    keep = pd.Series(True, index=frame.index)
    if mode is not None:
        keep &= frame["mode"] == mode
    if wanted:
        keep &= frame["shows"].map(lambda items: wanted.issubset(items))
    if avoided:
        keep &= frame["needs"].map(lambda items: avoided.isdisjoint(items))
    if region is not None:
        keep &= frame["region"].isin(["national", region])
    if not include_outdated:
        keep &= frame["status"] == "current"
    return frame[keep].sort_values("order").reset_index(drop=True)
