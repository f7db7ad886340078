"""The parse benchmark's generated corpus: clean, fully read by paxpipe, and readable by pydifact too
(otherwise the side-by-side figures would compare different work)."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_public_sample_comparison_keeps_only_files_pydifact_reads(public_messages: Path) -> None:
    pytest.importorskip("pydifact")
    from benchmarks.parse_bench import public_samples_pydifact_reads

    samples = dict(public_samples_pydifact_reads() or [])
    # A plain PNRGOV push pydifact reads; a Type-B telex envelope (lines before UNA) it cannot.
    assert "pnrgov_gtas_v13_large_many_pnrs.edi" in samples
    assert "paxlst_ediclean_A_typeb_envelope_wrapped64_footer.edi" not in samples
    assert paxpipe_records(samples["pnrgov_gtas_v13_large_many_pnrs.edi"]) == 86  # passengers of its 47 PNRs
