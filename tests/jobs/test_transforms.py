"""Pure row building (jobs/transforms.py) on hand-built model objects: no Spark."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from jobs.timezones import airport_timezone, local_to_utc
from jobs.transforms import (
    FileInput,
    derive_flight,
    file_facts,
    flight_key,
    message_action,
    normalise_flight_number,
)
from parsers.model import (
    Document,
    FlightLeg,
    Interchange,
    MessagePart,
    PaxlstMessage,
    Pnr,
    PnrgovMessage,
    Traveller,
)

LEG = FlightLeg(carrier="LH", number="0400", departure_airport="FRA", arrival_airport="JFK",
                departure_local="2026-07-01T10:00", arrival_local="2026-07-01T12:30")
FKEY = "LH|400|FRA|JFK|2026-07-01"


def pax(surname: str, given: str = "ANNA", dob: str = "1980-01-02", ref: str | None = "ABC123",
        doc: str = "P1", source: str = "PAXLST") -> Traveller:
    return Traveller(source=source, role="passenger", surname=surname, given_names=given, date_of_birth=dob,
                     gender="F", nationality="DEU", booking_ref=ref,
                     documents=(Document(doc_type="P", number=doc, issuing_country="DEU", source="DOC"),))


def paxlst(*travellers: Traveller, function: str | None = None, doc_type: str = "745",
           part: MessagePart | None = None, leg: FlightLeg = LEG) -> PaxlstMessage:
    return PaxlstMessage(message_ref="1", version="D02B", document_type=doc_type, function=function,
                         part=part or MessagePart(), legs=(leg,), crossing_leg=leg, travellers=travellers)


def pnrgov(*pnrs: Pnr, push: str = "22") -> PnrgovMessage:
    return PnrgovMessage(message_ref="1", version="13.1", push_type=push, flight=LEG, pnrs=pnrs)


def pnr(locator: str, *names: str, cancelled: bool = False) -> Pnr:
    return Pnr(record_locator=locator, cancelled=cancelled,
               passengers=tuple(pax(n, source="PNRGOV", ref=locator) for n in names))


def received(message: PaxlstMessage | PnrgovMessage, sent: str, name: str) -> list[dict[str, Any]]:
    """The facts of a file holding one message sent at ``sent`` (UNB time)."""
    ic = Interchange(sender="LH", recipient="PIU", prepared_at=sent, control_ref="1", charset="UNOA",
                     messages=(message,))
    f = FileInput(receipt_id=f"r-{name}", message_id=f"m-{name}", file_name=name,
                  received_at=datetime(2026, 7, 1, tzinfo=UTC), content=name.encode())
    return file_facts(f, parse=lambda _b: [ic])


def events(*files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts → derive_flight events (every message loaded), as normalise feeds them."""
    kinds = {"message": "M", "traveller": "T", "pnr": "P"}
    out = []
    for facts in files:
        for fact in facts:
            if fact["kind"] in kinds:
                out.append({"kind": kinds[fact["kind"]], **fact[fact["kind"]]})
    return out


def current(rows: list[dict[str, Any]], kind: str = "traveller") -> dict[str, tuple[Any, ...]]:
    if kind == "traveller":
        return {(r["source"], r["surname"]): (r["status"], r["document_number"]) for r in rows if r["kind"] == kind}
    if kind == "pnr":
        return {r["record_locator"]: r["status"] for r in rows if r["kind"] == kind}
    return {(r["method"], r["record_locator"]) for r in rows if r["kind"] == kind}  # type: ignore[return-value]


@pytest.mark.parametrize(("number", "expected"), [
    ("0400", "400"), ("400", "400"), (" 12a", "12A"), ("0007", "7"), ("0", "0"), ("", None), (None, None),
])
def test_normalise_flight_number(number: str | None, expected: str | None) -> None:
    assert normalise_flight_number(number) == expected


@pytest.mark.parametrize(("leg", "expected"), [
    (LEG, FKEY),
    (FlightLeg(carrier="lh", number="400", departure_airport="FRA", arrival_airport="JFK",
               departure_local="2026-07-01T23:59"), FKEY),
    (FlightLeg(carrier=None, number="400"), None),
    (FlightLeg(carrier="LH", number=None), None),
    (None, None),
])
def test_flight_key_meets_for_api_and_pnr(leg: FlightLeg | None, expected: str | None) -> None:
    assert flight_key(leg) == expected


@pytest.mark.parametrize(("local", "airport", "expected"), [
    ("2026-07-01T10:00", "FRA", datetime(2026, 7, 1, 8, 0, tzinfo=UTC)),  # CEST
    ("2026-01-15T10:00", "FRA", datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),  # CET
    ("2026-07-01T12:30", "JFK", datetime(2026, 7, 1, 16, 30, tzinfo=UTC)),  # EDT
    ("2026-07-01T12:30", "ZZZ", None),
    (None, "FRA", None),
])
def test_local_to_utc(local: str | None, airport: str, expected: datetime | None) -> None:
    assert local_to_utc(local, airport_timezone(airport)) == expected


@pytest.mark.parametrize(("doc_type", "function", "action"), [
    ("745", None, "upsert"), ("745", "CP", "upsert"), ("745", "XR", "cancel"), ("745", "RP", "remove"),
    ("266", "XF", "cancel_flight"), ("266", "CLOB", "none"), ("250", "C", "upsert"), ("336", "H", "remove"),
])
def test_message_action(doc_type: str, function: str | None, action: str) -> None:
    assert message_action(paxlst(function=function, doc_type=doc_type)) == action


def test_file_facts_rows_and_lineage() -> None:
    facts = received(paxlst(pax("MEYER"), pax("SCHULZ", doc="P2")), "2026-07-01T07:00", "a.edi")
    kinds = sorted(f["kind"] for f in facts)
    assert kinds == ["file", "leg", "message", "traveller", "traveller"]
    file_row = next(f["file"] for f in facts if f["kind"] == "file")
    assert (file_row["status"], file_row["carrier"], file_row["message_type"], file_row["traveller_count"]) == (
        "loaded", "LH", "PAXLST", 2)
    leg = next(f["leg"] for f in facts if f["kind"] == "leg")
    assert (leg["flight_key"], leg["origin_tz"], leg["departure_utc"]) == (
        FKEY, "Europe/Berlin", datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    t = next(f["traveller"] for f in facts if f["kind"] == "traveller")
    assert (t["flight_key"], t["message_key"], t["document_number"]) == (FKEY, "m-a.edi|0", "P1")


def test_a_version_transmitted_twice_in_a_file_is_one_row() -> None:
    """The same traveller twice in a message, and the same PNR in two messages of one file: one row
    each, chosen deterministically (the first traveller; the last PNR)."""
    message = paxlst(pax("MEYER"), pax("MEYER", doc="P9"))
    facts = received(message, "2026-07-01T07:00", "twice.edi")
    travellers = [f["traveller"] for f in facts if f["kind"] == "traveller"]
    assert [t["document_number"] for t in travellers] == ["P1"]

    ic = Interchange(sender="LH", recipient="PIU", prepared_at="2026-07-01T07:00", control_ref="1",
                     charset="UNOA", messages=(pnrgov(pnr("ABC123", "MEYER")), pnrgov(pnr("ABC123", "MEYER", "ROTH"))))
    f = FileInput(receipt_id="r", message_id="m", file_name="p.edi", received_at=datetime(2026, 7, 1, tzinfo=UTC),
                  content=b"x")
    pnr_rows = [x["pnr"] for x in file_facts(f, parse=lambda _b: [ic]) if x["kind"] == "pnr"]
    assert [(p["version_id"], p["passenger_count"]) for p in pnr_rows] == [(f"ABC123|{FKEY}|m", 2)]


def test_unreadable_file_is_quarantined_with_its_bytes() -> None:
    def broken(_b: bytes) -> list[Interchange]:
        raise ValueError("not EDIFACT at all")

    f = FileInput(receipt_id="r", message_id="m", file_name="junk.bin",
                  received_at=datetime(2026, 7, 1, tzinfo=UTC), content=b"\x00\x01junk")
    facts = file_facts(f, parse=broken)
    q = next(x["quarantine"] for x in facts if x["kind"] == "quarantine")
    assert q["content"] == b"\x00\x01junk" and "not EDIFACT at all" in q["reason"]
    assert next(x["file"] for x in facts if x["kind"] == "file")["status"] == "quarantined"


def test_message_without_flight_fails_with_an_issue() -> None:
    facts = received(paxlst(pax("MEYER"), leg=FlightLeg(departure_airport="FRA")), "2026-07-01T07:00", "x")
    assert next(f["file"] for f in facts if f["kind"] == "file")["status"] == "failed"
    assert [f["issue"]["code"] for f in facts if f["kind"] == "issue"] == ["ING001"]
    assert not [f for f in facts if f["kind"] == "traveller"]


@pytest.mark.parametrize(("part", "held"), [
    (MessagePart(common_access_ref="LH400", sequence=1, final=False), True),
    (MessagePart(common_access_ref="LH400", sequence=2, final=True), True),
    (MessagePart(common_access_ref="LH400", sequence=1, final=True), False),
    (MessagePart(), False),
])
def test_multi_part_messages_are_held(part: MessagePart, held: bool) -> None:
    facts = received(paxlst(pax("MEYER"), part=part), "2026-07-01T07:00", "p")
    msg = next(f["message"] for f in facts if f["kind"] == "message")
    assert (msg["status"] == "held") is held
    assert (msg["set_key"] is not None) is held


def test_api_change_cancel_and_reduction() -> None:
    base = received(paxlst(pax("MEYER"), pax("SCHULZ", doc="S1"), pax("WEBER", doc="W1")), "2026-07-01T06:00", "a")
    change = received(paxlst(pax("MEYER", doc="P9"), function="CP"), "2026-07-01T06:30", "b")
    cancel = received(paxlst(pax("SCHULZ", doc="S1"), function="XR"), "2026-07-01T06:40", "c")
    reduce_ = received(paxlst(pax("WEBER", doc="W1"), function="RP"), "2026-07-01T06:50", "d")
    expected = {
        ("PAXLST", "MEYER"): ("active", "P9"),
        ("PAXLST", "SCHULZ"): ("cancelled", "S1"),
        ("PAXLST", "WEBER"): ("removed", "W1"),
    }
    evs = events(base, change, cancel, reduce_)
    for seed in range(4):  # arrival order does not matter, send time does
        random.Random(seed).shuffle(evs)
        assert current(derive_flight(evs)) == expected


def test_flight_cancel_cancels_earlier_api_travellers_only() -> None:
    base = received(paxlst(pax("MEYER")), "2026-07-01T06:00", "a")
    xf = received(paxlst(doc_type="266", function="XF"), "2026-07-01T06:30", "b")
    later = received(paxlst(pax("SCHULZ", doc="S1")), "2026-07-01T07:00", "c")
    assert current(derive_flight(events(base, xf, later))) == {
        ("PAXLST", "MEYER"): ("cancelled", "P1"), ("PAXLST", "SCHULZ"): ("active", "S1")}


def test_pnr_supersession_removal_and_cancellation() -> None:
    t72 = received(pnrgov(pnr("AAA111", "MEYER", "KOCH"), pnr("BBB222", "LANG"), pnr("CCC333", "VOGT")),
                   "2026-06-28T10:00", "p1")
    # Update push: AAA111 loses KOCH, BBB222 is cancelled (SRC+RCI, empty ORG), CCC333 not sent (unchanged).
    t24 = received(pnrgov(pnr("AAA111", "MEYER"), pnr("BBB222", cancelled=True), push="141"),
                   "2026-06-30T10:00", "p2")
    rows = derive_flight(events(t72, t24))
    assert current(rows, "pnr") == {"AAA111": "active", "BBB222": "cancelled", "CCC333": "active"}
    assert current(rows) == {
        ("PNRGOV", "MEYER"): ("active", "P1"),
        ("PNRGOV", "KOCH"): ("removed", "P1"),
        ("PNRGOV", "LANG"): ("cancelled", "P1"),
        ("PNRGOV", "VOGT"): ("active", "P1"),
    }
    # A later FULL push without CCC333 means it no longer holds the flight.
    t2 = received(pnrgov(pnr("AAA111", "MEYER")), "2026-07-01T06:00", "p3")
    rows = derive_flight(events(t72, t24, t2))
    assert current(rows, "pnr") == {"AAA111": "active", "BBB222": "cancelled", "CCC333": "cancelled"}
    assert current(rows)[("PNRGOV", "VOGT")] == ("cancelled", "P1")
    versions = [r for r in events(t72, t24, t2) if r["kind"] == "P"]
    assert sorted((v["record_locator"], v["push_type"], v["hours_before_departure"]) for v in versions) == [
        ("AAA111", "full", 2.0), ("AAA111", "full", 70.0), ("AAA111", "update", 22.0),
        ("BBB222", "full", 70.0), ("BBB222", "update", 22.0), ("CCC333", "full", 70.0),
    ]


def test_api_pnr_links_booking_ref_then_name_dob() -> None:
    api = received(paxlst(
        pax("MEYER", ref="AAA111"),  # booking reference, two passengers in the PNR: surname decides
        pax("KOCH", given="JONAS", dob="1990-05-05", ref=None, doc="K1"),  # no reference: name + DOB
        pax("NOBODY", ref=None, doc="N1"),  # nobody in the PNRs
    ), "2026-07-01T06:00", "a")
    pnrs = received(pnrgov(pnr("AAA111", "MEYER", "LANG"),
                           Pnr(record_locator="BBB222", passengers=(
                               pax("KOCH", given="JONAS MR", dob="1990-05-05", source="PNRGOV", ref="BBB222"),))),
                    "2026-06-30T10:00", "b")
    rows = derive_flight(events(api, pnrs))
    links = {(r["method"], r["record_locator"]) for r in rows if r["kind"] == "link"}
    assert links == {("booking_ref", "AAA111"), ("name_dob", "BBB222")}
    by_key = {r["traveller_key"]: r["surname"] for r in rows if r["kind"] == "traveller"}
    pairs = {(by_key[r["api_traveller_key"]], by_key[r["pnr_traveller_key"]]) for r in rows if r["kind"] == "link"}
    assert pairs == {("MEYER", "MEYER"), ("KOCH", "KOCH")}


def test_documents_follow_the_current_version() -> None:
    base = received(paxlst(pax("MEYER")), "2026-07-01T06:00", "a")
    change = received(paxlst(pax("MEYER", doc="P9"), function="CP"), "2026-07-01T06:30", "b")
    docs = [(r["doc_seq"], r["number"]) for r in derive_flight(events(base, change)) if r["kind"] == "document"]
    assert docs == [(0, "P9")]


def test_row_json_equals_the_asdict_encoding_it_replaced(public_messages: Any) -> None:
    """``_to_json`` (json's C encoder asking only for each dataclass) gives the very text
    ``json.dumps(asdict(...), default=str)`` gave: content_json and documents_json did not change."""
    import json
    from dataclasses import asdict

    from jobs.transforms import _to_json
    from parsers.api import parse_bytes

    pnrs = travellers = 0
    for path in sorted(public_messages.glob("pnrgov_*.edi")):
        for ic in parse_bytes(path.read_bytes()):
            for message in ic.messages:
                for p in getattr(message, "pnrs", ()):
                    assert _to_json(p) == json.dumps(asdict(p), separators=(",", ":"), default=str)
                    pnrs += 1
                    for t in p.passengers:
                        expected = json.dumps([asdict(d) for d in t.documents], separators=(",", ":"))
                        assert _to_json(t.documents) == expected
                        travellers += 1
    assert pnrs > 100 and travellers > 100
