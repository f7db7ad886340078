"""parsers/dates.py: two-digit years by policy and the EDIFACT date formats."""

from __future__ import annotations

import datetime

import pytest

from parsers.dates import (
    YearPolicy,
    parse_ccyymmdd,
    parse_ddmmmyy,
    parse_edifact_datetime,
    parse_yymmdd,
    resolve_century,
)

REF = datetime.date(2014, 2, 1)


@pytest.mark.parametrize(
    ("yy", "month", "day", "policy", "year"),
    [
        (68, 2, 23, YearPolicy.PAST, 1968),
        (14, 2, 1, YearPolicy.PAST, 2014),  # the reference day itself is not in the future
        (14, 2, 2, YearPolicy.PAST, 1914),
        (0, 1, 1, YearPolicy.PAST, 2000),
        (61, 2, 18, YearPolicy.FUTURE, 2061),
        (84, 1, 1, YearPolicy.FUTURE, 1984),  # reference + 70 is already the past century
        (83, 12, 31, YearPolicy.FUTURE, 2083),
        (12, 1, 1, YearPolicy.FUTURE, 2012),  # an expired document stays in the recent past
        (64, 1, 1, YearPolicy.NEAREST, 2064),
        (65, 1, 1, YearPolicy.NEAREST, 1965),
        (99, 12, 31, YearPolicy.NEAREST, 1999),
    ],
)
def test_resolve_century(yy: int, month: int, day: int, policy: YearPolicy, year: int) -> None:
    assert resolve_century(yy, month, day, reference=REF, policy=policy) == year


@pytest.mark.parametrize(
    ("text", "policy", "expected"),
    [
        ("680223", YearPolicy.PAST, datetime.date(1968, 2, 23)),
        ("000229", YearPolicy.PAST, datetime.date(2000, 2, 29)),
        ("010229", YearPolicy.PAST, None),  # not a leap year
        ("681323", YearPolicy.PAST, None),
        ("6802", YearPolicy.PAST, None),
        ("68O223", YearPolicy.PAST, None),
        ("", YearPolicy.PAST, None),
    ],
)
def test_parse_yymmdd(text: str, policy: YearPolicy, expected: datetime.date | None) -> None:
    assert parse_yymmdd(text, reference=REF, policy=policy) == expected


def test_parse_ccyymmdd_and_ddmmmyy() -> None:
    assert parse_ccyymmdd("19350919") == datetime.date(1935, 9, 19)
    assert parse_ccyymmdd("19350931") is None
    assert parse_ddmmmyy("12JUL64", reference=REF, policy=YearPolicy.PAST) == datetime.date(1964, 7, 12)
    assert parse_ddmmmyy("23aug19", reference=REF, policy=YearPolicy.FUTURE) == datetime.date(2019, 8, 23)
    assert parse_ddmmmyy("12XYZ64", reference=REF, policy=YearPolicy.PAST) is None
    assert parse_ddmmmyy("1JUL64", reference=REF, policy=YearPolicy.PAST) is None


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("0807101500", "201", "2008-07-10T15:00"),
        ("0807101500", None, "2008-07-10T15:00"),
        ("200807101500", "203", "2008-07-10T15:00"),
        ("20080710150059", "204", "2008-07-10T15:00"),
        ("20041230", "102", "2004-12-30"),
        ("041230", "101", "2004-12-30"),
        ("0807102500", "201", None),
        ("0807101560", "201", None),
        ("080710", "201", None),  # the stated format wins over the length
        ("08071015:0", "201", None),
        ("2008071015", "999", None),
    ],
)
def test_parse_edifact_datetime(text: str, fmt: str | None, expected: str | None) -> None:
    assert parse_edifact_datetime(text, fmt, reference=REF, policy=YearPolicy.NEAREST) == expected
