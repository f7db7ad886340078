"""Hand-written PNRGOV fixtures (tests/golden/pnrgov/*.edi) against hand-written expectations (*.json).

One fixture per case the issue names: infant (DOCS under the adult, INFT only), DOCS in every group,
glued titles, cancellation in an update push, codeshare in both styles, passengers without DOCS, and
a message full of defects that must all be reported while the passengers are still read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.api import parse_bytes
from parsers.model import PnrgovMessage, canonical_record

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden" / "pnrgov"
CASES = sorted(p.stem for p in GOLDEN_DIR.glob("*.edi"))


def test_fixtures_present() -> None:
    assert len(CASES) >= 6
    assert all((GOLDEN_DIR / f"{case}.json").exists() for case in CASES)


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    expected = json.loads((GOLDEN_DIR / f"{case}.json").read_text())
    (interchange,) = parse_bytes((GOLDEN_DIR / f"{case}.edi").read_bytes())
    (message,) = interchange.messages
    assert isinstance(message, PnrgovMessage)
    assert (message.version, message.push_type) == (expected["version"], expected["push_type"])
    assert len(message.pnrs) == expected["pnrs"]
    assert [p.cancelled for p in message.pnrs] == expected["cancelled"]
    pnr_codes = sorted({i.code for i in message.issues if i.code.startswith("PNR")})
    assert pnr_codes == expected["issues"], [(i.code, i.message) for i in message.issues]
    for found in message.issues:  # every issue points at its segment
        if found.code not in ("PNR001", "PNR002"):
            assert found.segment_index is not None and found.line is not None and found.tag
    travellers = [t for pnr in message.pnrs for t in pnr.passengers]
    assert len(travellers) == len(expected["travellers"])
    for traveller, want in zip(travellers, expected["travellers"], strict=True):
        record = canonical_record(traveller, message.flight)
        record["is_infant"] = traveller.is_infant
        assert {k: record[k] for k in want} == want
    if "itinerary" in expected:
        legs = [[leg.flight, leg.operating_carrier, leg.operating_number] for pnr in message.pnrs for leg in pnr.itinerary]
        assert legs == expected["itinerary"]


def test_defects_fixture_keeps_contact_after_repair() -> None:
    (interchange,) = parse_bytes((GOLDEN_DIR / "defects.edi").read_bytes())
    (message,) = interchange.messages
    assert isinstance(message, PnrgovMessage)
    assert "email:R@EXAMPLE.COM" in message.pnrs[0].contacts
