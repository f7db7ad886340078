"""OFAC legacy CSV files: the SDN list (sdn.csv + alt.csv) and the consolidated non-SDN list
(cons_prim.csv + cons_alt.csv), which share one layout.

The files have no header and are Windows-1252; "-0-" means null. Only individuals are loaded: the
screening subjects are people. Dates and places of birth, nationalities, citizenships, document numbers,
gender and weak a.k.a.s live in the free-text Remarks column ("DOB 1962; POB Shati.; Passport 123
(Egypt); nationality Iraq; a.k.a. 'ABU X'") and are parsed out of it here.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from watchlists.loaders.countries import to_alpha3
from watchlists.loaders.errors import WatchlistFormatError
from watchlists.model import DateOfBirth, WatchlistEntry

__all__ = ["LIST_CONS", "LIST_SDN", "ParsedRemarks", "load_ofac", "parse_ofac_date", "parse_remarks"]

LIST_SDN = "OFAC-SDN"
LIST_CONS = "OFAC-CONS"
ENCODING = "cp1252"
NULL = "-0-"
PRIMARY_COLUMNS = 12  # ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
ALT_COLUMNS = 5  # ent_num, alt_num, alt_type, alt_name, alt_remarks

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]* (\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# Identity documents worth screening on; the number runs up to an optional "(Country)".
_DOCUMENT = re.compile(
    r"^(?:alt\. )?(?:Diplomatic Passport|Passport|National ID No\.|Identification Number|Cedula No\.|"
    r"D\.N\.I\.|Personal ID Card|Travel Document Number|Refugee ID Card)\s+([^()]+?)\s*(?:\(([^)]*)\).*)?$"
)
_WEAK_AKA = re.compile(r"^a\.k\.a\.\s+'(.+)'$")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    return None if not text or text == NULL else text


def parse_ofac_date(text: str) -> DateOfBirth | None:
    """One OFAC DOB expression: "12 Apr 1961", "Sep 1938", "1947", "circa 1950", "1984 to 1986",
    "01 Jan 1961 to 31 Dec 1963". None when it is none of those."""
    text = " ".join(text.split()).rstrip(".")
    approximate = False
    if text.lower().startswith("circa "):
        approximate, text = True, text[len("circa ") :]
    if " to " in text:
        start, _, end = text.partition(" to ")
        first, last = parse_ofac_date(start), parse_ofac_date(end)
        if first is None or last is None:
            return None
        first_year, last_year = int(first.value[:4]), int(last.value[:4])
        whole_years = first.value in {f"{first_year}", f"{first_year}-01", f"{first_year}-01-01"} and last.value in {
            f"{last_year}", f"{last_year}-12", f"{last_year}-12-31"}
        if whole_years:  # "01 Jan 1961 to 31 Dec 1963" is the years 1961..1963
            return DateOfBirth(str(first_year), year_to=last_year if last_year != first_year else None,
                               approximate=approximate)
        return DateOfBirth(first.value, year_to=last_year if last_year != first_year else None,
                           approximate=approximate)
    if m := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        return DateOfBirth(f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}", approximate=approximate)
    if m := _MONTH_YEAR.match(text):
        month = _MONTHS.get(m.group(1).lower())
        if month is None:
            return None
        return DateOfBirth(f"{m.group(2)}-{month:02d}", approximate=approximate)
    if m := _YEAR.match(text):
        return DateOfBirth(m.group(1), approximate=approximate)
    return None


@dataclass(slots=True)
class ParsedRemarks:
    dates_of_birth: list[DateOfBirth] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    document_numbers: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    gender: str | None = None


def _add(items: list[str], value: str | None) -> None:
    if value and value not in items:
        items.append(value)


def parse_remarks(remarks: str | None) -> ParsedRemarks:
    """Pull the screening attributes out of an OFAC Remarks text; parts it does not know are ignored
    (the whole text is kept on the entry as ``remarks``)."""
    out = ParsedRemarks()
    if not remarks:
        return out
    for raw in remarks.split(";"):
        part = " ".join(raw.split()).rstrip(".").strip()
        if not part:
            continue
        body = part[len("alt. ") :] if part.startswith("alt. ") else part
        if body.startswith("DOB "):
            dob = parse_ofac_date(body[4:])
            if dob is not None and dob not in out.dates_of_birth:
                out.dates_of_birth.append(dob)
        elif body.startswith("POB "):
            _add(out.places_of_birth, body[4:].strip())
        elif body.startswith(("nationality ", "citizen ")):
            _add(out.nationalities, to_alpha3(body.split(" ", 1)[1]))
        elif body.startswith("Gender "):
            word = body[len("Gender ") :].strip().lower()
            out.gender = {"male": "M", "female": "F"}.get(word, out.gender)
        elif m := _DOCUMENT.match(part):
            _add(out.document_numbers, m.group(1).strip())
        elif m := _WEAK_AKA.match(part):
            _add(out.weak_aliases, m.group(1).strip())
    return out


def _read_rows(path: Path, columns: int) -> Iterator[list[str]]:
    try:
        with path.open(encoding=ENCODING, errors="replace", newline="") as handle:
            for row in csv.reader(handle):
                # The files end with a lone EOF marker (\x1a) line; anything short is not a record.
                if len(row) >= columns and row[0].strip().isdigit():
                    yield row
    except csv.Error as exc:
        raise WatchlistFormatError(f"{path}: not an OFAC CSV file ({exc})") from exc


def _split_name(name: str) -> tuple[str | None, str | None]:
    surname, sep, given = name.partition(",")
    if not sep:
        return None, None
    return surname.strip() or None, given.strip() or None


def _aliases(alt_path: Path | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    if alt_path is None or not alt_path.exists():
        return found
    for row in _read_rows(alt_path, ALT_COLUMNS):
        name = _clean(row[3])
        if name:
            _add(found[row[0].strip()], name)
    return found


def load_ofac(primary: str | Path, alt: str | Path | None = None, *, list_name: str = LIST_SDN) -> list[WatchlistEntry]:
    """Individuals of an OFAC legacy primary file (sdn.csv / cons_prim.csv) with their aliases from the
    alt file beside it (alt.csv / cons_alt.csv), in file order."""
    primary_path = Path(primary)
    aliases = _aliases(Path(alt) if alt is not None else None)
    entries: list[WatchlistEntry] = []
    seen: set[str] = set()
    for row in _read_rows(primary_path, PRIMARY_COLUMNS):
        if (_clean(row[2]) or "").lower() != "individual":
            continue
        entry_id = row[0].strip()
        if entry_id in seen:
            continue  # the consolidated file repeats a few records verbatim
        seen.add(entry_id)
        name = _clean(row[1]) or ""
        surname, given = _split_name(name)
        remarks = _clean(row[11])
        parsed = parse_remarks(remarks)
        programs = tuple(p.strip() for p in (_clean(row[3]) or "").strip("[]").split("] [") if p.strip())
        entries.append(
            WatchlistEntry(
                entry_id=entry_id,
                list_name=list_name,
                surname=surname,
                given_names=given,
                full_name=None if surname else (name or None),  # set only when no "SURNAME, Given" split
                aliases=tuple(a for a in aliases.get(entry_id, ()) if a != name),
                weak_aliases=tuple(parsed.weak_aliases),
                dates_of_birth=tuple(parsed.dates_of_birth),
                nationalities=tuple(parsed.nationalities),
                gender=parsed.gender,
                document_numbers=tuple(parsed.document_numbers),
                places_of_birth=tuple(parsed.places_of_birth),
                programs=programs,
                remarks=remarks,
            )
        )
    return entries
