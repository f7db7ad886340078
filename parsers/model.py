"""The parsed model shared by both message types, and the one canonical traveller record.

Frozen, slotted dataclasses: the parsers build them, the Spark jobs flatten them into rows, the CLI
prints them. Dates are ISO strings (``YYYY-MM-DD``; date-times ``YYYY-MM-DDTHH:MM``) exactly as the
message gave them after decoding: no time zone is invented here (flights carry local times; the
lakehouse adds UTC). Every record carries lineage: the index of the segments it came from.

This module is the contract between parsers/, jobs/, watchlists/ and the web app: add fields with
defaults freely, never rename or remove one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any

__all__ = [
    "CANONICAL_KEYS",
    "Document",
    "FlightLeg",
    "Interchange",
    "Issue",
    "MessagePart",
    "PaxlstMessage",
    "Pnr",
    "PnrgovMessage",
    "Severity",
    "Traveller",
    "canonical_record",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # noted for the record (a skipped message type, a transport header), not a defect


@dataclass(frozen=True, slots=True)
class Issue:
    """One data-quality finding. ``code`` is stable (documented in parsers/issues.py)."""

    code: str
    severity: Severity
    message: str
    segment_index: int | None = None  # 0-based index of the segment in the interchange
    tag: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    excerpt: str | None = None  # the offending segment as transmitted (shortened)
    message_ref: str | None = None  # UNH reference of the message it belongs to, if any


@dataclass(frozen=True, slots=True)
class Document:
    doc_type: str | None = None  # P passport, I id card, V visa, A/C/L/F/M/... as transmitted
    number: str | None = None
    issuing_country: str | None = None  # ISO alpha-3 as transmitted (alpha-2 kept as sent, flagged)
    expiry: str | None = None  # YYYY-MM-DD
    issue_date: str | None = None  # YYYY-MM-DD
    source: str | None = None  # "DOC" (PAXLST), "DOCS"/"DOCO" (PNR SSR)


@dataclass(frozen=True, slots=True)
class FlightLeg:
    carrier: str | None = None  # marketing (PNR) or operating (API) carrier as transmitted
    number: str | None = None  # flight number as transmitted, e.g. "0400" or "400"
    departure_airport: str | None = None
    arrival_airport: str | None = None
    departure_local: str | None = None  # YYYY-MM-DDTHH:MM, local time of departure airport
    arrival_local: str | None = None  # YYYY-MM-DDTHH:MM, local time of arrival airport
    operating_carrier: str | None = None  # codeshare: the operating carrier when it differs
    operating_number: str | None = None
    segment_index: int | None = None

    @property
    def flight(self) -> str | None:
        """Carrier + number as transmitted, e.g. ``LH400``."""
        if self.carrier is None and self.number is None:
            return None
        return f"{self.carrier or ''}{self.number or ''}"

    @property
    def departure_date(self) -> str | None:
        return self.departure_local[:10] if self.departure_local else None


@dataclass(frozen=True, slots=True)
class Traveller:
    """One person in one message: an API passenger/crew member or a PNR passenger."""

    source: str  # "PAXLST" | "PNRGOV"
    role: str  # "passenger" | "crew" | "transit_passenger" | "transit_crew" | "infant"→passenger
    surname: str | None = None
    given_names: str | None = None  # joined by single spaces
    date_of_birth: str | None = None  # YYYY-MM-DD
    gender: str | None = None  # M / F / U / X
    nationality: str | None = None
    residence_country: str | None = None
    place_of_birth: str | None = None
    documents: tuple[Document, ...] = ()
    booking_ref: str | None = None  # RFF+AVF or the PNR record locator
    seat: str | None = None
    bag_count: int | None = None
    bag_weight_kg: float | None = None
    bag_tags: tuple[str, ...] = ()
    embarkation: str | None = None  # LOC+178 / first airport of the traveller's journey
    debarkation: str | None = None  # LOC+179 / final airport
    is_infant: bool = False
    traveller_ref: str | None = None  # stable within the message: PNR TIF ref, or NAD position
    segment_start: int | None = None  # lineage: first and last segment index of this traveller
    segment_end: int | None = None
    extra: tuple[tuple[str, str], ...] = ()  # anything else worth keeping, as (key, value)

    @property
    def document(self) -> Document | None:
        """The primary travel document: a passport if any, else the first document."""
        for doc in self.documents:
            if doc.doc_type and doc.doc_type.startswith("P"):
                return doc
        return self.documents[0] if self.documents else None


@dataclass(frozen=True, slots=True)
class MessagePart:
    """UNH S010 and 0068: how this message fits in a multi-part set."""

    common_access_ref: str | None = None
    sequence: int | None = None  # 1, 2, ... (None when absent: a single message)
    final: bool = True  # "F" (or absent) = last part; "C" = more parts follow


@dataclass(frozen=True, slots=True)
class PaxlstMessage:
    message_ref: str
    version: str | None  # "D02B", "D05B", "D03B"
    document_type: str | None  # BGM 1001: 745, 250, 266, 336, ...
    function: str | None  # BGM 1225 / 4343 codes as transmitted: C, CP, XR, RP, CL, ...
    part: MessagePart
    legs: tuple[FlightLeg, ...]
    crossing_leg: FlightLeg | None  # the leg that enters the receiving country (LOC+125 → LOC+87)
    travellers: tuple[Traveller, ...]
    issues: tuple[Issue, ...] = ()
    sender_name: str | None = None
    sender_contact: str | None = None
    reported_total: int | None = None  # CNT+41/42 as transmitted
    segment_start: int | None = None
    segment_end: int | None = None
    type: str = "PAXLST"
    transaction_ref: str | None = None  # header RFF+TN (5th component, the revision, kept in extra)
    parts: tuple[int, ...] = ()  # multi-part: the UNH S010 sequence numbers merged into this message
    complete: bool = True  # False: a multi-part set with parts missing (see issue PAX080)
    extra: tuple[tuple[str, str], ...] = ()  # header data worth keeping, as (key, value)


@dataclass(frozen=True, slots=True)
class Pnr:
    record_locator: str | None
    passengers: tuple[Traveller, ...]
    itinerary: tuple[FlightLeg, ...] = ()
    cancelled: bool = False  # SRC + RCI with an empty ORG
    created: str | None = None  # YYYY-MM-DDTHH:MM
    last_modified: str | None = None
    booking_office: str | None = None
    contacts: tuple[str, ...] = ()
    payments: tuple[str, ...] = ()
    tickets: tuple[str, ...] = ()
    segment_start: int | None = None
    segment_end: int | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PnrgovMessage:
    message_ref: str
    version: str | None  # "10.1", "11.1", "13.1", ...
    push_type: str | None  # MSG 1225: "22" full push, "141" update push (as transmitted)
    flight: FlightLeg | None  # the pushed flight (TVL at level 0)
    pnrs: tuple[Pnr, ...]
    issues: tuple[Issue, ...] = ()
    part: MessagePart = field(default_factory=MessagePart)
    segment_start: int | None = None
    segment_end: int | None = None
    type: str = "PNRGOV"


@dataclass(frozen=True, slots=True)
class Interchange:
    """One UNB..UNZ (or a bare UNH..UNT run with no envelope)."""

    sender: str | None
    recipient: str | None
    prepared_at: str | None  # YYYY-MM-DDTHH:MM from UNB
    control_ref: str | None
    charset: str | None  # UNOA, UNOB, UNOC, ..., IATA
    messages: tuple[PaxlstMessage | PnrgovMessage, ...]
    issues: tuple[Issue, ...] = ()  # envelope / syntax issues not owned by one message


CANONICAL_KEYS: tuple[str, ...] = (
    "source",
    "role",
    "surname",
    "given_names",
    "date_of_birth",
    "gender",
    "nationality",
    "document_type",
    "document_number",
    "document_issuing_country",
    "document_expiry",
    "flight",
    "departure_airport",
    "arrival_airport",
    "departure_date",
    "booking_ref",
)


# Document as a dict without dataclasses.asdict (a recursive deep copy: 40 % of canonical_record's time);
# its fields are plain str | None, so a shallow field-by-field dict is equal.
_DOCUMENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Document))
_document_values = attrgetter(*_DOCUMENT_FIELDS)


def canonical_record(traveller: Traveller, flight: FlightLeg | None) -> dict[str, Any]:
    """The flat record `paxpipe parse` prints and the lakehouse stores (keys: CANONICAL_KEYS first)."""
    doc = traveller.document
    record: dict[str, Any] = {
        "source": traveller.source,
        "role": traveller.role,
        "surname": traveller.surname,
        "given_names": traveller.given_names,
        "date_of_birth": traveller.date_of_birth,
        "gender": traveller.gender,
        "nationality": traveller.nationality,
        "document_type": doc.doc_type if doc else None,
        "document_number": doc.number if doc else None,
        "document_issuing_country": doc.issuing_country if doc else None,
        "document_expiry": doc.expiry if doc else None,
        "flight": flight.flight if flight else None,
        "departure_airport": flight.departure_airport if flight else None,
        "arrival_airport": flight.arrival_airport if flight else None,
        "departure_date": flight.departure_date if flight else None,
        "booking_ref": traveller.booking_ref,
    }
    record["documents"] = [dict(zip(_DOCUMENT_FIELDS, _document_values(d), strict=True)) for d in traveller.documents]
    record["residence_country"] = traveller.residence_country
    record["place_of_birth"] = traveller.place_of_birth
    record["seat"] = traveller.seat
    record["bag_count"] = traveller.bag_count
    record["traveller_ref"] = traveller.traveller_ref
    record["segment_start"] = traveller.segment_start
    record["segment_end"] = traveller.segment_end
    return record
