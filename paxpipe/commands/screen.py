"""`paxpipe screen`: screen travellers against one watchlist, pure Python (no Spark), hits to CSV.

    paxpipe screen --watchlist WL --travellers TR [TR ...] --out HITS.csv [--threshold T]

WL is any list format ``load_watchlist`` reads (OFAC folder / sdn.csv, cons_prim.csv, UN XML, generic
CSV). TR is a CSV with columns traveller_id, surname, given_names, date_of_birth, gender, nationality,
document_number, flight, arrival_time, or PAXLST/PNRGOV EDIFACT files. HITS gets one row per
(traveller, entry) pair at or above the threshold: traveller_id, entry_id, score, explanation.
Exit 0 when every traveller was screened, 1 when some traveller rows were unusable (skipped, listed on
stderr), 2 when the list or a travellers file cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from paxpipe.cli import EXIT_DATA_PROBLEMS, EXIT_OK, EXIT_USAGE
from watchlists.loaders import WatchlistFormatError, load_watchlist
from watchlists.loaders.countries import to_alpha3
from watchlists.model import Subject

__all__ = ["HIT_COLUMNS", "TRAVELLER_COLUMNS", "TravellerInput", "add_arguments", "read_travellers", "run"]

TRAVELLER_COLUMNS = ("traveller_id", "surname", "given_names", "date_of_birth", "gender", "nationality",
                     "document_number", "flight", "arrival_time")
HIT_COLUMNS = ("traveller_id", "entry_id", "score", "explanation")


class TravellerInputError(ValueError):
    """A travellers file that cannot be read at all (exit code 2)."""


@dataclass
class TravellerInput:
    subjects: list[Subject] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "file:line: why" for every skipped row


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--watchlist", required=True, help="list file or folder (OFAC CSV, UN XML, generic CSV)")
    parser.add_argument("--travellers", required=True, nargs="+", metavar="TR",
                        help="travellers CSV, or PAXLST/PNRGOV EDIFACT files")
    parser.add_argument("--out", required=True, help="hits CSV to write")
    parser.add_argument("--threshold", type=float, default=None,
                        help="least score of a hit, 0..1 (default: [screening] threshold of the configuration)")
    parser.add_argument("--list-name", default=None, help="name the list (default: the format's own name)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")


def _clean(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def _is_csv(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf")
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").lower()
    return "traveller_id" in first and "surname" in first


def _csv_subjects(path: Path, out: TravellerInput) -> None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in ("traveller_id", "surname", "given_names") if c not in header]
            if missing:
                raise TravellerInputError(f"{path}: missing column(s) {', '.join(missing)}")
            reader.fieldnames = header
            for row in reader:
                traveller_id = _clean(row.get("traveller_id"))
                surname, given = _clean(row.get("surname")), _clean(row.get("given_names"))
                if not traveller_id or not (surname or given):
                    out.problems.append(f"{path}:{reader.line_num}: no traveller_id or no name; row skipped")
                    continue
                out.subjects.append(Subject(
                    traveller_id=traveller_id, surname=surname, given_names=given,
                    date_of_birth=_clean(row.get("date_of_birth")), gender=_clean(row.get("gender")),
                    nationality=to_alpha3(_clean(row.get("nationality"))),
                    document_number=_clean(row.get("document_number")), flight=_clean(row.get("flight")),
                    arrival_time=_clean(row.get("arrival_time")),
                ))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise TravellerInputError(f"{path}: not a readable CSV file ({exc})") from exc


def _edifact_subjects(path: Path, out: TravellerInput) -> None:
    from parsers.api import ParserError, iter_travellers, parse_bytes

    try:
        interchanges = parse_bytes(path.read_bytes())
    except ParserError as exc:
        raise TravellerInputError(f"{path}: not a readable EDIFACT file ({exc})") from exc
    for index, (traveller, leg, message) in enumerate(iter_travellers(interchanges), start=1):
        if not (traveller.surname or traveller.given_names):
            out.problems.append(f"{path}: traveller {index} of message {message.message_ref} has no name; skipped")
            continue
        document = traveller.document
        out.subjects.append(Subject(
            traveller_id=f"{path.name}:{message.message_ref}:{traveller.traveller_ref or index}",
            surname=traveller.surname, given_names=traveller.given_names,
            date_of_birth=traveller.date_of_birth, gender=traveller.gender,
            nationality=to_alpha3(traveller.nationality),
            document_number=document.number if document else None,
            flight=leg.flight if leg else None, arrival_time=leg.arrival_local if leg else None,
        ))


def read_travellers(paths: list[str]) -> TravellerInput:
    """Subjects from travellers CSV and EDIFACT files, in order; unusable rows are listed, not raised."""
    out = TravellerInput()
    for name in paths:
        path = Path(name)
        if _is_csv(path):
            _csv_subjects(path, out)
        else:
            _edifact_subjects(path, out)
    return out


def _progress(subjects: list[Subject], enabled: bool | None) -> Iterator[Subject]:
    from tqdm import tqdm

    disable = None if enabled is None else not enabled  # None: only when stderr is a terminal
    yield from tqdm(subjects, desc="screening", unit="traveller", file=sys.stderr, disable=disable)


def _default_threshold() -> float:
    from paxpipe.settings import load_settings

    settings = load_settings()
    return float(settings.get("screening.threshold", settings.get("matching.threshold", 0.80)))


def run(args: argparse.Namespace) -> int:
    threshold = args.threshold if args.threshold is not None else _default_threshold()
    if not 0.0 <= threshold <= 1.0:
        print(f"paxpipe screen: --threshold must be within 0..1, got {threshold}", file=sys.stderr)
        return EXIT_USAGE
    try:
        entries = load_watchlist(args.watchlist, list_name=args.list_name)
        travellers = read_travellers(args.travellers)
    except (WatchlistFormatError, TravellerInputError) as exc:
        print(f"paxpipe screen: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from watchlists.screener import Screener

    screener = Screener(entries, threshold=threshold)
    hits = 0
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HIT_COLUMNS)
        for subject in _progress(travellers.subjects, args.progress):
            seen: set[str] = set()
            for match in screener.screen(subject):
                if match.entry_id in seen:
                    continue
                seen.add(match.entry_id)
                writer.writerow((subject.traveller_id, match.entry_id, f"{match.score:.4f}", match.explanation))
                hits += 1
    for problem in travellers.problems:
        print(f"paxpipe screen: {problem}", file=sys.stderr)
    lists = ", ".join(sorted({e.list_name for e in entries})) or "empty list"
    print(f"paxpipe screen: {len(travellers.subjects)} travellers × {len(entries)} entries ({lists}), "
          f"threshold {threshold:.2f}: {hits} hits → {args.out}", file=sys.stderr)
    return EXIT_DATA_PROBLEMS if travellers.problems else EXIT_OK
