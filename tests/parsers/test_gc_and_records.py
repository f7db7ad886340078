"""The parser pauses the cyclic GC while it reads an interchange; that is only safe when parsing
creates no reference cycles (else they would pile up), and the caller's GC state must be restored.
Also: ``canonical_record`` builds its document dicts field by field, equal to ``dataclasses.asdict``."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.parse_bench import generate_corpus
from parsers.api import ParserError, iter_interchanges, iter_travellers, parse_bytes
from parsers.model import Document, FlightLeg, Traveller, canonical_record


def _public_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".edi", ".txt", ".edifact"})


def _cyclic_garbage_after(data: bytes) -> int:
    """Objects the cyclic GC has to free after parsing ``data`` to records and dropping everything."""
    parse_bytes(data)  # first use: lazy imports and caches may leave one-off garbage (types)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        records = [canonical_record(t, f) for t, f, _m in iter_travellers(parse_bytes(data))]
        assert records
        del records
        return gc.collect()
    finally:
        if was:
            gc.enable()


def test_parsing_generated_paxlst_and_pnrgov_leaves_no_reference_cycles() -> None:
    assert _cyclic_garbage_after(generate_corpus(200_000, seed=11)) == 0


def test_parsing_public_samples_leaves_no_reference_cycles(public_messages: Path) -> None:
    data = b"".join(p.read_bytes() for p in _public_files(public_messages) if b"UNH" in p.read_bytes())
    assert data
    _cyclic_garbage_after(data)  # warm-up (lazy imports)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        for path in _public_files(public_messages):
            # ParserError on a file with nothing readable: not what is tested here
            with contextlib.suppress(ParserError):
                list(iter_interchanges(path.read_bytes()))
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def _states(enabled: bool) -> Iterator[bool]:
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        for _interchange in iter_interchanges(generate_corpus(50_000, seed=3)):
            yield gc.isenabled()  # what the caller's code sees between interchanges
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_callers_gc_state_is_kept(enabled: bool) -> None:
    seen = list(_states(enabled))
    assert len(seen) > 1
    assert set(seen) == {enabled}


@pytest.mark.parametrize(
    "documents",
    [
        (),
        (Document("P", "X123", "DEU", "2030-01-01", None, "DOC"),),
        (Document("V", None, "USA"), Document("P", "C9", "GBR", None, "2020-02-02", "DOCS")),
    ],
)
def test_canonical_record_documents_equal_asdict(documents: tuple[Document, ...]) -> None:
    traveller = Traveller(source="PAXLST", role="passenger", surname="DOE", documents=documents)
    record = canonical_record(traveller, FlightLeg(carrier="LH", number="400"))
    assert record["documents"] == [dataclasses.asdict(d) for d in documents]
    assert record["flight"] == "LH400"
    if documents:
        assert record["document_type"] == (traveller.document.doc_type if traveller.document else None)
