"""Sample lakehouses for the review app's tests, demo and benchmark, written with delta-rs + pyarrow
(no JVM) in the column layout of jobs/schemas.py.

`write_small_lakehouse` writes a handful of hand-made rows that exercise every panel of the app;
`write_synthetic_lakehouse` writes N travellers and M hits vectorised (1 M travellers in seconds).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import write_deltalake

__all__ = ["SMALL_PAXLST", "write_small_lakehouse", "write_synthetic_lakehouse", "write_table"]

TS = pa.timestamp("us", tz="UTC")
S, I32, F64, B, DT = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()

# Column types of the tables the app reads (names and order from jobs/schemas.py).
SCHEMAS: dict[str, pa.Schema] = {
    "raw_messages": pa.schema([("receipt_id", S), ("message_id", S), ("file_name", S), ("received_at", TS),
                               ("size_bytes", pa.int64()), ("content", pa.binary()), ("carrier", S),
                               ("message_type", S), ("message_version", S), ("sender", S), ("status", S),
                               ("error_count", I32), ("warning_count", I32), ("traveller_count", I32), ("run_id", S)]),
    "message_issues": pa.schema([("message_id", S), ("file_name", S), ("carrier", S), ("issue_seq", I32), ("code", S),
                                 ("severity", S), ("message", S), ("segment_index", I32), ("tag", S), ("line", I32),
                                 ("column", I32), ("excerpt", S), ("message_ref", S), ("received_at", TS)]),
    "flights": pa.schema([("flight_key", S), ("carrier", S), ("flight_number", S), ("flight", S), ("origin", S),
                          ("destination", S), ("departure_local", S), ("arrival_local", S), ("origin_tz", S),
                          ("destination_tz", S), ("departure_utc", TS), ("arrival_utc", TS), ("flight_date", DT),
                          ("updated_at", TS)]),
    "travellers": pa.schema([("traveller_key", S), ("identity_key", S), ("flight_key", S), ("source", S), ("role", S),
                             ("surname", S), ("given_names", S), ("date_of_birth", S), ("gender", S),
                             ("nationality", S), ("residence_country", S), ("place_of_birth", S),
                             ("document_type", S), ("document_number", S), ("document_issuing_country", S),
                             ("document_expiry", S), ("booking_ref", S), ("seat", S), ("bag_count", I32),
                             ("status", S), ("message_id", S), ("message_ref", S), ("segment_start", I32),
                             ("segment_end", I32), ("flight_date", DT), ("updated_at", TS)]),
    "traveller_versions": pa.schema([("version_id", S), ("traveller_key", S), ("identity_key", S), ("message_key", S),
                                     ("message_id", S), ("message_ref", S), ("flight_key", S), ("source", S), ("role", S),
                                     ("surname", S), ("given_names", S), ("date_of_birth", S), ("gender", S),
                                     ("nationality", S), ("residence_country", S), ("place_of_birth", S),
                                     ("document_type", S), ("document_number", S), ("document_issuing_country", S),
                                     ("document_expiry", S), ("booking_ref", S), ("seat", S), ("bag_count", I32),
                                     ("pnr_key", S), ("traveller_ref", S), ("documents_json", S), ("segment_start", I32),
                                     ("segment_end", I32), ("sent_at", TS), ("flight_date", DT)]),
    "documents": pa.schema([("traveller_key", S), ("doc_seq", I32), ("doc_type", S), ("number", S),
                            ("issuing_country", S), ("expiry", S), ("issue_date", S), ("source", S), ("flight_date", DT)]),
    "pnr_versions": pa.schema([("version_id", S), ("pnr_key", S), ("record_locator", S), ("flight_key", S),
                               ("message_id", S), ("pushed_at", TS), ("hours_before_departure", F64), ("push_type", S),
                               ("cancelled", B), ("passenger_count", I32), ("content_json", S), ("flight_date", DT)]),
    "api_pnr_links": pa.schema([("flight_key", S), ("api_traveller_key", S), ("pnr_traveller_key", S),
                                ("record_locator", S), ("method", S), ("flight_date", DT)]),
    "watchlist_entries": pa.schema([("entry_id", S), ("list_name", S), ("release_id", S), ("surname", S),
                                    ("given_names", S), ("full_name", S), ("aliases", pa.list_(S)),
                                    ("date_of_birth", S), ("nationality", S), ("gender", S),
                                    ("document_numbers", pa.list_(S)), ("entry_hash", S), ("change", S),
                                    ("loaded_at", TS)]),
    "hits": pa.schema([("hit_id", S), ("traveller_key", S), ("identity_key", S), ("flight_key", S), ("flight", S),
                       ("arrival_utc", TS), ("entry_id", S), ("list_name", S), ("list_release", S), ("score", F64),
                       ("explanation", S), ("features_json", S), ("algorithm", S), ("surname", S),
                       ("given_names", S), ("date_of_birth", S), ("nationality", S), ("document_number", S),
                       ("entry_name", S), ("status", S), ("screened_at", TS), ("flight_date", DT)]),
}


def write_table(
    root: Path, name: str, rows: Sequence[dict[str, Any]] | pa.Table, *, mode: Literal["overwrite", "append"] = "overwrite"
) -> None:
    schema = SCHEMAS[name]
    table = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(list(rows), schema=schema)
    if mode == "append":
        write_deltalake(str(root / name), table, mode="append")
    else:
        write_deltalake(str(root / name), table, mode="overwrite")


SMALL_PAXLST = (
    "UNA:+.? '\n"
    "UNB+UNOA:4+LUFTHANSA+USCBP+261129:1200+1'\n"
    "UNG+PAXLST+LUFTHANSA+USCBP+261129:1200+1+UN+D:05B'\n"
    "UNH+1+PAXLST:D:05B:UN:IATA'\n"
    "BGM+745'\n"
    "NAD+MS+++OPS'\n"
    "TDT+20+LH400+++LH'\n"
    "LOC+125+FRA'\n"
    "DTM+189:2611291000:201'\n"
    "LOC+87+JFK'\n"
    "DTM+232:2611291330:201'\n"
    "NAD+FL+++DOE:JOHN'\n"  # 11: John Doe starts here
    "ATT+2++M'\n"
    "DTM+329:800101'\n"
    "NAT+2+DEU'\n"
    "RFF+AVF:ABC123'\n"
    "DOC+P:110:111+C01X00T47'\n"
    "DTM+36:300101'\n"
    "LOC+91+DEU'\n"  # 18: and ends here
    "NAD+FL+++DOE:JANE'\n"
    "ATT+2++F'\n"
    "DTM+329:820202'\n"
    "NAT+2+DEU'\n"
    "RFF+AVF:ABC123'\n"
    "DOC+P:110:111+C01X00T48'\n"
    "NAD+FL+++O?'BRIEN:PAT'\n"  # 25
    "ATT+2++M'\n"
    "DTM+329:750505'\n"
    "NAT+2+IRL'\n"
    "DOC+P:110:111+PX1234567'\n"
    "CNT+42:3'\n"
    "UNT+30+1'\n"
    "UNE+1+1'\n"
    "UNZ+1+1'\n"
)


def write_small_lakehouse(root: Path, now: datetime) -> dict[str, str]:
    """Three upcoming flights, an arrived one, five hits (one superseded), PNR pushes, a raw PAXLST.
    Returns the ids tests refer to."""
    root.mkdir(parents=True, exist_ok=True)
    now = now.astimezone(UTC).replace(microsecond=0)

    def flight(key: str, carrier: str, number: str, origin: str, dest: str, arrive_in_h: float) -> dict[str, Any]:
        arrival = now + timedelta(hours=arrive_in_h)
        departure = arrival - timedelta(hours=8)
        return {"flight_key": key, "carrier": carrier, "flight_number": number, "flight": f"{carrier}{number}",
                "origin": origin, "destination": dest, "departure_local": departure.strftime("%Y-%m-%dT%H:%M"),
                "arrival_local": arrival.strftime("%Y-%m-%dT%H:%M"), "origin_tz": "Europe/Berlin",
                "destination_tz": "America/New_York", "departure_utc": departure, "arrival_utc": arrival,
                "flight_date": departure.date(), "updated_at": now}

    lh = f"LH|400|FRA|JFK|{(now + timedelta(hours=3) - timedelta(hours=8)).date()}"
    ba = f"BA|117|LHR|JFK|{(now + timedelta(hours=6) - timedelta(hours=8)).date()}"
    af = f"AF|22|CDG|JFK|{(now + timedelta(hours=30) - timedelta(hours=8)).date()}"
    old = f"UA|960|FRA|IAD|{(now - timedelta(hours=13)).date()}"
    flights = [flight(lh, "LH", "400", "FRA", "JFK", 3), flight(ba, "BA", "117", "LHR", "JFK", 6),
               flight(af, "AF", "22", "CDG", "JFK", 30), flight(old, "UA", "960", "FRA", "IAD", -5)]
    write_table(root, "flights", flights)

    msg_lh = "sha-lh400-paxlst"
    msg_pnr1, msg_pnr2 = "sha-lh400-pnr-t72", "sha-lh400-pnr-t24"

    def traveller(key: str, fkey: str, surname: str, given: str, dob: str, nat: str, **extra: Any) -> dict[str, Any]:
        row = {"traveller_key": key, "identity_key": f"id-{surname}-{given}-{dob}".lower(), "flight_key": fkey,
               "source": "PAXLST", "role": "passenger", "surname": surname, "given_names": given,
               "date_of_birth": dob, "gender": "M", "nationality": nat, "residence_country": None,
               "place_of_birth": None, "document_type": "P", "document_number": None,
               "document_issuing_country": nat, "document_expiry": "2030-01-01", "booking_ref": None, "seat": None,
               "bag_count": None, "status": "active", "message_id": msg_lh, "message_ref": "1",
               "segment_start": None, "segment_end": None, "flight_date": date.fromisoformat(fkey[-10:]),
               "updated_at": now}
        row.update(extra)
        return row

    travellers = [
        traveller("t-john", lh, "DOE", "JOHN", "1980-01-01", "DEU", document_number="C01X00T47", booking_ref="ABC123",
                  seat="12A", bag_count=1, segment_start=11, segment_end=18),
        traveller("t-jane", lh, "DOE", "JANE", "1982-02-02", "DEU", gender="F", document_number="C01X00T48",
                  booking_ref="ABC123", seat="12B", segment_start=19, segment_end=24),
        traveller("t-pat", lh, "O'BRIEN", "PAT", "1975-05-05", "IRL", document_number="PX1234567",
                  segment_start=25, segment_end=29),
        traveller("t-john-pnr", lh, "DOE", "JOHN", "1980-01-01", "DEU", source="PNRGOV", booking_ref="ABC123",
                  seat="12A", message_id=msg_pnr2, segment_start=None, segment_end=None),
        traveller("t-ivan", ba, "PETROV", "IVAN", "1970-07-07", "RUS", document_number="7512345678", booking_ref="XYZ789",
                  message_id="sha-ba117"),
        traveller("t-ana", af, "GARCIA", "ANA", "1990-09-09", "ESP", gender="F", document_number="AB1234567",
                  message_id="sha-af22"),
        traveller("t-ali", af, "HASSAN", "ALI", "1985-03-03", "SYR", document_number="N0001111", message_id="sha-af22"),
        traveller("t-old", old, "SMITH", "JOHN", "1960-06-06", "USA", message_id="sha-ua960"),
    ]
    write_table(root, "travellers", travellers)
    version_fields = [n for n in SCHEMAS["traveller_versions"].names if n in travellers[0]]

    def version(t: dict[str, Any], message_id: str, sent_hours_ago: float, **changes: Any) -> dict[str, Any]:
        row = {n: t[n] for n in version_fields}
        row.update(version_id=f"{t['traveller_key']}|{message_id}|0", message_key=f"{message_id}|0", message_id=message_id,
                   pnr_key=f"{t['booking_ref']}|{t['flight_key']}" if t["booking_ref"] else None, traveller_ref=None,
                   documents_json=None, sent_at=now - timedelta(hours=sent_hours_ago), **changes)
        return row

    john, john_pnr = travellers[0], travellers[3]
    write_table(root, "traveller_versions", [
        version(john, "sha-lh400-paxlst-early", 3, seat=None, document_expiry="2029-12-31", segment_start=11, segment_end=17),
        version(john, msg_lh, 1),
        version(john_pnr, msg_pnr1, 72, seat=None),
        version(john_pnr, msg_pnr2, 24),
        version(travellers[1], msg_lh, 1),  # Jane: another person, not in John's history
    ])
    write_table(root, "documents", [
        {"traveller_key": "t-john", "doc_seq": 1, "doc_type": "P", "number": "C01X00T47", "issuing_country": "DEU",
         "expiry": "2030-01-01", "issue_date": "2020-01-02", "source": "PAXLST", "flight_date": travellers[0]["flight_date"]},
        {"traveller_key": "t-john", "doc_seq": 2, "doc_type": "V", "number": "US-VISA-991", "issuing_country": "USA",
         "expiry": "2028-01-01", "issue_date": None, "source": "PAXLST", "flight_date": travellers[0]["flight_date"]},
    ])
    write_table(root, "api_pnr_links", [
        {"flight_key": lh, "api_traveller_key": "t-john", "pnr_traveller_key": "t-john-pnr", "record_locator": "ABC123",
         "method": "booking_ref", "flight_date": travellers[0]["flight_date"]},
    ])
    pnr1 = {"record_locator": "ABC123", "passengers": [{"surname": "DOE", "given_names": "JOHN", "seat": None}],
            "contacts": {"phone": "+49 69 1234"}, "payment": {"type": "CC"}}
    pnr2 = {"record_locator": "ABC123", "passengers": [{"surname": "DOE", "given_names": "JOHN", "seat": "12A"},
                                                        {"surname": "DOE", "given_names": "JANE", "seat": "12B"}],
            "contacts": {"phone": "+49 69 9999"}, "payment": {"type": "CASH"}}
    write_table(root, "pnr_versions", [
        {"version_id": f"ABC123|{lh}|{msg_pnr1}", "pnr_key": f"ABC123|{lh}", "record_locator": "ABC123", "flight_key": lh,
         "message_id": msg_pnr1, "pushed_at": now - timedelta(hours=72), "hours_before_departure": 72.0,
         "push_type": "full", "cancelled": False, "passenger_count": 1, "content_json": json.dumps(pnr1),
         "flight_date": travellers[0]["flight_date"]},
        {"version_id": f"ABC123|{lh}|{msg_pnr2}", "pnr_key": f"ABC123|{lh}", "record_locator": "ABC123", "flight_key": lh,
         "message_id": msg_pnr2, "pushed_at": now - timedelta(hours=24), "hours_before_departure": 24.0,
         "push_type": "full", "cancelled": False, "passenger_count": 2, "content_json": json.dumps(pnr2),
         "flight_date": travellers[0]["flight_date"]},
    ])
    content = SMALL_PAXLST.encode()
    write_table(root, "raw_messages", [
        {"receipt_id": f"r-{msg_lh}", "message_id": msg_lh, "file_name": "LH400_PAXLST.edi", "received_at": now - timedelta(hours=1),
         "size_bytes": len(content), "content": content, "carrier": "LH", "message_type": "PAXLST", "message_version": "D05B",
         "sender": "LUFTHANSA", "status": "loaded", "error_count": 0, "warning_count": 1, "traveller_count": 3, "run_id": "run-1"},
        {"receipt_id": "r-sha-ba117", "message_id": "sha-ba117", "file_name": "BA117_PAXLST.edi",
         "received_at": now - timedelta(hours=2), "size_bytes": 10, "content": b"UNB+UNOA:4'", "carrier": "BA",
         "message_type": "PAXLST", "message_version": "D02B", "sender": "BA", "status": "loaded", "error_count": 1,
         "warning_count": 0, "traveller_count": 1, "run_id": "run-1"},
    ])
    write_table(root, "message_issues", [
        {"message_id": msg_lh, "file_name": "LH400_PAXLST.edi", "carrier": "LH", "issue_seq": 1, "code": "PAX-W-DOC-EXPIRY",
         "severity": "warning", "message": "document expiry missing for one traveller", "segment_index": 24, "tag": "DOC",
         "line": 25, "column": 1, "excerpt": "DOC+P:110:111+C01X00T48", "message_ref": "1", "received_at": now - timedelta(hours=1)},
        {"message_id": "sha-ba117", "file_name": "BA117_PAXLST.edi", "carrier": "BA", "issue_seq": 1, "code": "EDI-E-TRUNCATED",
         "severity": "error", "message": "interchange truncated: BA SECRET ISSUE", "segment_index": 0, "tag": "UNB",
         "line": 1, "column": 1, "excerpt": "UNB+UNOA:4", "message_ref": None, "received_at": now - timedelta(hours=2)},
    ])

    def entry(entry_id: str, list_name: str, surname: str, given: str, dob: str, nat: str, ehash: str) -> dict[str, Any]:
        return {"entry_id": entry_id, "list_name": list_name, "release_id": f"{list_name}-2026-11", "surname": surname,
                "given_names": given, "full_name": f"{given} {surname}", "aliases": [f"{surname} {given}"],
                "date_of_birth": dob, "nationality": nat, "gender": "M", "document_numbers": ["C01X00T47"] if entry_id == "ofac-1" else [],
                "entry_hash": ehash, "change": "unchanged", "loaded_at": now - timedelta(days=1)}

    write_table(root, "watchlist_entries", [
        entry("ofac-1", "ofac_sdn", "DOE", "JOHNNY", "1980-01-01", "DEU", "eh-ofac-1-v1"),
        entry("un-7", "un_sc", "PETROV", "IWAN", "1970", "RUS", "eh-un-7-v1"),
        entry("ofac-2", "ofac_sdn", "GARCIA", "ANNA", "1990-09-09", "ESP", "eh-ofac-2-v1"),
        entry("ofac-3", "ofac_sdn", "HASAN", "ALI", "1985", "SYR", "eh-ofac-3-v1"),
    ])

    def hit(hit_id: str, t: dict[str, Any], entry_id: str, list_name: str, score: float, entry_name: str,
            status: str = "open") -> dict[str, Any]:
        fl = next(f for f in flights if f["flight_key"] == t["flight_key"])
        # The screening job's layout (jobs/screen.py): a list of {name, score, detail}.
        features = [{"name": "name", "score": round(score - 0.02, 2),
                     "detail": f"surname exact, Jaro-Winkler on given names {t['given_names']}~{entry_name.split()[0]}"},
                    {"name": "dob", "score": 1.0, "detail": "same date of birth"},
                    {"name": "nationality", "score": 1.0, "detail": "same country"}]
        return {"hit_id": hit_id, "traveller_key": t["traveller_key"], "identity_key": t["identity_key"],
                "flight_key": t["flight_key"], "flight": fl["flight"], "arrival_utc": fl["arrival_utc"],
                "entry_id": entry_id, "list_name": list_name, "list_release": f"{list_name}-2026-11", "score": score,
                "explanation": f"{t['given_names']} {t['surname']} resembles {entry_name}: surname exact, given names close, same birth date.",
                "features_json": json.dumps(features), "algorithm": "paxpipe-structured-v1", "surname": t["surname"],
                "given_names": t["given_names"], "date_of_birth": t["date_of_birth"], "nationality": t["nationality"],
                "document_number": t["document_number"], "entry_name": entry_name, "status": status,
                "screened_at": now - timedelta(minutes=30), "flight_date": t["flight_date"]}

    by_key = {t["traveller_key"]: t for t in travellers}
    write_table(root, "hits", [
        hit("h-john", by_key["t-john"], "ofac-1", "ofac_sdn", 0.97, "JOHNNY DOE"),
        hit("h-ivan", by_key["t-ivan"], "un-7", "un_sc", 0.88, "IWAN PETROV"),
        hit("h-ana", by_key["t-ana"], "ofac-2", "ofac_sdn", 0.93, "ANNA GARCIA"),
        hit("h-ali", by_key["t-ali"], "ofac-3", "ofac_sdn", 0.86, "ALI HASAN"),
        hit("h-old", by_key["t-old"], "ofac-1", "ofac_sdn", 0.81, "JOHNNY DOE", status="superseded"),
    ])
    return {"lh": lh, "ba": ba, "af": af, "old": old}


# --- synthetic, for the benchmark ------------------------------------------------------------------

SURNAMES = np.array(["SMITH", "MUELLER", "GARCIA", "ROSSI", "DUBOIS", "NOWAK", "SILVA", "KOWALSKI", "IVANOV",
                     "TANAKA", "KIM", "NGUYEN", "OKAFOR", "HANSEN", "JANSEN", "MORENO", "COHEN", "ALI", "KHAN", "LEE"])
GIVEN = np.array(["ANNA", "JOHN", "MARIA", "PETER", "LUCA", "SOFIA", "JAN", "EMMA", "NOAH", "MIA", "ALI", "YUKI"])
COUNTRIES = np.array(["DEU", "FRA", "ESP", "ITA", "POL", "USA", "GBR", "NLD", "TUR", "IND", "BRA", "JPN"])
AIRPORTS = np.array(["FRA", "LHR", "CDG", "AMS", "MAD", "FCO", "IST", "DXB", "JFK", "ORD"])
CARRIERS = np.array(["LH", "BA", "AF", "KL", "IB", "AZ", "TK", "EK", "UA", "AA"])


def _s(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(str), S)


def _keyed(prefix: str, ids: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(pa.array(np.full(len(ids), prefix)), pa.array(ids.astype(str)), "")


def write_synthetic_lakehouse(root: Path, *, travellers: int, hits: int, now: datetime, flights: int | None = None,
                              seed: int = 7) -> None:
    """`travellers` travellers over `flights` flights arriving within the next 72 h, `hits` hits on them."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    n_flights = flights or max(1, travellers // 200)
    now = now.astimezone(UTC).replace(microsecond=0)
    f_ids = np.arange(n_flights)
    carriers = CARRIERS[f_ids % len(CARRIERS)]
    origin = AIRPORTS[f_ids % len(AIRPORTS)]
    dest = AIRPORTS[(f_ids + 3) % len(AIRPORTS)]
    arrival = (np.datetime64(now.replace(tzinfo=None), "us")
               + (rng.uniform(-2, 72, n_flights) * 3600e6).astype("timedelta64[us]"))
    departure = arrival - np.timedelta64(8, "h")
    fdate = departure.astype("datetime64[D]")
    numbers = (f_ids + 100).astype(str)
    flight_code = np.char.add(carriers, numbers)
    flight_key = np.char.add(np.char.add(np.char.add(np.char.add(carriers, "|"), numbers), "|"),
                             np.char.add(np.char.add(np.char.add(origin, "|"), dest), np.char.add("|", fdate.astype(str))))
    arrival_a = pa.array(arrival, pa.timestamp("us")).cast(TS)
    write_table(root, "flights", pa.table({
        "flight_key": _s(flight_key), "carrier": _s(carriers), "flight_number": _s(numbers), "flight": _s(flight_code),
        "origin": _s(origin), "destination": _s(dest), "departure_local": _s(departure.astype("datetime64[m]")),
        "arrival_local": _s(arrival.astype("datetime64[m]")), "origin_tz": pa.nulls(n_flights, S),
        "destination_tz": pa.nulls(n_flights, S), "departure_utc": pa.array(departure, pa.timestamp("us")).cast(TS),
        "arrival_utc": arrival_a, "flight_date": pa.array(fdate, DT),
        "updated_at": pa.array([now] * n_flights, TS)}, schema=SCHEMAS["flights"]))

    t_ids = np.arange(travellers)
    t_flight = t_ids % n_flights
    surname = SURNAMES[rng.integers(0, len(SURNAMES), travellers)]
    given = GIVEN[rng.integers(0, len(GIVEN), travellers)]
    dob = (np.datetime64("1950-01-01") + rng.integers(0, 365 * 55, travellers).astype("timedelta64[D]")).astype(str)
    nat = COUNTRIES[rng.integers(0, len(COUNTRIES), travellers)]
    tkey = _keyed("t", t_ids)
    ikey = _keyed("i", t_ids)
    booking = _keyed("B", t_ids // 2)  # couples share a booking
    nulls = pa.nulls(travellers, S)
    t_table = pa.table({
        "traveller_key": tkey, "identity_key": ikey, "flight_key": _s(flight_key[t_flight]),
        "source": pa.array(np.full(travellers, "PAXLST")), "role": pa.array(np.full(travellers, "passenger")),
        "surname": _s(surname), "given_names": _s(given), "date_of_birth": _s(dob),
        "gender": pa.array(np.where(t_ids % 2 == 0, "M", "F")), "nationality": _s(nat), "residence_country": nulls,
        "place_of_birth": nulls, "document_type": pa.array(np.full(travellers, "P")), "document_number": _keyed("D", t_ids),
        "document_issuing_country": _s(nat), "document_expiry": pa.array(np.full(travellers, "2031-01-01")),
        "booking_ref": booking, "seat": nulls, "bag_count": pa.nulls(travellers, I32),
        "status": pa.array(np.full(travellers, "active")), "message_id": _keyed("m", t_flight),
        "message_ref": nulls, "segment_start": pa.nulls(travellers, I32), "segment_end": pa.nulls(travellers, I32),
        "flight_date": pa.array(fdate[t_flight], DT), "updated_at": pa.array(np.full(travellers, np.datetime64(now.replace(tzinfo=None), "us"))).cast(TS),
    }, schema=SCHEMAS["travellers"])
    write_table(root, "travellers", t_table)
    # One message version per traveller (the history table the detail page reads).
    versions = {name: t_table[name] for name in SCHEMAS["traveller_versions"].names if name in t_table.column_names}
    versions.update(version_id=_keyed("v", t_ids), message_key=_keyed("m", t_flight), pnr_key=nulls, traveller_ref=nulls,
                    documents_json=nulls, sent_at=t_table["updated_at"])
    write_table(root, "traveller_versions", pa.table(versions, schema=SCHEMAS["traveller_versions"]))

    n_entries = 20_000
    e_ids = np.arange(n_entries)
    entry_id = _keyed("E", e_ids)
    write_table(root, "watchlist_entries", pa.table({
        "entry_id": entry_id, "list_name": pa.array(np.where(e_ids % 3 == 0, "un_sc", "ofac_sdn")),
        "release_id": pa.array(np.where(e_ids % 3 == 0, "un_sc-r1", "ofac_sdn-r1")),
        "surname": _s(SURNAMES[e_ids % len(SURNAMES)]), "given_names": _s(GIVEN[e_ids % len(GIVEN)]),
        "full_name": _s(np.char.add(np.char.add(GIVEN[e_ids % len(GIVEN)], " "), SURNAMES[e_ids % len(SURNAMES)])),
        "aliases": pa.array([[]] * n_entries, pa.list_(S)), "date_of_birth": pa.nulls(n_entries, S),
        "nationality": pa.nulls(n_entries, S), "gender": pa.nulls(n_entries, S),
        "document_numbers": pa.array([[]] * n_entries, pa.list_(S)), "entry_hash": _keyed("h", e_ids),
        "change": pa.array(np.full(n_entries, "unchanged")), "loaded_at": pa.array([now] * n_entries, TS),
    }, schema=SCHEMAS["watchlist_entries"]))

    h_t = rng.choice(travellers, size=hits, replace=False)
    h_e = rng.integers(0, n_entries, hits)
    h_list = np.where(h_e % 3 == 0, "un_sc", "ofac_sdn")
    score = np.round(rng.uniform(0.8, 1.0, hits), 3)
    features = pa.array(np.full(hits, json.dumps([{"name": "name", "score": 0.9, "detail": "Jaro-Winkler 0.90"},
                                                  {"name": "dob", "score": 1.0, "detail": "same date of birth"}])))
    write_table(root, "hits", pa.table({
        "hit_id": _keyed("H", np.arange(hits)), "traveller_key": pc.take(tkey, pa.array(h_t)),
        "identity_key": pc.take(ikey, pa.array(h_t)), "flight_key": _s(flight_key[t_flight[h_t]]),
        "flight": _s(flight_code[t_flight[h_t]]), "arrival_utc": pc.take(arrival_a, pa.array(t_flight[h_t])),
        "entry_id": pc.take(entry_id, pa.array(h_e)), "list_name": _s(h_list),
        "list_release": _s(np.char.add(h_list, "-r1")), "score": pa.array(score, F64),
        "explanation": pa.array(np.full(hits, "surname exact, given names close")), "features_json": features,
        "algorithm": pa.array(np.full(hits, "paxpipe-structured-v1")), "surname": _s(surname[h_t]),
        "given_names": _s(given[h_t]), "date_of_birth": _s(dob[h_t]), "nationality": _s(nat[h_t]),
        "document_number": pa.nulls(hits, S), "entry_name": _s(SURNAMES[h_e % len(SURNAMES)]),
        "status": pa.array(np.full(hits, "open")), "screened_at": pa.array([now] * hits, TS),
        "flight_date": pa.array(fdate[t_flight[h_t]], DT),
    }, schema=SCHEMAS["hits"]))
    content = SMALL_PAXLST.encode()
    write_table(root, "raw_messages", pa.table({
        "receipt_id": _keyed("r", f_ids), "message_id": _keyed("m", f_ids), "file_name": _keyed("f", f_ids),
        "received_at": pa.array([now] * n_flights, TS), "size_bytes": pa.array(np.full(n_flights, len(content)), pa.int64()),
        "content": pa.array([content] * n_flights, pa.binary()), "carrier": _s(carriers),
        "message_type": pa.array(np.full(n_flights, "PAXLST")), "message_version": pa.nulls(n_flights, S),
        "sender": pa.nulls(n_flights, S), "status": pa.array(np.full(n_flights, "loaded")),
        "error_count": pa.nulls(n_flights, I32), "warning_count": pa.nulls(n_flights, I32),
        "traveller_count": pa.nulls(n_flights, I32), "run_id": pa.nulls(n_flights, S),
    }, schema=SCHEMAS["raw_messages"]))
