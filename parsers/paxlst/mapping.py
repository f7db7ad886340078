"""PAXLST (API) mapping: one message's segments (UNH..UNT) → :class:`~parsers.model.PaxlstMessage`.

One pass over the segments with a dict dispatch on the tag. Where a tag means different things in
different segment groups (LOC, DTM, RFF, NAD, COM), a small state says where we are: the header,
the flight legs (SG2/SG3), a traveller (SG4) or one of its documents (SG5), the trailer. Tolerant
of order where the qualifier is unambiguous (an ``LOC+178`` after a DOC still belongs to the
traveller). Every segment is either mapped (into a field or ``extra``) or reported (PAX070).

Profiles: the WCO/IATA air profile (D02B, D05B, association code IATA) and, where cheap, the CBP ACE
D03B profile (``BGM+10``, ``NAD+VW``, CCYYMMDD dates); air-only checks are skipped for the latter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from parsers._construct import builder
from parsers.dates import YearPolicy, parse_edifact_datetime, yymmdd_iso
from parsers.edifact.segment import Segment
from parsers.model import Document, FlightLeg, Issue, MessagePart, PaxlstMessage, Traveller
from parsers.paxlst.rules import (
    ACE_DOC_TYPES,
    BGM_DOCUMENT_TYPES,
    BGM_FUNCTIONS,
    DOC_TYPES,
    GENDERS,
    ROLES,
    country_problem,
    pax_issue,
)

__all__ = ["map_paxlst", "split_flight"]

# Frozen model objects built without their per-field object.__setattr__ (parsers/_construct.py).
_new_traveller = builder(Traveller)
_new_document = builder(Document)

_HEADER, _LEGS, _TRAVELLER, _DOC, _TRAILER = range(5)
_NO_REFERENCE = datetime.date(2000, 1, 1)  # flight dates without a message date: years 1950..2049
_LBR_TO_KG = 0.45359237
MAX_PART_SEQUENCE = 99  # UNH S010 0070, "sequence of transfers": n..2
MAX_BAG_TAGS = 99  # consecutive tags one FTX+BAG expands to: more is a broken count, not luggage

_TRAVELLER_REFS = {
    "ABO": "passenger_ref",
    "YZY": "ticket",
    "AEA": "government_ref",
    "CR": "customer_ref",
    "ACD": "additional_ref",
    "ZZZ": "mutually_defined_ref",
}
_LEG_LOCATIONS = {"125", "87", "92", "130", "188", "172"}


class _Doc:
    __slots__ = ("doc_type", "expiry", "issue_date", "issuing_country", "number", "segment")

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.doc_type: str | None = None
        self.number: str | None = None
        self.issuing_country: str | None = None
        self.expiry: str | None = None
        self.issue_date: str | None = None


class _Traveller:
    __slots__ = (
        "bag_count",
        "bag_tags",
        "bag_weight",
        "booking_ref",
        "debarkation",
        "dob",
        "dob_bad",
        "docs",
        "embarkation",
        "end",
        "extra",
        "gender",
        "gender_bad",
        "given",
        "nad",
        "nationality",
        "place_of_birth",
        "residence",
        "role",
        "seat",
        "surname",
    )

    def __init__(self, nad: Segment, role: str) -> None:
        self.nad = nad
        self.role = role
        self.surname: str | None = None
        self.given: str | None = None
        self.dob: str | None = None
        self.dob_bad = False
        self.gender: str | None = None
        self.gender_bad = False
        self.nationality: str | None = None
        self.residence: str | None = None
        self.place_of_birth: str | None = None
        self.docs: list[_Doc] = []
        self.booking_ref: str | None = None
        self.seat: str | None = None
        self.bag_count: int | None = None
        self.bag_weight: float | None = None
        self.bag_tags: list[str] = []
        self.embarkation: str | None = None
        self.debarkation: str | None = None
        self.extra: list[tuple[str, str]] = []
        self.end = nad.index


class _Leg:
    __slots__ = (
        "arr",
        "arr_qual",
        "arr_time",
        "carrier",
        "dep",
        "dep_qual",
        "dep_time",
        "number",
        "segment",
    )

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.carrier: str | None = None
        self.number: str | None = None
        self.dep: str | None = None
        self.arr: str | None = None
        self.dep_qual: str | None = None
        self.arr_qual: str | None = None
        self.dep_time: str | None = None
        self.arr_time: str | None = None


def split_flight(reference: str | None, carrier: str | None) -> tuple[str | None, str | None]:
    """(carrier, number) from TDT 8028 (``QQ877``, ``UA0989``) and C040 (``QQ``).

    The carrier comes from C040 when present, else from the designator prefix (2 characters, or 3
    letters for ICAO designators); the number is the reference without that prefix (edifact.md §9 #28).
    """
    if not reference:
        return carrier, None
    if carrier and reference.startswith(carrier) and len(reference) > len(carrier):
        return carrier, reference[len(carrier) :]
    cut = 0
    if len(reference) > 2 and _is_flight_number(reference[2:]) and not reference[:2].isdecimal():
        cut = 2
    elif len(reference) > 3 and reference[:3].isalpha() and _is_flight_number(reference[3:]):
        cut = 3
    if cut:
        return carrier or reference[:cut], reference[cut:]
    return carrier, reference


def _is_flight_number(text: str) -> bool:
    """1-4 digits, optionally followed by one operational suffix letter."""
    if text[-1:].isalpha():
        text = text[:-1]
    return 0 < len(text) <= 4 and text.isdecimal()


def _join(parts: Sequence[str]) -> str | None:
    """Non-empty components joined by single spaces (internal runs of spaces collapsed)."""
    words = " ".join(parts).split()
    return " ".join(words) if words else None


class _Mapper:
    def __init__(self, message_date: datetime.date | None) -> None:
        self.message_date = message_date
        self.message_iso = message_date.isoformat() if message_date else None
        self.flight_reference = message_date or _NO_REFERENCE
        self.reference = message_date  # for traveller dates; falls back to the first departure date
        self.issues: list[Issue] = []
        self.state = _HEADER
        self.message_ref = ""
        self.version: str | None = None
        self.ace = False
        self.document_type: str | None = None
        self.function: str | None = None
        self.part = MessagePart()
        self.transaction_ref: str | None = None
        self.sender_name: str | None = None
        self.contacts: list[str] = []
        self.extra: list[tuple[str, str]] = []
        self.legs: list[_Leg] = []
        self.leg: _Leg | None = None
        self.travellers: list[Traveller] = []
        self.trav: _Traveller | None = None
        self.doc: _Doc | None = None
        self.reported_total: int | None = None
        self.cnt_segment: Segment | None = None
        self.cnt_qualifier: str | None = None
        self.mixed_case: list[Segment] = []
        self.doc_keys: dict[tuple[str | None, str, str | None], list[Segment]] = {}
        self.saw_bgm = False

    # -- helpers -------------------------------------------------------------------------------
    def report(self, code: str, detail: str, seg: Segment | None) -> None:
        self.issues.append(pax_issue(code, detail, seg, self.message_ref or None))

    def unexpected(self, seg: Segment, where: str) -> None:
        self.report("PAX070", f"{seg.tag} segment not expected {where}; not mapped", seg)

    def check_country(self, code: str | None, seg: Segment, what: str) -> None:
        if code:
            problem = country_problem(code)
            if problem:
                self.report("PAX026", f"{what}: {problem}", seg)

    def date_value(self, seg: Segment, policy: YearPolicy, reference: datetime.date | None) -> str | None:
        """The DTM's value as ISO text, reporting empty, padded or invalid values."""
        comps = seg.elements[0] if seg.elements else ()
        raw = comps[1] if len(comps) > 1 else ""
        fmt = comps[2] if len(comps) > 2 and comps[2] else None
        if fmt is None and len(raw) == 6 and reference is not None:
            iso = yymmdd_iso(raw, reference=reference, policy=policy)  # the common case, fast
            if iso is not None:
                return iso
        value = raw.strip()
        if not value:
            self.report("PAX041", f"DTM+{seg.el(0)} has no date value", seg)
            return None
        if value != raw:
            self.report("PAX042", f"date {raw!r} had surrounding spaces; read as {value!r}", seg)
        iso = parse_edifact_datetime(value, fmt, reference=reference, policy=policy)
        if iso is None:
            self.report("PAX040", f"{value!r} is not a valid date (format {fmt or 'by length'})", seg)
        return iso

    def traveller_reference(self) -> datetime.date | None:
        if self.reference is None:
            for leg in self.legs:
                when = leg.dep_time or leg.arr_time
                if when:
                    self.reference = datetime.date.fromisoformat(when[:10])
                    break
        return self.reference

    # -- finishing groups ----------------------------------------------------------------------
    def close_traveller(self) -> None:
        trav = self.trav
        if trav is None:
            return
        self.trav = None
        self.doc = None
        nad, docs = trav.nad, []
        for doc in trav.docs:
            docs.append(self.finish_doc(doc))
        if trav.surname is None:
            self.report("PAX020", "traveller has no surname in NAD", nad)
        if trav.given is None:
            self.report("PAX021", f"traveller {trav.surname or '?'} has no given names", nad)
        if trav.dob is None and not trav.dob_bad:
            self.report("PAX022", f"traveller {trav.surname or '?'} has no date of birth (DTM+329)", nad)
        if trav.gender is None and not trav.gender_bad:
            self.report("PAX023", f"traveller {trav.surname or '?'} has no gender (ATT+2)", nad)
        if trav.nationality is None:
            self.report("PAX025", f"traveller {trav.surname or '?'} has no nationality (NAT+2)", nad)
        if not docs:
            self.report("PAX030", f"traveller {trav.surname or '?'} has no travel document (DOC)", nad)
        name = (trav.surname or "") + (trav.given or "")
        if name != name.upper():
            self.mixed_case.append(nad)
        self.travellers.append(
            _new_traveller(
                source="PAXLST",
                role=trav.role,
                surname=trav.surname,
                given_names=trav.given,
                date_of_birth=trav.dob,
                gender=trav.gender,
                nationality=trav.nationality,
                residence_country=trav.residence,
                place_of_birth=trav.place_of_birth,
                documents=tuple(docs),
                booking_ref=trav.booking_ref,
                seat=trav.seat,
                bag_count=trav.bag_count,
                bag_weight_kg=trav.bag_weight,
                bag_tags=tuple(trav.bag_tags),
                embarkation=trav.embarkation,
                debarkation=trav.debarkation,
                traveller_ref=str(len(self.travellers) + 1),
                segment_start=nad.index,
                segment_end=trav.end,
                extra=tuple(trav.extra),
            )
        )

    def finish_doc(self, doc: _Doc) -> Document:
        seg = doc.segment
        if doc.number is None:
            self.report("PAX031", "travel document has no number", seg)
        else:
            self.doc_keys.setdefault((doc.doc_type, doc.number, doc.issuing_country), []).append(seg)
        if doc.doc_type is None:
            self.report("PAX032", "travel document has no type (kept unknown, not assumed P)", seg)
        elif doc.doc_type not in DOC_TYPES and not (self.ace and doc.doc_type in ACE_DOC_TYPES):
            self.report("PAX033", f"document type {doc.doc_type!r} is not a standard code", seg)
        if doc.expiry is None:
            self.report("PAX034", f"document {doc.number or '?'} has no expiry date (DTM+36)", seg)
        else:
            # without a message date (bare UNH..UNT) the first departure date stands in for it
            on = self.message_iso or (self.reference.isoformat() if self.reference else None)
            if on is not None and doc.expiry < on:
                self.report("PAX035", f"document {doc.number or '?'} expired on {doc.expiry}", seg)
        if doc.issuing_country is None:
            self.report("PAX036", f"document {doc.number or '?'} has no issuing country (LOC+91)", seg)
        return _new_document(
            doc_type=doc.doc_type,
            number=doc.number,
            issuing_country=doc.issuing_country,
            expiry=doc.expiry,
            issue_date=doc.issue_date,
            source="DOC",
        )

    def close_leg(self) -> None:
        if self.leg is not None:
            self.legs.append(self.leg)
            self.leg = None

    def finish(self, segments: Sequence[Segment]) -> PaxlstMessage:
        self.close_traveller()
        self.close_leg()
        if not self.saw_bgm:
            self.report("PAX001", "no BGM segment: the document type is unknown", None)
        legs = [self.finish_leg(leg) for leg in self.legs]
        crossing = self.crossing_leg(legs)
        self.check_documents_shared()
        if self.mixed_case:
            first = self.mixed_case[0]
            self.report("PAX028", f"{len(self.mixed_case)} traveller name(s) not in upper case", first)
        self.check_count()
        return PaxlstMessage(
            message_ref=self.message_ref,
            version=self.version,
            document_type=self.document_type,
            function=self.function,
            part=self.part,
            legs=tuple(legs),
            crossing_leg=crossing,
            travellers=tuple(self.travellers),
            issues=tuple(self.issues),
            sender_name=self.sender_name,
            sender_contact=", ".join(self.contacts) or None,
            reported_total=self.reported_total,
            segment_start=segments[0].index if segments else None,
            segment_end=segments[-1].index if segments else None,
            transaction_ref=self.transaction_ref,
            extra=tuple(self.extra),
        )

    def finish_leg(self, leg: _Leg) -> FlightLeg:
        if not self.ace:
            seg = leg.segment
            if leg.number is None:
                self.report("PAX011", "flight leg has no flight number (TDT 8028)", seg)
            if leg.dep is None or leg.arr is None:
                self.report("PAX012", "flight leg lacks a departure or arrival airport (LOC)", seg)
            if leg.dep_time is None or leg.arr_time is None:
                self.report("PAX013", "flight leg lacks a departure (DTM+189) or arrival (DTM+232) time", seg)
        return FlightLeg(
            carrier=leg.carrier,
            number=leg.number,
            departure_airport=leg.dep,
            arrival_airport=leg.arr,
            departure_local=leg.dep_time,
            arrival_local=leg.arr_time,
            segment_index=leg.segment.index,
        )

    def crossing_leg(self, legs: list[FlightLeg]) -> FlightLeg | None:
        """The leg with LOC+125 → LOC+87; else one with either; LOC+92 legs are in-country (§3.2)."""
        if not legs:
            if not self.ace and self.document_type != "266":
                self.report("PAX010", "the message has no flight leg (TDT)", None)
            return None
        partial: FlightLeg | None = None
        for leg, built in zip(self.legs, legs, strict=True):
            if leg.dep_qual == "125" and leg.arr_qual == "87":
                return built
            if partial is None and (leg.dep_qual == "125" or leg.arr_qual == "87"):
                partial = built
        if partial is None and not self.ace:
            self.report("PAX014", "no leg has LOC+125 and LOC+87 (all legs in-country)", self.legs[0].segment)
        return partial

    def check_documents_shared(self) -> None:
        for (doc_type, number, _country), segs in self.doc_keys.items():
            if len(segs) > 1:
                self.report(
                    "PAX038",
                    f"document {doc_type or '?'} {number} is given for {len(segs)} travellers",
                    segs[1],
                )

    def check_count(self) -> None:
        if self.document_type in ("266", "655") or self.ace:
            return
        if self.cnt_segment is None:
            self.report("PAX063", "the message has no CNT control total", None)
            return
        qualifier, seg = self.cnt_qualifier, self.cnt_segment
        crew_list = self.document_type in ("250", "336")
        if (qualifier == "41" and not crew_list) or (qualifier == "42" and crew_list):
            kind = "crew" if qualifier == "41" else "passenger"
            self.report(
                "PAX062", f"CNT+{qualifier} ({kind} total) in a BGM {self.document_type} message", seg
            )
        part = self.part
        if part.sequence is not None and not (part.sequence == 1 and part.final):
            return  # CNT is the flight total across parts: assembly.py checks it
        if self.reported_total is not None and qualifier in ("41", "42"):  # None: PAX061 said why
            found = count_role(self.travellers, crew=qualifier == "41")
            if found != self.reported_total:
                self.report(
                    "PAX060",
                    f"CNT+{qualifier} says {self.reported_total}, the message holds {found}",
                    seg,
                )


def count_role(travellers: Sequence[Traveller], *, crew: bool) -> int:
    """Travellers counted by CNT+41 (crew, transit crew) or CNT+42 (passengers, transit passengers)."""
    return sum(1 for t in travellers if t.role.endswith("crew") == crew)


# -- segment handlers: one function per tag ------------------------------------------------------
def _unh(m: _Mapper, seg: Segment) -> None:
    if m.state != _HEADER or m.message_ref:
        m.unexpected(seg, "inside a message")
        return
    m.message_ref = seg.el(0) or ""
    ident = seg.composite(1)
    if len(ident) > 2 and ident[1] and ident[2]:
        m.version = f"{ident[1]}{ident[2]}"
    m.ace = m.version == "D03B" and (len(ident) < 5 or ident[4] != "IATA")
    sequence_text, flag = seg.el(3), seg.el(3, 1)
    sequence = int(sequence_text) if sequence_text and sequence_text.isdecimal() else None
    if sequence is not None and not 1 <= sequence <= MAX_PART_SEQUENCE:
        # 0070 is n..2: a larger number is a broken header, not part 2,107,130,631 of a set (whose
        # gaps the assembly would otherwise list one by one).
        m.report("PAX004", f"UNH part number {sequence_text} is not 1-{MAX_PART_SEQUENCE}: read as a single message", seg)
        sequence = None
    if sequence is None:
        m.part = MessagePart(common_access_ref=seg.el(2), sequence=None, final=True)
    else:
        # "01:C" first, "02" intermediate (number only), "NN:F" final (edifact.md §3.4)
        m.part = MessagePart(common_access_ref=seg.el(2), sequence=sequence, final=flag == "F")


def _bgm(m: _Mapper, seg: Segment) -> None:
    if m.state != _HEADER or m.saw_bgm:
        m.unexpected(seg, "after the message header")
        return
    m.saw_bgm = True
    doc_type = seg.el(0)
    m.document_type = doc_type
    known = BGM_FUNCTIONS.get(doc_type or "")
    if doc_type not in BGM_DOCUMENT_TYPES:
        m.report("PAX002", f"BGM document type {doc_type!r} is not 745, 250, 266, 336 or 655", seg)
    function = seg.el(1)
    if m.ace:
        # ACE: 1004 is a document number, 1225 the message function (e.g. 4 = change)
        if function:
            m.extra.append(("document_id", function))
        m.function = seg.el(2)
        return
    m.function = function
    if function and known is not None and function not in known:
        m.report("PAX003", f"function {function!r} is not defined for BGM {doc_type}", seg)
    if seg.el(2):
        m.extra.append(("message_function", seg.el(2) or ""))


def _rff(m: _Mapper, seg: Segment) -> None:
    qualifier, value = seg.el(0), seg.el(0, 1)
    if m.state == _HEADER:
        if qualifier == "TN":
            m.transaction_ref = value
            if seg.el(0, 4):
                m.extra.append(("transaction_revision", seg.el(0, 4) or ""))
        else:
            m.extra.append((f"RFF+{qualifier}", value or ""))
        return
    trav = m.trav
    if trav is None:
        m.unexpected(seg, "outside the header or a traveller group")
        return
    trav.end = seg.index
    if value is None:
        m.report("PAX055", f"RFF+{qualifier} has no reference value", seg)
    elif qualifier == "AVF":
        trav.booking_ref = value
    elif qualifier == "SEA":
        trav.seat = value
    elif qualifier in _TRAVELLER_REFS:
        trav.extra.append((_TRAVELLER_REFS[qualifier], value))
    else:
        m.report("PAX055", f"reference qualifier {qualifier!r} is not known; kept in extra", seg)
        trav.extra.append((f"RFF+{qualifier}", value))


def _nad(m: _Mapper, seg: Segment) -> None:
    qualifier = seg.el(0)
    if qualifier == "MS" or (m.state == _HEADER and qualifier not in ROLES and qualifier != "VW"):
        if m.state != _HEADER:
            m.unexpected(seg, "after the flight legs")
            return
        name = _join(seg.composite(3)) or _join(seg.composite(1))
        if qualifier == "MS":
            m.sender_name = name
        else:
            m.extra.append((f"NAD+{qualifier}", name or ""))
        return
    if m.state == _TRAILER:
        m.unexpected(seg, "after CNT")
        return
    m.close_traveller()
    m.close_leg()
    if qualifier == "ZZZ" and m.document_type == "266":
        m.state = _LEGS  # iAPI flight close: a dummy party, no traveller
        m.extra.append(("NAD+ZZZ", _join(seg.composite(3)) or ""))
        return
    role = ROLES.get(qualifier or "")
    if role is None:
        if m.ace and qualifier == "VW":
            role = "crew"  # ACE: vehicle crew member
        else:
            role = "crew" if m.document_type in ("250", "336") else "passenger"
            m.report("PAX027", f"NAD qualifier {qualifier!r} is not FL, FM, DDU or DDT; read as {role}", seg)
    m.state = _TRAVELLER
    trav = _Traveller(seg, role)
    m.trav = trav
    name_parts = seg.composite(3)
    if name_parts:
        trav.surname = _join(name_parts[:1])
        trav.given = _join(name_parts[1:5])  # C080: five name parts, then the format code
    party_id = seg.el(1)
    if party_id:
        trav.extra.append(("party_id", party_id))
    address: list[str] = [seg.el(i) or "" for i in range(4, 9)] if len(seg.elements) > 4 else []
    if any(address):
        street, city, region, postcode, country = address
        for key, value in (
            ("street", street),
            ("city", city),
            ("region", region),
            ("postcode", postcode),
            ("address_country", country),
        ):
            if value:
                trav.extra.append((key, value))
        if country:
            m.check_country(country, seg, "address country")


def _com(m: _Mapper, seg: Segment) -> None:
    numbers = [f"{c[1]} {c[0]}" if len(c) > 1 and c[1] else c[0] for c in seg.elements if c and c[0]]
    if m.state == _HEADER:
        m.contacts.extend(numbers)
    elif m.trav is not None:
        m.trav.end = seg.index
        m.trav.extra.extend(("contact", n) for n in numbers)
    else:
        m.unexpected(seg, "in a flight leg")


def _cta(m: _Mapper, seg: Segment) -> None:
    if m.state == _HEADER:
        m.extra.append(("contact_name", _join(seg.composite(1)) or ""))
    else:
        m.unexpected(seg, "outside the message header")


def _tdt(m: _Mapper, seg: Segment) -> None:
    if m.state not in (_HEADER, _LEGS):
        m.unexpected(seg, "among the travellers (legs must precede NAD)")
        return
    m.close_leg()
    m.state = _LEGS
    leg = _Leg(seg)
    leg.carrier, leg.number = split_flight(seg.el(1), seg.el(4))
    stage = seg.el(0)
    if stage not in ("20", "34") and not m.ace:
        m.extra.append(("transport_stage", stage or ""))
    m.leg = leg


def _loc(m: _Mapper, seg: Segment) -> None:
    els = seg.elements
    qualifier = els[0][0] if els and els[0] else None
    place = (els[1][0] or None) if len(els) > 1 and els[1] else None
    state = m.state
    if state == _LEGS:
        _leg_loc(m, seg, qualifier, place)
    elif state in (_TRAVELLER, _DOC):
        _traveller_loc(m, seg, qualifier, place)
    elif state == _HEADER:
        m.extra.append((f"LOC+{qualifier}", place or ""))
    else:
        m.unexpected(seg, "after CNT")


def _leg_loc(m: _Mapper, seg: Segment, qualifier: str | None, place: str | None) -> None:
    leg = m.leg
    if leg is None:
        m.unexpected(seg, "before any TDT")
        return
    if qualifier == "125":
        leg.dep, leg.dep_qual = place, "125"
    elif qualifier == "87":
        leg.arr, leg.arr_qual = place, "87"
    elif qualifier == "92":
        # in-country leg: the first LOC+92 is the departure, the second the arrival
        if leg.dep is None:
            leg.dep, leg.dep_qual = place, "92"
        else:
            leg.arr, leg.arr_qual = place, "92"
    elif qualifier == "130":
        m.extra.append(("final_destination", place or ""))
    elif qualifier == "188" or qualifier == "172":
        m.extra.append(("filing_location" if qualifier == "188" else "reporting_location", place or ""))
    else:
        m.report(
            "PAX015", f"LOC+{qualifier} is not a flight-leg location (125, 87, 92, 130); kept in extra", seg
        )
        m.extra.append((f"LOC+{qualifier}", place or ""))


def _traveller_loc(m: _Mapper, seg: Segment, qualifier: str | None, place: str | None) -> None:
    trav = m.trav
    assert trav is not None
    trav.end = seg.index
    if qualifier == "91":
        doc = m.doc
        if doc is None:
            m.unexpected(seg, "outside a DOC group (LOC+91 is the document's issuing country)")
            return
        if seg.el(1, 1) == "163":  # ACE: a state or province of issue (code list 163)
            trav.extra.append(("issuing_region", place or ""))
            return
        doc.issuing_country = place or doc.issuing_country
        m.check_country(place, seg, "document issuing country")
        return
    if qualifier == "178":
        trav.embarkation = place
    elif qualifier == "179":
        trav.debarkation = place
    elif qualifier == "174":
        trav.residence = place
        m.check_country(place, seg, "country of residence")
    elif qualifier == "180":
        text = seg.el(1, 3)
        trav.place_of_birth = text or place
        if text and place:
            trav.extra.append(("birth_country", place))
            m.check_country(place, seg, "country of birth")
    elif qualifier == "22":
        trav.extra.append(("clearance_airport", place or ""))
    else:
        m.report("PAX056", f"LOC+{qualifier} is not a traveller location (22, 91, 174, 178, 179, 180)", seg)
        trav.extra.append((f"LOC+{qualifier}", place or ""))


def _dtm(m: _Mapper, seg: Segment) -> None:
    qualifier = seg.elements[0][0] if seg.elements and seg.elements[0] else None
    state = m.state
    if state == _LEGS:
        leg = m.leg
        if leg is None:
            m.unexpected(seg, "before any TDT")
            return
        if qualifier == "189" or qualifier == "232" or qualifier == "132":
            when = m.date_value(seg, YearPolicy.NEAREST, m.flight_reference)
            if qualifier == "189":
                leg.dep_time = when
            else:
                leg.arr_time = when
        elif qualifier == "554":
            m.extra.append(("DTM+554", seg.el(0, 1) or ""))
        else:
            m.report("PAX043", f"DTM+{qualifier} is not a flight date (189 departure, 232 arrival)", seg)
        return
    if state in (_TRAVELLER, _DOC):
        trav = m.trav
        assert trav is not None
        trav.end = seg.index
        reference = m.traveller_reference()
        doc = m.doc
        if qualifier == "329":
            value = m.date_value(seg, YearPolicy.PAST, reference)
            trav.dob = value
            trav.dob_bad = value is None and bool((seg.el(0, 1) or "").strip())
            if value and m.message_iso and value > m.message_iso:
                m.report("PAX029", f"date of birth {value} is after the message date", seg)
        elif doc is not None and qualifier == "36":
            doc.expiry = m.date_value(seg, YearPolicy.FUTURE, reference)
        elif doc is not None and qualifier == "182":
            doc.issue_date = m.date_value(seg, YearPolicy.PAST, reference)
        else:
            m.report("PAX043", f"DTM+{qualifier} is not expected here (329 birth; 36/182 in DOC)", seg)
        return
    if state == _HEADER:
        m.extra.append((f"DTM+{qualifier}", seg.el(0, 1) or ""))
        return
    m.unexpected(seg, "after CNT")


def _traveller_or_report(m: _Mapper, seg: Segment) -> _Traveller | None:
    trav = m.trav
    if trav is None:
        m.unexpected(seg, "outside a traveller group (NAD)")
        return None
    trav.end = seg.index
    return trav


def _att(m: _Mapper, seg: Segment) -> None:
    trav = _traveller_or_report(m, seg)
    if trav is None:
        return
    if seg.el(0) != "2":
        trav.extra.append((f"ATT+{seg.el(0)}", seg.el(2) or ""))
        return
    gender = seg.el(2)
    if gender and "*" in gender:  # repetition separator passed through (ACE: M*M*M*M*M)
        gender = gender.split("*", 1)[0]
    if gender is None:
        return  # reported as missing when the traveller closes
    if gender in GENDERS:
        trav.gender = gender
    else:
        trav.gender_bad = True
        m.report("PAX024", f"gender {gender!r} is not M, F, U or X", seg)


def _nat(m: _Mapper, seg: Segment) -> None:
    trav = _traveller_or_report(m, seg)
    if trav is None:
        return
    code = seg.el(1)
    if seg.el(0) not in ("2", None):
        trav.extra.append((f"NAT+{seg.el(0)}", code or ""))
        return
    trav.nationality = code
    m.check_country(code, seg, "nationality")


def _mea(m: _Mapper, seg: Segment) -> None:
    trav = _traveller_or_report(m, seg)
    if trav is None:
        return
    qualifier = seg.el(0)
    unit, value = seg.el(2), seg.el(2, 1)
    if qualifier == "CT":
        text = value or unit  # "MEA+CT++:1" (UN layout) and "MEA+CT++1" (seen in practice)
        if text and text.isdecimal():
            trav.bag_count = int(text)
        else:
            m.report("PAX050", f"bag count {text!r} is not a whole number", seg)
    elif qualifier == "WT":
        try:
            weight = float(value or "")
        except ValueError:
            m.report("PAX050", f"bag weight {value!r} is not a number", seg)
            return
        if unit == "KGM":
            trav.bag_weight = weight
        elif unit == "LBR":
            trav.bag_weight = round(weight * _LBR_TO_KG, 1)
        else:
            m.report("PAX050", f"bag weight unit {unit!r} is not KGM or LBR", seg)
    else:
        trav.extra.append((f"MEA+{qualifier}", f"{unit or ''}:{value or ''}"))


def _ftx(m: _Mapper, seg: Segment) -> None:
    trav = _traveller_or_report(m, seg)
    if trav is None:
        return
    qualifier = seg.el(0)
    if qualifier != "BAG":
        trav.extra.append((f"FTX+{qualifier}", _join(seg.composite(3)) or ""))
        return
    tag, count_text = seg.el(3), seg.el(3, 1)
    if tag is None or tag.upper() == "NULL":
        m.report("PAX051", f"bag tag {tag!r} is empty or a placeholder", seg)
        return
    count = int(count_text) if count_text and count_text.isdecimal() else 1
    if count_text and not count_text.isdecimal():
        m.report("PAX051", f"bag tag count {count_text!r} is not a number", seg)
    elif count > MAX_BAG_TAGS:
        m.report("PAX051", f"bag tag count {count} is more than {MAX_BAG_TAGS}: the tag is kept, not expanded", seg)
        count = 1
    trav.bag_tags.extend(_expand_tags(tag, count) or [tag])
    if count > 1 and not tag[-1:].isdecimal():
        m.report("PAX051", f"bag tag {tag!r} has no serial number to expand {count} tags from", seg)


def _expand_tags(tag: str, count: int) -> list[str]:
    """``2660031`` × 3 → 2660031, 2660032, 2660033 (consecutive tags, as GTAS reads ``tag:count``)."""
    if count <= 1:
        return [tag]
    cut = len(tag)
    while cut > 0 and tag[cut - 1].isdecimal():
        cut -= 1
    digits = tag[cut:]
    if not digits:
        return []
    start, width = int(digits), len(digits)
    return [f"{tag[:cut]}{start + i:0{width}d}" for i in range(count)]


def _doc(m: _Mapper, seg: Segment) -> None:
    trav = _traveller_or_report(m, seg)
    if trav is None:
        return
    m.state = _DOC
    doc = _Doc(seg)
    doc.doc_type = seg.el(0)
    doc.number = seg.el(1)
    code_list = seg.el(0, 1)
    if code_list and code_list != "110" and not m.ace:
        m.report("PAX037", f"DOC code list qualifier {code_list!r} (110 expected)", seg)
    trav.docs.append(doc)
    m.doc = doc


def _keep_in_traveller(m: _Mapper, seg: Segment) -> None:
    """EMP, GEI, CPI, QTY: kept as transmitted in the traveller's extra."""
    trav = _traveller_or_report(m, seg)
    if trav is not None:
        trav.extra.append((seg.tag, seg.raw[len(seg.tag) + 1 :]))


def _cnt(m: _Mapper, seg: Segment) -> None:
    m.close_traveller()
    m.close_leg()
    m.state = _TRAILER
    qualifier, value = seg.el(0), seg.el(0, 1)
    if value is None and seg.el(1):
        m.report("PAX061", f"CNT value in a separate element ({seg.raw!r}); read anyway", seg)
        value = seg.el(1)
    if value is None or not value.strip().isdecimal():
        m.report("PAX061", f"CNT has no readable total: {seg.raw!r}", seg)
        m.cnt_segment = m.cnt_segment or seg
        return
    if m.cnt_segment is not None:
        m.extra.append((f"CNT+{qualifier}", value))
        return
    m.cnt_segment, m.cnt_qualifier, m.reported_total = seg, qualifier, int(value)
    m.extra.append(("cnt_qualifier", qualifier or ""))


def _aut(m: _Mapper, seg: Segment) -> None:
    m.extra.append(("AUT", seg.raw[4:]))


def _unt(m: _Mapper, seg: Segment) -> None:
    m.close_traveller()
    m.close_leg()
    m.state = _TRAILER  # counts and references are checked by the syntax layer


_HANDLERS: dict[str, Callable[[_Mapper, Segment], None]] = {
    "UNH": _unh,
    "BGM": _bgm,
    "RFF": _rff,
    "NAD": _nad,
    "CTA": _cta,
    "COM": _com,
    "TDT": _tdt,
    "LOC": _loc,
    "DTM": _dtm,
    "ATT": _att,
    "NAT": _nat,
    "MEA": _mea,
    "FTX": _ftx,
    "DOC": _doc,
    "EMP": _keep_in_traveller,
    "GEI": _keep_in_traveller,
    "CPI": _keep_in_traveller,
    "QTY": _keep_in_traveller,
    "CNT": _cnt,
    "AUT": _aut,
    "UNT": _unt,
}


def map_paxlst(segments: Sequence[Segment], *, message_date: datetime.date | None) -> PaxlstMessage:
    """Map one PAXLST message (UNH..UNT inclusive) to the shared model, collecting every issue.

    ``message_date`` (from UNB or UNG) anchors two-digit years: births are not after it, expiries
    lie ahead of it (parsers/dates.py). Without it, flight dates are read in 1950..2049 and the first
    departure date anchors the travellers' dates. Never raises on content.
    """
    mapper = _Mapper(message_date)
    handlers = _HANDLERS
    for seg in segments:
        handler = handlers.get(seg.tag)
        if handler is None:
            mapper.unexpected(seg, "in a PAXLST message (unknown segment)")
        else:
            handler(mapper, seg)
    return mapper.finish(segments)
