"""Envelope and charset checks, one case per code (collect, don't stop)."""

from __future__ import annotations

import pytest

from parsers.edifact.codes import CODES
from parsers.edifact.tokenizer import read_interchanges
from parsers.model import Severity

UNB = "UNB+UNOA:4+SENDER+RECEIVER+240101:1200+REF'"
MSG = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+1'"


def _codes(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [i.code for raw in read_interchanges(data) for i in raw.issues]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+4+1'UNZ+1+REF'", "ENV001"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+2'UNZ+1+REF'", "ENV002"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3'UNZ+1+REF'", "ENV002"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'" + MSG + "UNZ+2+REF'", "ENV003"),
        (UNB + "UNT+3+1'UNZ+0+REF'", "ENV004"),
        (UNB + "UNG+PAXLST+S+R+240101:1200+G1+UN+D:05B'" + MSG + "UNE+2+G1'UNZ+1+REF'", "ENV005"),
        (UNB + "UNG+PAXLST+S+R+240101:1200+G1+UN+D:05B'" + MSG + "UNE+1+G2'UNZ+1+REF'", "ENV006"),
        (UNB + MSG + "UNE+1+G1'UNZ+1+REF'", "ENV007"),
        (UNB + "UNG+PAXLST+S+R+240101:1200+G1+UN+D:05B'" + MSG + "UNZ+1+REF'", "ENV008"),
        (UNB + MSG + MSG + "UNZ+1+REF'", "ENV009"),
        (UNB + MSG + "UNZ+1+OTHER'", "ENV010"),
        (UNB + MSG, "ENV011"),
        (MSG, "ENV012"),
        (UNB + "BGM+745'" + MSG + "UNZ+1+REF'", "ENV013"),
        (UNB + "UNH++PAXLST:D:05B:UN:IATA'UNT+2'UNZ+1+REF'", "ENV015"),
        (UNB + "UNH+1 2+PAXLST:D:05B:UN:IATA'UNT+2+12'UNZ+1+REF'", "ENV016"),
        ("UNB+UNOA:4+SENDER++240101:1200+REF'" + MSG + "UNZ+1+REF'", "ENV017"),
        (UNB.replace("UNOA", "ABCD") + MSG + "UNZ+1+REF'", "SYN005"),
        ("UNB*UNOA:4*S*R*240101:1200*REF$UNH*1*PAXLST:D:05B:UN:IATA$UNT*2*1$UNZ*1*REF$", "SYN001"),
        (UNB + MSG + "UNZ+1+REF", "SYN019"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'FTX+AAA+++X?'UNT+4+1'UNZ+1+REF'", "ENV003"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745?'UNT+3+1'UNZ+1+REF'", "ENV003"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'UNX+1'BGM+745'UNT+4+1'UNZ+1+REF'", "SYN016"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'\n  LOC+125+FRA\nLOC+87+JFK'UNT+5+1'UNZ+1+REF'", "SYN014"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++SMI\nTH'UNT+3+1'UNZ+1+REF'", "SYN012"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'nad+FL'UNT+2+1'UNZ+1+REF'", "SYN010"),
        (UNB + "UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++Smith'UNT+3+1'UNZ+1+REF'", "SYN004"),
        ("\ufeff" + UNB + MSG + "UNZ+1+REF'", "SYN006"),
        ("ZCZC 123\r\n.HDQ 1\r\n" + UNB + MSG + "UNZ+1+REF'", "SYN017"),
        (UNB + MSG + "UNZ+1+REF'\r\nNNNN\r\n", "SYN018"),
    ],
)
def test_each_code_is_reported(text: str, code: str) -> None:
    codes = _codes(text)
    assert code in codes, codes


def test_clean_envelope_with_groups_has_no_issue() -> None:
    text = (
        UNB
        + "UNG+PAXLST+S+R+240101:1200+G1+UN+D:05B'"
        + MSG
        + MSG.replace("+1'", "+2'").replace("UNH+1", "UNH+2")
        + "UNE+2+G1'UNG+PAXLST+S+R+240101:1200+G2+UN+D:05B'"
        + MSG
        + "UNE+1+G2'UNZ+2+REF'"
    )
    (raw,) = list(read_interchanges(text.encode()))
    assert raw.issues == []
    assert len(raw.messages) == 3 and [g.el(4) for g in raw.groups] == ["G1", "G2"]


def test_every_code_has_a_documented_severity() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "parsing.md").read_text()
    for code, (severity, _title) in CODES.items():
        assert f"| {code} | {severity.value} |" in doc, code
    assert all(isinstance(s, Severity) for s, _ in CODES.values())


@pytest.mark.parametrize(
    ("syntax", "codec", "name"),
    [
        ("UNOA", "ascii", "OBRIEN"),
        ("UNOB", "ascii", "Obrien"),
        ("UNOC", "latin-1", "MÜLLER"),
        ("UNOD", "iso8859-2", "DVOŘÁK"),
        ("UNOE", "iso8859-5", "ИВАНОВ"),
        ("UNOF", "iso8859-7", "ΠΑΠΑΔΟΠΟΥΛΟΣ"),
        ("UNOW", "utf-8", "ŁÓDŹ"),
        ("UNOY", "utf-8", "山田"),
        ("IATA", "ascii", "SMITH"),
        ("SIRE", "ascii", "IVANOV"),
    ],
)
def test_declared_charset_decodes_names(syntax: str, codec: str, name: str) -> None:
    text = f"UNB+{syntax}:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++{name}'UNT+3+1'UNZ+1+1'"
    (raw,) = list(read_interchanges(text.encode(codec)))
    assert raw.charset == syntax
    assert next(s for s in raw.segments if s.tag == "NAD").el(3) == name
    assert not [i for i in raw.issues if i.code in {"SYN003", "SYN005"}]


@pytest.mark.parametrize(
    ("syntax", "raw_name", "expected", "guess"),
    [
        ("UNOA", "MÜLLER".encode("latin-1"), "MÜLLER", "Windows-1252"),
        ("IATA", "MÜLLER".encode(), "MÜLLER", "UTF-8"),
        ("UNOA", b"NOV\x87K", "NOVáK", "Mac Roman"),
    ],
)
def test_charset_violation_falls_back_and_is_reported(syntax: str, raw_name: bytes, expected: str, guess: str) -> None:
    data = f"UNB+{syntax}:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++".encode() + raw_name + b"'UNT+3+1'UNZ+1+1'"
    (raw,) = list(read_interchanges(data))
    assert next(s for s in raw.segments if s.tag == "NAD").el(3) == expected
    (issue,) = [i for i in raw.issues if i.code == "SYN003"]
    assert guess in issue.message and issue.severity == Severity.WARNING
