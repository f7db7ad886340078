"""PAXLST writer: the passenger and crew lists a carrier sends at wheels-up, and later corrections.

One flight yields: a passenger list (BGM+745), split into a multi-part set (UNH S010 ``01:C`` ..
``nn:F``, common access reference ``KL0602/261129/1310``) when longer than the carrier's part size,
with every part in one interchange or, for some carriers, each part in its own file; a crew list
(BGM+250+C); sometimes a change message (BGM+745+CP) correcting travellers' documents, and now and
then a cancellation (BGM+745+XR) for a traveller offloaded after the list was sent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from paxpipe.simulate.content import ContentDefects, alpha2
from paxpipe.simulate.edifact import SegmentWriter, Separators, edi_date, edi_time
from paxpipe.simulate.files import EdiFile, Message
from paxpipe.simulate.people import Person
from paxpipe.simulate.schedule import Flight
from paxpipe.simulate.traffic import FlightTraffic, Passenger

__all__ = ["write_paxlst"]


def _names(person: Person, form: str) -> tuple[str, str, str]:
    surname = person.surname_text(form)
    given = [getattr(g, form) for g in person.given]
    return surname, given[0] if given else "", " ".join(given[1:])


def _name_override(person: Person, form: str) -> dict[str, Any]:
    """The names as this carrier transmits them, where they differ from the MRZ form."""
    if form == "mrz":
        return {}
    out: dict[str, Any] = {}
    surname = person.surname_text(form)
    if surname != person.surname.mrz:
        out["surname"] = surname
    given = person.given_text(form)
    if given != person.given_text("mrz"):
        out["given_names"] = given
    return out


@dataclass(slots=True)
class _Context:
    flight: Flight
    writer: SegmentWriter
    form: str
    defects: ContentDefects
    doc_typos: dict[str, str]  # person id → mistyped document number sent in the first list
    constant: dict[str, Any] = field(default_factory=dict)  # segments every traveller of the flight shares

    def __post_init__(self) -> None:
        w, f = self.writer, self.flight
        self.constant.update({g: w.seg("ATT", "2", None, g) for g in "MF"})
        self.constant["legs"] = [w.seg("LOC", "178", f.origin.code), w.seg("LOC", "179", f.destination.code)]


def _header(ctx: _Context, bgm: tuple[str, ...], tn: str | None = None) -> list[str]:
    f, w = ctx.flight, ctx.writer
    segs = [w.seg("BGM", *bgm)]
    if tn:
        segs.append(w.seg("RFF", ("TN", tn, "", "", "2")))
    segs += [
        w.seg("NAD", "MS", None, None, f"{f.carrier.name.upper()} APIS DESK"),
        w.seg("COM", ("3120" + f.number + "000", "TE")),
        w.seg("TDT", "20", f.designator, None, None, f.carrier.code),
        w.seg("LOC", "125", f.origin.code),
        w.seg("DTM", ("189", f.departure_local.strftime("%y%m%d%H%M"), "201")),
        w.seg("LOC", "87", f.destination.code),
        w.seg("DTM", ("232", f.arrival_local.strftime("%y%m%d%H%M"), "201")),
    ]
    return segs


def _traveller(ctx: _Context, person: Person, qualifier: str, pax: Passenger | None,
               typo: bool = False) -> tuple[list[str], dict[str, Any]]:
    w, f = ctx.writer, ctx.flight
    surname, first, middle = _names(person, ctx.form)
    entry: dict[str, Any] = {"id": person.person_id, **_name_override(person, ctx.form)}
    segs = [w.seg("NAD", qualifier, None, None, (surname, first, middle)), ctx.constant[person.gender]]
    if ctx.defects.pick("missing_dob", person.person_id):
        entry["date_of_birth"] = None
        ctx.defects.mark(entry, "missing_dob")
    else:
        segs.append(w.seg("DTM", ("329", edi_date(person.date_of_birth))))
    if pax is not None and pax.bags:
        segs.append(w.seg("MEA", "CT", None, str(pax.bags)))
        segs.append(w.seg("MEA", "WT", None, ("KGM", str(pax.bag_weight))))
        segs += [w.seg("FTX", "BAG", None, None, f"{f.carrier.code}{tag}") for tag in pax.bag_tags]
    segs += ctx.constant["legs"]
    if person.residence != person.nationality:
        segs.append(w.seg("LOC", "174", person.residence))
    nationality = person.nationality
    if ctx.defects.pick("alpha2_country", person.person_id):
        nationality = alpha2(nationality)
        entry["nationality"] = nationality
        ctx.defects.mark(entry, "alpha2_country")
    segs.append(w.seg("NAT", "2", nationality))
    if pax is not None:
        segs.append(w.seg("RFF", ("AVF", pax.booking.locator)))
        if pax.seat:
            segs.append(w.seg("RFF", ("SEA", pax.seat)))
    number = person.doc_number
    if typo:
        number = ctx.doc_typos[person.person_id]
        entry["document_number"] = number
    if ctx.defects.pick("doc_without_type", person.person_id):
        segs.append(w.seg("DOC", None, number))
        entry["document_type"] = None
        ctx.defects.mark(entry, "doc_without_type")
    else:
        segs.append(w.seg("DOC", (person.doc_type, "110", "111"), number))
    segs += [w.seg("DTM", ("36", edi_date(person.doc_expiry))), w.seg("LOC", "91", person.doc_country)]
    return segs, entry


def _message(ctx: _Context, ref: str, header: list[str], body: list[list[str]], trailer: list[str],
             version: str, car: str | None, s010: str | None) -> tuple[list[str], int]:
    w = ctx.writer
    unh = w.seg("UNH", ref, ("PAXLST", "D", version[1:], "UN", "IATA"), car, s010.split(":") if s010 else None)
    segs = [unh, *header]
    for block in body:
        segs += block
    segs += trailer
    count = len(segs) + 1
    segs.append(w.seg("UNT", str(count), ref))
    return segs, count


def _interchange(ctx: _Context, rng: random.Random, sent_at: datetime, messages: list[list[str]],
                 one_line: bool, country: str) -> str:
    f, w = ctx.flight, ctx.writer
    carrier = f.carrier
    icr = str(rng.randrange(10**8, 10**9))
    gref = str(rng.randrange(1, 10**6))
    stamp = (edi_date(sent_at), edi_time(sent_at))
    segs = [
        w.seg("UNB", (carrier.charset, "4"), (f"{carrier.code}APIS", "ZZ"), (f"{country}APIS", "ZZ"), stamp, icr,
              None, "APIS"),
        w.seg("UNG", "PAXLST", (f"{carrier.code}APIS", "ZZ"), (f"{country}APIS", "ZZ"), stamp, gref, "UN",
              ("D", ctx.flight.carrier.api_version[1:])),
    ]
    for message in messages:
        segs += message
    segs += [w.seg("UNE", str(len(messages)), gref), w.seg("UNZ", "1", icr)]
    sep = "" if one_line else "\n"
    return w.seps.una + sep + sep.join(segs) + sep


def write_paxlst(traffic: FlightTraffic, rng: random.Random, defects: ContentDefects,
                 country: str) -> tuple[list[EdiFile], dict[str, str]]:
    """The PAXLST files of one flight, and the travellers whose API status changed (id → status)."""
    flight = traffic.flight
    carrier = flight.carrier
    seps = Separators.from_una(carrier.separators)
    form = "unoc" if carrier.charset == "UNOC" else "punct" if carrier.punctuation else "mrz"
    ctx = _Context(flight, SegmentWriter(seps), form, defects, {})
    version = carrier.api_version
    car = f"{flight.designator}/{flight.departure_local:%y%m%d}/{flight.departure_local:%H%M}"
    sent = flight.departure_utc + timedelta(minutes=rng.randrange(3, 20))
    files: list[EdiFile] = []
    status: dict[str, str] = {}
    boarded = traffic.boarded

    # A few carriers correct mistyped document numbers after the first list (BGM+745+CP).
    changed: list[Passenger] = []
    if boarded and rng.random() < 0.15:
        changed = rng.sample(boarded, min(len(boarded), rng.randrange(1, 4)))
        for pax in changed:
            number = pax.person.doc_number
            i = rng.randrange(len(number))
            ctx.doc_typos[pax.person.person_id] = number[:i] + rng.choice("0123456789") + number[i + 1:]
    typo_ids = set(ctx.doc_typos)

    def _file(push: str, at: datetime, ordinal: int, msgs: list[tuple[list[str], Message]]) -> EdiFile:
        text = _interchange(ctx, rng, at, [m for m, _ in msgs], carrier.one_line, country)
        name = f"{at:%Y%m%dT%H%M}_{flight.designator}_{flight.departure_local:%Y%m%d}_PAXLST_{push}_{ordinal:02d}.edi"
        return EdiFile(name=name, kind="PAXLST", flight_id=flight.flight_id, push=push, sent_at=at,
                       charset=carrier.charset, separators=carrier.separators, text=text,
                       messages=[meta for _, meta in msgs],
                       defects=defects.take({e["id"] for _, meta in msgs for e in meta.travellers}))

    # passenger list, split into parts
    blocks = [_traveller(ctx, p.person, "FL", p, typo=p.person.person_id in typo_ids) for p in boarded]
    total = len(blocks)
    chunks = [blocks[i:i + carrier.part_size] for i in range(0, total, carrier.part_size)] or [[]]
    msgs: list[tuple[list[str], Message]] = []
    for n, chunk in enumerate(chunks, start=1):
        final = n == len(chunks)
        s010 = f"{n:02d}:F" if final else f"{n:02d}:C" if n == 1 else f"{n:02d}"
        ref = f"{flight.number}{sent:%d%H%M}{n:02d}"
        segs, count = _message(ctx, ref, _header(ctx, ("745",)), [b for b, _ in chunk],
                               [ctx.writer.seg("CNT", ("42", str(total)))], version, car, s010)
        meta = Message(ref=ref, kind="PAXLST", document_type="745", part=n, final=final, common_access_ref=car,
                       travellers=[e for _, e in chunk], segment_count=count)
        msgs.append((segs, meta))
    if carrier.split_files and len(msgs) > 1:
        order = list(range(len(msgs)))
        rng.shuffle(order)  # parts arrive out of order, each in its own interchange
        for k, i in enumerate(order):
            files.append(_file("API", sent + timedelta(seconds=20 * k), i + 1, [msgs[i]]))
    else:
        files.append(_file("API", sent, 1, msgs))

    # crew list
    crew_blocks = [_traveller(ctx, person, "FM", None) for person in traffic.crew]
    ref = f"{flight.number}{sent:%d%H%M}C1"
    segs, count = _message(ctx, ref, _header(ctx, ("250", "C")), [b for b, _ in crew_blocks],
                           [ctx.writer.seg("CNT", ("41", str(len(crew_blocks))))], version, car, "01:F")
    crew_meta = Message(ref=ref, kind="PAXLST", document_type="250", function="C", part=1, common_access_ref=car,
                        travellers=[e for _, e in crew_blocks], segment_count=count)
    for entry in crew_meta.travellers:
        entry["role"] = "crew"
    files.append(_file("API-CREW", sent + timedelta(minutes=1), 1, [(segs, crew_meta)]))

    # corrections and cancellations
    if changed:
        at = sent + timedelta(minutes=rng.randrange(10, 40))
        blocks = [_traveller(ctx, p.person, "FL", p) for p in changed]
        ref = f"{flight.number}{at:%d%H%M}CP"
        # a change or cancellation message counts the travellers it carries, not the flight
        segs, count = _message(ctx, ref, _header(ctx, ("745", "CP"), tn=ref), [b for b, _ in blocks],
                               [ctx.writer.seg("CNT", ("42", str(len(blocks))))], version, car, "01:F")
        meta = Message(ref=ref, kind="PAXLST", document_type="745", function="CP", part=1, common_access_ref=car,
                       travellers=[e for _, e in blocks], segment_count=count)
        files.append(_file("API-CHANGE", at, 1, [(segs, meta)]))
        for pax in changed:
            status[pax.person.person_id] = "changed"
    if boarded and rng.random() < 0.05:
        at = sent + timedelta(minutes=rng.randrange(5, 30))
        pax = rng.choice(boarded)
        block, entry = _traveller(ctx, pax.person, "FL", pax, typo=pax.person.person_id in typo_ids)
        ref = f"{flight.number}{at:%d%H%M}XR"
        segs, count = _message(ctx, ref, _header(ctx, ("745", "XR"), tn=ref), [block],
                               [ctx.writer.seg("CNT", ("42", "1"))], version, car, "01:F")
        meta = Message(ref=ref, kind="PAXLST", document_type="745", function="XR", part=1, common_access_ref=car,
                       travellers=[entry], segment_count=count)
        files.append(_file("API-CANCEL", at, 1, [(segs, meta)]))
        status[pax.person.person_id] = "cancelled"
    return files, status
