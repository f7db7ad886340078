"""The PNRGOV mapper on small hand-written messages (local segment splitter, no syntax layer)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.edifact.segment import Segment
from parsers.model import PnrgovMessage
from parsers.pnrgov.mapping import map_pnrgov
from tests.parsers.test_pnrgov_segments import segments

HEAD = "UNH+1+PNRGOV:13:1:IA+X'MSG+:22'ORG+XX:LON'TVL+020324:0900:020324:1130+LHR+ARN+XX+100'EQN+1'"
TAIL = "UNT+99+1'"


def run(body: str, *, head: str = HEAD, date: dt.date | None = dt.date(2024, 3, 1)) -> PnrgovMessage:
    return map_pnrgov(segments(head + body + TAIL), message_date=date)


def codes(message: PnrgovMessage) -> set[str]:
    return {i.code for i in message.issues}


def test_passenger_without_docs_is_kept_with_tif_name() -> None:
    message = run("SRC'RCI+XX:AAA111'TIF+GARCÍA+JOSÉMR:A:1'TIF+Ø+ÅSAMS:A:2'")
    names = [(t.surname, t.given_names, t.traveller_ref) for t in message.pnrs[0].passengers]
    assert names == [("GARCÍA", "JOSÉ", "1"), ("Ø", "ÅSA", "2")]  # never ASCII-folded
    assert all(t.booking_ref == "AAA111" and t.documents == () for t in message.pnrs[0].passengers)


def test_docs_name_and_titles_replace_tif_name() -> None:
    message = run(
        "SRC'RCI+XX:AAA111'TIF+SMITH+JOHNMR:A:1'"
        "SSR+DOCS:HK:1:XX:::::/P/GBR/123/GBR/12JUL64/M/23AUG29/SMITH/JOHNATHANMR/PAUL+::1'"
    )
    (pax,) = message.pnrs[0].passengers
    assert (pax.surname, pax.given_names, pax.gender, pax.date_of_birth) == (
        "SMITH",
        "JOHNATHAN PAUL",
        "M",
        "1964-07-12",
    )
    assert ("tif_name", "SMITH/JOHNMR") in pax.extra


def test_message_date_missing_falls_back_to_pushed_flight_date() -> None:
    message = run(
        "SRC'RCI+XX:AAA111'TIF+A+B:A:1'SSR+DOCS:HK:1:XX:::::/P/GBR/1/GBR/01JAN24/F/01JAN34/A/B'", date=None
    )
    assert message.pnrs[0].passengers[0].date_of_birth == "2024-01-01"


def test_cancellation_needs_empty_org() -> None:
    message = run(
        "SRC'RCI+XX:CXL001'ORG'SRC'RCI+XX:LIVE01'ORG+XX:LON'TIF+A+B:A:1'", head=HEAD.replace(":22", ":141")
    )
    assert message.push_type == "141"
    assert [(p.record_locator, p.cancelled, len(p.passengers)) for p in message.pnrs] == [
        ("CXL001", True, 0),
        ("LIVE01", False, 1),
    ]
    assert message.pnrs[1].booking_office == "XX:LON"


def test_group_name_is_not_a_passenger() -> None:
    message = run("SRC'RCI+XX:GRP001'TIF+ACME TEAM PARTY:G'TIF+ALLEN+SETH:A:1'")
    assert [t.surname for t in message.pnrs[0].passengers] == ["ALLEN"]
    assert ("group_name", "ACME TEAM PARTY") in message.pnrs[0].extra


def test_history_tif_and_tvl_are_not_passengers_or_legs() -> None:
    message = run(
        "SRC'RCI+XX:H1'TIF+A+B:A:1'TVL+020324:0900+LHR+ARN+XX+100'ABI+1+:LHRRR'SAC+++X'TIF+OLD+NAME:A:1'TVL+010324:0900+LHR+ARN+XX+100'"
    )
    pnr = message.pnrs[0]
    assert [t.surname for t in pnr.passengers] == ["A"] and len(pnr.itinerary) == 1
    assert not codes(message) & {"PNR005", "PNR006"}


def test_checkin_seat_and_bags_on_pushed_leg_only() -> None:
    message = run(
        "SRC'RCI+XX:BAG001'TIF+A+B:A:1'"
        "TVL+010324:0700:010324:0800+OSL+LHR+XX+99'DAT+2:010324:0600'TRI++1:::1'TIF+A+B:A:1'SSD+02A++++Y'"
        "TBD++2:40:700+++XX:0001::LHR:2'"
        "TVL+020324:0900:020324:1130+LHR+ARN+XX+100'DAT+2:020324:0800'TRI++1:::1'TIF+A+B:A:1'SSD+014C++++Y'"
        "TBD++01:37:701+++XX:0683::ARN:006'"
    )
    (pax,) = message.pnrs[0].passengers
    assert (pax.seat, pax.bag_count, pax.bag_weight_kg, pax.bag_tags) == ("14C", 1, 16.8, ("XX0683",))


def test_checkin_traveller_unknown_is_reported() -> None:
    message = run(
        "SRC'RCI+XX:C1'TIF+A+B:A:1'TVL+020324:0900+LHR+ARN+XX+100'TRI++1:::1'TIF+NOBODY+ELSE:A:9'SSD+1A'"
    )
    assert "PNR030" in codes(message)
    assert message.pnrs[0].passengers[0].seat is None


def test_docs_attached_by_name_when_reference_unknown() -> None:
    message = run(
        "SRC'RCI+XX:R1'TIF+ONE+ANN:A:1'TIF+TWO+BEN:A:2'TVL+020324:0900+LHR+ARN+XX+100'"
        "SSR+DOCS:HK:1:XX:::::/P/GBR/222/GBR/01JAN80/M/01JAN30/TWO/BEN+::7'"
        "SSR+DOCS:HK:1:XX:::::/P/GBR/999/GBR/01JAN80/M/01JAN30/NOBODY/HERE'"
    )
    one, two = message.pnrs[0].passengers
    assert (one.document, two.document and two.document.number) == (None, "222")
    assert {"PNR024", "PNR022"} <= codes(message)


def test_docs_under_adult_reference_for_another_named_passenger_goes_to_that_passenger() -> None:
    message = run(
        "SRC'RCI+XX:R2'TIF+DOE+JANE:A:1'TIF+DOE+JIM:A:2'"
        "SSR+DOCS:HK:1:XX:::::/P/USA/JIM1/USA/01JAN10/M/01JAN30/DOE/JIM+::1'"
    )
    jane, jim = message.pnrs[0].passengers
    assert jane.document is None and jim.document is not None and jim.document.number == "JIM1"


def test_contacts_payments_tickets() -> None:
    message = run(
        "SRC'RCI+XX:K1'ADD++702:1 HIGH STREET:LONDON::::E1 1AA:004420000000'"
        "IFT+4:28::XX+CTCE JOHN..DOE//EXAMPLE.COM'IFT+4:28+XX CTCM 447000000000'IFT+4:28+FREE TEXT'"
        "TIF+A+B:A:1'TKT+0012345678901:T:1'MON+B:100.00:GBP+T:120.00:GBP'FOP+CC:::VI:XXXX1111:0125'"
        "SSR+CTCE:HK:1:XX:::::JANE//EXAMPLE.ORG'"
    )
    pnr = message.pnrs[0]
    assert pnr.contacts == (
        "address:1 HIGH STREET, LONDON, E1 1AA",
        "phone:004420000000",
        "email:JOHN_DOE@EXAMPLE.COM",
        "phone:447000000000",
        "email:JANE@EXAMPLE.ORG",
    )
    assert pnr.payments == ("CC:VI:XXXX1111:0125",)
    assert pnr.tickets == ("0012345678901",)
    assert ("amount_T", "120.00 GBP") in pnr.passengers[0].extra
    assert ("osi", "FREE TEXT") in pnr.extra


def test_split_pnr_and_non_air_groups() -> None:
    message = run(
        "SRC'RCI+XX:S1'TIF+A+B:A:1'EQN+1'RCI+XX:S2'MSG+8'TVL+020324:1500:050324+ARN:HOTEL++VN+1:ROH'"
    )
    pnr = message.pnrs[0]
    assert ("split_record", "S2") in pnr.extra and pnr.itinerary == ()
    assert not codes(message) & {"PNR005", "PNR006"}


def test_creation_and_dates() -> None:
    message = run("SRC'RCI+1A:2LS6KP::200224:0439+KE:EDP2RW'DAT+700:270224:0718'TIF+A+B:A:1'")
    pnr = message.pnrs[0]
    assert (pnr.record_locator, pnr.created, pnr.last_modified) == (
        "2LS6KP",
        "2024-02-20T04:39",
        "2024-02-27T07:18",
    )
    assert ("record_locator", "KE:EDP2RW") in pnr.extra
    assert message.flight is not None and message.flight.departure_local == "2024-03-02T09:00"
    assert message.flight.arrival_local == "2024-03-02T11:30"


def test_issue_positions_and_message_ref() -> None:
    message = run("SRC'RCI+XX:P1'\nFOO+1'")
    (found,) = [i for i in message.issues if i.code == "PNR005"]
    assert (found.tag, found.segment_index, found.line, found.column, found.message_ref) == (
        "FOO",
        7,
        2,
        1,
        "1",
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("SRC'TIF+A+B:A:1'", "PNR004"),
        ("TIF+A+B:A:1'SRC'RCI+XX:Z'", "PNR006"),
        ("SRC'RCI+XX:Z'TIF+:A:1'", "PNR007"),
        ("SRC'RCI+XX:Z'DAT+700:320124:1000'", "PNR010"),
        ("SRC'RCI+XX:Z'DAT+2:'", "PNR013"),
        ("SRC'RCI+XX:Z'TIF+A+B:A:1'SSR+DOCS:HK:1:XX'", "PNR020"),
        ("SRC'RCI+XX:Z'TIF+A+B:A:1'SSR+DOCO:HK:1:XX:::::/X'", "PNR025"),
        (
            "SRC'RCI+XX:Z'TIF+A+B:A:1'SSR+DOCS:HK:1:XX:::::/P/GBR/1/GBR/01JAN80/F/01JAN30/SMITHJ\nR/ANN'",
            "PNR026",
        ),
        ("SRC'RCI+XX:Z'TVL+020324:0900+LHR+ARN+XX+100'RPI+1+HKTIF+A+B:A:1'", "PNR027"),
    ],
)
def test_single_defects_are_reported(body: str, code: str) -> None:
    assert code in codes(run(body))


def test_no_header_tvl_and_no_msg() -> None:
    message = run("SRC'RCI+XX:Z'", head="UNH+1+PNRGOV:13:1:IA+X'")
    assert {"PNR001", "PNR002"} <= codes(message) and message.flight is None


def test_eqn_only_checked_on_single_part_messages() -> None:
    assert "PNR003" in codes(run("SRC'RCI+XX:Z'", head=HEAD.replace("EQN+1", "EQN+5")))
    multi = HEAD.replace("UNH+1+PNRGOV:13:1:IA+X", "UNH+1+PNRGOV:13:1:IA+X+01:C").replace("EQN+1", "EQN+5")
    message = run("SRC'RCI+XX:Z'", head=multi)
    assert "PNR003" not in codes(message) and message.part.final is False and message.part.sequence == 1


TAGS = ["SRC", "RCI", "TIF", "SSR", "TVL", "TRA", "DAT", "TRI", "SSD", "TBD", "ABI", "SAC", "IFT", "ADD", "EQN",
        "MSG", "ORG", "TKT", "MON", "FOP", "LTS", "RPI", "APD", "FTI", "REF", "FAR", "PTK", "TXD", "EBD", "XYZ"]  # fmt: skip
VALUES = st.sampled_from(["", "1", "DOCS", "HK", "XX", "LHR", "020324", "0900", "/P/GBR/1/GBR/01JAN80/F/01JAN30/A/B",
                          "INFT", "SEAT", "15A", "1.1", "IN", "A", "G", "99999999", "CTCE A//B", "ÅSA", "\n"])  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TAGS),
            st.lists(st.lists(VALUES, max_size=10).map(tuple), max_size=4).map(tuple),
        ),
        max_size=40,
    )
)
def test_no_segment_sequence_crashes_and_unknown_tags_are_reported(
    raw: list[tuple[str, tuple[tuple[str, ...], ...]]],
) -> None:
    segs = [Segment("UNH", (("1",), ("PNRGOV", "13", "1", "IA")), 0, 1, 1, "UNH")]
    segs += [Segment(tag, elements, i + 1, i + 2, 1, tag) for i, (tag, elements) in enumerate(raw)]
    message = map_pnrgov(segs, message_date=dt.date(2024, 3, 1))
    unknown = {s.index for s in segs if s.tag == "XYZ"}
    assert unknown <= {i.segment_index for i in message.issues if i.code == "PNR005"}
    assert sum(len(p.passengers) for p in message.pnrs) <= sum(1 for s in segs if s.tag in ("TIF", "SSR"))


def test_docs_name_association_attaches_and_checkin_is_recorded() -> None:
    message = run(
        "SRC'RCI+XX:NA1'TIF+DOE+JANE:A:1'TIF+ROE+RICHARD:A:2'"
        "SSR+DOCS:HK:1:XX:::::/P/GBR/777/GBR/01JAN80/F/01JAN30/DOE-SMITH/JANE ANN/-1ROE/RICHARD'"
        "TVL+020324:0900:020324:1130+LHR+ARN+XX+100'DAT+2:020324:0700'TRI++108:::1'TIF+DOE+JANE:A:1'SSD+3A'"
    )
    jane, richard = message.pnrs[0].passengers
    assert richard.document is not None and richard.document.number == "777" and jane.document is None
    assert ("checked_in", "108") in jane.extra and not any(k == "checked_in" for k, _ in richard.extra)


def test_lineage_segment_ranges() -> None:
    message = run("SRC'RCI+XX:L1'TIF+A+B:A:1'FTI+XX:1'SRC'RCI+XX:L2'")
    first, second = message.pnrs
    assert [(p.segment_start, p.segment_end) for p in message.pnrs] == [(5, 8), (9, 10)]
    assert (first.passengers[0].segment_start, first.passengers[0].segment_end) == (7, 8)
    assert (message.segment_start, message.segment_end) == (0, 11) and second.passengers == ()


def test_docs_with_too_few_colons_is_still_read() -> None:
    message = run("SRC'RCI+XX:FC1'TIF+SHORT+COLONS:A:1'SSR+DOCS:HK:1:XX:/P/GBR/555/GBR/01JAN80/F/01JAN30/SHORT/COLONS+::1'")
    (pax,) = message.pnrs[0].passengers
    assert pax.document is not None and (pax.document.number, pax.date_of_birth) == ("555", "1980-01-01")
