"""PNRGOV writer: the pushes of one flight at T-72, T-48, T-24, T-2 h and wheels-up.

Full-push carriers send every active PNR each time (``MSG+:22``; a PNR that disappeared was
cancelled). Update-push carriers send the first push in full, then only the PNRs that changed
(``MSG+:141``), each one whole, and a cancelled PNR as ``SRC`` + ``RCI`` + an empty ``ORG``.
TVL times are local. Names follow AIRIMP (TIF), some carriers glue the title to the given name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from paxpipe.simulate.content import ContentDefects, alpha2
from paxpipe.simulate.edifact import SegmentWriter, Separators, edi_date, edi_time
from paxpipe.simulate.files import EdiFile, Message
from paxpipe.simulate.traffic import PUSH_HOURS, PUSH_LABELS, Booking, FlightTraffic, Passenger

__all__ = ["docs_date", "write_pnrgov"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def docs_date(day: date) -> str:
    """DDMMMYY as SSR DOCS writes dates (12JUL64), independent of the process locale."""
    return f"{day.day:02d}{_MONTHS[day.month - 1]}{day.year % 100:02d}"


def _ddmmyy(moment: datetime | date) -> str:
    return moment.strftime("%d%m%y")


def _title(pax: Passenger) -> str:
    person = pax.person
    if person.is_infant:
        return ""
    age = (pax.booking.created.date() - person.date_of_birth).days // 365
    if age < 12:
        return "MSTR" if person.gender == "M" else "MISS"
    return "MR" if person.gender == "M" else "MRS"


def _tif(w: SegmentWriter, pax: Passenger, glued: bool) -> str:
    person = pax.person
    given = person.given_text("mrz") + (_title(pax) if glued else "")
    kind = "IN" if person.is_infant else "A"
    return w.seg("TIF", person.surname.mrz, (given, kind, pax.ref))


def _docs(w: SegmentWriter, pax: Passenger, carrier: str, defects: ContentDefects,
          entry: dict[str, Any]) -> str:
    person = pax.person
    pid = person.person_id
    dob = docs_date(person.date_of_birth)
    if defects.pick("missing_dob", pid):
        dob = ""
        if not person.is_infant:  # an infant's date of birth also travels in SSR INFT
            entry["date_of_birth"] = None
        defects.mark(entry, "missing_dob")
    country, nationality = person.doc_country, person.nationality
    if defects.pick("alpha2_country", pid):
        country, nationality = alpha2(country), alpha2(nationality)
        entry["nationality"], entry["document_issuing_country"] = nationality, country
        defects.mark(entry, "alpha2_country")
    gender = person.gender + ("I" if person.is_infant else "")
    given = [g.mrz for g in person.given]
    fields = [person.doc_type, country, person.doc_number, nationality, dob, gender,
              docs_date(person.doc_expiry), person.surname.mrz, given[0], " ".join(given[1:])]
    while fields and not fields[-1]:
        fields.pop()
    lead = "/"
    # not on an infant's DOCS: shifted, its MI/FI gender no longer tells it from its adult's
    if not person.is_infant and defects.pick("docs_shifted", pid):
        lead = "//"
        defects.mark(entry, "docs_shifted")
    # an infant's DOCS travels under its adult's reference (gender MI/FI tells them apart)
    owner = pax.infant_of.ref if pax.infant_of is not None else pax.ref
    return w.seg("SSR", ("DOCS", "HK", "1", carrier, "", "", "", "", lead + "/".join(fields)), ("", "", owner))


@dataclass(slots=True)
class _PaxParts:
    """A passenger's segments, built once per flight and reused by every push that carries them."""

    tif: str
    docs: str
    docs_entry: dict[str, Any]  # overrides of the ground truth when the DOCS is transmitted
    docs_defects: list[dict[str, Any]]
    tail: list[str]  # TKT/MON/FOP, or SSR INFT for an infant
    checkin: list[str]  # TRI/TIF/SSD/TBD


def _parts(w: SegmentWriter, pax: Passenger, booking: Booking, flight_dest: str, carrier: str, glued: bool,
           defects: ContentDefects) -> _PaxParts:
    person = pax.person
    tif = _tif(w, pax, glued)
    docs_entry: dict[str, Any] = {}
    before = len(defects.injected)
    docs = _docs(w, pax, carrier, defects, docs_entry)
    docs_defects = defects.injected[before:]
    del defects.injected[before:]  # recorded per push file by the caller, not by take()
    if person.is_infant:
        tail = [w.seg("SSR", ("INFT", "HK", "1", carrier, "", "", "", "",
                              f"{person.surname.mrz}/{person.given_text('mrz')}/{docs_date(person.date_of_birth)}"),
                      ("", "", pax.infant_of.ref if pax.infant_of else pax.ref))]
    else:
        ticket = f"{booking.ticket_base + int(pax.ref.split('.')[0])}"
        tail = [w.seg("TKT", (ticket, "T", "1")), w.seg("MON", ("T", f"{booking.fare}.00", "EUR")),
                w.seg("FOP", ("CC", "", "", "VI", "XXXXXXXXXXXX" + ticket[-4:], "0829"))]
    seq = str(100 + int(person.person_id[-4:]))  # check-in sequence number
    checkin = [w.seg("TRI", None, (seq, "", "", seq)), tif]
    if pax.seat:
        checkin.append(w.seg("SSD", pax.seat, None, None, None, "Y"))
    if pax.bags:
        checkin.append(w.seg("TBD", None, (str(pax.bags), str(pax.bag_weight), "700"), None, None,
                             (carrier, pax.bag_tags[0], "", flight_dest, str(pax.bags))))
    return _PaxParts(tif, docs, docs_entry, docs_defects, tail, checkin)




def _pnr(w: SegmentWriter, booking: Booking, push: int, traffic: FlightTraffic, parts: dict[Any, Any],
         defects: ContentDefects, glued: bool,
         leg: tuple[str, str, str]) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """One PNR (Gr.1 .. Gr.7) as it stands at ``push``: segments, ground-truth entries, content defects.
    ``leg`` = the flight's Gr.5 TVL, APD and check-in DAT."""
    flight = traffic.flight
    carrier = flight.carrier.code
    leg_tvl, leg_apd, checkin_dat = leg
    head = parts.get(booking.locator)
    if head is None:
        created = booking.created
        head = parts[booking.locator] = [
            w.seg("SRC"),
            w.seg("RCI", (carrier, booking.locator, "", _ddmmyy(created), edi_time(created))),
            w.seg("DAT", ("700", _ddmmyy(created), edi_time(created))),
            w.seg("ORG", (carrier, booking.office), (str(booking.ticket_base)[:8], booking.office)),
            w.seg("IFT", ("4", "28", "", carrier), f"CTCE {booking.email}"),
            w.seg("IFT", ("4", "28", "", carrier), f"CTCM {booking.phone}"),
        ]
    segs = head[:4]
    present = [p for p in booking.passengers if p.present(push)]
    entries: list[dict[str, Any]] = []
    injected: list[dict[str, Any]] = []
    for n, pax in enumerate(present):
        person = pax.person
        part = parts.get(person.person_id)
        if part is None:
            part = parts[person.person_id] = _parts(w, pax, booking, flight.destination.code, carrier, glued,
                                                    defects)
        entry: dict[str, Any] = {"id": person.person_id}
        segs.append(part.tif)
        if n == 0:  # contacts travel with the first passenger
            segs += head[4:]
        if push >= pax.docs_from:
            segs.append(part.docs)
            entry.update(part.docs_entry)
            injected += part.docs_defects
        else:
            entry["docs"] = False  # see paxpipe.simulate.truth for what that leaves out
        segs += part.tail
        if pax.seat and push < pax.seat_from:
            entry["seat"] = None  # not assigned yet at this push
        entries.append(entry)
    adults = [p for p in present if not p.person.is_infant]
    rpi = parts.get(len(adults))
    if rpi is None:
        rpi = parts[len(adults)] = w.seg("RPI", str(len(adults)), "HK")
    segs += [leg_tvl, rpi, leg_apd]
    seated = [p for p in adults if p.seat and push >= p.seat_from]
    if seated:
        segs.append(w.seg("SSR", ("SEAT", "HK", str(len(seated)), carrier, "", "", flight.origin.code,
                                  flight.destination.code), *[(p.seat or "", "", p.ref) for p in seated]))
    checked = [p for p in present if push >= p.checked_in]
    if checked:
        segs.append(checkin_dat)
        for pax in checked:
            segs += parts[pax.person.person_id].checkin
    return segs, entries, injected


def write_pnrgov(traffic: FlightTraffic, rng: random.Random, defects: ContentDefects, country: str) -> list[EdiFile]:
    """One file per push (five per flight)."""
    flight = traffic.flight
    carrier = flight.carrier
    seps = Separators.from_una(carrier.pnr_separators)
    w = SegmentWriter(seps)
    dep, arr = flight.departure_local, flight.arrival_local
    car = f"{flight.designator}/{dep:%d%m%y}/{dep:%H%M}"
    major, minor = carrier.pnr_version.split(":")
    files: list[EdiFile] = []
    checkin_at = flight.departure_local - timedelta(hours=PUSH_HOURS[3] + 1)
    leg = (w.seg("TVL", (_ddmmyy(dep), edi_time(dep), _ddmmyy(arr), edi_time(arr)), flight.origin.code,
                 flight.destination.code, carrier.code, (flight.number, "Y")), w.seg("APD", flight.equipment),
           w.seg("DAT", ("2", _ddmmyy(checkin_at), edi_time(checkin_at))))
    parts: dict[Any, Any] = {}  # person id → _PaxParts, locator → PNR header segments, count → RPI
    # A PNR that did not change since the previous push is sent again byte for byte (with the same
    # content defects: a wrong value stays wrong until someone edits the booking).
    cache: dict[str, tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for push, hours in enumerate(PUSH_HOURS):
        repeated: list[dict[str, Any]] = []
        sent = flight.departure_utc - timedelta(hours=hours) + timedelta(minutes=rng.randrange(0, 15) if hours == 0 else 0)
        update = carrier.update_pushes and push > 0
        if update:
            chosen = [b for b in traffic.bookings if b.changed_at(push) and b.created_push <= push]
        else:
            chosen = [b for b in traffic.bookings if b.present(push)]
        header: list[str] = [
            w.seg("MSG", ("", "141" if update else "22")),
            w.seg("ORG", (carrier.code, flight.origin.code)),
            w.seg("TVL", (_ddmmyy(dep), edi_time(dep), _ddmmyy(arr), edi_time(arr)), flight.origin.code,
                  flight.destination.code, carrier.code, flight.number),
            w.seg("EQN", str(len(chosen))),  # PNRs in the whole push, whatever the number of messages
        ]
        blocks: list[tuple[list[str], list[dict[str, Any]], str | None]] = []
        for booking in chosen:
            if not booking.present(push):  # cancelled since the previous push
                blocks.append(([w.seg("SRC"), w.seg("RCI", (carrier.code, booking.locator)), w.seg("ORG")], [],
                               booking.locator))
                continue
            cached = cache.get(booking.locator)
            if cached is None or booking.changed_at(push):
                cached = cache[booking.locator] = _pnr(w, booking, push, traffic, parts, defects,
                                                       carrier.title_glued, leg)
            segs, entries, injected = cached
            repeated += injected
            blocks.append((segs, entries, None))
        # a large push is split over several messages (01:C, 02, ..., nn:F), each with the header
        size = carrier.pnr_part_size or len(blocks) or 1
        chunks = [blocks[i:i + size] for i in range(0, len(blocks), size)] or [[]]
        msg: list[str] = []
        metas: list[Message] = []
        for n, chunk in enumerate(chunks, start=1):
            ref = f"{flight.number}{sent:%d%H}{push}{n:02d}"
            final = n == len(chunks)
            s010 = ("01", "F") if len(chunks) == 1 else (f"{n:02d}", "F" if final else "C" if n == 1 else "")
            meta = Message(ref=ref, kind="PNRGOV", part=n, final=final, common_access_ref=car,
                           push_type="141" if update else "22")
            body = list(header)
            for segs, entries, cancelled in chunk:
                body += segs
                meta.travellers += entries
                if cancelled:
                    meta.cancelled_pnrs.append(cancelled)
            meta.segment_count = len(body) + 2
            msg += [w.seg("UNH", ref, ("PNRGOV", major, minor, "IA"), car, s010), *body,
                    w.seg("UNT", str(meta.segment_count), ref)]
            metas.append(meta)
        icr = str(rng.randrange(10**9, 10**10))
        gref = str(rng.randrange(1, 10**6))
        stamp = (edi_date(sent), edi_time(sent))
        segs = [
            w.seg("UNB", ("IATA", "1"), carrier.code, f"{country}PNRGOV", stamp, icr, None, "PNRGOV"),
            w.seg("UNG", "PNRGOV", carrier.code, f"{country}PNRGOV", stamp, gref, "IA", (major, minor)),
            *msg,
            w.seg("UNE", str(len(metas)), gref),
            w.seg("UNZ", "1", icr),
        ]
        sep = "" if carrier.one_line else "\n"
        label = PUSH_LABELS[push]
        files.append(EdiFile(
            name=f"{sent:%Y%m%dT%H%M}_{flight.designator}_{dep:%Y%m%d}_PNRGOV_{label}.edi",
            kind="PNRGOV", flight_id=flight.flight_id, push=label, sent_at=sent, charset="IATA",
            separators=carrier.pnr_separators, text=seps.una + sep + sep.join(segs) + sep, messages=metas,
            defects=[dict(d) for d in repeated],
        ))
    return files
