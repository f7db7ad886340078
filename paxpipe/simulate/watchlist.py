"""Synthetic watchlists (generic CSV) and listed persons planted among the travellers.

A planted person travels under the name an airline would transmit for them: MRZ-transliterated, and
with one or two realistic variations (a typo, surname and given names swapped, a missing middle name,
an alias instead of the primary name, a date of birth one day off or only the year known on the
list). The manifest records which traveller is which entry and what was varied, so screening recall
can be measured exactly.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from paxpipe.simulate.people import LOCALES, NamePart, make_person, mrz_name
from paxpipe.simulate.traffic import FlightTraffic

__all__ = [
    "COLUMNS",
    "VARIATIONS",
    "WatchlistEntry",
    "assign",
    "plant",
    "read_watchlist",
    "synthetic_watchlist",
    "write_watchlist",
]

COLUMNS = ("entry_id", "list_name", "surname", "given_names", "full_name", "aliases", "date_of_birth",
           "nationality", "gender", "document_number")
VARIATIONS = ("typo", "swapped_order", "missing_middle", "alias", "dob_off_by_one")
LIST_NAME = "PAXPIPE-SYNTHETIC"


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    entry_id: str
    list_name: str
    surname: str
    given_names: str
    full_name: str
    aliases: tuple[str, ...]
    date_of_birth: str  # YYYY-MM-DD, YYYY-MM, YYYY or ""
    nationality: str
    gender: str
    document_number: str


def synthetic_watchlist(rng: random.Random, *, today: date, size: int = 300) -> list[WatchlistEntry]:
    """``size`` fictitious individuals from every locale, some with aliases, partial dates, documents."""
    codes = sorted(LOCALES)
    entries = []
    for n in range(size):
        locale = rng.choice(codes)
        person = make_person(rng, f"W{n}", locale, today=today, age=rng.randrange(20, 70))
        given = " ".join(g.native for g in person.given)
        aliases = []
        if rng.random() < 0.4:
            other = make_person(rng, f"W{n}a", locale, today=today, gender=person.gender)
            aliases.append(f"{other.given[0].native} {person.surname.native}")
        if rng.random() < 0.15:
            aliases.append(f"{person.given[0].native} {make_person(rng, 'x', locale, today=today).surname.native}")
        roll = rng.random()
        dob = person.date_of_birth.isoformat() if roll < 0.7 else str(person.date_of_birth.year) if roll < 0.9 else ""
        entries.append(WatchlistEntry(
            entry_id=f"SYN-{n + 1:05d}",
            list_name=LIST_NAME,
            surname=person.surname.native,
            given_names=given,
            full_name=f"{given} {person.surname.native}",
            aliases=tuple(aliases),
            date_of_birth=dob,
            nationality=person.nationality if rng.random() < 0.85 else "",
            gender=person.gender if rng.random() < 0.9 else "",
            document_number=person.doc_number if rng.random() < 0.3 else "",
        ))
    return entries


def write_watchlist(path: Path, entries: list[WatchlistEntry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for e in entries:
            writer.writerow([e.entry_id, e.list_name, e.surname, e.given_names, e.full_name, "|".join(e.aliases),
                             e.date_of_birth, e.nationality, e.gender, e.document_number])


def read_watchlist(path: Path) -> list[WatchlistEntry]:
    """Individuals of a generic CSV list (see docs/simulate.md for the columns); rows without a name skipped."""
    entries = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            surname, given, full = row.get("surname", ""), row.get("given_names", ""), row.get("full_name", "")
            if not surname and full:
                *first, last = full.split() or [""]
                surname, given = last, " ".join(first)
            if not mrz_name(surname) and not mrz_name(given):
                continue
            entries.append(WatchlistEntry(
                entry_id=row.get("entry_id", ""),
                list_name=row.get("list_name", "") or path.stem,
                surname=surname,
                given_names=given,
                full_name=full or f"{given} {surname}".strip(),
                aliases=tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip()),
                date_of_birth=row.get("date_of_birth", ""),
                nationality=row.get("nationality", "").upper(),
                gender=row.get("gender", "").upper()[:1],
                document_number=row.get("document_number", ""),
            ))
    return entries


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.4:  # a letter dropped
        return text[:i] + text[i + 1:]
    if kind < 0.7 and i + 1 < len(text) and text[i + 1].isalpha():  # two letters swapped
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice("AEIOUNRST".replace(text[i], "")) + text[i + 1:]


def _dob(rng: random.Random, text: str, today: date) -> tuple[date, list[str]]:
    parts = [int(p) for p in text.split("-") if p.isdigit()]
    if len(parts) == 3:
        return date(*parts), []
    if len(parts) == 2:
        return date(parts[0], parts[1], rng.randrange(1, 29)), ["dob_month_only_on_list"]
    if len(parts) == 1:
        return date(parts[0], 1, 1) + timedelta(days=rng.randrange(365)), ["dob_year_only_on_list"]
    return today - timedelta(days=365 * rng.randrange(25, 60) + rng.randrange(365)), ["no_dob_on_list"]


def assign(rng: random.Random, flight_ids: list[str], entries: list[WatchlistEntry],
           count: int) -> dict[str, list[WatchlistEntry]]:
    """Which entries travel on which flight: ``count`` distinct entries, each on a random flight."""
    chosen = rng.sample(entries, min(count, len(entries))) if flight_ids else []
    out: dict[str, list[WatchlistEntry]] = {}
    for entry in chosen:
        out.setdefault(rng.choice(flight_ids), []).append(entry)
    return out


def plant(rng: random.Random, traffic: FlightTraffic, entries: list[WatchlistEntry],
          *, today: date) -> list[dict[str, Any]]:
    """Turn boarded adult passengers of one flight into the listed persons ``entries``; returns the
    manifest records (fewer than ``entries`` only if the flight has too few passengers)."""
    candidates = [p for b in traffic.bookings for p in b.passengers
                  if p.boarded and not p.person.is_infant and p.infant_of is None]
    count = min(len(entries), len(candidates))
    if count <= 0:
        return []
    chosen = rng.sample(candidates, count)
    records = []
    for pax, entry in zip(chosen, entries[:count], strict=True):
        person = pax.person
        variations = rng.sample(VARIATIONS, 1 if rng.random() < 0.6 else 2)
        surname, given = entry.surname, entry.given_names
        if "alias" in variations:
            if entry.aliases:
                *first, surname = rng.choice(entry.aliases).split() or [surname]
                given = " ".join(first)
            else:
                variations.remove("alias")
        given_parts = given.split()
        if "missing_middle" in variations:
            if len(given_parts) > 1:
                given_parts = given_parts[:1]
            else:
                variations.remove("missing_middle")
        if "typo" in variations:
            surname = _typo(rng, mrz_name(surname))
        if "swapped_order" in variations and given_parts:
            surname, given_parts = " ".join(given_parts), surname.split()
        dob, notes = _dob(rng, entry.date_of_birth, today)
        if "dob_off_by_one" in variations:
            dob = dob + timedelta(days=rng.choice((-1, 1)))
        person.surname = NamePart.of(surname)
        person.given = tuple(NamePart.of(g) for g in given_parts) or person.given
        person.date_of_birth = dob
        if entry.gender in {"M", "F"}:
            person.gender = entry.gender
        if len(entry.nationality) == 3:
            person.nationality = person.doc_country = entry.nationality
        if entry.document_number and rng.random() < 0.5:
            person.doc_number = entry.document_number.replace(" ", "").upper()
        person.listed_entry = entry.entry_id
        records.append({
            "traveller": person.person_id,
            "flight_id": traffic.flight.flight_id,
            "booking_ref": pax.booking.locator,
            "entry_id": entry.entry_id,
            "list_name": entry.list_name,
            "variations": ["mrz_transliteration", *variations, *notes],
            "transmitted": {"surname": person.surname.mrz, "given_names": person.given_text("mrz"),
                            "date_of_birth": dob.isoformat()},
            "listed": {"surname": entry.surname, "given_names": entry.given_names,
                       "date_of_birth": entry.date_of_birth},
        })
    return records
