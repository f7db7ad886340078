"""`paxpipe simulate`: generate a realistic, seeded day of airline traffic into a landing folder."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paxpipe.simulate import SimulationResult

__all__ = ["add_arguments", "run"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date-time YYYY-MM-DDTHH:MM[Z]: {text!r}") from exc


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("a rate between 0 and 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="landing folder to write the files into")
    parser.add_argument("--date", type=_date, help="day of traffic (default: today); 'now' is noon UTC of it")
    parser.add_argument("--now", type=_moment,
                        help="reference time, UTC unless an offset is given: flights depart from now-12h to "
                             "now+48h (default: noon of --date, else the current hour)")
    parser.add_argument("--flights", type=int, default=50, help="number of flights (default: 50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed: same arguments, same bytes (default: 0)")
    parser.add_argument("--defect-rate", type=_rate, default=0.05,
                        help="chance that a file carries a real-world defect (default: 0.05)")
    parser.add_argument("--country", default="NLD", help="receiving country (default: NLD)")
    parser.add_argument("--listed", type=Path, help="watchlist in the generic CSV format to plant persons from")
    parser.add_argument("--listed-count", type=int, default=0, help="listed persons to plant among travellers")
    parser.add_argument("--watchlist-out", type=Path, help="write a synthetic watchlist (generic CSV) here")
    parser.add_argument("--no-manifest", action="store_true", help="skip the ground-truth manifest.json")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes to spread flights over (same bytes whatever the number; default: 1)")


def run(args: argparse.Namespace) -> int:
    from paxpipe.simulate.schedule import RECEIVING_AIRPORTS

    if args.flights < 0 or args.listed_count < 0:
        print("paxpipe simulate: --flights and --listed-count must not be negative", file=sys.stderr)
        return 2
    if args.country not in RECEIVING_AIRPORTS:
        print(f"paxpipe simulate: unknown receiving country {args.country!r} "
              f"(known: {', '.join(sorted(RECEIVING_AIRPORTS))})", file=sys.stderr)
        return 2
    if args.listed is not None and not args.listed.is_file():
        print(f"paxpipe simulate: watchlist not found: {args.listed}", file=sys.stderr)
        return 2
    try:
        result = _simulate(args)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        print(f"paxpipe simulate: {exc}", file=sys.stderr)
        return 2
    rate = result.travellers / result.seconds if result.seconds else 0.0
    print(f"paxpipe simulate: {len(result.files)} files, {result.flights} flights, {result.travellers} travellers "
          f"in {result.seconds:.1f} s ({rate:,.0f} travellers/s) → {result.out_dir}")
    if result.manifest_path:
        print(f"  ground truth: {result.manifest_path}")
    if result.watchlist_path:
        print(f"  watchlist: {result.watchlist_path}")
    if result.listed:
        print(f"  listed persons planted: {len(result.listed)}")
    if len(result.listed) < args.listed_count:
        print(f"paxpipe simulate: planted {len(result.listed)} of the {args.listed_count} listed persons asked for "
              "(too few list entries or boarded adults on the chosen flights)", file=sys.stderr)
    return 0


def _simulate(args: argparse.Namespace) -> SimulationResult:
    from paxpipe.simulate import simulate_day

    return simulate_day(
        args.out,
        day=args.date,
        now=args.now,
        flights=args.flights,
        seed=args.seed,
        defect_rate=args.defect_rate,
        country=args.country,
        listed=args.listed,
        listed_count=args.listed_count,
        watchlist_out=args.watchlist_out,
        write_manifest=not args.no_manifest,
        workers=max(1, args.workers),
    )
