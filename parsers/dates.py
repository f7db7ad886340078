"""Date helpers shared by the message mappers: EDIFACT date formats and two-digit years.

Airline messages write most dates with two-digit years (``YYMMDD``, ``YYMMDDHHMM``, ``DDMMMYY``).
The century depends on what the date means, so every parser takes a :class:`YearPolicy`:

- ``PAST``: a date of birth is never after the reference date (the message date): ``680223`` read
  on 2014-02-01 is 1968-02-23, ``100101`` is 2010-01-01, ``150101`` is 1915-01-01. GTAS does the same.
- ``FUTURE``: a document expiry lies in the window [reference - 30 years, reference + 70 years):
  passports are valid ten years at most, so a 2-digit expiry far in the past is read as a future one.
- ``NEAREST``: flight dates and issue dates take the century closest to the reference.

All parsers return ``None`` for anything that is not a valid calendar date; callers report it.
No regular expressions: these run once per traveller field on the hot path.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

__all__ = [
    "YearPolicy",
    "parse_ccyymmdd",
    "parse_ddmmmyy",
    "parse_edifact_datetime",
    "parse_yymmdd",
    "resolve_century",
    "yymmdd_iso",
]


class YearPolicy(StrEnum):
    PAST = "past"  # dates of birth: never after the reference date
    FUTURE = "future"  # expiry dates: [reference - 30y, reference + 70y)
    NEAREST = "nearest"  # flight and issue dates: the century closest to the reference


_MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip


def resolve_century(yy: int, month: int, day: int, *, reference: datetime.date, policy: YearPolicy) -> int:
    """The four-digit year for a two-digit ``yy`` under ``policy`` relative to ``reference``."""
    year = reference.year - reference.year % 100 + yy
    if policy is YearPolicy.PAST:
        if (year, month, day) > (reference.year, reference.month, reference.day):
            year -= 100
    elif policy is YearPolicy.FUTURE:
        if year < reference.year - 30:
            year += 100
        elif year >= reference.year + 70:
            year -= 100
    else:
        if year - reference.year > 50:
            year -= 100
        elif reference.year - year > 50:
            year += 100
    return year


_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def yymmdd_iso(text: str, *, reference: datetime.date, policy: YearPolicy) -> str | None:
    """``YYMMDD`` straight to ``YYYY-MM-DD`` text (the hot path: no date object is built)."""
    if len(text) != 6 or not text.isdecimal():
        return None
    number = int(text)  # one conversion instead of three
    month, day = number // 100 % 100, number % 100
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]):
        return None
    year = resolve_century(number // 10000, month, day, reference=reference, policy=policy)
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return None
    # Concatenation: a formatted f-string costs several times more on this hot path.
    return (str(year) if year >= 1000 else f"{year:04d}") + "-" + text[2:4] + "-" + text[4:6]


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_yymmdd(text: str, *, reference: datetime.date | None, policy: YearPolicy) -> datetime.date | None:
    """``YYMMDD`` (EDIFACT format 101) with the century chosen by ``policy``."""
    if len(text) != 6 or not text.isdecimal():
        return None
    month, day = int(text[2:4]), int(text[4:6])
    ref = reference or datetime.date.today()
    return _date(resolve_century(int(text[:2]), month, day, reference=ref, policy=policy), month, day)


def parse_ccyymmdd(text: str) -> datetime.date | None:
    """``CCYYMMDD`` (EDIFACT format 102)."""
    if len(text) != 8 or not text.isdecimal():
        return None
    return _date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_ddmmmyy(text: str, *, reference: datetime.date | None, policy: YearPolicy) -> datetime.date | None:
    """``DDMMMYY`` as in SSR DOCS (``12JUL64``), month names in English, any case."""
    if len(text) != 7 or not (text[:2].isdecimal() and text[5:].isdecimal()):
        return None
    month = _MONTHS.get(text[2:5].upper())
    if month is None:
        return None
    day = int(text[:2])
    ref = reference or datetime.date.today()
    return _date(resolve_century(int(text[5:]), month, day, reference=ref, policy=policy), month, day)


def parse_edifact_datetime(
    text: str, fmt: str | None, *, reference: datetime.date | None, policy: YearPolicy
) -> str | None:
    """A DTM value as ISO text: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``.

    Formats (C507 2379): 101 YYMMDD, 102 CCYYMMDD, 201 YYMMDDHHMM, 203 CCYYMMDDHHMM,
    204 CCYYMMDDHHMMSS (seconds dropped). Without a format code the length decides (6, 8, 10, 12).
    """
    n = len(text)
    if fmt is None:
        fmt = {6: "101", 8: "102", 10: "201", 12: "203", 14: "204"}.get(n)
    if not text.isdecimal():
        return None
    ref = reference or datetime.date.today()
    if fmt == "101" and n == 6:
        return yymmdd_iso(text, reference=ref, policy=policy)
    if fmt == "102" and n == 8:
        day_value = parse_ccyymmdd(text)
        return day_value.isoformat() if day_value else None
    if fmt == "201" and n == 10:
        day_text = yymmdd_iso(text[:6], reference=ref, policy=policy)
        time_text = text[6:]
    elif (fmt == "203" and n == 12) or (fmt == "204" and n == 14):
        day_value = parse_ccyymmdd(text[:8])
        day_text = day_value.isoformat() if day_value else None
        time_text = text[8:12]
    else:
        return None
    if day_text is None or int(time_text[:2]) > 23 or int(time_text[2:]) > 59:
        return None
    return f"{day_text}T{time_text[:2]}:{time_text[2:]}"
