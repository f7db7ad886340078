"""`paxpipe watchlist`: list releases.

    paxpipe watchlist load PATH [--lakehouse DIR] [--list-name NAME]   new release into the lakehouse (Spark)
    paxpipe watchlist diff OLD NEW [--list-name NAME] [--ids]           what changed between two files (pure)
    paxpipe watchlist releases [--lakehouse DIR] [--list NAME] [--all]  current release of each list (no JVM)

``load`` runs jobs/watchlist_load.py in-process and prints one JSON line per list; ``diff`` prints the
added / changed / removed counts (and ids with --ids) without Spark; ``releases`` reads the
``watchlist_releases`` table with deltalake (no JVM). Exit 2 when a list or the table cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

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
    releases = sub.add_parser("releases", help="the current release of each list (JSON lines)")
    releases.add_argument("--lakehouse", default=None, help="lakehouse root (default: [paths] lakehouse)")
    releases.add_argument("--list", dest="list_name", default=None, help="only this list")
    releases.add_argument("--all", action="store_true", help="every release, oldest first, not only the current")


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


def read_releases(lakehouse: str) -> list[dict[str, Any]]:
    """Every row of ``watchlist_releases``, oldest first, read with deltalake (no JVM)."""
    import pyarrow as pa
    from deltalake import DeltaTable, QueryBuilder
    from deltalake.exceptions import TableNotFoundError

    try:
        table = DeltaTable(f"{lakehouse.rstrip('/')}/watchlist_releases")
    except TableNotFoundError:
        return []
    # QueryBuilder rather than to_pyarrow_table(): the latter can abort the process at exit.
    reader = QueryBuilder().register("r", table).execute("SELECT * FROM r ORDER BY loaded_at, release_id")
    return list(pa.table(reader.read_all()).to_pylist())


def current_of(releases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest release of each list (input oldest first), sorted by list name."""
    latest: dict[str, dict[str, Any]] = {}
    for release in releases:
        latest[release["list_name"]] = release
    return [latest[name] for name in sorted(latest)]


def _releases(args: argparse.Namespace) -> int:
    from paxpipe.settings import load_settings

    lakehouse = args.lakehouse or load_settings().lakehouse
    rows = read_releases(lakehouse)
    if args.list_name:
        rows = [r for r in rows if r["list_name"] == args.list_name]
    for row in rows if args.all else current_of(rows):
        print(json.dumps(row, default=str))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    actions = {"load": _load, "diff": _diff, "releases": _releases}
    try:
        return actions[args.action](args)
    except (WatchlistFormatError, ValueError) as exc:
        print(f"paxpipe watchlist: {exc}", file=sys.stderr)
        return EXIT_USAGE
