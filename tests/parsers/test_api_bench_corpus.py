"""The parse benchmark's generated corpus: clean, fully read by paxpipe, and readable by pydifact too
(otherwise the side-by-side figures would compare different work)."""

from __future__ import annotations

import re

import pytest

from benchmarks.parse_bench import generate_corpus, paxpipe_records, paxpipe_tokens, pydifact_segments
from parsers.api import all_issues, parse_bytes


def test_generated_corpus_is_clean_and_complete() -> None:
    data = generate_corpus(300_000, seed=7)
    interchanges = parse_bytes(data)
    issues = [i for ic in interchanges for i in all_issues(ic)]
    assert issues == []
    expected = sum(int(n) for n in re.findall(rb"CNT\+42:(\d+)", data))  # PAXLST totals
    expected += len(re.findall(rb"\nTIF\+(?!X\+Y)", data))  # PNR passengers (not the check-in TIF)
    assert paxpipe_records(data) == expected
    assert {m.type for ic in interchanges for m in ic.messages} == {"PAXLST", "PNRGOV"}


def test_pydifact_reads_the_same_segments() -> None:
    pytest.importorskip("pydifact")
    data = generate_corpus(100_000, seed=7)
    assert pydifact_segments(data) == paxpipe_tokens(data)
