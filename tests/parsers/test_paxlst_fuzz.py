"""No sequence of segments makes the PAXLST mapper or the assembly raise (collect, never raise)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.edifact.segment import Segment
from parsers.model import PaxlstMessage
from parsers.paxlst.assembly import assemble_parts
from parsers.paxlst.mapping import map_paxlst

TAGS = ["UNH", "BGM", "RFF", "NAD", "CTA", "COM", "TDT", "LOC", "DTM", "ATT", "NAT", "MEA", "FTX", "DOC",
        "EMP", "GEI", "CNT", "AUT", "UNT", "XYZ", "UNS"]  # fmt: skip
VALUES = st.sampled_from(
    ["", "FL", "FM", "DDU", "DDT", "MS", "ZZZ", "2", "20", "36", "41", "42", "87", "91", "92", "125", "178",
     "180", "182", "189", "232", "329", "745", "250", "266", "AVF", "SEA", "CT", "WT", "KGM", "LBR", "BAG",
     "P", "V", "F", "M", "C", "01", "02", "C", "F", "680223", "0807101500", "20041230", "102", "201",
     " 1", "X:Y", "NULL", "9:3", "ABC", "USA", "US"]
) | st.text(alphabet="ABC019 :*", max_size=8)  # fmt: skip
ELEMENTS = st.lists(st.lists(VALUES, min_size=1, max_size=4).map(tuple), max_size=6).map(tuple)
SEGMENTS = st.lists(st.tuples(st.sampled_from(TAGS), ELEMENTS), max_size=40)


def build(items: list[tuple[str, tuple[tuple[str, ...], ...]]]) -> list[Segment]:
    return [
        Segment(tag, els, i, i + 1, 1, tag + "+" + "+".join(":".join(e) for e in els))
        for i, (tag, els) in enumerate(items)
    ]


@settings(max_examples=150, deadline=None)
@given(SEGMENTS, st.sampled_from([None, datetime.date(2014, 2, 1)]))
def test_mapper_never_raises(
    items: list[tuple[str, tuple[tuple[str, ...], ...]]], date: datetime.date | None
) -> None:
    segments = build(items)
    msg = map_paxlst(segments, message_date=date)
    assert isinstance(msg, PaxlstMessage)
    indexes = {s.index for s in segments}
    assert all(i.segment_index is None or i.segment_index in indexes for i in msg.issues)
    # every unknown tag is reported, never dropped
    unknown = {s.index for s in segments if s.tag in ("XYZ", "UNS")}
    assert unknown <= {i.segment_index for i in msg.issues if i.code == "PAX070"}


@settings(max_examples=50, deadline=None)
@given(st.lists(SEGMENTS, max_size=4))
def test_assembly_never_raises(messages: list[list[tuple[str, tuple[tuple[str, ...], ...]]]]) -> None:
    head = [("UNH", (("1",), ("PAXLST", "D", "02B", "UN", "IATA"), ("REF",), ("01", "C")))]
    mapped = [map_paxlst(build(head + items), message_date=None) for items in messages]
    out = assemble_parts(mapped)
    assert sum(len(m.travellers) for m in out) <= sum(len(m.travellers) for m in mapped)
