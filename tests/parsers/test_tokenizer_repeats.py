"""Segments repeated verbatim within an interchange reuse the split elements of the first one: each
still gets its own index, line, column and raw text, and equals a freshly split segment. The envelope
walk that adds content segments run by run gives what the segment-by-segment walk gives."""

from __future__ import annotations

import pytest

from parsers.edifact.delimiters import DEFAULT
from parsers.edifact.envelope import _Walker, check_envelope
from parsers.edifact.segment import Segment
from parsers.edifact.tokenizer import RawInterchange, split_segment, tokenize

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


def _walk(segments: list[Segment]) -> RawInterchange:
    raw = RawInterchange(DEFAULT, None, None, "ascii", None, None, None, segments, [])
    check_envelope(raw)
    return raw


def _segs(tags: str) -> list[Segment]:
    return [Segment(t, (("1",),), k, k + 1, 1, t + "+1") for k, t in enumerate(tags.split())]


@pytest.mark.parametrize(
    "tags",
    [
        "UNB UNH BGM NAD UNT UNH NAD UNT UNZ",
        "NAD UNH BGM UNS NAD UNT RFF UNZ",  # stray content before/after messages, UNS inside
        "UNB UNH XUN NBG UNQ UNT UNZ",  # 'UN' across two tags is no service tag; UNQ is an unknown one
        "UNH BGM NAD",  # truncated
        "UNB UNH UNH BGM UNT UNT UNZ",
        "UNB UNH AB BGM UNT UNZ",  # a tag of other length (hand-made): the segment-by-segment walk
    ],
)
def test_envelope_run_by_run_walk_equals_segment_by_segment(tags: str) -> None:
    fast = _walk(_segs(tags))
    slow = RawInterchange(DEFAULT, None, None, "ascii", None, None, None, _segs(tags), [])
    walker = _Walker(slow)
    for seg in slow.segments:
        walker.step(seg)
    walker.finish()
    assert fast.messages == slow.messages
    assert fast.issues == slow.issues
    assert (fast.unb, fast.unz) == (slow.unb, slow.unz)
