"""PNRGOV segments (one UNH..UNT message) → :class:`PnrgovMessage`.

One pass over the segments with a dict dispatch on the tag. A small state machine tracks the
PNRGOV group the mapper is in (header, Gr.1 PNR, Gr.2 passenger with its tickets, Gr.5 itinerary,
Gr.6/7 check-in, Gr.8 split, Gr.9 non-air, Gr.10 history), because the same tag means different
things in different groups (a TIF in Gr.2 is a passenger, in Gr.7 a checked-in traveller, in Gr.10
history). SSR DOCS/DOCO/DOCA/INFT are collected per PNR and attached to passengers when the PNR ends,
since they may come before the passenger they describe (Gr.1) or after (Gr.5).

Every segment is either mapped or reported (PNR005/PNR006); nothing raises on bad data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from parsers._construct import builder
from parsers.edifact.segment import Segment
from parsers.model import Document, FlightLeg, Issue, MessagePart, Pnr, PnrgovMessage, Traveller
from parsers.pnrgov import rules
from parsers.pnrgov.ssr import (
    DocaInfo,
    DocoInfo,
    DocsInfo,
    YearRule,
    ddmmyy,
    hhmm,
    parse_doca,
    parse_doco,
    parse_docs,
    parse_inft,
    split_name_title,
    unwrap,
)

__all__ = ["map_pnrgov"]

# Frozen model objects built without their per-field object.__setattr__ (parsers/_construct.py).
_new_traveller = builder(Traveller)
_new_document = builder(Document)

# Groups (states) of the PNRGOV structure.
HEADER, PNR, PAX, LEG, CHECKIN, SPLIT, NONAIR, HISTORY = range(8)

# Tags that may be glued to the end of a value when a sender dropped a terminator ("RPI+1+HKIFT+4:19").
_GLUE_TAGS = frozenset(
    [
        "TIF",
        "IFT",
        "SSR",
        "TVL",
        "RCI",
        "DAT",
        "ORG",
        "ADD",
        "TKT",
        "MON",
        "FOP",
        "SRC",
        "TRI",
        "SSD",
        "TBD",
        "RPI",
        "APD",
        "ABI",
        "SAC",
        "LTS",
        "FTI",
        "REF",
        "FAR",
        "EBD",
        "PTK",
        "TXD",
        "EQN",
        "TRA",
        "MSG",
        "UNT",
    ]
)
_LB_TO_KG = 0.45359237
_DOC_SSRS = frozenset({"DOCS", "DOCO", "DOCA", "INFT"})
_SEAT_SSRS = frozenset({"SEAT", "NSST", "RQST", "NSSA", "NSSW", "NSSB", "SMST"})


@dataclass(slots=True)
class _Pax:
    surname: str | None
    given: str | None
    title: str | None
    type_code: str | None
    ref: str | None
    with_infant: bool
    is_infant: bool
    tif: Segment | None
    seg_end: int
    docs: list[tuple[DocsInfo, Segment]] = field(default_factory=list)
    docos: list[DocoInfo] = field(default_factory=list)
    docas: list[DocaInfo] = field(default_factory=list)
    dob: str | None = None
    adult: _Pax | None = None
    seat_ssr: str | None = None
    seat_checkin: str | None = None
    bag_count: int | None = None
    bag_weight_kg: float | None = None
    bag_tags: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _PendingSsr:
    code: str  # DOCS / DOCO / DOCA / INFT
    info: DocsInfo | DocoInfo | DocaInfo | None
    text: str
    segment: Segment
    enclosing: _Pax | None  # the Gr.2 passenger the SSR sits under, if any
    ref: str | None


@dataclass(slots=True)
class _PnrBuilder:
    src: Segment
    locators: list[str] = field(default_factory=list)
    created: str | None = None
    last_modified: str | None = None
    booking_office: str | None = None
    cancelled: bool = False
    contacts: list[str] = field(default_factory=list)
    payments: list[str] = field(default_factory=list)
    tickets: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    passengers: list[_Pax] = field(default_factory=list)
    legs: list[FlightLeg] = field(default_factory=list)
    pending: list[_PendingSsr] = field(default_factory=list)
    seg_end: int = 0
    history_lines: int = 0


def _norm_number(number: str | None) -> str:
    return (number or "").lstrip("0")


def _spaceless(text: str | None) -> str:
    return (text or "").replace(" ", "")


class _Mapper:
    """Holds the state of one message while its segments are dispatched."""

    def __init__(self, message_date: dt.date | None) -> None:
        self.ref_date = message_date
        self.issues: list[Issue] = []
        self.message_ref: str | None = None
        self.version: str | None = None
        self.part = MessagePart()
        self.unh: Segment | None = None
        self.msg: Segment | None = None
        self.push_type: str | None = None
        self.flight: FlightLeg | None = None
        self.eqn: Segment | None = None
        self.eqn_count: int | None = None
        self.state = HEADER
        self.pnr: _PnrBuilder | None = None
        self.pnrs: list[Pnr] = []
        self.srcs: list[Segment] = []
        self.pax: _Pax | None = None  # Gr.2 passenger being read
        self.leg_pushed = False  # the current Gr.5 leg is the pushed flight
        self.checkin_pax: _Pax | None = None
        self.seg_first: int | None = None
        self.seg_last: int | None = None
        self.dates: dict[tuple[str, str | None], str] = {}
        self.checkin_seq: str | None = None  # TRI boarding/check-in sequence of the Gr.7 being read

    # ---------------------------------------------------------------- helpers
    def report(self, code: str, message: str, segment: Segment | None) -> None:
        self.issues.append(rules.report(code, message, segment, self.message_ref))

    def reference(self) -> dt.date:
        """The date two-digit years resolve against: the message date, else the pushed flight's date."""
        if self.ref_date is None:
            if self.flight and self.flight.departure_local:
                self.ref_date = dt.date.fromisoformat(self.flight.departure_local[:10])
            else:
                return dt.date.today()
        return self.ref_date

    def date_time(self, date: str | None, time: str | None, segment: Segment, what: str) -> str | None:
        if not date:
            return None
        cached = self.dates.get((date, time))
        if cached is not None:
            return cached  # a push repeats the same few dates thousands of times
        value = self._date_time(date, time, segment, what)
        if value is not None and (not time or len(value) == 16):  # only clean values: issues repeat
            self.dates[(date, time)] = value
        return value

    def _date_time(self, date: str, time: str | None, segment: Segment, what: str) -> str | None:
        iso = ddmmyy(date, self.reference(), YearRule.NEAREST)
        if iso is None:
            self.report("PNR010", f"{what} date {date!r} is not DDMMYY", segment)
            return None
        if not time:
            return iso
        clock = hhmm(time)
        if clock is None:
            self.report("PNR010", f"{what} time {time!r} is not HHMM", segment)
            return iso
        return f"{iso}T{clock}"

    def text(self, segment: Segment, start: int) -> str:
        """Free text from element ``start`` on (components joined by ':' and elements by ' ')."""
        parts = [":".join(c for c in comp if c) for comp in segment.elements[start:]]
        value = " ".join(p for p in parts if p)
        if "\n" in value or "\r" in value:
            self.report("PNR026", "line break inside a free-text value: joined", segment)
            value = unwrap(value)
        return value.strip()

    def out_of_place(self, segment: Segment, where: str) -> None:
        self.report("PNR006", f"{segment.tag} {where}: not mapped", segment)

    # ---------------------------------------------------------------- envelope and header
    def on_unt(self, segment: Segment) -> None:
        """The trailer (counted by the envelope layer) closes the last PNR."""
        self.finish_pnr()

    def on_unh(self, segment: Segment) -> None:
        self.unh = segment
        self.message_ref = (segment.el(0) or "").replace(" ", "") or None
        ident = segment.composite(1)
        if len(ident) >= 3 and ident[1] and ident[2]:
            self.version = f"{ident[1]}.{ident[2]}"
        else:
            self.report("PNR007", "UNH names no PNRGOV version (e.g. PNRGOV:11:1:IA)", segment)
        seq = segment.el(3, 0)
        self.part = MessagePart(
            common_access_ref=(segment.el(2) or "").replace(" ", "") or None,
            sequence=int(seq) if seq and seq.isdecimal() else None,
            final=segment.el(3, 1) != "C",
        )

    def on_msg(self, segment: Segment) -> None:
        if self.state == HEADER:
            self.msg = segment
            self.push_type = segment.el(0, 1) or segment.el(0, 0)
            return
        if self.state == HISTORY or self.pnr is None:
            return
        # Gr.9: a non-air segment (hotel, car) with its TVL.
        self.state = NONAIR
        self.pnr.extra.append(("non_air", segment.el(0, 0) or ""))

    def on_org(self, segment: Segment) -> None:
        pnr = self.pnr
        if self.state == HEADER or pnr is None:
            return  # the sender; kept by the envelope layer
        if self.state == PNR:
            if not any(any(c for c in comp) for comp in segment.elements) and not pnr.passengers:
                pnr.cancelled = True  # SRC + RCI + empty ORG: a cancelled PNR (update push)
                return
            office = ":".join(c for c in segment.composite(0) if c)
            if office and pnr.booking_office is None:
                pnr.booking_office = office
            agent = segment.el(1, 1) or segment.el(1, 0)
            if agent:
                pnr.extra.append(("booking_agent", agent))
        elif self.state in (LEG, CHECKIN):
            self.state = CHECKIN  # Gr.6: the check-in agent; nothing to keep
        elif self.state != HISTORY:
            self.out_of_place(segment, "inside a passenger, split or non-air group")

    def leg(self, segment: Segment) -> FlightLeg:
        date0, time0, date1, time1 = (segment.el(0, i) for i in range(4))
        # Some senders put the arrival time third ("280918:1220:1505"): a 4-digit value is a time.
        if date1 and len(date1) == 4 and time1 is None:
            date1, time1 = None, date1
        departure = self.date_time(date0, time0, segment, "departure")
        arrival = self.date_time(date1, time1, segment, "arrival") if date1 else None
        if arrival is None and time1 and departure:
            clock = hhmm(time1)
            arrival = f"{departure[:10]}T{clock}" if clock else None
        return FlightLeg(
            carrier=segment.el(3, 0),
            number=segment.el(4, 0),
            departure_airport=segment.el(1, 0),
            arrival_airport=segment.el(2, 0),
            departure_local=departure,
            arrival_local=arrival,
            operating_carrier=segment.el(3, 1),
            segment_index=segment.index,
        )

    def is_pushed(self, leg: FlightLeg) -> bool:
        flight = self.flight
        if flight is None or leg.departure_airport != flight.departure_airport:
            return False
        if leg.arrival_airport != flight.arrival_airport:
            return False
        # Same route and either the same day or the same flight number under any of its codeshare names.
        if flight.departure_date and flight.departure_date == leg.departure_date:
            return True
        numbers = {_norm_number(leg.number), _norm_number(leg.operating_number)} - {""}
        return _norm_number(flight.number) in numbers

    def on_tvl(self, segment: Segment) -> None:
        if self.state == HEADER:
            if self.flight is not None:
                self.out_of_place(segment, "a second TVL before the first SRC")
                return
            self.flight = self.leg(segment)
            if not self.flight.departure_airport or not self.flight.arrival_airport:
                self.report("PNR007", "the pushed flight (TVL) has no departure or arrival airport", segment)
            return
        pnr = self.pnr
        if pnr is None or self.state == HISTORY:
            return
        if self.state == NONAIR:
            pnr.extra.append(("non_air_detail", self.text(segment, 0)))
            self.state = SPLIT  # the non-air group holds one TVL; what follows is history or another SRC
            return
        self.pax = None
        self.checkin_pax = None
        operating_only = not segment.el(0, 0) and not segment.el(1) and not segment.el(3) and segment.el(4)
        if operating_only and pnr.legs:
            # Pre-14.1 codeshare: a second TVL carrying only the operating flight number.
            last = pnr.legs[-1]
            pnr.legs[-1] = replace(last, operating_number=segment.el(4, 0))
            self.leg_pushed = self.leg_pushed or self.is_pushed(pnr.legs[-1])
            self.state = LEG
            return
        leg = self.leg(segment)
        pnr.legs.append(leg)
        self.leg_pushed = self.is_pushed(leg)
        self.state = LEG

    def on_tra(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None or not pnr.legs or self.state not in (LEG, CHECKIN):
            self.out_of_place(segment, "outside an itinerary segment")
            return
        # 14.1+ codeshare: TRA+<operating carrier>+<flight>:<class>.
        last = pnr.legs[-1]
        pnr.legs[-1] = replace(last, operating_carrier=segment.el(0, 0), operating_number=segment.el(1, 0))
        self.leg_pushed = self.leg_pushed or self.is_pushed(pnr.legs[-1])

    def on_leg_detail(self, segment: Segment) -> None:
        """RPI (party size, status) and APD (equipment) describe the current leg; nothing to keep."""
        if self.state not in (LEG, CHECKIN, HISTORY):
            self.out_of_place(segment, "outside an itinerary segment")

    def on_eqn(self, segment: Segment) -> None:
        if self.state == HEADER:
            self.eqn = segment
            value = segment.el(0, 0)
            if value and value.isdecimal():
                self.eqn_count = int(value)
            else:
                self.report("PNR007", f"EQN count {value!r} is not a number", segment)
            return
        if self.pnr is not None and self.state != HISTORY:
            self.state = SPLIT  # Gr.8: passengers split off into another record
            self.pnr.extra.append(("split_count", segment.el(0, 0) or ""))

    # ---------------------------------------------------------------- PNR level
    def finish_pnr(self) -> None:
        if self.pnr is not None:
            if self.seg_last is not None:
                self.pnr.seg_end = self.seg_last
            self.pnrs.append(_build_pnr(self, self.pnr))
        self.pnr = None

    def on_src(self, segment: Segment) -> None:
        self.finish_pnr()
        self.pnr = _PnrBuilder(src=segment, seg_end=segment.index)
        self.srcs.append(segment)
        self.state = PNR
        self.pax = None
        self.checkin_pax = None
        self.leg_pushed = False

    def on_rci(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        if self.state == SPLIT:
            pnr.extra.append(("split_record", segment.el(0, 1) or ""))
            return
        if self.state != PNR or pnr.locators:
            return  # Gr.5 / history repeat the locator
        for comp in segment.elements:
            if len(comp) > 1 and comp[1]:
                pnr.locators.append(f"{comp[0]}:{comp[1]}" if comp[0] else comp[1])
        if not pnr.locators:
            self.report("PNR007", "RCI carries no record locator", segment)
        date, time = segment.el(0, 3), segment.el(0, 4)
        third = segment.el(0, 2) or ""
        if len(third) == 6 and third.isdecimal():
            date, time = third, segment.el(0, 3)  # "UA:7C789A:230818:1220": no control type element
        pnr.created = self.date_time(date, time, segment, "PNR creation")

    def on_dat(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        if self.state in (LEG, CHECKIN):
            self.state = CHECKIN  # Gr.6
            self.checkin_pax = None
        for comp in segment.elements:
            qualifier = comp[0] if comp else ""
            date = comp[1] if len(comp) > 1 else ""
            time = comp[2] if len(comp) > 2 else None
            if not date:
                if qualifier:
                    self.report("PNR013", f"DAT {qualifier} has no date", segment)
                continue
            value = self.date_time(date, time or None, segment, f"DAT {qualifier}")
            if self.state == PNR and qualifier == "700" and value:
                pnr.last_modified = value
            elif self.state == PNR and qualifier == "710" and value:
                pnr.extra.append(("ticket_issued", value))
        if not segment.elements and self.state not in (CHECKIN, HISTORY):
            self.report("PNR013", "DAT has no date", segment)

    def on_ift(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        if self.state == HISTORY:
            return
        kind = f"{segment.el(0, 0) or ''}:{segment.el(0, 1) or ''}"
        text = self.text(segment, 1)
        if kind == "4:28":
            contact = _contact(text)
            if contact:
                pnr.contacts.append(contact)
            else:
                pnr.extra.append(("osi", text))
        elif kind == "4:43":
            pnr.contacts.append(f"sponsor:{text}")
        elif self.pax is not None:
            self.pax.extra.append((f"ift_{kind}", text))
        else:
            pnr.extra.append((f"ift_{kind}", text))

    def on_add(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        comp = segment.composite(1)
        parts = [unwrap(c).strip() for c in comp[1:7]]
        address = ", ".join(p for p in parts if p)
        if address:
            pnr.contacts.append(f"address:{address}")
        if len(comp) > 7 and comp[7]:
            pnr.contacts.append(f"phone:{_phone(unwrap(comp[7]))}")

    def on_pnr_extra(self, segment: Segment) -> None:
        if self.pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        self.pnr.extra.append((segment.tag.lower(), self.text(segment, 0)))

    # ---------------------------------------------------------------- passengers
    def on_tif(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        if self.state == HISTORY:
            return
        surname = unwrap(segment.el(0, 0) or "").strip() or None
        given_raw = unwrap(segment.el(1, 0) or "").strip() or None
        type_code = segment.el(1, 1)
        ref = segment.el(1, 2)
        if self.state in (LEG, CHECKIN):
            self.checkin_pax = _find_pax(pnr.passengers, ref, surname, given_raw)
            if self.checkin_pax is not None and self.leg_pushed:
                self.checkin_pax.extra.append(("checked_in", self.checkin_seq or "yes"))
            if self.checkin_pax is None:
                self.report(
                    "PNR030", f"checked-in traveller {surname}/{given_raw} matches no passenger", segment
                )
            return
        if segment.el(0, 1) == "G" and given_raw is None:
            pnr.extra.append(("group_name", surname or ""))  # a group booking name, not a person
            return
        if surname is None:
            self.report("PNR007", "TIF has no surname", segment)
        if type_code and type_code not in ("A", "IN", "C", "CHD", "INF", "G", "M", "F"):
            self.report("PNR011", f"TIF passenger type {type_code!r} is not a known code", segment)
        given, title = split_name_title(given_raw)
        pax = _Pax(
            surname=surname,
            given=given,
            title=title,
            type_code=type_code,
            ref=ref,
            with_infant=segment.el(1, 3) == "1",
            is_infant=type_code in ("IN", "INF"),
            tif=segment,
            seg_end=segment.index,
        )
        pax.extra.append(("tif_name", f"{surname or ''}/{given_raw or ''}"))
        if segment.el(0, 1):
            pax.extra.append(("tif_surname_qualifier", segment.el(0, 1) or ""))
        if title:
            pax.extra.append(("title", title))
        if pax.is_infant:
            adults = [p for p in pnr.passengers if not p.is_infant]
            with_infant = [p for p in adults if p.with_infant]
            candidates = with_infant or adults
            pax.adult = candidates[-1] if candidates else None
        pnr.passengers.append(pax)
        self.pax = pax
        self.state = PAX

    def on_pax_extra(self, segment: Segment) -> None:
        """FTI, REF, FAR, PTK, TXD: kept as extras of the passenger they follow."""
        if self.pax is None or self.state != PAX:
            if self.state != HISTORY:
                self.out_of_place(segment, "outside a passenger group")
            return
        # As transmitted after the tag: these are kept for display, not interpreted.
        self.pax.extra.append((segment.tag.lower(), unwrap(segment.raw[4:])))

    def on_tkt(self, segment: Segment) -> None:
        if self.pax is None or self.pnr is None or self.state != PAX:
            self.out_of_place(segment, "outside a passenger group")
            return
        number = segment.el(0, 0)
        if number:
            self.pnr.tickets.append(number)
            self.pax.extra.append(("ticket", number))
        elif segment.el(0, 1):
            self.pax.extra.append(("ticketless", segment.el(0, 1) or ""))

    def on_mon(self, segment: Segment) -> None:
        if self.pax is None or self.state != PAX:
            self.out_of_place(segment, "outside a passenger group")
            return
        for comp in segment.elements:
            if len(comp) > 1 and comp[1]:
                currency = comp[2] if len(comp) > 2 else ""
                self.pax.extra.append((f"amount_{comp[0]}", f"{comp[1]} {currency}".strip()))

    def on_fop(self, segment: Segment) -> None:
        if self.pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        for comp in segment.elements:
            value = ":".join(c for c in comp if c)
            if value:
                self.pnr.payments.append(value)

    def on_ssr(self, segment: Segment) -> None:
        pnr = self.pnr
        if pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        if self.state == HISTORY:
            return
        code = segment.el(0, 0) or ""
        head = segment.composite(0)
        raw_text = ":".join(head[8:]) if len(head) > 8 else ""
        if not raw_text and code in _DOC_SSRS:
            # Too few colons before the free text: take it from the first component that looks like it.
            raw_text = next((":".join(head[i:]) for i in range(1, len(head)) if "/" in head[i]), "")
        text = unwrap(raw_text)
        ref = segment.el(1, 2)
        enclosing = self.pax if self.state == PAX else None
        if code in _DOC_SSRS:
            if text != raw_text:
                self.report("PNR026", f"SSR {code} text wrapped across lines: joined", segment)
            if not text.strip():
                self.report(
                    "PNR020" if code == "DOCS" else "PNR025", f"SSR {code} without free text", segment
                )
                return
            info: DocsInfo | DocoInfo | DocaInfo | None = None
            if code == "DOCS":
                info = parse_docs(text, self.reference())
            elif code == "DOCO":
                info = parse_doco(text, self.reference())
            elif code == "DOCA":
                info = parse_doca(text)
            if info is not None:
                for problem_code, message in info.problems:
                    self.report(problem_code, message, segment)
            pnr.pending.append(_PendingSsr(code, info, text, segment, enclosing, ref))
        elif code in _SEAT_SSRS:
            self.seat(segment, head, enclosing)
        elif code.startswith("CTC"):
            pnr.contacts.append(_contact(f"{code} {text}") or f"{code.lower()}:{text}")
        elif code == "TKNE":
            if text:
                pnr.tickets.append(text)
        else:
            target = enclosing.extra if enclosing else pnr.extra
            target.append((f"ssr_{code.lower()}", text))

    def seat(self, segment: Segment, head: tuple[str, ...], enclosing: _Pax | None) -> None:
        pnr = self.pnr
        assert pnr is not None
        board = head[6] if len(head) > 6 else ""
        off = head[7] if len(head) > 7 else ""
        if board and off and self.flight is not None:
            pushed = board == self.flight.departure_airport and off == self.flight.arrival_airport
        else:
            pushed = self.state in (LEG, CHECKIN) and self.leg_pushed
        if not pushed:
            return
        for comp in segment.elements[1:]:
            seat = comp[0].lstrip("0") if comp and comp[0] else ""
            ref = comp[2] if len(comp) > 2 else None
            if not seat or seat.upper() == "XXX":
                continue
            pax = _find_pax(pnr.passengers, ref, None, None) if ref else enclosing
            if pax is not None and pax.seat_ssr is None:
                pax.seat_ssr = seat

    # ---------------------------------------------------------------- check-in (Gr.6/7)
    def on_tri(self, segment: Segment) -> None:
        if self.pnr is None or self.state not in (LEG, CHECKIN):
            self.out_of_place(segment, "outside an itinerary segment")
            return
        self.state = CHECKIN
        self.checkin_pax = None
        self.checkin_seq = segment.el(1, 0)

    def on_ssd(self, segment: Segment) -> None:
        if self.state != CHECKIN:
            self.out_of_place(segment, "outside a check-in group")
            return
        seat = (segment.el(0, 0) or "").lstrip("0")
        if self.checkin_pax is not None and self.leg_pushed and seat and seat.upper() != "XXX":
            self.checkin_pax.seat_checkin = seat

    def on_tbd(self, segment: Segment) -> None:
        if self.state == HISTORY:
            return
        if self.state != CHECKIN:
            self.out_of_place(segment, "outside a check-in group")
            return
        pax = self.checkin_pax
        if pax is None or not self.leg_pushed:
            return
        count_text, weight_text = segment.el(1, 0), segment.el(1, 1)
        unit = segment.el(1, 2)
        if count_text and count_text.isdecimal():
            pax.bag_count = (pax.bag_count or 0) + int(count_text)
        if weight_text:
            try:
                weight = float(weight_text)
            except ValueError:
                self.report("PNR011", f"bag weight {weight_text!r} is not a number", segment)
            else:
                kg = weight * _LB_TO_KG if unit == "701" else weight
                pax.bag_weight_kg = round((pax.bag_weight_kg or 0.0) + kg, 1)
        for comp in segment.elements[4:]:
            tag = "".join(c.strip() for c in comp[:2])
            if tag:
                pax.bag_tags.append(tag)

    # ---------------------------------------------------------------- history (Gr.10) and LTS
    def on_abi(self, segment: Segment) -> None:
        if self.pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        self.state = HISTORY
        self.pax = None
        self.checkin_pax = None

    def on_history(self, segment: Segment) -> None:
        if self.state != HISTORY:
            self.out_of_place(segment, "outside a history group")

    def on_lts(self, segment: Segment) -> None:
        if self.pnr is None:
            self.out_of_place(segment, "before any SRC")
            return
        self.pnr.history_lines += 1

    # ---------------------------------------------------------------- driver
    def feed(self, segment: Segment) -> None:
        handler = _DISPATCH.get(segment.tag)
        if handler is None:
            self.report("PNR005", f"segment {segment.tag} is not part of PNRGOV", segment)
        else:
            handler(self, segment)
        # Updated after the handler, so that SRC/UNT close the previous PNR at the segment before them.
        self.seg_last = segment.index
        if self.state == PAX and self.pax is not None:
            self.pax.seg_end = segment.index

    def run(self, segments: Sequence[Segment]) -> PnrgovMessage:
        glue = _GLUE_TAGS
        feed = self.feed
        self.seg_first = segments[0].index if segments else None
        for segment in segments:
            # Cheap test first: a dropped terminator leaves a tag glued to the end of a value.
            glued = False
            elements = segment.elements
            if len(elements) > 1:
                for element in elements[1:]:
                    if len(element) == 1 and element[0][-3:] in glue and len(element[0]) > 3:
                        glued = True
                        break
            if glued:
                for piece in self.unglue(segment):
                    feed(piece)
            else:
                feed(segment)
        self.finish_pnr()
        self.issues.extend(
            rules.check_message(
                message_ref=self.message_ref,
                unh=self.unh,
                flight=self.flight,
                msg=self.msg,
                push_type=self.push_type,
                eqn=self.eqn,
                eqn_count=self.eqn_count,
                part=self.part,
                pnrs=self.pnrs,
                srcs=self.srcs,
            )
        )
        return PnrgovMessage(
            message_ref=self.message_ref or "",
            version=self.version,
            push_type=self.push_type,
            flight=self.flight,
            pnrs=tuple(self.pnrs),
            issues=tuple(self.issues),
            part=self.part,
            segment_start=self.seg_first,
            segment_end=self.seg_last,
        )

    def unglue(self, segment: Segment) -> list[Segment]:
        """Split ``RPI+1+HKIFT+4:19+TEXT`` into ``RPI+1+HK`` and ``IFT+4:19+TEXT`` (reported)."""
        for i, element in enumerate(segment.elements[1:], start=1):
            value = element[0] if len(element) == 1 else ""
            prefix, tag = value[:-3], value[-3:]
            if (
                tag in _GLUE_TAGS
                and prefix
                and prefix.isalnum()
                and len(prefix) <= 10
                and i + 1 < len(segment.elements)
            ):
                self.report(
                    "PNR027", f"segment terminator missing before {tag}: split into two segments", segment
                )
                first = Segment(segment.tag, (*segment.elements[:i], (prefix,)), segment.index, segment.line,
                                segment.column, segment.raw)  # fmt: skip
                second = Segment(tag, segment.elements[i + 1 :], segment.index, segment.line, segment.column,
                                 segment.raw)  # fmt: skip
                return [first, *self.unglue(second)] if len(second.elements) > 1 else [first, second]
        return [segment]


# Tag → handler, as plain functions called with the mapper: a dict of bound methods on the instance
# would be a reference cycle per message, left for the cyclic GC to find.
_DISPATCH: dict[str, Callable[[_Mapper, Segment], None]] = {
    "UNH": _Mapper.on_unh, "UNT": _Mapper.on_unt, "MSG": _Mapper.on_msg, "ORG": _Mapper.on_org,
    "TVL": _Mapper.on_tvl, "EQN": _Mapper.on_eqn, "SRC": _Mapper.on_src, "RCI": _Mapper.on_rci,
    "DAT": _Mapper.on_dat, "IFT": _Mapper.on_ift, "ADD": _Mapper.on_add, "EBD": _Mapper.on_pnr_extra,
    "TIF": _Mapper.on_tif, "FTI": _Mapper.on_pax_extra, "REF": _Mapper.on_pax_extra, "FAR": _Mapper.on_pax_extra,
    "SSR": _Mapper.on_ssr, "TKT": _Mapper.on_tkt, "MON": _Mapper.on_mon, "PTK": _Mapper.on_pax_extra,
    "TXD": _Mapper.on_pax_extra, "FOP": _Mapper.on_fop, "TRA": _Mapper.on_tra, "RPI": _Mapper.on_leg_detail,
    "APD": _Mapper.on_leg_detail, "TRI": _Mapper.on_tri, "SSD": _Mapper.on_ssd, "TBD": _Mapper.on_tbd,
    "ABI": _Mapper.on_abi, "SAC": _Mapper.on_history, "LTS": _Mapper.on_lts,
}  # fmt: skip


def _phone(text: str) -> str:
    """``EK CTC M 5432109876`` → ``5432109876``: drop an airline code and the CTC keyword."""
    tokens = text.split()
    while tokens and (tokens[0].startswith("CTC") or (len(tokens[0]) <= 2 and not tokens[0].isdecimal())):
        tokens.pop(0)
    return " ".join(tokens) or text.strip()


def _contact(text: str) -> str | None:
    """An OSI/SSR contact line: ``CTCE PETER..DOOLIN//GMAIL.COM`` → ``email:PETER_DOOLIN@GMAIL.COM``."""
    tokens = text.split()
    if len(tokens) > 1 and len(tokens[0]) == 2 and tokens[1].startswith("CTC"):
        tokens = tokens[1:]  # "AM CTCP ..." / "YY CTCE ...": airline code first
    if not tokens or not tokens[0].startswith("CTC"):
        return None
    keyword = tokens[0]
    rest = " ".join(tokens[1:])
    if keyword == "CTC" and len(tokens) > 2 and len(tokens[1]) == 1:
        keyword, rest = f"CTC{tokens[1]}", " ".join(tokens[2:])
    if keyword == "CTCE":
        return "email:" + rest.replace("//", "@").replace("..", "_")
    return f"phone:{rest}" if keyword[3:4] in ("M", "H", "B", "P", "T", "") else f"{keyword.lower()}:{rest}"


def _name_matches(pax: _Pax, surname: str | None, given: str | None) -> bool:
    if not surname or _spaceless(pax.surname) != _spaceless(surname):
        return False
    if not given or not pax.given:
        return True
    mine, theirs = _spaceless(pax.given), _spaceless(split_name_title(given)[0])
    return bool(theirs) and (mine.startswith(theirs) or theirs.startswith(mine))


def _find_pax(
    passengers: Sequence[_Pax], ref: str | None, surname: str | None, given: str | None
) -> _Pax | None:
    if ref:
        for pax in passengers:
            if pax.ref == ref:
                return pax
    if surname:
        found = [p for p in passengers if _name_matches(p, surname, given)]
        if len(found) == 1:
            return found[0]
    return None


def _attach(mapper: _Mapper, pnr: _PnrBuilder) -> None:
    """Give every pending SSR DOCS/DOCO/DOCA/INFT to its passenger (by reference, group, then name)."""
    # Infants named only by SSR INFT become travellers (one per name).
    for item in pnr.pending:
        if item.code != "INFT":
            continue
        info = parse_inft(item.text, mapper.reference())
        if any(p.is_infant and _name_matches(p, info.surname, info.given_names) for p in pnr.passengers):
            for p in pnr.passengers:
                if p.is_infant and _name_matches(p, info.surname, info.given_names) and p.dob is None:
                    p.dob = info.date_of_birth
            continue
        adult = _find_pax(pnr.passengers, item.ref, None, None) or item.enclosing
        if adult is None:
            adults = [p for p in pnr.passengers if p.with_infant] or [
                p for p in pnr.passengers if not p.is_infant
            ]
            adult = adults[0] if len(adults) == 1 else None
        infant = _Pax(
            surname=info.surname, given=info.given_names, title=None, type_code="IN",
            ref=f"{adult.ref}/INF" if adult and adult.ref else None, with_infant=False, is_infant=True,
            tif=None, seg_end=item.segment.index, dob=info.date_of_birth, adult=adult,
        )  # fmt: skip
        infant.extra.append(("source", "SSR INFT"))
        pnr.passengers.append(infant)
    for item in pnr.pending:
        if item.code == "INFT":
            continue
        target = _find_pax(pnr.passengers, item.ref, None, None) if item.ref else None
        if target is None and item.ref and pnr.passengers:
            mapper.report(
                "PNR024", f"SSR {item.code} traveller reference {item.ref!r} matches no TIF", item.segment
            )
        if isinstance(item.info, DocsInfo):
            docs = item.info
            by_name = _find_pax(pnr.passengers, None, docs.surname, docs.given_names)
            if by_name is None and docs.association is not None:
                by_name = _find_pax(pnr.passengers, None, *docs.association)
            if target is None:
                target = item.enclosing or by_name
            elif (
                by_name is not None
                and by_name is not target
                and not _name_matches(target, docs.surname, docs.given_names)
            ):
                target = by_name  # the reference points at the adult, the name at someone else
            if target is None:
                non_infants = [p for p in pnr.passengers if not p.is_infant]
                target = non_infants[0] if len(non_infants) == 1 and not docs.is_infant else None
            if target is not None and docs.is_infant and not target.is_infant:
                target = _infant_of(pnr, target, docs, item.segment)
            if target is None:
                mapper.report(
                    "PNR022",
                    f"SSR DOCS for {docs.surname}/{docs.given_names} matches no passenger",
                    item.segment,
                )
                continue
            target.docs.append((docs, item.segment))
            continue
        if target is None:
            target = item.enclosing
        if target is None:
            non_infants = [p for p in pnr.passengers if not p.is_infant]
            target = non_infants[0] if len(non_infants) == 1 else None
        if target is None:
            mapper.report("PNR022", f"SSR {item.code} matches no passenger", item.segment)
        elif isinstance(item.info, DocoInfo):
            target.docos.append(item.info)
        elif isinstance(item.info, DocaInfo):
            target.docas.append(item.info)


def _infant_of(pnr: _PnrBuilder, adult: _Pax, docs: DocsInfo, segment: Segment) -> _Pax:
    """The infant an infant DOCS (gender MI/FI) filed under its adult describes; created if unseen."""
    infants = [p for p in pnr.passengers if p.is_infant]
    named = [p for p in infants if _name_matches(p, docs.surname, docs.given_names)]
    if named:
        return named[0]
    own = [p for p in infants if p.adult is adult]
    if len(own) == 1:
        return own[0]
    infant = _Pax(
        surname=docs.surname, given=docs.given_names, title=None, type_code="IN",
        ref=f"{adult.ref}/INF" if adult.ref else None, with_infant=False, is_infant=True,
        tif=None, seg_end=segment.index, adult=adult,
    )  # fmt: skip
    infant.extra.append(("source", "SSR DOCS"))
    pnr.passengers.append(infant)
    return infant


def _docs_score(item: tuple[DocsInfo, Segment]) -> tuple[int, int]:
    docs = item[0]
    filled = sum(
        1
        for v in (
            docs.doc_type,
            docs.issuing_country,
            docs.number,
            docs.nationality,
            docs.date_of_birth,
            docs.gender,
            docs.expiry,
            docs.surname,
            docs.given_names,
        )
        if v
    )
    return (filled - len(docs.problems), -item[1].index)


def _fix_spacing(
    mapper: _Mapper, docs_value: str | None, tif_value: str | None, segment: Segment
) -> str | None:
    """A wrap can put a space inside a DOCS name (``TESTSURNA MEONE``); TIF, a structured element, wins."""
    if (
        docs_value
        and tif_value
        and docs_value != tif_value
        and _spaceless(docs_value) == _spaceless(tif_value)
    ):
        mapper.report(
            "PNR023", f"name {docs_value!r} in SSR DOCS read as {tif_value!r} (TIF spelling)", segment
        )
        return tif_value
    return docs_value


def _traveller(mapper: _Mapper, pax: _Pax, record_locator: str | None) -> Traveller:
    extra = list(pax.extra)
    surname, given = pax.surname, pax.given
    gender = nationality = dob = None
    documents: list[Document] = []
    if pax.docs:
        best_docs, best_seg = max(pax.docs, key=_docs_score)
        surname = (
            _fix_spacing(mapper, best_docs.surname, pax.surname, best_seg) if best_docs.surname else surname
        )
        if best_docs.given_names:
            first = _fix_spacing(mapper, best_docs.first_given, pax.given, best_seg)
            given = " ".join(x for x in (first, best_docs.second_given) if x) or None
        gender, nationality, dob = best_docs.gender, best_docs.nationality, best_docs.date_of_birth
        if (best_docs.surname, best_docs.given_names) != (pax.surname, pax.given):
            extra.append(("docs_name", f"{best_docs.surname or ''}/{best_docs.given_names or ''}"))
        seen: set[tuple[str | None, str | None]] = set()
        for docs, _ in [(best_docs, best_seg)] + [d for d in pax.docs if d[0] is not best_docs]:
            key = (docs.doc_type, docs.number)
            if docs.number is None and docs.doc_type is None:
                continue
            if key in seen:
                continue
            seen.add(key)
            documents.append(
                _new_document(
                    doc_type=docs.doc_type,
                    number=docs.number,
                    issuing_country=docs.issuing_country,
                    expiry=docs.expiry,
                    source="DOCS",
                )
            )
    place_of_birth = None
    for doco in pax.docos:
        place_of_birth = place_of_birth or doco.place_of_birth
        if doco.number or doco.doc_type:
            documents.append(
                _new_document(
                    doc_type=doco.doc_type,
                    number=doco.number,
                    issuing_country=doco.applicable_country,
                    issue_date=doco.issue_date,
                    source="DOCO",
                )
            )
            if doco.place_of_issue:
                extra.append(("doco_place_of_issue", doco.place_of_issue))
    residence = None
    for doca in pax.docas:
        if doca.kind == "R" and residence is None:
            residence = doca.country
        elif doca.kind == "D":
            parts = [doca.address, doca.city, doca.state, doca.postcode, doca.country]
            extra.append(("destination_address", ", ".join(p for p in parts if p)))
    if pax.adult is not None and pax.adult.ref:
        extra.append(("accompanying_adult_ref", pax.adult.ref))
    start = pax.tif.index if pax.tif is not None else pax.seg_end
    return _new_traveller(
        source="PNRGOV",
        role="passenger",
        surname=surname,
        given_names=given,
        date_of_birth=dob or pax.dob,
        gender=gender,
        nationality=nationality,
        residence_country=residence,
        place_of_birth=place_of_birth,
        documents=tuple(documents),
        booking_ref=record_locator,
        seat=pax.seat_checkin or pax.seat_ssr,
        bag_count=pax.bag_count,
        bag_weight_kg=pax.bag_weight_kg,
        bag_tags=tuple(pax.bag_tags),
        is_infant=pax.is_infant,
        traveller_ref=pax.ref,
        segment_start=start,
        segment_end=max(start, pax.seg_end),
        extra=tuple(extra),
    )


def _build_pnr(mapper: _Mapper, pnr: _PnrBuilder) -> Pnr:
    _attach(mapper, pnr)
    locator = pnr.locators[0].split(":", 1)[-1] if pnr.locators else None
    extra = list(pnr.extra)
    extra.extend(("record_locator", loc) for loc in pnr.locators)
    if pnr.history_lines:
        extra.append(("history_lines", str(pnr.history_lines)))
    return Pnr(
        record_locator=locator,
        passengers=tuple(_traveller(mapper, pax, locator) for pax in pnr.passengers),
        itinerary=tuple(pnr.legs),
        cancelled=pnr.cancelled,
        created=pnr.created,
        last_modified=pnr.last_modified,
        booking_office=pnr.booking_office,
        contacts=tuple(dict.fromkeys(pnr.contacts)),
        payments=tuple(dict.fromkeys(pnr.payments)),
        tickets=tuple(dict.fromkeys(pnr.tickets)),
        segment_start=pnr.src.index,
        segment_end=pnr.seg_end,
        extra=tuple(extra),
    )


def map_pnrgov(segments: Sequence[Segment], *, message_date: dt.date | None) -> PnrgovMessage:
    """Map one PNRGOV message (its segments from UNH to UNT) to the shared model, collecting issues."""
    return _Mapper(message_date).run(segments)
