"""Watchlist loaders: every supported list format → ``list[WatchlistEntry]`` (individuals only).

``load_watchlist(path)`` detects the format: a folder holding sdn.csv (+ alt.csv) or cons_prim.csv
(+ cons_alt.csv) or one UN XML / generic CSV file; or one of those files itself.
"""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path

from watchlists.loaders.errors import WatchlistFormatError
from watchlists.loaders.generic_csv import is_generic_csv_header, load_generic_csv
from watchlists.loaders.ofac import LIST_CONS, LIST_SDN, load_ofac
from watchlists.loaders.un import LIST_UN, load_un_xml
from watchlists.model import WatchlistEntry

__all__ = [
    "LIST_CONS",
    "LIST_SDN",
    "LIST_UN",
    "ListFormat",
    "WatchlistFormatError",
    "detect_format",
    "load_watchlist",
]


class ListFormat(StrEnum):
    OFAC_SDN = "ofac-sdn"
    OFAC_CONS = "ofac-cons"
    UN_XML = "un-xml"
    GENERIC_CSV = "generic-csv"


# Primary file name → (format, alt file name beside it).
_OFAC_FILES: dict[str, tuple[ListFormat, str]] = {
    "sdn.csv": (ListFormat.OFAC_SDN, "alt.csv"),
    "cons_prim.csv": (ListFormat.OFAC_CONS, "cons_alt.csv"),
}


def _primary_file(folder: Path) -> Path:
    for name in _OFAC_FILES:
        for candidate in (folder / name, folder / name.upper()):
            if candidate.is_file():
                return candidate
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in {".xml", ".csv"})
    if len(files) == 1:
        return files[0]
    raise WatchlistFormatError(
        f"{folder}: expected sdn.csv, cons_prim.csv, or exactly one .xml/.csv list file, found "
        f"{[p.name for p in files]}")


def _sniff(path: Path) -> ListFormat:
    head = path.read_bytes()[:4096]
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        if b"CONSOLIDATED_LIST" in head:
            return ListFormat.UN_XML
        raise WatchlistFormatError(f"{path}: XML but not a UN consolidated list")
    text = head.decode("utf-8-sig", errors="replace")
    first = next(csv.reader(text.splitlines()[:1]), [])
    if is_generic_csv_header(first):
        return ListFormat.GENERIC_CSV
    if len(first) >= 12 and first[0].strip().isdigit():  # OFAC layout under another file name
        return ListFormat.OFAC_CONS if path.name.lower().startswith("cons") else ListFormat.OFAC_SDN
    raise WatchlistFormatError(f"{path}: not a supported watchlist (OFAC CSV, UN XML or generic CSV)")


def detect_format(path: str | Path) -> tuple[ListFormat, Path]:
    """The list format of a file or folder, and the primary file to read."""
    target = Path(path)
    if not target.exists():
        raise FileNotFoundError(f"watchlist not found: {target}")
    primary = _primary_file(target) if target.is_dir() else target
    known = _OFAC_FILES.get(primary.name.lower())
    return (known[0] if known else _sniff(primary)), primary


def load_watchlist(path: str | Path, *, list_name: str | None = None) -> list[WatchlistEntry]:
    """Load any supported list. ``list_name`` overrides the format's default name (OFAC-SDN, OFAC-CONS,
    UN-SC) or fills the generic CSV's rows that have none."""
    fmt, primary = detect_format(path)
    if fmt is ListFormat.GENERIC_CSV:
        return load_generic_csv(primary, list_name=list_name)
    if fmt is ListFormat.UN_XML:
        return load_un_xml(primary, list_name=list_name or LIST_UN)
    alt_name = "alt.csv" if fmt is ListFormat.OFAC_SDN else "cons_alt.csv"
    alt = primary.with_name(alt_name)
    default = LIST_SDN if fmt is ListFormat.OFAC_SDN else LIST_CONS
    return load_ofac(primary, alt if alt.exists() else None, list_name=list_name or default)
