"""SSR DOCS / DOCO / DOCA / INFT, titles and two-digit years (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.pnrgov.ssr import (
    YearRule,
    ddmmmyy,
    ddmmyy,
    hhmm,
    parse_doca,
    parse_doco,
    parse_docs,
    parse_inft,
    split_name_title,
    unwrap,
)

REF = dt.date(2013, 5, 27)


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        ("12JUL64", YearRule.PAST, "1964-07-12"),
        ("10AUG11", YearRule.PAST, "2011-08-10"),
        ("28MAY13", YearRule.PAST, "1913-05-28"),  # a day after the reference: a century back
        ("27MAY13", YearRule.PAST, "2013-05-27"),
        ("23AUG19", YearRule.FUTURE, "2019-08-23"),
        ("15JAN13", YearRule.FUTURE, "2013-01-15"),  # expired a little before the message: kept in 2013
        ("01JAN70", YearRule.FUTURE, "2070-01-01"),
        ("01JAN64", YearRule.FUTURE, "2064-01-01"),  # 49 years back is too old for an expiry
        ("01JAN90", YearRule.FUTURE, "1990-01-01"),  # 23 years back is still plausible
        ("12jul64", YearRule.PAST, "1964-07-12"),
        ("12JUL1964", YearRule.PAST, "1964-07-12"),
        ("31FEB80", YearRule.PAST, None),
        ("29FEB00", YearRule.PAST, "2000-02-29"),  # 1900 and 2100 have no 29 February
        ("29FEB00", YearRule.FUTURE, "2000-02-29"),
        ("29FEB96", YearRule.PAST, "1996-02-29"),
        ("29FEB01", YearRule.PAST, None),
        ("12XYZ64", YearRule.PAST, None),
        ("", YearRule.PAST, None),
        ("1JUL64", YearRule.PAST, None),
    ],
)
def test_ddmmmyy(text: str, rule: YearRule, expected: str | None) -> None:
    assert ddmmmyy(text, REF, rule) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("121210", "2010-12-12"), ("280513", "2013-05-28"), ("010199", "1999-01-01"), ("311399", None), ("99", None)],
)
def test_ddmmyy_nearest(text: str, expected: str | None) -> None:
    assert ddmmyy(text, REF) == expected


@pytest.mark.parametrize(("text", "expected"), [("0915", "09:15"), ("181348", "18:13"), ("2500", None), ("9:15", None)])
def test_hhmm(text: str, expected: str | None) -> None:
    assert hhmm(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("JOHNMR", ("JOHN", "MR")),
        ("CHARLESMR", ("CHARLES", "MR")),
        ("MOLLYMRS", ("MOLLY", "MRS")),
        ("KAYLAMS", ("KAYLA", "MS")),
        ("OMARMSTR", ("OMAR", "MSTR")),
        ("AYESHAMISS", ("AYESHA", "MISS")),
        ("NINA MS", ("NINA", "MS")),
        ("TESTNAMEONE MRS", ("TESTNAMEONE", "MRS")),
        ("DR JANE", ("JANE", "DR")),
        ("MRJONATHON", ("JONATHON", "MR")),
        ("MRSJANE", ("JANE", "MRS")),
        # What blind prefix/suffix stripping (GTAS) gets wrong stays as it is:
        ("DREW", ("DREW", None)),
        ("DRAGAN", ("DRAGAN", None)),
        ("ALEXANDR", ("ALEXANDR", None)),
        ("MRINAL", ("MRINAL", None)),
        ("MSTISLAV", ("MSTISLAV", None)),
        ("MR", ("MR", None)),
        ("C", ("C", None)),
        ("JOSÉMR", ("JOSÉ", "MR")),  # non-ASCII kept as transmitted
        (None, (None, None)),
    ],
)
def test_split_name_title(name: str | None, expected: tuple[str | None, str | None]) -> None:
    assert split_name_title(name) == expected


# The examples of edifact.md §5 plus the variants seen in the public files.
DOCS_CASES = [
    (
        "/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJR/MRJONATHON/ROBERT",
        ("P", "GBR", "123456789", "GBR", "1964-07-12", "M", False, "2019-08-23", "SMITHJR", "JONATHON ROBERT"),
        set(),
    ),
    (
        "/P/IT/YA0196755/IT/17APR80/M/11JAN20/CARRERA/MARCUS",
        ("P", "IT", "YA0196755", "IT", "1980-04-17", "M", False, "2020-01-11", "CARRERA", "MARCUS"),
        {"PNR012"},
    ),
    (
        "/////21APR66/M//JACKS/JAMES",
        (None, None, None, None, "1966-04-21", "M", False, None, "JACKS", "JAMES"),
        set(),
    ),
    (
        "////GBR/12JUL64/M//JONES/WILLIAMNEVELL",
        (None, None, None, "GBR", "1964-07-12", "M", False, None, "JONES", "WILLIAMNEVELL"),
        set(),
    ),
    (
        "/P/GBR/602120901//26DEC48/M/30JAN21/ACKARY/CHARLESMR/MUHAMMAD",
        ("P", "GBR", "602120901", None, "1948-12-26", "M", False, "2021-01-30", "ACKARY", "CHARLES MUHAMMAD"),
        set(),
    ),
    (
        "/P/COL/AO234000/COL/10AUG11/FI/21DEC22/TESTSUR NAMETWO/TESTNAMETWO",
        ("P", "COL", "AO234000", "COL", "2011-08-10", "F", True, "2022-12-21", "TESTSUR NAMETWO", "TESTNAMETWO"),
        set(),
    ),
    (
        "//P/P00266142/14JUL71/M/01JAN20/DOE/JOHN",  # shifted: type one field late, countries left out
        ("P", None, "P00266142", None, "1971-07-14", "M", False, "2020-01-01", "DOE", "JOHN"),
        {"PNR021"},
    ),
    (
        "/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJ\r\nR/JOHN",  # wrapped inside the surname
        ("P", "GBR", "123456789", "GBR", "1964-07-12", "M", False, "2019-08-23", "SMITHJR",
         "JOHN"),
        set(),
    ),
    (
        "/P/GBR/509229987/GBR/01JUL78/F/12NOV22/BELT/ISABELLE RUTH/-1BELT/ISABELLE",
        ("P", "GBR", "509229987", "GBR", "1978-07-01", "F", False, "2022-11-12", "BELT", "ISABELLE RUTH"),
        set(),
    ),
    ("/P/GBR", ("P", "GBR", None, None, None, None, False, None, None, None), {"PNR020"}),
    (
        "/Q/GBR/1/GBR/12JUL64/Z/23AUG19/A/B",
        ("Q", "GBR", "1", "GBR", "1964-07-12", None, False, "2019-08-23", "A", "B"),
        {"PNR011"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fields", "codes"), DOCS_CASES)
def test_parse_docs(text: str, fields: tuple[object, ...], codes: set[str]) -> None:
    docs = parse_docs(text, REF)
    got = (
        docs.doc_type, docs.issuing_country, docs.number, docs.nationality, docs.date_of_birth,
        docs.gender, docs.is_infant, docs.expiry, docs.surname, docs.given_names,
    )  # fmt: skip
    assert got == fields
    assert {code for code, _ in docs.problems} == codes


def test_docs_holder_flag_and_given_fields() -> None:
    docs = parse_docs("/P/USA/548721687/USA/04JUL80/M/12JAN19/VANDENBERG/KEVIN/MICHAEL/H", REF)
    assert (docs.holder, docs.first_given, docs.second_given) == (True, "KEVIN", "MICHAEL")


def test_parse_doco_visa() -> None:
    doco = parse_doco(" HERE VA/V/8675309/OTHER PLACE/22DEC06/LI", REF)
    assert (doco.place_of_birth, doco.doc_type, doco.number, doco.place_of_issue, doco.issue_date) == (
        "HERE VA", "V", "8675309", "OTHER PLACE", "2006-12-22",
    )  # fmt: skip
    assert doco.problems == ()
    assert {c for c, _ in parse_doco("/X", REF).problems} == {"PNR025"}


@pytest.mark.parametrize(
    ("text", "expected", "codes"),
    [
        ("/D/AUS/13 SHORE AVENUE/BROADBEACH/QLD/4215", ("D", "AUS", "13 SHORE AVENUE", "BROADBEACH", "QLD", "4215"), set()),
        ("/R/CI", ("R", "CI", None, None, None, None), {"PNR012"}),
        ("/Q/USA", ("Q", "USA", None, None, None, None), {"PNR025"}),
    ],
)
def test_parse_doca(text: str, expected: tuple[str | None, ...], codes: set[str]) -> None:
    doca = parse_doca(text)
    assert (doca.kind, doca.country, doca.address, doca.city, doca.state, doca.postcode) == expected
    assert {c for c, _ in doca.problems} == codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TESTSURNAMETWO/TESTNAMETWO/10AUG11", ("TESTSURNAMETWO", "TESTNAMETWO", "2011-08-10")),
        ("DYE/ARCHER 15APR12", ("DYE", "ARCHER", "2012-04-15")),
        ("BELT/SOPHY 20SEP12", ("BELT", "SOPHY", "2012-09-20")),
        ("DOE/BABYMSTR", ("DOE", "BABY", None)),
    ],
)
def test_parse_inft(text: str, expected: tuple[str | None, ...]) -> None:
    inft = parse_inft(text, REF)
    assert (inft.surname, inft.given_names, inft.date_of_birth) == expected


def test_unwrap() -> None:
    assert unwrap("SMITHJ\r\nR") == "SMITHJR"
    assert unwrap("NO WRAP") == "NO WRAP"


def test_every_code_is_documented() -> None:
    from parsers.pnrgov.rules import CODES
    from tests.conftest import REPO_ROOT

    text = (REPO_ROOT / "docs" / "pnrgov.md").read_text()
    for code, (severity, meaning) in CODES.items():
        assert f"| {code} | {severity.value} | {meaning}" in text, code
