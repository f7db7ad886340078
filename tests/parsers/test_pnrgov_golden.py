"""Golden tests over every public PNRGOV sample (skipped when ../shared is absent).

The expected values below were written by reading the files (see MANIFEST.txt beside them), not by
running the parser: PNR and passenger counts for every file, full canonical records for a sample of
passengers, and the issue codes for the defects the MANIFEST describes. Files go through the real
parse path (parsers.api.parse_bytes): syntax layer, envelope, PNRGOV mapper.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parsers.api import parse_bytes
from parsers.model import CANONICAL_KEYS, PnrgovMessage, canonical_record
from tests.conftest import shared_path


def parse_file(path: Path) -> list[PnrgovMessage]:
    """The product's path: parsers.api (syntax layer, envelope, then the PNRGOV mapper)."""
    messages = [m for ic in parse_bytes(path.read_bytes()) for m in ic.messages]
    assert all(isinstance(m, PnrgovMessage) for m in messages)
    return [m for m in messages if isinstance(m, PnrgovMessage)]


def rec(
    surname: str,
    given: str | None,
    dob: str | None,
    gender: str | None,
    nationality: str | None,
    doc: tuple[str | None, str | None, str | None, str | None] | None,
    flight: tuple[str, str, str, str],
    booking: str,
) -> dict[str, Any]:
    dtype, number, country, expiry = doc or (None, None, None, None)
    return {
        "source": "PNRGOV", "role": "passenger", "surname": surname, "given_names": given,
        "date_of_birth": dob, "gender": gender, "nationality": nationality, "document_type": dtype,
        "document_number": number, "document_issuing_country": country, "document_expiry": expiry,
        "flight": flight[0], "departure_airport": flight[1], "arrival_airport": flight[2],
        "departure_date": flight[3], "booking_ref": booking,
    }  # fmt: skip


DL324 = ("DL324", "LHR", "JFK", "2010-12-12")
AM498 = ("AM498", "MTY", "LAS", "2013-05-23")
LH474 = ("LH474", "MUC", "YUL", "2013-05-27")
SQ609 = ("SQ609", "ICN", "SIN", "2013-05-27")
SQ602 = ("SQ602", "SIN", "ICN", "2013-05-27")
TZ6 = ("TZ0006", "SIN", "OOL", "2013-05-28")
UA988_18 = ("UA988", "FRA", "IAD", "2018-09-28")

# file → (PNRs, passengers, codes that must be reported, {(surname, given): canonical subset + extras})
GOLDEN: dict[str, tuple[int, int, set[str], dict[tuple[str, str], dict[str, Any]]]] = {
    "pnrgov_gtas_v10_2pnrs_linebreaks_inside_segments.edi": (2, 4, set(), {
        ("SMITHJR", "JONATHON ROBERT"): {**rec("SMITHJR", "JONATHON ROBERT", "1964-07-12", "M", "GBR",
            ("P", "123456789", "GBR", "2019-08-23"), DL324, "MFN4TI"), "seat": "15A"},
        ("JONES", "WILLIAMNEVELL"): {**rec("JONES", "WILLIAMNEVELL", "1964-07-12", "M", "GBR", None, DL324,
            "MFN4TI"), "seat": "15B"},
        # DOB 12JUL12 in a 2010 message lies in the past only as 1912; the surname was wrapped "COOPE\nR".
        ("COOPER", "GARYWILLIAM"): {**rec("COOPER", "GARYWILLIAM", "1915-07-12", "M", "GBR",
            ("P", "987654321", "GBR", "2013-01-15"), DL324, "23456"), "seat": "15A"},
        ("WAYNE", "JOHNALVA"): {**rec("WAYNE", "JOHNALVA", "1912-07-12", "M", "GBR",
            ("P", "123456789", "GBR", "2015-08-23"), DL324, "23456"), "seat": "17A"},
    }),
    "pnrgov_gtas_v10_single_line_with_una.edi": (1, 2, {"PNR003"}, {
        ("SMITHJR", "JONATHON ROBERT"): rec("SMITHJR", "JONATHON ROBERT", "1964-07-12", "M", "GBR",
            ("P", "123456789", "GBR", "2019-08-23"), DL324, "MFN4TI"),
    }),
    "gtas-extra/pnr1.txt": (1, 2, {"PNR003"}, {
        ("JONES", "WILLIAMNEVELL"): rec("JONES", "WILLIAMNEVELL", "1964-07-12", "M", "GBR", None, DL324, "MFN4TI"),
    }),
    "pnrgov_gtas_v11_adult_infant_split_docs.edi": (1, 2, {"PNR012", "PNR023"}, {
        ("TESTSURNAMEONE", "TESTNAMEONE"): {**rec("TESTSURNAMEONE", "TESTNAMEONE", "1976-05-30", "F", "CO",
            ("P", "52263000", "CO", "2015-10-31"), AM498, "XXXYET"), "is_infant": False},
        ("TESTSURNAMETWO", "TESTNAMETWO"): {**rec("TESTSURNAMETWO", "TESTNAMETWO", "2011-08-10", "F", "COL",
            ("P", "AO234000", "COL", "2022-12-21"), AM498, "XXXYET"), "is_infant": True},
    }),
    "pnrgov_edifabric_v11_infant_tkne_clean.edi": (1, 2, {"PNR012"}, {
        ("TESTSURNAMETWO", "TESTNAMETWO"): {**rec("TESTSURNAMETWO", "TESTNAMETWO", "2011-08-10", "F", "COL",
            ("P", "AO234000", "COL", "2022-12-21"), AM498, "XXXYET"), "is_infant": True},
    }),
    "pnrgov_gtas_v11_cbsa_docs_without_passport.edi": (3, 4, {"PNR012"}, {
        ("JACKS", "JAMES"): rec("JACKS", "JAMES", "1966-04-21", "M", None, None, LH474, "3MZVP2"),
        ("CARRERA", "MARCUS"): rec("CARRERA", "MARCUS", "1980-04-17", "M", "IT",
            ("P", "YA0196755", "IT", "2020-01-11"), LH474, "33O6DK"),
        ("DORON", "NINA"): rec("DORON", "NINA", "1953-02-05", "F", None, None, LH474, "35K2IO"),
        ("LENDROT", "CHARLOTTE"): rec("LENDROT", "CHARLOTTE", "1952-02-14", "F", None, None, LH474, "35K2IO"),
    }),
    # Gr.2 DOCS has alpha-2 KR, the Gr.5 DOCS (reference ::1) alpha-3 KOR and "PA RK/SE JOON": the cleaner
    # DOCS wins and the wrap-broken spelling gives way to TIF's PARK / SEJOON(MR).
    "pnrgov_gtas_v11_codeshare_backslash_release_lts.edi": (2, 2, {"PNR012", "PNR023"}, {
        ("PARK", "SEJOON"): {**rec("PARK", "SEJOON", "1972-09-10", "M", "KOR",
            ("P", "JR3364288", "KOR", "2016-07-05"), SQ609, "2LS6KP"), "seat": "39G", "bag_count": 2},
        ("KIM", "KONG CHUN"): {**rec("KIM", "KONG CHUN", "1957-02-15", "F", "KOR",
            ("P", "M17072944", "KOR", "2019-03-23"), SQ609, "X49V9U"), "seat": "14A", "bag_count": 2},
    }),
    # Same IG example with curly terminators and a dropped terminator before "TIF+KIM": KIM is still found.
    "pnrgov_gtas_ig_example_pg75_curly_terminators.edi": (2, 2, {"PNR027"}, {
        ("KIM", "KONG CHUN"): {**rec("KIM", "KONG CHUN", "1957-02-15", "F", "KOR",
            ("P", "M17072944", "KOR", "2019-03-23"), SQ609, "X49V9U"), "seat": "14A"},
    }),
    "pnrgov_gtas_v11_infant_curly_quote_una_malformed.edi": (1, 2, {"PNR023"}, {
        ("BELT", "ISABELLE RUTH"): {**rec("BELT", "ISABELLE RUTH", "1978-07-01", "F", "GBR",
            ("P", "509229987", "GBR", "2022-11-12"), SQ602, "3PGZOV"), "seat": "11D", "bag_count": 3,
            "is_infant": False},
        ("BELT", "SOPHY OLIVIA"): {**rec("BELT", "SOPHY OLIVIA", "2012-09-20", "F", "GBR",
            ("P", "512731999", "GBR", "2017-10-25"), SQ602, "3PGZOV"), "is_infant": True},
    }),
    "pnrgov_gtas_v11_split_pnr.edi": (2, 3, {"PNR012", "PNR023"}, {
        ("TESTSURNAMEONE", "TESTNAMETWO"): rec("TESTSURNAMEONE", "TESTNAMETWO", None, None, None, None, AM498,
            "ICOXXX"),
        ("TESTSURNAMETHREE", "TESTNAMETHREE"): rec("TESTSURNAMETHREE", "TESTNAMETHREE", "1994-10-14", "M", "CO",
            ("P", "AO589000", "CO", "2023-05-08"), AM498, "BJOXXX"),
    }),
    "pnrgov_gtas_v11_3pnrs_history_abi_sac.edi": (3, 13, set(), {
        ("VANDENBERG", "KEVIN MICHAEL"): rec("VANDENBERG", "KEVIN MICHAEL", "1980-07-04", "M", "USA",
            ("P", "548721687", "USA", "2019-01-12"), TZ6, "W9TEND"),
        ("DYE", "KAYLA"): {**rec("DYE", "KAYLA", "1993-04-07", "F", "USA", ("P", "345678901", "USA", "2018-12-15"),
            TZ6, "D1RGHI"), "seat": "54B"},
        ("DYE", "ARCHER"): {**rec("DYE", "ARCHER", "2012-04-15", "M", "USA", ("P", "654321987", "USA", "2019-12-31"),
            TZ6, "D1RGHI"), "is_infant": True},
        ("TBA", "H"): rec("TBA", "H", None, None, None, None, TZ6, "GBFKSK"),
        ("ALLEN", "SETH"): rec("ALLEN", "SETH", None, None, None, None, TZ6, "GBFKSK"),
    }),
    "pnrgov_gtas_ig_example_pg77.edi": (1, 1, {"PNR027"}, {
        ("VANDENBERG", "KEVIN MICHAEL"): rec("VANDENBERG", "KEVIN MICHAEL", "1980-07-04", "M", "USA",
            ("P", "548721687", "USA", "2019-01-12"), TZ6, "W9TEND"),
    }),
    "pnrgov_gtas_codeshare_tra_tvl.edi": (1, 1, {"PNR010", "PNR027"}, {}),
    "pnrgov_gtas_malformed_on_purpose.edi": (1, 2, set(), {
        ("LENDROT", "CHARLOTTE"): rec("LENDROT", "CHARLOTTE", "1952-02-14", "F", None, None, TZ6, "35K2IO"),
    }),
    "pnrgov_gtas_v13_4pnrs.edi": (1, 4, {"PNR003", "PNR013"}, {
        ("DOOLIN", "PETER SEBASTIAN"): {**rec("DOOLIN", "PETER SEBASTIAN", "1949-09-21", "M", "PAK",
            ("P", "276222776", "GBR", "2017-12-20"), ("UA988", "FRA", "IAD", "2019-08-30"), "52865E"), "seat": "48D"},
        ("WOO", "FEN MULAN"): {**rec("WOO", "FEN MULAN", "1997-09-04", "F", "PAK",
            (None, "270398251", "ERI", "2017-11-18"), ("UA988", "FRA", "IAD", "2019-08-30"), "52865E"), "seat": "73E"},
    }),
    "pnrgov_gtas_v13_docs_doco_doca.edi": (1, 1, {"PNR013", "PNR024"}, {
        ("ACKARY", "CHARLES MUHAMMAD"): {**rec("ACKARY", "CHARLES MUHAMMAD", "1948-12-26", "M", None,
            ("P", "602120901", "GBR", "2021-01-30"), ("UA988", "FRA", "IAD", "2018-05-12"), "06A9FD"),
            "seat": "23K", "place_of_birth": "HERE VA"},
    }),
    "pnrgov_gtas_v13_multileg_checkin_tri_tbd.edi": (1, 2, {"PNR003"}, {
        ("CHENNAPRAGADA", "STACY CHARLES"): {**rec("CHENNAPRAGADA", "STACY CHARLES", "1972-02-18", "M", None,
            ("P", "25084013", "ERI", "2025-11-17"), ("UA988", "FRA", "IAD", "2018-05-12"), "80F4E3"), "seat": "26K"},
        ("NUTTALL", "PETER PERRY"): {**rec("NUTTALL", "PETER PERRY", "1964-01-12", "M", None,
            ("P", "2075148", "USA", "2022-11-09"), ("UA988", "FRA", "IAD", "2018-05-12"), "80F4E3"), "seat": "43E"},
    }),
    "gtas-extra/pnrWithPrefixesAndBookingDetailBags.txt": (1, 2, {"PNR003"}, {
        ("ADONAY", "YORDA KISANET"): {**rec("ADONAY", "YORDA KISANET", "1997-06-18", "F", None,
            ("P", "182291927", "CHN", "2020-07-06"), ("UA988", "FRA", "IAD", "2018-10-11"), "8A4E83"), "seat": "8A"},
        ("PETROS", "FNAN ZAHRA"): {**rec("PETROS", "FNAN ZAHRA", "1992-09-06", "F", None,
            ("P", "586993080", "CZE", "2025-07-17"), ("UA988", "FRA", "IAD", "2018-10-11"), "8A4E83"), "seat": "6C"},
    }),
    "pnrgov_gtas_v13_seat_formats.edi": (1, 1, set(), {
        ("LOBB", "MOLLY ZARA"): {**rec("LOBB", "MOLLY ZARA", "1954-08-13", "F", None,
            ("P", "796428965", "GBR", "2025-04-26"), UA988_18, "7C789A"), "seat": "36K"},
    }),
    "pnrgov_gtas_edge_segment_tag_inside_value.edi": (1, 1, set(), {
        ("LOBB", "MOLLY"): rec("LOBB", "MOLLY", None, None, None, None, UA988_18, "7C789A"),
    }),
    "pnrgov_gtas_v13_truncated_release_char_in_email.edi": (1, 1, set(), {
        ("LOBB", "MOLLY"): rec("LOBB", "MOLLY", None, None, None, None, UA988_18, "7C789A"),
    }),
    "gtas-extra/pnrNoOrgMsg.txt": (1, 1, {"PNR002"}, {
        ("LOBB", "MOLLY"): rec("LOBB", "MOLLY", None, None, None, None, UA988_18, "7C789A"),
    }),
    "pnrgov_gtas_v13_una_dash_star_separators.edi": (1, 1, set(), {
        ("SERIO", "REUBEN JOAQUIN"): {**rec("SERIO", "REUBEN JOAQUIN", "1994-10-20", "M", "THA",
            ("P", "9173574", "THA", "2028-04-20"), ("DL441", "JFK", "MBJ", "2020-02-23"), "BGXFR4"),
            "seat": "1A", "bag_count": 1},
    }),
    "pnrgov_gtas_v13_bags_tbd.edi": (127, 268, {"PNR003"}, {
        ("FENNER", "JACKI ANJA"): {**rec("FENNER", "JACKI ANJA", "1970-06-02", "F", None,
            (None, "448763368", "USA", "2022-05-18"), UA988_18, "157313"), "seat": "22J"},
        ("HOLCOMBE", "LORELEI LISE"): rec("HOLCOMBE", "LORELEI LISE", "1998-08-12", "F", None,
            ("P", "813281747", "USA", "2019-12-08"), UA988_18, "86C92D"),
    }),
    "pnrgov_gtas_v13_large_many_pnrs.edi": (47, 86, {"PNR003", "PNR011"}, {
        ("LAI", "BI DULCE"): rec("LAI", "BI DULCE", "1989-05-28", "F", "0", ("P", "191259499", "ERI", "2022-07-24"),
            ("XL1439", "JFK", "GYE", "2020-02-20"), "BGXFR4"),
    }),
    "gtas-extra/pnrMessageExample.txt": (1, 5, set(), {}),
    "gtas-extra/bigMessagePnr.txt": (1, 7, {"PNR003"}, {}),
}  # fmt: skip


# Defects MANIFEST.txt names for a file → the codes that must report them (syntax/envelope codes from
# parsers/edifact, PNR* from the mapper). The whole interchange's issues count.
MANIFEST_DEFECTS: dict[str, set[str]] = {
    "pnrgov_gtas_v10_2pnrs_linebreaks_inside_segments.edi": {"SYN012"},  # line breaks inside segments
    "gtas-extra/pnr1.txt": {"SYN012"},  # hard-wrapped values
    "pnrgov_edifabric_v11_infant_tkne_clean.edi": {"SYN006"},  # UTF-8 BOM
    "pnrgov_gtas_v11_codeshare_backslash_release_lts.edi": {"SYN001"},  # UNA with five characters
    "pnrgov_gtas_v11_infant_curly_quote_una_malformed.edi": {"SYN001"},  # curly quote declared in UNA
    "pnrgov_gtas_ig_example_pg75_curly_terminators.edi": {"SYN002", "ENV001"},  # ’ terminators, UNT+336
    "pnrgov_gtas_ig_example_pg77.edi": {"ENV001", "PNR027", "SYN019"},  # UNT+173, "HKIFT", no final '
    "pnrgov_gtas_codeshare_tra_tvl.edi": {"ENV001", "PNR027", "SYN019"},
    "pnrgov_gtas_malformed_on_purpose.edi": {"ENV001", "SYN018", "SYN019"},  # prose after UNZ
    "pnrgov_gtas_v13_large_many_pnrs.edi": {"PNR003", "ENV001"},  # EQN+1 with 47 PNRs, UNT+75
    "pnrgov_gtas_v13_bags_tbd.edi": {"PNR003"},  # EQN+1 with 127 PNRs
    "gtas-extra/bigMessagePnr.txt": {"PNR003"},  # EQN+7 with one SRC
    "pnrgov_gtas_v13_docs_doco_doca.edi": {"ENV002", "PNR013"},  # UNT+48 without reference, DAT+2:
    "pnrgov_gtas_v13_seat_formats.edi": {"ENV002"},  # UNT+50 without reference
    "pnrgov_gtas_edge_segment_tag_inside_value.edi": {"ENV002"},
    "pnrgov_gtas_v13_truncated_release_char_in_email.edi": {"ENV002"},
    "gtas-extra/pnrNoOrgMsg.txt": {"PNR002"},  # MSG (and ORG) missing
}


@pytest.mark.parametrize("name", sorted(MANIFEST_DEFECTS))
def test_manifest_defects_are_reported(public: Path, name: str) -> None:
    found: set[str] = set()
    for interchange in parse_bytes((public / name).read_bytes()):
        found |= {i.code for i in interchange.issues}
        found |= {i.code for m in interchange.messages for i in m.issues}
    assert MANIFEST_DEFECTS[name] <= found, sorted(found)
    assert "ENV090" not in found  # the mapper never failed


@pytest.fixture(scope="module")
def public() -> Path:
    return shared_path("data", "messages", "public")


def test_every_public_pnrgov_file_is_covered(public: Path) -> None:
    files = {p.name for p in public.glob("pnrgov_*")}
    files |= {
        f"gtas-extra/{p.name}"
        for p in (public / "gtas-extra").glob("*")
        if p.is_file() and p.name != "MANIFEST.txt" and b"PNRGOV" in p.read_bytes()[:400]
    }
    assert files == set(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_file(public: Path, name: str) -> None:
    pnr_count, pax_count, codes, samples = GOLDEN[name]
    messages = parse_file(public / name)
    assert len(messages) == 1
    message = messages[0]
    assert message.type == "PNRGOV" and message.flight is not None
    assert len(message.pnrs) == pnr_count
    travellers = [t for pnr in message.pnrs for t in pnr.passengers]
    assert len(travellers) == pax_count
    assert all(t.booking_ref == pnr.record_locator for pnr in message.pnrs for t in pnr.passengers)
    assert codes <= {i.code for i in message.issues}, [(i.code, i.message) for i in message.issues]
    by_name = {(t.surname, t.given_names): t for t in travellers}
    for key, expected in samples.items():
        assert key in by_name, f"{key} not among {sorted(by_name, key=str)}"
        traveller = by_name[key]
        record = canonical_record(traveller, message.flight)
        record["is_infant"] = traveller.is_infant
        assert set(CANONICAL_KEYS) <= set(expected)  # a full canonical record, plus extras
        got = {k: record[k] for k in expected}
        assert got == expected


def test_codeshare_both_styles_in_one_itinerary(public: Path) -> None:
    (message,) = parse_file(public / "pnrgov_gtas_codeshare_tra_tvl.edi")
    legs = {leg.flight: leg for leg in message.pnrs[0].itinerary}
    # GTAS expects operating 1524 / marketing SQ5678 (TRA, 14.1+) and operating 0972 / marketing DL8976.
    assert (legs["SQ5678"].operating_carrier, legs["SQ5678"].operating_number) == ("SK", "1524")
    assert (legs["DL8976"].operating_carrier, legs["DL8976"].operating_number) == ("KL", "972")


def test_doco_visa_and_contacts(public: Path) -> None:
    (message,) = parse_file(public / "pnrgov_gtas_v13_docs_doco_doca.edi")
    (pax,) = message.pnrs[0].passengers
    visa = [d for d in pax.documents if d.source == "DOCO"]
    assert [(d.doc_type, d.number, d.issue_date, d.expiry) for d in visa] == [("V", "8675309", "2006-12-22", None)]
    assert "email:CHARLES.ACKARY@YAHOO.COM" in message.pnrs[0].contacts
    (edge,) = parse_file(public / "pnrgov_gtas_edge_segment_tag_inside_value.edi")
    assert "email:MOLLY_LOUUNT+50BB@GMAIL.COM" in edge.pnrs[0].contacts
    (phone,) = parse_file(public / "pnrgov_gtas_v13_truncated_release_char_in_email.edi")
    assert "phone:5432109876" in phone.pnrs[0].contacts


def test_pg77_record_locator_and_creation(public: Path) -> None:
    (message,) = parse_file(public / "pnrgov_gtas_ig_example_pg77.edi")
    pnr = message.pnrs[0]
    assert (pnr.record_locator, pnr.created) == ("W9TEND", "2013-05-23T18:13")
    assert message.version == "11.1" and message.push_type == "22"


def test_total_bag_count_and_infant_dob_from_tif_group(public: Path) -> None:
    (message,) = parse_file(public / "pnrgov_gtas_v11_infant_curly_quote_una_malformed.edi")
    adult = next(t for t in message.pnrs[0].passengers if not t.is_infant)
    assert (adult.bag_count, adult.bag_weight_kg) == (3, 33.0)
    assert adult.bag_tags == ("6180123456789", "6180123456788", "6180123456787")
