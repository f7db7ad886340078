"""PAXLST mapping and rules on hand-written messages (table-driven)."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest

from parsers.model import PaxlstMessage, Severity
from parsers.paxlst.mapping import map_paxlst, split_flight
from parsers.paxlst.rules import ISSUE_CODES
from tests.parsers._paxlst_support import segments

MSG_DATE = datetime.date(2014, 2, 1)
LEG = "TDT+20+LH400+++LH'LOC+125+FRA'DTM+189:1402011030:201'LOC+87+JFK'DTM+232:1402011330:201'"
PAX = (
    "NAD+FL+++DOE:JOHN:WAYNE'ATT+2++M'DTM+329:680223'NAT+2+USA'"
    "DOC+P:110:111+X1234567'DTM+36:240101'LOC+91+USA'"
)


def build(
    travellers: str = PAX,
    *,
    bgm: str = "BGM+745'",
    legs: str = LEG,
    cnt: str | None = "CNT+42:1'",
    unh: str = "UNH+1+PAXLST:D:05B:UN:IATA'",
    header: str = "NAD+MS+++SENDER'",
    date: datetime.date | None = MSG_DATE,
) -> PaxlstMessage:
    text = f"{unh}{bgm}{header}{legs}{travellers}{cnt or ''}UNT+99+1'"
    return map_paxlst(segments(text), message_date=date)


def codes(msg: PaxlstMessage) -> Counter[str]:
    return Counter(i.code for i in msg.issues)


def test_clean_message_maps_everything_without_issues() -> None:
    msg = build()
    assert msg.issues == ()
    (trav,) = msg.travellers
    assert (trav.surname, trav.given_names, trav.date_of_birth, trav.gender) == (
        "DOE",
        "JOHN WAYNE",
        "1968-02-23",
        "M",
    )
    assert trav.nationality == "USA"
    assert trav.documents[0].doc_type == "P" and trav.documents[0].expiry == "2024-01-01"
    assert msg.crossing_leg is not None and msg.crossing_leg.flight == "LH400"
    assert msg.crossing_leg.departure_local == "2014-02-01T10:30"
    assert msg.version == "D05B" and msg.document_type == "745" and msg.reported_total == 1
    assert trav.segment_start == 8 and trav.segment_end == 14


@pytest.mark.parametrize(
    ("qualifier", "role", "bgm", "cnt"),
    [
        ("FL", "passenger", "BGM+745'", "CNT+42:1'"),
        ("FM", "crew", "BGM+250+C'", "CNT+41:1'"),
        ("DDU", "transit_passenger", "BGM+745'", "CNT+42:1'"),
        ("DDT", "transit_crew", "BGM+250'", "CNT+41:1'"),
    ],
)
def test_roles(qualifier: str, role: str, bgm: str, cnt: str) -> None:
    msg = build(PAX.replace("NAD+FL", f"NAD+{qualifier}"), bgm=bgm, cnt=cnt)
    assert msg.travellers[0].role == role
    assert codes(msg) == Counter()


@pytest.mark.parametrize(
    ("nad", "surname", "given"),
    [
        ("NAD+FL+++DOE:JOHN:WAYNE'", "DOE", "JOHN WAYNE"),
        ("NAD+FL+++DOE:JOHN:'", "DOE", "JOHN"),
        ("NAD+FL+++DOE:JOHN  PAUL:  WAYNE '", "DOE", "JOHN PAUL WAYNE"),
        ("NAD+FL+++O?'BRIEN:ANN'", "O'BRIEN", "ANN"),
        ("NAD+FL+++DOE:A:B:C:D:1'", "DOE", "A B C D"),  # C080 component 6 is the format code
    ],
)
def test_names(nad: str, surname: str, given: str) -> None:
    trav = build(PAX.replace("NAD+FL+++DOE:JOHN:WAYNE'", nad)).travellers[0]
    assert (trav.surname, trav.given_names) == (surname, given)


@pytest.mark.parametrize(
    ("att", "gender", "issue"),
    [("ATT+2++M'", "M", None), ("ATT+2++F'", "F", None), ("ATT+2++U'", "U", None), ("ATT+2++X'", "X", None),
     ("ATT+2++Q'", None, "PAX024"), ("", None, "PAX023"), ("ATT+2++M*M*M'", "M", None)],
)  # fmt: skip
def test_gender(att: str, gender: str | None, issue: str | None) -> None:
    msg = build(PAX.replace("ATT+2++M'", att))
    assert msg.travellers[0].gender == gender
    assert set(codes(msg)) == ({issue} if issue else set())


@pytest.mark.parametrize(
    ("dtm", "message_date", "expected"),
    [
        ("DTM+329:680223'", MSG_DATE, "1968-02-23"),
        ("DTM+329:100101'", MSG_DATE, "2010-01-01"),
        ("DTM+329:140201'", MSG_DATE, "2014-02-01"),  # born on the message date
        ("DTM+329:140202'", MSG_DATE, "1914-02-02"),  # one day later would be in the future
        ("DTM+329:19350919:102'", MSG_DATE, "1935-09-19"),
        ("DTM+329:050505'", None, "2005-05-05"),  # no message date: the departure date (2014) anchors
    ],
)
def test_two_digit_birth_years(dtm: str, message_date: datetime.date | None, expected: str) -> None:
    msg = build(PAX.replace("DTM+329:680223'", dtm), date=message_date)
    assert msg.travellers[0].date_of_birth == expected


@pytest.mark.parametrize(
    ("dtm", "expiry", "issue"),
    [
        ("DTM+36:610218'", "2061-02-18", None),  # far ahead: still this century
        ("DTM+36:240101'", "2024-01-01", None),
        ("DTM+36:120101'", "2012-01-01", "PAX035"),  # expired two years before the message
        ("DTM+36:991231'", "1999-12-31", "PAX035"),  # beyond 70 years ahead: the past century
        ("DTM+36:'", None, "PAX041"),
        ("DTM+36:241301'", None, "PAX040"),
    ],
)
def test_expiry_dates(dtm: str, expiry: str | None, issue: str | None) -> None:
    msg = build(PAX.replace("DTM+36:240101'", dtm))
    assert msg.travellers[0].documents[0].expiry == expiry
    found = set(codes(msg)) - {"PAX034"}
    assert found == ({issue} if issue else set())


def test_expired_without_message_date_uses_the_departure_date() -> None:
    msg = build(PAX.replace("DTM+36:240101'", "DTM+36:140131'"), date=None)
    assert msg.travellers[0].documents[0].expiry == "2014-01-31"
    assert set(codes(msg)) == {"PAX035"}


@pytest.mark.parametrize(
    ("dtm", "dob", "issues"),
    [
        ("DTM+329'", None, {"PAX041", "PAX022"}),
        ("DTM+329:'", None, {"PAX041", "PAX022"}),
        ("DTM+329: 680223'", "1968-02-23", {"PAX042"}),
        ("DTM+329:681323'", None, {"PAX040"}),
        ("DTM+329:6802'", None, {"PAX040"}),
        ("DTM+329:19680230:102'", None, {"PAX040"}),
        ("DTM+329:20200101:102'", "2020-01-01", {"PAX029"}),  # four-digit year after the message date
        ("", None, {"PAX022"}),
    ],
)
def test_bad_birth_dates(dtm: str, dob: str | None, issues: set[str]) -> None:
    msg = build(PAX.replace("DTM+329:680223'", dtm))
    assert msg.travellers[0].date_of_birth == dob
    assert set(codes(msg)) == issues


def test_several_documents_with_issue_and_expiry_dates() -> None:
    trav = build(
        PAX
        + "DOC+V:110:111+V998877'DTM+182:130615'DTM+36:150615'LOC+91+GBR'"
        + "DOC+I:110:111+ID42'DTM+36:200101'LOC+91+CAN'"
    ).travellers[0]
    assert [(d.doc_type, d.number, d.issuing_country, d.expiry, d.issue_date) for d in trav.documents] == [
        ("P", "X1234567", "USA", "2024-01-01", None),
        ("V", "V998877", "GBR", "2015-06-15", "2013-06-15"),
        ("I", "ID42", "CAN", "2020-01-01", None),
    ]
    assert trav.document is trav.documents[0]


def test_traveller_details_bags_locations_references() -> None:
    trav = build(
        "NAD+DDU+++ROE:JANE'ATT+2++F'DTM+329:900101'MEA+CT++2'MEA+WT++LBR:44'FTX+BAG+++LH123456:3'"
        "FTX+BAG+++LH999'LOC+22+JFK'LOC+178+CDG'LOC+179+JFK'LOC+174+FRA'LOC+180+:::LYON FRANCE'"
        "COM+555-1212:TE'EMP+1+CR1'NAT+2+FRA'RFF+AVF:ABC123'RFF+SEA:12A'RFF+ABO:77'RFF+YZY:2201234567890C1'"
        "DOC+P:110:111+FR1'DTM+36:200101'LOC+91+FRA'"
    ).travellers[0]
    assert trav.role == "transit_passenger"
    assert (trav.bag_count, trav.bag_weight_kg) == (2, 20.0)
    assert trav.bag_tags == ("LH123456", "LH123457", "LH123458", "LH999")
    assert (trav.embarkation, trav.debarkation, trav.residence_country, trav.place_of_birth) == (
        "CDG",
        "JFK",
        "FRA",
        "LYON FRANCE",
    )
    assert (trav.booking_ref, trav.seat) == ("ABC123", "12A")
    assert ("clearance_airport", "JFK") in trav.extra
    assert ("passenger_ref", "77") in trav.extra and ("ticket", "2201234567890C1") in trav.extra
    assert ("contact", "TE 555-1212") in trav.extra and ("EMP", "1+CR1") in trav.extra


@pytest.mark.parametrize(
    ("segment", "issue"),
    [
        ("MEA+CT++TWO'", "PAX050"),
        ("MEA+WT++OZ:12'", "PAX050"),
        ("MEA+WT++KGM:heavy'", "PAX050"),
        ("FTX+BAG+++NULL'", "PAX051"),
        ("FTX+BAG+++ABC:2'", "PAX051"),
        ("RFF+XYZ:1'", "PAX055"),
        ("LOC+999+ABC'", "PAX056"),
        ("NAT+2+US'", "PAX026"),
        ("NAT+2+ABC'", "PAX026"),
        ("LOC+174+DE'", "PAX026"),
        ("DTM+189:1402011030:201'", "PAX043"),
    ],
)
def test_bad_code_values_are_reported(segment: str, issue: str) -> None:
    msg = build(PAX.replace("NAT+2+USA'", "NAT+2+USA'" + segment))
    assert issue in codes(msg)
    bad = next(i for i in msg.issues if i.code == issue)
    assert bad.severity is ISSUE_CODES[issue][0]
    assert bad.tag == segment[:3] and bad.segment_index is not None and bad.line and bad.column


@pytest.mark.parametrize(
    ("travellers", "expected"),
    [
        (PAX.replace("NAD+FL+++DOE:JOHN:WAYNE'", "NAD+FL'"), {"PAX020", "PAX021"}),
        (PAX.replace("NAT+2+USA'", ""), {"PAX025"}),
        (PAX.replace("DOC+P:110:111+X1234567'", "DOC+P:110:111'"), {"PAX031"}),
        (PAX.replace("DOC+P:110:111+X1234567'", "DOC++X1234567'"), {"PAX032"}),
        (PAX.replace("DOC+P:110:111+X1234567'", "DOC+K+X1234567'"), {"PAX033"}),
        (PAX.replace("DOC+P:110:111+X1234567'", "DOC+P:999+X1234567'"), {"PAX037"}),
        (PAX.replace("DTM+36:240101'", ""), {"PAX034"}),
        (PAX.replace("LOC+91+USA'", "LOC+91+'"), {"PAX036"}),
        (PAX.replace("DOC+P:110:111+X1234567'DTM+36:240101'LOC+91+USA'", ""), {"PAX030"}),
        (PAX.replace("NAD+FL", "NAD+ZZ"), {"PAX027"}),
        (PAX.replace("DOE:JOHN:WAYNE", "Doe:John"), {"PAX028"}),
    ],
)
def test_missing_mandatory_data(travellers: str, expected: set[str]) -> None:
    assert set(codes(build(travellers))) == expected


def test_missing_mandatory_data_severity() -> None:
    msg = build(PAX.replace("NAD+FL+++DOE:JOHN:WAYNE'", "NAD+FL'").replace("DTM+329:680223'", ""))
    severities = {i.code: i.severity for i in msg.issues}
    assert severities["PAX020"] is Severity.ERROR and severities["PAX022"] is Severity.ERROR
    assert all(i.segment_index == 8 and i.tag == "NAD" for i in msg.issues if i.code in ("PAX020", "PAX022"))


def test_shared_document_number_reported_once() -> None:
    msg = build(PAX + PAX.replace("DOE:JOHN", "ROE:JANE"), cnt="CNT+42:2'")
    assert codes(msg)["PAX038"] == 1


@pytest.mark.parametrize(
    ("bgm", "document_type", "function", "issues"),
    [
        ("BGM+745'", "745", None, set()),
        ("BGM+745+CP'", "745", "CP", set()),
        ("BGM+745+XR'", "745", "XR", set()),
        ("BGM+745+RP'", "745", "RP", set()),
        ("BGM+266+CLOB'", "266", "CLOB", set()),
        ("BGM+266+XF'", "266", "XF", set()),
        ("BGM+336+G'", "336", "G", {"PAX062"}),
        ("BGM+745+ZZ'", "745", "ZZ", {"PAX003"}),
        ("BGM+745+C'", "745", "C", {"PAX003"}),  # C is a crew-list code (GTAS BGM.java)
        ("BGM+999'", "999", None, {"PAX002"}),
    ],
)
def test_bgm_document_type_and_function(
    bgm: str, document_type: str, function: str | None, issues: set[str]
) -> None:
    msg = build(bgm=bgm)
    assert (msg.document_type, msg.function) == (document_type, function)
    assert set(codes(msg)) == issues


def test_flight_close_without_travellers() -> None:
    msg = build("NAD+ZZZ+++DUMMY'", bgm="BGM+266+CLOB'", cnt="CNT+42:0'")
    assert msg.travellers == () and msg.function == "CLOB"
    assert codes(msg) == Counter()


def test_no_bgm() -> None:
    assert "PAX001" in codes(build(bgm=""))


@pytest.mark.parametrize(
    ("cnt", "issues", "total"),
    [
        ("CNT+42:1'", set(), 1),
        ("CNT+42:2'", {"PAX060"}, 2),
        ("CNT+41:1'", {"PAX062", "PAX060"}, 1),  # crew total in a passenger list: 0 crew found
        ("CNT+42+1'", {"PAX061"}, 1),
        ("CNT+42:X'", {"PAX061"}, None),
        (None, {"PAX063"}, None),
    ],
)
def test_control_totals(cnt: str | None, issues: set[str], total: int | None) -> None:
    msg = build(cnt=cnt)
    assert set(codes(msg)) == issues
    assert msg.reported_total == total


def test_control_total_counts_transit_with_its_group() -> None:
    two = PAX + PAX.replace("NAD+FL+++DOE", "NAD+DDU+++ROE").replace("X1234567", "Y1")
    assert codes(build(two, cnt="CNT+42:2'")) == Counter()


def test_parts_leave_the_flight_total_to_assembly() -> None:
    msg = build(unh="UNH+1+PAXLST:D:05B:UN:IATA+REF1+02'", cnt="CNT+42:50'")
    assert (msg.part.common_access_ref, msg.part.sequence, msg.part.final) == ("REF1", 2, False)
    assert "PAX060" not in codes(msg)


@pytest.mark.parametrize(
    ("unh", "sequence", "final"),
    [
        ("UNH+1+PAXLST:D:02B:UN:IATA'", None, True),
        ("UNH+1+PAXLST:D:02B:UN:IATA+X+01:C'", 1, False),
        ("UNH+1+PAXLST:D:02B:UN:IATA+X+03'", 3, False),
        ("UNH+1+PAXLST:D:02B:UN:IATA+X+04:F'", 4, True),
        ("UNH+1+PAXLST:D:02B:UN:IATA+X+01:F'", 1, True),
    ],
)
def test_unh_part(unh: str, sequence: int | None, final: bool) -> None:
    msg = build(unh=unh)
    assert (msg.part.sequence, msg.part.final, msg.version) == (sequence, final, "D02B")


def test_an_absurd_bag_tag_count_keeps_the_tag_unexpanded() -> None:
    """FTX+BAG tag:count expands to consecutive tags; a count of a billion is a broken value, not luggage."""
    msg = build(PAX.replace("NAT+2+USA'", "NAT+2+USA'FTX+BAG+++LH123456:999999999'"))
    assert msg.travellers[0].bag_tags == ("LH123456",)
    assert codes(msg)["PAX051"] == 1


@pytest.mark.parametrize("number", ["2107130631", "100", "00"])
def test_unh_part_number_outside_1_to_99_is_a_single_message(number: str) -> None:
    """A broken header (found by the mutation test) is not part 2,107,130,631 of a set: the
    assembly would list two billion missing parts."""
    msg = build(unh=f"UNH+1+PAXLST:D:02B:UN:IATA+X+{number}'")
    assert (msg.part.sequence, msg.part.final) == (None, True)
    assert codes(msg)["PAX004"] == 1


def test_progressive_flight_crossing_leg() -> None:
    legs = (
        "TDT+20+QQ877+++QQ'LOC+92+MIA'DTM+189:0807101500:201'LOC+92+IAD'DTM+232:0807101755:201'"
        "TDT+20+QQ827+++QQ'LOC+125+JFK'DTM+189:0808102000:201'LOC+87+CDG'DTM+232:0808110630:201'LOC+130+LHR'"
    )
    msg = build(legs=legs, date=datetime.date(2008, 7, 8))
    assert [(leg.flight, leg.departure_airport, leg.arrival_airport) for leg in msg.legs] == [
        ("QQ877", "MIA", "IAD"),
        ("QQ827", "JFK", "CDG"),
    ]
    assert msg.crossing_leg == msg.legs[1]
    assert msg.legs[0].arrival_local == "2008-07-10T17:55"
    assert ("final_destination", "LHR") in msg.extra
    assert codes(msg) == Counter()


def test_in_country_legs_only_have_no_crossing_leg() -> None:
    legs = "TDT+20+AA1'LOC+92+ATL'DTM+189:0702191540:201'LOC+92+ORD'DTM+232:0702191740:201'"
    msg = build(legs=legs)
    assert msg.crossing_leg is None and set(codes(msg)) == {"PAX014"}


@pytest.mark.parametrize(
    ("legs", "issues"),
    [
        ("TDT+20'LOC+125+FRA'DTM+189:1402011030:201'LOC+87+JFK'DTM+232:1402011330:201'", {"PAX011"}),
        ("TDT+20+LH400'LOC+125+FRA'DTM+189:1402011030:201'DTM+232:1402011330:201'", {"PAX012"}),
        ("TDT+20+LH400'LOC+125+FRA'LOC+87+JFK'DTM+232:1402011330:201'", {"PAX013"}),
        (
            "TDT+20+LH400'LOC+125+FRA'DTM+189:1402311030:201'LOC+87+JFK'DTM+232:1402011330:201'",
            {"PAX040", "PAX013"},
        ),
        (LEG + "LOC+5+XXX'", {"PAX015"}),
        ("", {"PAX010"}),
    ],
)
def test_flight_leg_problems(legs: str, issues: set[str]) -> None:
    assert set(codes(build(legs=legs))) == issues


@pytest.mark.parametrize(
    ("reference", "carrier", "expected"),
    [
        ("QQ877", "QQ", ("QQ", "877")),
        ("UA0989", "UA", ("UA", "0989")),
        ("OK688", None, ("OK", "688")),
        ("A92707", None, ("A9", "2707")),
        ("DLH400", None, ("DLH", "400")),
        ("LH400A", None, ("LH", "400A")),
        ("QQ827", "XY", ("XY", "827")),  # C040 wins over the flight prefix (GTAS #813)
        ("1234", "LH", ("LH", "1234")),
        (None, "LH", ("LH", None)),
    ],
)
def test_split_flight(
    reference: str | None, carrier: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert split_flight(reference, carrier) == expected


def test_sender_and_header_references() -> None:
    msg = build(
        header="RFF+TN:BART34567890:::2'NAD+MS+++DOTTIE:MOODY'COM+703-555-1212:TE+703-555-4545:FX+A@B.C:EM'",
    )
    assert msg.sender_name == "DOTTIE MOODY"
    assert msg.sender_contact == "TE 703-555-1212, FX 703-555-4545, EM A@B.C"
    assert msg.transaction_ref == "BART34567890" and ("transaction_revision", "2") in msg.extra


@pytest.mark.parametrize(
    ("where", "segment"),
    [
        ("travellers", "XYZ+1'"),  # unknown tag
        ("travellers", "TDT+20+LH401'"),  # a leg among travellers
        ("travellers", "BGM+745'"),  # a second BGM
        ("travellers", "NAD+MS+++LATE'"),  # sender after the legs
        ("legs", "ATT+2++M'"),  # traveller data before any NAD
        ("legs", "RFF+AVF:X'"),
        ("after", "NAD+FL+++LATE'"),  # traveller after CNT
    ],
)
def test_every_segment_is_mapped_or_reported(where: str, segment: str) -> None:
    if where == "travellers":
        msg = build(PAX + segment)
    elif where == "legs":
        msg = build(legs=LEG + segment)
    else:
        text = f"UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'{LEG}{PAX}CNT+42:1'{segment}UNT+9+1'"
        msg = map_paxlst(segments(text), message_date=MSG_DATE)
    (issue,) = [i for i in msg.issues if i.code == "PAX070"]
    assert issue.tag == segment[:3] and issue.excerpt == segment[:-1]
    assert len(msg.travellers) == 1


def test_issue_positions_come_from_the_segment() -> None:
    text = (
        "UNH+1+PAXLST:D:05B:UN:IATA'\nBGM+745'\n"
        + LEG
        + "\n"
        + PAX.replace("NAT+2+USA'", "NAT+2+US'")
        + "\nCNT+42:1'"
    )
    msg = map_paxlst(segments(text), message_date=MSG_DATE)
    (issue,) = msg.issues
    assert (issue.code, issue.tag, issue.line, issue.message_ref) == ("PAX026", "NAT", 4, "1")
    assert issue.column == text.split("\n")[3].index("NAT+2+US'") + 1


def test_ace_d03b_profile() -> None:
    text = (
        "UNH+PAXLST16+PAXLST:D:03B:UN'BGM+10+LOCKKH04103101+4'TDT+11++++LOCK:172'DTM+132:20041230:102'"
        "NAD+VW+0000041153:109++AOMAD:CHRIS::::1+11107 SUNSET HILL?'S ROAD+RESTON+VA:163:5+20190'"
        "ATT+2++M'DTM+329:19350919:102'NAT+2+USA'DOC+5K+P100971204141'LOC+91+VA:163'LOC+91+USA:162'UNT+16+PAXLST16'"
    )
    msg = map_paxlst(segments(text), message_date=datetime.date(2004, 10, 13))
    (trav,) = msg.travellers
    assert (msg.version, msg.document_type, msg.function) == ("D03B", "10", "4")
    assert (trav.role, trav.surname, trav.given_names, trav.date_of_birth) == (
        "crew",
        "AOMAD",
        "CHRIS",
        "1935-09-19",
    )
    assert trav.documents[0].issuing_country == "USA" and ("issuing_region", "VA") in trav.extra
    assert ("street", "11107 SUNSET HILL'S ROAD") in trav.extra
    assert set(codes(msg)) == {"PAX034"}


def test_issue_catalogue_is_consistent() -> None:
    assert all(code.startswith("PAX") and len(code) == 6 for code in ISSUE_CODES)
    assert all(
        meaning and severity in (Severity.ERROR, Severity.WARNING)
        for severity, meaning in ISSUE_CODES.values()
    )


def test_every_issue_code_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "paxlst.md").read_text()
    missing = [code for code in ISSUE_CODES if f"| {code} |" not in docs]
    assert not missing, f"codes missing from docs/paxlst.md: {missing}"
