"""Dates and times, always China time (UTC+8, no daylight saving since 1991).

A fixed offset needs no time-zone database, which Windows does not ship.
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATETIME = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
# Dates far outside an office's archive are typing mistakes, and 9999-12-31 + 1 day overflows.
MIN_YEAR, MAX_YEAR = 1900, 2199
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def now() -> datetime:
    """Current China time; GOVINFO_NOW (ISO date-time) pins it for tests and demos."""
    pinned = os.environ.get("GOVINFO_NOW")
    if pinned:
        value = parse_datetime(pinned)
        if value is not None:
            return value
    return datetime.now(CHINA)


def today() -> date:
    return now().date()


def this_month() -> str:
    """This month as 2026-10: what a listing or a period shows when none is given."""
    return today().strftime("%Y-%m")


def parse_date(text: str) -> date | None:
    """2026-10-12, 2026/10/12, 2026.10.12 or 2026年10月12日; None if not a real date."""
    m = _DATE.match(str(text).strip())
    if not m or not MIN_YEAR <= int(m[1]) <= MAX_YEAR:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_datetime(text: str) -> datetime | None:
    """A date or date-time; naive values are China time; the result is always China time."""
    text = str(text).strip()
    d = parse_date(text)
    if d is not None:
        return datetime(d.year, d.month, d.day, tzinfo=CHINA)
    m = _DATETIME.match(text)
    if not m or not MIN_YEAR <= int(m[1]) <= MAX_YEAR:
        return None
    try:
        value = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        return None
    zone = m[7]
    if not zone:
        return value.replace(tzinfo=CHINA)
    if zone == "Z":
        tz = timezone.utc
    else:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return value.replace(tzinfo=tz).astimezone(CHINA)


def parse_month(text: str) -> tuple[int, int] | None:
    m = _MONTH.match(str(text).strip())
    if not m or not 1 <= int(m[2]) <= 12 or not MIN_YEAR <= int(m[1]) <= MAX_YEAR:
        return None
    return int(m[1]), int(m[2])


def has_time(text: str) -> bool:
    return parse_date(text) is None and parse_datetime(text) is not None


def format_datetime(value: datetime, with_time: bool = True) -> str:
    value = value.astimezone(CHINA)
    return value.strftime("%Y-%m-%d %H:%M") if with_time else value.strftime("%Y-%m-%d")


def months_from(start: tuple[int, int], end: tuple[int, int]):
    """Every (year, month) from start to end inclusive."""
    y, m = start
    while (y, m) <= end:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
