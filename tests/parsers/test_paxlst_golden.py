"""Golden tests: every public PAXLST sample through the real path (parsers.api.parse_bytes).

The expected values in tests/golden/paxlst/*.json were written by reading each file by hand (not by
running the code): flight legs, counts by role, full canonical records for a sample of travellers
(first, last and odd ones), and the defects MANIFEST.txt lists, as PAX* issue codes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from parsers.api import parse_bytes
from parsers.model import PaxlstMessage, canonical_record
from tests.conftest import shared_path

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "paxlst"
CASES = sorted(GOLDEN.glob("*.json"))


def _load(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case.read_text())
    return data


def _messages(path: Path) -> list[PaxlstMessage]:
    interchanges = parse_bytes(path.read_bytes())
    found = [i for ic in interchanges for i in (*ic.issues, *(x for m in ic.messages for x in m.issues))]
    assert not [i for i in found if i.code == "ENV090"], "the mapper crashed on a message"
    return [m for ic in interchanges for m in ic.messages if isinstance(m, PaxlstMessage)]


def _leg(values: list[Any]) -> tuple[Any, ...]:
    return tuple(values)


def _expected_record(spec: dict[str, Any], crossing: list[Any] | None) -> dict[str, Any]:
    """The canonical record a careful reader expects; the primary document is the passport if any."""
    docs = spec["documents"]
    primary = next((d for d in docs if d[0] and d[0].startswith("P")), docs[0] if docs else None)
    flight, dep, arr, dep_local = (crossing or [None, None, None, None])[:4]
    record = {
        "source": "PAXLST",
        "role": spec["role"],
        "surname": spec["surname"],
        "given_names": spec["given_names"],
        "date_of_birth": spec["date_of_birth"],
        "gender": spec["gender"],
        "nationality": spec["nationality"],
        "document_type": primary[0] if primary else None,
        "document_number": primary[1] if primary else None,
        "document_issuing_country": primary[2] if primary else None,
        "document_expiry": primary[3] if primary else None,
        "flight": flight,
        "departure_airport": dep,
        "arrival_airport": arr,
        "departure_date": dep_local[:10] if dep_local else None,
        "booking_ref": spec["booking_ref"],
        "residence_country": spec["residence_country"],
        "place_of_birth": spec["place_of_birth"],
        "seat": spec["seat"],
        "bag_count": spec["bag_count"],
    }
    return record


def test_every_public_paxlst_file_has_a_golden_case(public_messages: Path) -> None:
    files = {p.name for p in public_messages.glob("paxlst_*")} | {
        p.name for p in public_messages.glob("iapi_*paxlst*.edi")
    }
    covered = {_load(c)["file"].split("/")[-1] for c in CASES}
    assert files, "no PAXLST sample found"
    assert files <= covered, f"PAXLST samples without a golden case: {sorted(files - covered)}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path) -> None:
    spec = _load(case)
    path = shared_path("data", "messages", "public", *spec["file"].split("/"))
    messages = _messages(path)
    assert len(messages) == len(spec["messages"])
    for msg, expected in zip(messages, spec["messages"], strict=True):
        _check_message(msg, expected)


def _check_message(msg: PaxlstMessage, expected: dict[str, Any]) -> None:
    assert msg.version == expected["version"]
    assert msg.document_type == expected["document_type"]
    assert msg.function == expected["function"]
    assert msg.complete is expected["complete"]
    assert list(msg.parts) == expected["parts"]
    assert msg.part.common_access_ref == expected["common_access_ref"]
    assert msg.reported_total == expected["reported_total"]
    assert msg.sender_name == expected["sender_name"]
    if "sender_contact" in expected:
        assert msg.sender_contact == expected["sender_contact"]
    if "transaction_ref" in expected:
        assert msg.transaction_ref == expected["transaction_ref"]

    legs = [
        (leg.flight, leg.departure_airport, leg.arrival_airport, leg.departure_local, leg.arrival_local)
        for leg in msg.legs
    ]
    assert legs == [_leg(v) for v in expected["legs"]]
    crossing = expected["crossing"]
    crossing_leg = expected["legs"][crossing] if crossing is not None else None
    if crossing is None:
        assert msg.crossing_leg is None
    else:
        assert msg.crossing_leg == msg.legs[crossing]

    assert dict(Counter(t.role for t in msg.travellers)) == expected["roles"]
    if "genders" in expected:
        assert dict(Counter(t.gender for t in msg.travellers)) == expected["genders"]
    if "nationalities" in expected:
        assert dict(Counter(t.nationality for t in msg.travellers)) == expected["nationalities"]
    if "surnames" in expected:
        assert [t.surname for t in msg.travellers] == expected["surnames"]

    codes = Counter(i.code for i in msg.issues if i.code.startswith("PAX"))
    for code in expected["issues"]:
        assert codes[code] > 0, f"{code} expected; found {sorted(codes)}"
    for code in expected["not_issues"]:
        assert codes[code] == 0, f"{code} not expected: {[i.message for i in msg.issues if i.code == code]}"
    if expected.get("exact_issues"):
        assert sorted(codes) == sorted(expected["issues"])
    for code, count in expected.get("issue_counts", {}).items():
        assert codes[code] == count, code
    for code, text in expected.get("issue_text", {}).items():
        assert any(text in i.message for i in msg.issues if i.code == code)
    for issue in msg.issues:
        if issue.code.startswith("PAX") and issue.tag != "UNH":
            assert issue.segment_index is not None and issue.line and issue.column, issue

    for position, spec in expected["travellers"].items():
        trav = msg.travellers[int(position) - 1]
        assert trav.traveller_ref == position
        record = canonical_record(trav, msg.crossing_leg)
        wanted = _expected_record(spec, crossing_leg)
        assert {k: record[k] for k in wanted} == wanted
        assert [
            [d["doc_type"], d["number"], d["issuing_country"], d["expiry"]] for d in record["documents"]
        ] == spec["documents"]
        for key in ("embarkation", "debarkation", "bag_weight_kg"):
            if key in spec:
                assert getattr(trav, key) == spec[key], key
        if "bag_tags" in spec:
            assert list(trav.bag_tags) == spec["bag_tags"]
        if "extra" in spec:
            assert [list(kv) for kv in trav.extra] == spec["extra"]
        for kv in spec.get("extra_includes", []):
            assert tuple(kv) in trav.extra, kv

    odd = expected.get("odd_traveller")
    if odd:
        trav = msg.travellers[odd["position"] - 1]
        assert trav.surname is not None
        assert trav.surname.startswith(odd["surname_prefix"]) and trav.surname.endswith(odd["surname_suffix"])
        assert len(trav.surname) == len(odd["surname_prefix"]) + 1 + len(odd["surname_suffix"])
        for key in ("given_names", "date_of_birth", "gender", "nationality"):
            assert getattr(trav, key) == odd[key], key
