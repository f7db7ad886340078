"""One simulated day: flights, their PNR pushes and API lists, defects, listed persons, the manifest.

Everything derives from one seed through string-seeded ``random.Random`` instances (stable across
processes and Python runs), so the same arguments give byte-identical files.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from paxpipe.simulate.content import ContentDefects
from paxpipe.simulate.defects import encode_file, inject
from paxpipe.simulate.files import EdiFile
from paxpipe.simulate.paxlst import write_paxlst
from paxpipe.simulate.people import LOCALES, pools
from paxpipe.simulate.pnrgov import write_pnrgov
from paxpipe.simulate.schedule import Flight, make_flights
from paxpipe.simulate.traffic import FlightTraffic, Passenger, make_traffic
from paxpipe.simulate.watchlist import (
    WatchlistEntry,
    assign,
    plant,
    read_watchlist,
    synthetic_watchlist,
    write_watchlist,
)

__all__ = ["MANIFEST_NAME", "SimulationResult", "resolve_now", "simulate_day"]

MANIFEST_NAME = "manifest.json"
GENERATOR = "paxpipe-simulate/1"


@dataclass(slots=True)
class SimulationResult:
    out_dir: Path
    files: list[Path]
    manifest_path: Path | None
    flights: int
    travellers: int  # people generated (passengers ever booked + crew)
    seconds: float
    watchlist_path: Path | None = None
    listed: list[dict[str, Any]] = field(default_factory=list)
    _manifest: dict[str, Any] | None = None

    @property
    def manifest(self) -> dict[str, Any]:
        """The ground truth, read back from manifest.json on first use (it can be large)."""
        if self._manifest is None:
            if self.manifest_path is None:
                raise ValueError("the manifest was not written (write_manifest=False)")
            self._manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return self._manifest


def resolve_now(day: date | None, now: datetime | None) -> datetime:
    """``now`` if given; else noon UTC of ``day``; else the current hour (UTC)."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    if day is not None:
        return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def _iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.isoformat()


def _flight_record(flight: Flight) -> dict[str, Any]:
    return {
        "flight_id": flight.flight_id,
        "carrier": flight.carrier.code,
        "number": flight.number,
        "flight": flight.designator,
        "origin": flight.origin.code,
        "destination": flight.destination.code,
        "origin_tz": flight.origin.tz,
        "destination_tz": flight.destination.tz,
        "departure_local": _iso(flight.departure_local),
        "arrival_local": _iso(flight.arrival_local),
        "departure_utc": _iso(flight.departure_utc),
        "arrival_utc": _iso(flight.arrival_utc),
        "equipment": flight.equipment,
        "push_mode": "update" if flight.carrier.update_pushes else "full",
        "api_charset": flight.carrier.charset,
    }


def _traveller_record(traffic: FlightTraffic, person: Any, role: str, pax: Passenger | None,
                      api_status: dict[str, str]) -> dict[str, Any]:
    flight = traffic.flight
    record: dict[str, Any] = {
        "id": person.person_id,
        "flight_id": flight.flight_id,
        "role": role,
        "surname": person.surname.mrz,
        "given_names": person.given_text("mrz"),
        "native_surname": person.surname.native,
        "native_given_names": " ".join(g.native for g in person.given),
        "locale": person.locale,
        "date_of_birth": person.date_of_birth.isoformat(),
        "gender": person.gender,
        "nationality": person.nationality,
        "residence_country": person.residence,
        "document_type": person.doc_type,
        "document_number": person.doc_number,
        "document_issuing_country": person.doc_country,
        "document_expiry": person.doc_expiry.isoformat(),
        "is_infant": person.is_infant,
        "flight": flight.designator,
        "departure_airport": flight.origin.code,
        "arrival_airport": flight.destination.code,
        "departure_date": flight.departure_local.date().isoformat(),
        "booking_ref": pax.booking.locator if pax else None,
        "traveller_ref": pax.ref if pax else None,
        "seat": pax.seat if pax else None,
        "bag_count": pax.bags if pax and pax.bags else None,
        "boarded": pax.boarded if pax else True,
        "api_status": api_status.get(person.person_id, "listed" if (pax is None or pax.boarded) else "not_boarded"),
        "listed_entry": person.listed_entry,
    }
    return record


def _file_record(file: EdiFile, path: Path) -> dict[str, Any]:
    return {
        "name": path.name,
        "kind": file.kind,
        "flight_id": file.flight_id,
        "push": file.push,
        "sent_at": _iso(file.sent_at),
        "charset": file.charset,
        "separators": file.separators,
        "defects": file.defects,
        "messages": [
            {
                "ref": m.ref,
                "document_type": m.document_type,
                "function": m.function,
                "push_type": m.push_type,
                "part": m.part,
                "final": m.final,
                "common_access_ref": m.common_access_ref,
                "segment_count": m.segment_count,
                "cancelled_pnrs": m.cancelled_pnrs,
                "travellers": m.travellers,
            }
            for m in file.messages
        ],
    }


@dataclass(frozen=True, slots=True)
class _FlightJob:
    root: str
    flight: Flight
    out: Path
    today: date
    defect_rate: float
    country: str
    listed: tuple[WatchlistEntry, ...]
    write_manifest: bool


@dataclass(slots=True)
class _FlightOutput:
    paths: list[Path]
    files: list[str]  # manifest records already JSON-encoded: cheap to send back from a worker
    travellers: list[str]
    travellers_count: int
    listed: list[dict[str, Any]]


def _simulate_flight(job: _FlightJob) -> _FlightOutput:
    """Everything about one flight, from its own seeds: the same whether run here or in a worker."""
    flight, root = job.flight, job.root
    key = flight.flight_id
    item = make_traffic(random.Random(f"{root}:traffic:{key}"), flight, f"{key}-", job.today)
    planted = plant(random.Random(f"{root}:plant:{key}"), item, list(job.listed), today=job.today)
    rng = random.Random(f"{root}:write:{key}")
    content = ContentDefects(random.Random(f"{root}:content:{key}"), job.defect_rate / 20)
    byte_rng = random.Random(f"{root}:defects:{key}")
    files = write_pnrgov(item, rng, content, job.country)
    api_files, status = write_paxlst(item, rng, content, job.country)
    files += api_files
    out = _FlightOutput([], [], [], 0, planted)
    for file in files:
        inject(byte_rng, file, job.defect_rate, f"{job.country}{'APIS' if file.kind == 'PAXLST' else 'PNRGOV'}")
        path = job.out / file.name
        path.write_bytes(encode_file(file))
        out.paths.append(path)
        if job.write_manifest:
            out.files.append(_dumps(_file_record(file, path)))
    for booking in item.bookings:
        for pax in booking.passengers:
            out.travellers_count += 1
            if job.write_manifest:
                out.travellers.append(_dumps(_traveller_record(item, pax.person, "passenger", pax, status)))
    for person in item.crew:
        out.travellers_count += 1
        if job.write_manifest:
            out.travellers.append(_dumps(_traveller_record(item, person, "crew", None, status)))
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _single_threaded() -> bool:
    """True when this process has exactly one OS thread (Python's and native threads alike)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _run(jobs: list[_FlightJob], workers: int) -> list[_FlightOutput]:
    if workers <= 1 or len(jobs) < 2 * workers:
        return [_simulate_flight(job) for job in jobs]
    for locale in LOCALES:  # load the name pools once, before the workers fork
        pools(locale)
    # fork shares the loaded pools for free, but forking a process that runs other threads (a Spark
    # gateway, a web server, a test runner's helpers) can deadlock the child on a lock some thread
    # held: then pay for a clean worker start instead.
    context = multiprocessing.get_context("fork" if _single_threaded() else "forkserver")
    with context.Pool(workers) as pool:
        return pool.map(_simulate_flight, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def simulate_day(
    out_dir: Path | str,
    *,
    day: date | None = None,
    now: datetime | None = None,
    flights: int = 50,
    seed: int = 0,
    defect_rate: float = 0.05,
    country: str = "NLD",
    listed: Path | str | None = None,
    listed_count: int = 0,
    watchlist_out: Path | str | None = None,
    write_manifest: bool = True,
    workers: int = 1,
) -> SimulationResult:
    """Generate a day of PAXLST and PNRGOV files into ``out_dir`` (created if needed).

    ``defect_rate`` is the chance that a file gets a byte-level defect; each traveller entry of a file
    gets a content defect with chance ``defect_rate / 20``. ``workers`` > 1 spreads flights over
    processes; the files are the same bytes whatever the number of workers.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    moment = resolve_now(day, now)
    today = moment.date()
    root = f"paxpipe-simulate:{seed}"
    schedule = make_flights(random.Random(f"{root}:schedule"), flights, moment, country)

    watchlist_path: Path | None = None
    entries: list[WatchlistEntry] = []
    if watchlist_out is not None:
        entries = synthetic_watchlist(random.Random(f"{root}:watchlist"), today=today)
        watchlist_path = Path(watchlist_out)
        write_watchlist(watchlist_path, entries)
    if listed is not None:
        entries = read_watchlist(Path(listed))
        if not entries:
            raise ValueError(f"{listed}: no entry with a name (generic CSV: entry_id, surname, given_names, ...)")
    if listed_count > 0 and not entries:
        entries = synthetic_watchlist(random.Random(f"{root}:watchlist"), today=today)
    by_flight = assign(random.Random(f"{root}:plant"), [f.flight_id for f in schedule], entries, listed_count)

    jobs = [
        _FlightJob(root, f, out, today, defect_rate, country, tuple(by_flight.get(f.flight_id, ())), write_manifest)
        for f in schedule
    ]
    results = _run(jobs, workers)
    paths = [p for r in results for p in r.paths]
    planted = [p for r in results for p in r.listed]
    manifest_path: Path | None = None
    if write_manifest:
        manifest_path = out / MANIFEST_NAME
        head: dict[str, Any] = {
            "generator": GENERATOR,
            "seed": seed,
            "now": _iso(moment),
            "receiving_country": country,
            "defect_rate": defect_rate,
            "content_defect_rate": defect_rate / 20,
            "watchlist": str(watchlist_path) if watchlist_path else (str(listed) if listed else None),
            "listed": planted,
            "flights": [_flight_record(f) for f in schedule],
        }
        with manifest_path.open("w", encoding="utf-8") as handle:  # streamed: it can be 200 MB
            handle.write(_dumps(head)[:-1])
            for key, items in (("files", (f for r in results for f in r.files)),
                               ("travellers", (t for r in results for t in r.travellers))):
                handle.write(f', "{key}": [')
                for n, item in enumerate(items):
                    handle.write(f",\n{item}" if n else f"\n{item}")
                handle.write("]")
            handle.write("}\n")
    return SimulationResult(
        out_dir=out,
        files=paths,
        manifest_path=manifest_path,
        flights=len(schedule),
        travellers=sum(r.travellers_count for r in results),
        seconds=time.perf_counter() - started,
        watchlist_path=watchlist_path,
        listed=planted,
    )
