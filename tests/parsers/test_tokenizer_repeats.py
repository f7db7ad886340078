"""Segments repeated verbatim within an interchange reuse the split elements of the first one: each
still gets its own index, line, column and raw text, and equals a freshly split segment."""

from __future__ import annotations

import pytest

from parsers.edifact.delimiters import DEFAULT
from parsers.edifact.tokenizer import split_segment, tokenize

CASES = [
    # (text, expected (tag, line, column) per segment)
    ("LOC+178+FRA'LOC+178+FRA'NAT+2+DEU'LOC+178+FRA'", [("LOC", 1, 1), ("LOC", 1, 13), ("NAT", 1, 25), ("LOC", 1, 35)]),
    ("ATT+2++M'\nATT+2++M'\n  ATT+2++M'\nCNT+42:3'", [("ATT", 1, 1), ("ATT", 2, 1), ("ATT", 3, 3), ("CNT", 4, 1)]),
    # the same text once with a release character: the released one is split on the slow path
    ("FTX+AAA+++A?+B'FTX+AAA+++A?+B'FTX+AAA+++A+B'", [("FTX", 1, 1), ("FTX", 1, 16), ("FTX", 1, 31)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_repeated_segments_keep_their_own_positions(text: str, expected: list[tuple[str, int, int]]) -> None:
    issues: list[object] = []
    segments = tokenize(text, DEFAULT, issues=issues)  # type: ignore[arg-type]
    assert issues == []
    assert [(s.tag, s.line, s.column) for s in segments] == expected
    assert [s.index for s in segments] == list(range(len(expected)))
    for seg in segments:
        assert text[_offset(text, seg.line, seg.column) :].startswith(seg.raw + "'")
        assert (seg.tag, seg.elements) == split_segment(seg.raw, DEFAULT)


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def test_released_and_plain_twins_differ() -> None:
    segments = tokenize("FTX+AAA+++A?+B'FTX+AAA+++A+B'FTX+AAA+++A?+B'", DEFAULT)
    assert [s.elements[3] for s in segments] == [("A+B",), ("A",), ("A+B",)]
    assert segments[1].elements[4] == ("B",)
