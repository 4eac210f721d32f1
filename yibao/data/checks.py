"""Argument checks shared by the public functions: each raises ValueError naming the valid range."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable

import pandas as pd
from pandas._libs.tslibs.nattype import NaTType

EARLIEST_DATE = pd.Timestamp("1998-12-14")  # 国发〔1998〕44号: the employee scheme begins
LATEST_DATE = pd.Timestamp("2099-12-31")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}\Z")


def choice(name: str, value: object, valid: Iterable[str]) -> str:
    valid = tuple(valid)
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
    return value


def number(name: str, value: object, low: float, high: float) -> float:
    """A real number (int, float, NumPy scalar) within [low, high]; NaN and ±inf are rejected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number from {low:,.0f} to {high:,.0f}, got {value!r}")
    try:
        converted = float(value)
    except OverflowError:
        converted = math.inf
    if math.isnan(converted) or not low <= converted <= high:
        raise ValueError(f"{name} must be from {low:,.0f} to {high:,.0f}, got {value!r}")
    return converted


def whole(name: str, value: object, low: int, high: int) -> int:
    """A whole number (int or NumPy integer, not bool) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    whole_number = int(value)
    if not low <= whole_number <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value!r}")
    return whole_number


def date(name: str, value: object, *, month: bool = False) -> pd.Timestamp:
    """A date-like value (date, datetime, Timestamp or ISO string) within the supported range.

    With ``month=True`` a month string ``"YYYY-MM"`` is accepted too and means its 1st day.
    """
    stamp: pd.Timestamp | NaTType
    given = f"{value}-01" if month and isinstance(value, str) and _ISO_MONTH.match(value) else value
    if isinstance(given, str) and not _ISO_DATE.match(given):
        stamp = pd.NaT
    elif isinstance(given, (dt.date, pd.Timestamp, str)):
        try:
            stamp = pd.Timestamp(given)
        except (ValueError, TypeError):
            stamp = pd.NaT
    else:
        stamp = pd.NaT
    if pd.isna(stamp):
        raise _bad_date(name, value, month)
    if stamp.tzinfo:
        stamp = stamp.tz_localize(None)
    if stamp.hour or stamp.minute or stamp.second or stamp.microsecond or stamp.nanosecond:  # a date needs no normalize (slow)
        stamp = stamp.normalize()
    if not EARLIEST_DATE <= stamp <= LATEST_DATE:
        raise _bad_date(name, value, month)
    return stamp


def _bad_date(name: str, value: object, month: bool) -> ValueError:
    forms = "YYYY-MM-DD, or YYYY-MM for the 1st" if month else "YYYY-MM-DD"
    return ValueError(f"{name} must be a date ({forms}) from {EARLIEST_DATE.date()} to {LATEST_DATE.date()}, got {value!r}")
