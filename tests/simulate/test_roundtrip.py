"""Round trip: what the simulator writes parses back, through the real parser, to exactly the
travellers it generated (the manifest's ground truth), clean or with defects injected on purpose."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from paxpipe.simulate import MANIFEST_NAME, simulate_day
from paxpipe.simulate.truth import expected_travellers

api = pytest.importorskip("parsers.api")

DAY = date(2026, 11, 29)
KEYS = ("role", "surname", "given_names", "date_of_birth", "gender", "nationality", "document_type",
        "document_number", "document_issuing_country", "document_expiry", "flight", "departure_airport",
        "arrival_airport", "departure_date", "booking_ref", "seat")
_DOC_KEYS = {"date_of_birth", "gender", "nationality", "document_type", "document_number",
             "document_issuing_country", "document_expiry"}
# fields a defect makes unknowable (the others must still come back exactly)
_UNRECOVERABLE = {"docs_shifted": _DOC_KEYS | {"surname", "given_names"}, "latin1_in_unoa": {"surname"}}


def _parsed(path: Path) -> list[dict[str, Any]]:
    from parsers.model import canonical_record

    out = []
    for traveller, leg, _message in api.iter_travellers(api.parse_bytes(path.read_bytes())):
        record = canonical_record(traveller, leg)
        record["seat"] = traveller.seat
        record["is_infant"] = traveller.is_infant
        out.append(record)
    return out


def _compare(out: Path) -> tuple[int, Counter[str], list[str]]:
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    people = {t["id"]: t for t in manifest["travellers"]}
    compared = 0
    wrong: Counter[str] = Counter()
    examples: list[str] = []
    for record in manifest["files"]:
        got, want = _parsed(out / record["name"]), expected_travellers(record, people)
        assert len(got) == len(want), f"{record['name']}: {len(got)} travellers parsed, {len(want)} written"
        for g, w in zip(got, want, strict=True):
            skip: set[str] = set()
            for code in w.get("defects", ()):
                skip |= _UNRECOVERABLE.get(code, set())
            for key in KEYS:
                if key not in skip and g[key] != w[key]:
                    wrong[f"{record['kind']}.{key}"] += 1
                    if len(examples) < 5:
                        examples.append(f"{record['name']} {w['id']} {key}: parsed {g[key]!r}, wrote {w[key]!r}")
                compared += 1
            if record["kind"] == "PNRGOV":
                assert g["is_infant"] == w["is_infant"], (record["name"], w["id"])
    return compared, wrong, examples


@pytest.mark.parametrize(("seed", "flights", "rate"), [(3, 10, 0.0), (6, 20, 0.5)])
def test_generated_files_parse_back_to_the_ground_truth(tmp_path: Path, seed: int, flights: int,
                                                        rate: float) -> None:
    simulate_day(tmp_path, day=DAY, flights=flights, seed=seed, defect_rate=rate)
    compared, wrong, examples = _compare(tmp_path)
    assert compared > 5_000
    assert not wrong, f"{dict(wrong)}; e.g. {examples}"


def test_clean_files_validate_without_errors(tmp_path: Path) -> None:
    """What the simulator writes without defects is what a validator accepts (warnings allowed:
    a part of a set sent in its own file is incomplete on its own)."""
    result = simulate_day(tmp_path, day=DAY, flights=15, seed=12, defect_rate=0.0)
    errors = [(p.name, i.code, i.message) for p in result.files for i in api.validate_bytes(p.read_bytes())
              if i.severity.value == "error"]
    assert not errors, errors[:5]


def test_defective_files_are_reported_by_the_validator(tmp_path: Path) -> None:
    result = simulate_day(tmp_path, day=DAY, flights=10, seed=13, defect_rate=1.0)
    for record in result.manifest["files"]:
        codes = {d["code"] for d in record["defects"]}
        if codes & {"unt_mismatch", "bom", "typeb_envelope", "trailing_junk", "latin1_in_unoa"}:
            issues = api.validate_bytes((tmp_path / record["name"]).read_bytes())
            assert issues, f"{record['name']} carries {codes} but validates clean"


def test_defects_do_not_lose_travellers(tmp_path: Path) -> None:
    """Every file with a defect still yields every traveller it carries (counted in _compare)."""
    result = simulate_day(tmp_path, day=DAY, flights=8, seed=9, defect_rate=1.0)
    assert all(f["defects"] for f in result.manifest["files"])
    compared, wrong, examples = _compare(tmp_path)
    assert compared > 0 and not wrong, f"{dict(wrong)}; e.g. {examples}"


def test_leap_day_2000_date_of_birth_survives_the_pnr_parser() -> None:
    import random
    from datetime import UTC, datetime

    from paxpipe.simulate.content import ContentDefects
    from paxpipe.simulate.pnrgov import write_pnrgov
    from paxpipe.simulate.schedule import make_flights
    from paxpipe.simulate.traffic import make_traffic

    flight = make_flights(random.Random(1), 1, datetime(2026, 11, 29, 12, tzinfo=UTC))[0]
    traffic = make_traffic(random.Random(2), flight, "X-", DAY)
    pax = next(p for b in traffic.bookings for p in b.passengers if p.boarded and not p.person.is_infant)
    pax.person.date_of_birth = date(2000, 2, 29)  # found by the round trip with seed 4 (written 29FEB00)
    pax.docs_from = 0
    last = write_pnrgov(traffic, random.Random(3), ContentDefects(random.Random(4), 0.0), "NLD")[-1]
    assert "/29FEB00/" in last.text
    parsed = api.parse_bytes(last.text.encode("latin-1"))
    dobs = {t.documents[0].number: t.date_of_birth for t, _, _ in api.iter_travellers(parsed) if t.documents}
    assert dobs[pax.person.doc_number] == "2000-02-29"
