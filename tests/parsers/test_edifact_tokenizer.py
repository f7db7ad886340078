"""Tokenizer: separators, release characters, positions, tolerance of real-world defects."""

from __future__ import annotations

import pytest

from parsers.edifact.delimiters import Delimiters
from parsers.edifact.tokenizer import read_interchanges


def _one(data: bytes):
    interchanges = list(read_interchanges(data))
    assert len(interchanges) == 1
    return interchanges[0]


def _codes(raw) -> set[str]:
    return {i.code for i in raw.issues}


CLEAN = (
    b"UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+240101:1200+REF1'UNH+M1+PAXLST:D:05B:UN:IATA'"
    b"BGM+745'NAD+FL+++O?'BRIEN:JOHN'UNT+4+M1'UNZ+1+REF1'"
)


def test_clean_interchange_segments_and_positions() -> None:
    raw = _one(CLEAN)
    assert [s.tag for s in raw.segments] == ["UNA", "UNB", "UNH", "BGM", "NAD", "UNT", "UNZ"]
    assert [s.index for s in raw.segments] == list(range(7))
    nad = raw.segments[4]
    assert nad.elements == (("FL",), ("",), ("",), ("O'BRIEN", "JOHN"))
    assert nad.line == 1 and nad.column == CLEAN.index(b"NAD") + 1
    assert raw.charset == "UNOA"
    assert raw.sender == "SENDER" and raw.control_ref == "REF1"
    assert raw.prepared_at == "2024-01-01T12:00"
    assert len(raw.messages) == 1 and raw.messages[0][0].tag == "UNH" and raw.messages[0][-1].tag == "UNT"
    assert raw.issues == []


@pytest.mark.parametrize(
    ("una", "expected"),
    [
        (b"UNA:+.? '", Delimiters(":", "+", ".", "?", " ", "'")),
        (b"UNA:*.? $", Delimiters(":", "*", ".", "?", " ", "$")),
        (b"UNA:-.? '", Delimiters(":", "-", ".", "?", " ", "'")),
        (b"UNA:+.\\*'", Delimiters(":", "+", ".", "\\", "*", "'")),
        (b"UNA:(.) -", Delimiters(":", "(", ".", ")", " ", "-")),
    ],
)
def test_una_separators(una: bytes, expected: Delimiters) -> None:
    d = expected
    body = (
        f"UNB{d.element}UNOA:4{d.element}S{d.element}R{d.element}240101:1200{d.element}9{d.terminator}"
        f"UNH{d.element}1{d.element}PAXLST:D:05B:UN:IATA{d.terminator}"
        f"FTX{d.element}A{d.release}{d.element}B{d.component}C{d.terminator}"
        f"UNT{d.element}3{d.element}1{d.terminator}UNZ{d.element}1{d.element}9{d.terminator}"
    )
    raw = _one(una + b"\r\n" + body.encode())
    assert raw.delimiters == expected
    ftx = next(s for s in raw.segments if s.tag == "FTX")
    assert ftx.elements == ((f"A{d.element}B", "C"),)
    assert _codes(raw) == set()


def test_malformed_una_five_chars_repaired_from_unb() -> None:
    raw = _one(b"UNA:+\\*'\nUNB+IATA:1+1A+KRC+130527:0754+3' UNH+1+PNRGOV:11:1:IA'LTS+A\\*B'UNT+3+1'UNZ+1+3'")
    assert raw.delimiters.release == "\\" and raw.delimiters.terminator == "'"
    assert "SYN001" in _codes(raw)
    assert next(s for s in raw.segments if s.tag == "LTS").el(0) == "A*B"


def test_curly_quote_una_and_terminators() -> None:
    data = "UNA:+.\\*’ UNB+IATA:1+1A+KRC+130527:0649+3'\nUNH+1+PNRGOV:11:1:IA’ MSG+:22'UNT+3+1'UNZ+1+3'"
    raw = _one(data.encode("utf-8"))
    assert [s.tag for s in raw.segments] == ["UNA", "UNB", "UNH", "MSG", "UNT", "UNZ"]
    assert {"SYN001", "SYN002", "SYN003"} <= _codes(raw)


def test_hard_wrap_inside_tags_and_values() -> None:
    seg = (
        "UNA:+.? 'UNB+UNOA:4+SENDER:ZZ+RECEIVER:ZZ+210713:0631+2107130631'UNH+PAX001+PAXLST:D:05B:UN:IATA"
        "+X+02'BGM+745'NAD+FL+++DJEMFISJER:REDJAE'ATT+2++M'DTM+329:930408'MEA+CT++:0'CNT+42:47'"
        "UNT+8+PAX001'UNZ+1+2107130631'"
    )
    wrapped = "\r\n".join(seg[i : i + 64] for i in range(0, len(seg), 64))
    raw = _one(("HEADER LINE\r\n.HDQ 1234\r\n" + wrapped + "\r\n\r\nEmail footer\r\n").encode())
    tags = [s.tag for s in raw.segments]
    assert tags == ["UNA", "UNB", "UNH", "BGM", "NAD", "ATT", "DTM", "MEA", "CNT", "UNT", "UNZ"]
    assert next(s for s in raw.segments if s.tag == "CNT").elements == (("42", "47"),)
    assert {"SYN013", "SYN017", "SYN018"} <= _codes(raw)
    assert "ENV001" not in _codes(raw)
    assert raw.segments[1].line == 3


def test_tag_text_inside_values_does_not_split() -> None:
    data = b"UNB+IATA:1+UA+X+180928:1120+9'UNH+1+PNRGOV:13:1:IA'IFT+4:28+LOUUNT?+50BB UNZ'UNT+3+1'UNZ+1+9'"
    raw = _one(data)
    assert [s.tag for s in raw.segments] == ["UNB", "UNH", "IFT", "UNT", "UNZ"]
    assert raw.segments[2].el(1) == "LOUUNT+50BB UNZ"
    assert _codes(raw) == set()


def test_garbage_is_skipped_and_reading_resumes() -> None:
    data = b"UNB+UNOA:4+S+R+240101:1200+9'UNH+1+PAXLST:D:05B:UN:IATA'!!garbage!!'BGM+745'UNT+3+1'UNZ+1+9'"
    raw = _one(data)
    assert [s.tag for s in raw.segments] == ["UNB", "UNH", "BGM", "UNT", "UNZ"]
    garbage = [i for i in raw.issues if i.code == "SYN010"]
    assert len(garbage) == 1 and garbage[0].column == data.index(b"!!") + 1


def test_envelope_counts_and_truncation() -> None:
    data = b"UNB+UNOA:4+S+R+240101:1200+9'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+9+2'UNH+2+PAXLST:D:05B:UN:IATA'BGM+745'"
    raw = _one(data)
    assert {"ENV001", "ENV002", "ENV003", "ENV011"} <= _codes(raw)
    assert len(raw.messages) == 2


def test_several_interchanges_and_bare_messages() -> None:
    one = b"UNB+UNOA:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'UNT+2+1'UNZ+1+1'\n"
    two = b"UNA:*.? $\nUNB*UNOA:4*S*R*240101:1200*2$UNH*1*PAXLST:D:05B:UN:IATA$UNT*2*1$UNZ*1*2$\n"
    raws = list(read_interchanges(one + two + one))
    assert [r.control_ref for r in raws] == ["1", "2", "1"]
    assert raws[1].segments[1].line == 3
    bare = _one(b"UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'UNT+3+1'UNH+2+PAXLST:D:02B:UN:IATA'UNT+2+2'")
    assert bare.unb is None and len(bare.messages) == 2 and "ENV012" in _codes(bare)


def test_latin1_byte_in_unoa_decoded_and_reported() -> None:
    raw = _one(b"UNB+UNOA:4+S+R+240101:1200+1'UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++NOV\xe1K'UNT+3+1'UNZ+1+1'")
    nad = next(s for s in raw.segments if s.tag == "NAD")
    assert nad.el(3) == "NOVáK"
    syn = [i for i in raw.issues if i.code == "SYN003"]
    assert len(syn) == 1 and syn[0].column == raw.segments[2].column + len("NAD+FL+++NOV")


def test_segments_are_genuine_frozen_segments() -> None:
    import dataclasses

    from parsers.edifact.segment import Segment

    raw = _one(CLEAN)
    for seg in raw.segments:
        assert type(seg) is Segment
        twin = Segment(seg.tag, seg.elements, seg.index, seg.line, seg.column, seg.raw)
        assert seg == twin and hash(seg) == hash(twin) and repr(seg) == repr(twin)
    with pytest.raises(dataclasses.FrozenInstanceError):
        raw.segments[4].tag = "XXX"  # type: ignore[misc]
