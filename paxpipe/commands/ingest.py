"""`paxpipe ingest`: land what is new in a landing folder into the Delta lakehouse, once.

Runs the ingest job (bronze + history) then normalise (current state), the same library calls as
``spark-submit jobs/ingest.py``, and prints what it took and wrote. Exit 0 when everything new was
loaded; 1 when some file was quarantined or failed (data problems, all recorded); 2 for a missing
landing folder (mapped by the CLI).
"""

from __future__ import annotations

import argparse

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--landing", help="landing folder (default: [paths] landing)")
    parser.add_argument("--lakehouse", help="lakehouse folder; table names are its sub-folders "
                                            "(default: [paths] lakehouse)")
    parser.add_argument("--run-id", help="identifier of this run (default: time + random)")
    parser.add_argument("--now", help="ISO time deciding whether a held multi-part set's flight departed")
    parser.add_argument("--timings", action="store_true", help="also print seconds per stage")


def run(args: argparse.Namespace) -> int:
    from jobs.ingest import parse_iso, run_all
    from jobs.lakehouse import TIMINGS
    from jobs.spark import get_spark
    from paxpipe.settings import load_settings

    settings = load_settings()
    spark = get_spark(settings.section("spark"), app_name="paxpipe-ingest")
    report, norm = run_all(
        spark,
        landing=args.landing or settings.landing,
        lakehouse=args.lakehouse or settings.lakehouse,
        run_id=args.run_id,
        now=parse_iso(args.now),
        grace_hours=float(settings.get("ingest.incomplete_set_grace_hours", 0) or 0),
    )
    for line in report.lines() + (norm.lines() if norm is not None else []):
        print(line)
    if args.timings:
        for stage, seconds in TIMINGS.items():
            print(f"  {stage:<36} {seconds:8.2f} s")
    return 1 if (report.quarantined or report.failed) else 0
