"""Argument checks shared by the public functions: each raises ValueError naming the valid range."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import pandas as pd

EARLIEST_DATE = pd.Timestamp("1998-12-14")  # 国发〔1998〕44号: the employee scheme begins
LATEST_DATE = pd.Timestamp("2099-12-31")


def choice(name: str, value: object, valid: Iterable[str]) -> str:
    valid = tuple(valid)
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
    return value


def number(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number from {low:,.0f} to {high:,.0f}, got {value!r}")
    value = float(value)
    if math.isnan(value) or not low <= value <= high:
        raise ValueError(f"{name} must be from {low:,.0f} to {high:,.0f}, got {value!r}")
    return value


def whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value!r}")
    return value


def date(name: str, value: object) -> pd.Timestamp:
    """A date-like value (date, datetime, Timestamp or ISO string) within the supported range."""
    if isinstance(value, (dt.date, pd.Timestamp, str)):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            stamp = pd.NaT
    else:
        stamp = pd.NaT
    valid = f"a date from {EARLIEST_DATE.date()} to {LATEST_DATE.date()}"
    if pd.isna(stamp):
        raise ValueError(f"{name} must be {valid}, got {value!r}")
    stamp = stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()
    if not EARLIEST_DATE <= stamp <= LATEST_DATE:
        raise ValueError(f"{name} must be {valid}, got {value!r}")
    return stamp
