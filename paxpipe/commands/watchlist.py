"""`paxpipe watchlist`: list releases.

    paxpipe watchlist load PATH [--lakehouse DIR] [--list-name NAME]   new release into the lakehouse (Spark)
    paxpipe watchlist diff OLD NEW [--list-name NAME] [--ids]           what changed between two files (pure)

``load`` runs jobs/watchlist_load.py in-process and prints one JSON line per list; ``diff`` prints the
added / changed / removed counts (and ids with --ids) without Spark. Exit 2 when a list cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from paxpipe.cli import EXIT_OK, EXIT_USAGE
from watchlists.loaders import WatchlistFormatError, load_watchlist
from watchlists.releases import diff_releases

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = sub.add_parser("load", help="load a list file or folder as a new release into the lakehouse")
    load.add_argument("path", help="OFAC folder / sdn.csv / cons_prim.csv, UN XML, or generic CSV")
    load.add_argument("--lakehouse", default=None, help="lakehouse root (default: [paths] lakehouse)")
    load.add_argument("--list-name", default=None, help="override the list's name")
    diff = sub.add_parser("diff", help="entries added, changed and removed between two list files")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--list-name", default=None, help="override the lists' name")
    diff.add_argument("--ids", action="store_true", help="print the entry ids too")


def _load(args: argparse.Namespace) -> int:
    from jobs.spark import get_spark
    from jobs.watchlist_load import run as load_release
    from paxpipe.settings import load_settings

    settings = load_settings()
    load_watchlist(args.path, list_name=args.list_name)  # fail fast (exit 2) before starting a JVM
    spark = get_spark(settings.section("spark"), app_name="paxpipe-watchlist-load")
    results = load_release(spark, lakehouse=args.lakehouse or settings.lakehouse, path=args.path,
                           list_name=args.list_name)
    for result in results:
        print(json.dumps(asdict(result)))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    diff = diff_releases(load_watchlist(args.old, list_name=args.list_name),
                         load_watchlist(args.new, list_name=args.list_name))
    report: dict[str, object] = {"added": len(diff.added), "changed": len(diff.changed),
                                 "removed": len(diff.removed), "unchanged": diff.unchanged}
    if args.ids:
        report.update(added_ids=list(diff.added), changed_ids=list(diff.changed), removed_ids=list(diff.removed))
    print(json.dumps(report))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    try:
        return _load(args) if args.action == "load" else _diff(args)
    except (WatchlistFormatError, ValueError) as exc:
        print(f"paxpipe watchlist: {exc}", file=sys.stderr)
        return EXIT_USAGE
