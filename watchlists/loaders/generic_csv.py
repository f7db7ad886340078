"""The generic CSV for national lists: one header row, UTF-8, one individual a row.

Columns (header names, any order; only entry_id and a name are required): entry_id, list_name, surname,
given_names, full_name (when surname/given names are unknown), aliases (pipe-separated full names),
date_of_birth (YYYY-MM-DD, YYYY-MM or YYYY; empty allowed), nationality (ISO alpha-3, or a country name),
gender (M/F), document_number.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from watchlists.loaders.countries import to_alpha3
from watchlists.loaders.errors import WatchlistFormatError
from watchlists.model import DateOfBirth, WatchlistEntry

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "is_generic_csv_header", "load_generic_csv"]

COLUMNS = ("entry_id", "list_name", "surname", "given_names", "full_name", "aliases", "date_of_birth",
           "nationality", "gender", "document_number")
REQUIRED_COLUMNS = frozenset({"entry_id"})
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_GENDERS = {"m": "M", "male": "M", "f": "F", "female": "F"}


def is_generic_csv_header(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return names >= REQUIRED_COLUMNS and bool(names & {"surname", "given_names", "full_name"})


def _value(row: dict[str, str | None], key: str) -> str | None:
    text = (row.get(key) or "").strip()
    return text or None


def load_generic_csv(path: str | Path, *, list_name: str | None = None) -> list[WatchlistEntry]:
    """Entries of a generic CSV list. ``list_name`` fills rows without one (default: the file's stem).
    Raises WatchlistFormatError naming the line of the first unusable row: a national list is small and
    curated, so a wrong row is fixed at the source rather than loaded half-right."""
    file_path = Path(path)
    default_list = list_name or file_path.stem
    entries: list[WatchlistEntry] = []
    seen: set[tuple[str, str]] = set()
    try:
        with file_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            if not is_generic_csv_header(header):
                raise WatchlistFormatError(
                    f"{path}: header must name entry_id and surname/given_names/full_name, got {header}")
            reader.fieldnames = header
            for row in reader:
                entry = _entry(row, default_list, f"{path}:{reader.line_num}")
                key = (entry.list_name, entry.entry_id)
                if key in seen:
                    raise WatchlistFormatError(f"{path}:{reader.line_num}: duplicate entry_id {entry.entry_id}")
                seen.add(key)
                entries.append(entry)
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(f"{path}: not UTF-8 ({exc})") from exc
    except csv.Error as exc:
        raise WatchlistFormatError(f"{path}: not a CSV file ({exc})") from exc
    return entries


def _entry(row: dict[str, str | None], default_list: str, where: str) -> WatchlistEntry:
    entry_id = _value(row, "entry_id")
    surname, given, full = _value(row, "surname"), _value(row, "given_names"), _value(row, "full_name")
    if not entry_id:
        raise WatchlistFormatError(f"{where}: entry_id is empty")
    if not (surname or given or full):
        raise WatchlistFormatError(f"{where}: entry {entry_id} has no name")
    dob = _value(row, "date_of_birth")
    if dob is not None and not _DATE.match(dob):
        raise WatchlistFormatError(f"{where}: date_of_birth {dob!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    gender_text = _value(row, "gender")
    gender = _GENDERS.get(gender_text.lower()) if gender_text else None
    if gender_text and gender is None:
        raise WatchlistFormatError(f"{where}: gender {gender_text!r} is not M or F")
    aliases = tuple(dict.fromkeys(a.strip() for a in (_value(row, "aliases") or "").split("|") if a.strip()))
    nationality = to_alpha3(_value(row, "nationality"))
    document = _value(row, "document_number")
    return WatchlistEntry(
        entry_id=entry_id,
        list_name=_value(row, "list_name") or default_list,
        surname=surname,
        given_names=given,
        full_name=full,
        aliases=aliases,
        dates_of_birth=(DateOfBirth(dob),) if dob else (),
        nationalities=(nationality,) if nationality else (),
        gender=gender,
        document_numbers=(document,) if document else (),
    )
