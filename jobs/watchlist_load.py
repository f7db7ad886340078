"""Load a watchlist file (or folder) as a new release of its list into the lakehouse.

    spark-submit jobs/watchlist_load.py --lakehouse DIR --path sdn_folder [--list-name NAME]

Pure loading is ``watchlists.loaders.load_watchlist``; this job adds the versioning: each load of a list
whose content differs from its current release appends every entry to ``watchlist_entries`` tagged
with the new ``release_id`` and its change (added / changed / unchanged), then one row to
``watchlist_releases`` with the counts and the removed entry ids. Writing the release row last makes
it the commit marker: a load killed half-way is invisible and a rerun loads it again. Loading the same
content twice is a no-op (idempotent). The current release of a list is its latest ``loaded_at``.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobs.schemas import schema_of
from watchlists.loaders import load_watchlist
from watchlists.model import WatchlistEntry
from watchlists.releases import (
    ReleaseDiff,
    content_hash,
    diff_hashes,
    entry_from_json,
    entry_hashes,
    entry_to_json,
    release_id,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "CurrentList",
    "LoadResult",
    "current_lists",
    "current_release_ids",
    "current_releases",
    "ensure_table",
    "main",
    "release_entries",
    "release_history",
    "run",
    "table_path",
]


@dataclass(frozen=True, slots=True)
class LoadResult:
    list_name: str
    release_id: str
    entry_count: int
    added: int
    changed: int
    removed: int
    skipped: bool  # True when the content equals the current release (nothing written)
    previous_release_id: str | None = None


@dataclass(frozen=True, slots=True)
class CurrentList:
    list_name: str
    release_id: str
    entries: tuple[WatchlistEntry, ...]


def table_path(lakehouse: str | Path, table: str) -> str:
    return f"{str(lakehouse).rstrip('/')}/{table}"


def table_exists(spark: SparkSession, path: str) -> bool:
    from delta.tables import DeltaTable

    return bool(DeltaTable.isDeltaTable(spark, path))


def ensure_table(spark: SparkSession, lakehouse: str | Path, table: str) -> str:
    """Create the table empty with its declared schema when absent; return its path."""
    path = table_path(lakehouse, table)
    if not table_exists(spark, path):
        spark.createDataFrame([], schema_of(table)).write.format("delta").mode("ignore").save(path)
    return path


def current_releases(spark: SparkSession, lakehouse: str | Path) -> DataFrame:
    """One row per list: its current (latest loaded) release. Empty when nothing was loaded."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    releases = spark.read.format("delta").load(ensure_table(spark, lakehouse, "watchlist_releases"))
    latest = Window.partitionBy("list_name").orderBy(F.col("loaded_at").desc(), F.col("release_id").desc())
    return releases.withColumn("_rank", F.row_number().over(latest)).where("_rank = 1").drop("_rank")


def release_history(spark: SparkSession, lakehouse: str | Path, list_name: str) -> list[dict[str, Any]]:
    """Every release of a list, oldest first, as plain dicts (for the CLI and the web app)."""
    releases = spark.read.format("delta").load(ensure_table(spark, lakehouse, "watchlist_releases"))
    rows = releases.where(releases.list_name == list_name).orderBy("loaded_at", "release_id").collect()
    return [r.asDict() for r in rows]


def current_release_ids(spark: SparkSession, lakehouse: str | Path,
                        list_names: Sequence[str] | None = None) -> dict[str, str]:
    """list_name → current release_id (of the named lists only, when given)."""
    rows = current_releases(spark, lakehouse).select("list_name", "release_id").collect()
    return {r.list_name: r.release_id for r in rows if not list_names or r.list_name in list_names}


def release_entries(spark: SparkSession, lakehouse: str | Path, release_ids: Sequence[str]) -> dict[str, list[WatchlistEntry]]:
    """release_id → its entries read back into the shared model, sorted by entry_id."""
    from pyspark.sql import functions as F

    entries = spark.read.format("delta").load(ensure_table(spark, lakehouse, "watchlist_entries"))
    rows = entries.where(F.col("release_id").isin(list(release_ids))).select("release_id", "entry_json").collect()
    grouped: dict[str, list[WatchlistEntry]] = {rid: [] for rid in release_ids}
    for row in rows:
        grouped[row.release_id].append(entry_from_json(row.entry_json))
    return {rid: sorted(items, key=lambda e: e.entry_id) for rid, items in grouped.items()}


def current_lists(spark: SparkSession, lakehouse: str | Path, list_names: Sequence[str] | None = None) -> list[CurrentList]:
    """The entries of the current release of every list (or of the named lists), read back into the
    shared model: what screening matches against. Sorted by list name, entries by entry_id."""
    releases = current_release_ids(spark, lakehouse, list_names)
    entries = release_entries(spark, lakehouse, list(releases.values()))
    return [CurrentList(name, rid, tuple(entries[rid])) for name, rid in sorted(releases.items())]


def _entry_row(entry: WatchlistEntry, rid: str, digest: str, change: str, loaded_at: datetime) -> tuple[Any, ...]:
    return (
        entry.entry_id,
        entry.list_name,
        rid,
        entry.surname,
        entry.given_names,
        entry.full_name,
        list(entry.aliases),
        entry.dates_of_birth[0].value if entry.dates_of_birth else None,
        entry.nationalities[0] if entry.nationalities else None,
        entry.gender,
        list(entry.document_numbers),
        digest,
        change,
        loaded_at,
        entry_to_json(entry),
    )


def _previous_hashes(spark: SparkSession, lakehouse: str | Path, previous_release: str) -> dict[str, str]:
    entries = spark.read.format("delta").load(table_path(lakehouse, "watchlist_entries"))
    rows = entries.where(entries.release_id == previous_release).select("entry_id", "entry_hash").collect()
    return {r.entry_id: r.entry_hash for r in rows}


def _load_one(
    spark: SparkSession,
    lakehouse: str | Path,
    list_name: str,
    entries: list[WatchlistEntry],
    *,
    loaded_at: datetime,
    source_path: str,
    current: dict[str, Any] | None,
) -> LoadResult:
    hashes = entry_hashes(entries)
    content = content_hash(hashes)
    if current is not None and current["content_hash"] == content:
        return LoadResult(list_name, current["release_id"], len(entries), 0, 0, 0, skipped=True,
                          previous_release_id=current["previous_release_id"])
    previous = _previous_hashes(spark, lakehouse, current["release_id"]) if current else {}
    diff = diff_hashes(previous, hashes) if current else ReleaseDiff(tuple(hashes), (), (), 0)
    rid = release_id(list_name, content, loaded_at)
    rows = [_entry_row(e, rid, hashes[e.entry_id], diff.change_of(e.entry_id), loaded_at) for e in entries]
    (spark.createDataFrame(rows, schema_of("watchlist_entries"))
     .write.format("delta").mode("append").save(table_path(lakehouse, "watchlist_entries")))
    release_row = (rid, list_name, content, loaded_at, source_path, len(entries), len(diff.added),
                   len(diff.changed), len(diff.removed), current["release_id"] if current else None,
                   list(diff.removed))
    (spark.createDataFrame([release_row], schema_of("watchlist_releases"))
     .write.format("delta").mode("append").save(table_path(lakehouse, "watchlist_releases")))
    return LoadResult(list_name, rid, len(entries), len(diff.added), len(diff.changed), len(diff.removed),
                      skipped=False, previous_release_id=current["release_id"] if current else None)


def run(
    spark: SparkSession,
    *,
    lakehouse: str | Path,
    path: str | Path,
    list_name: str | None = None,
    now: datetime | None = None,
) -> list[LoadResult]:
    """Load ``path`` (any format ``load_watchlist`` reads) as a new release of each list it holds (a
    generic CSV may hold several lists). Returns one result per list, sorted by list name."""
    entries = load_watchlist(path, list_name=list_name)
    loaded_at = (now or datetime.now(UTC)).astimezone(UTC)  # microseconds kept: they order same-second loads
    by_list: dict[str, list[WatchlistEntry]] = defaultdict(list)
    for entry in entries:
        by_list[entry.list_name].append(entry)
    ensure_table(spark, lakehouse, "watchlist_entries")
    current = {r.list_name: r.asDict() for r in current_releases(spark, lakehouse).collect()}
    return [
        _load_one(spark, lakehouse, name, by_list[name], loaded_at=loaded_at, source_path=str(path),
                  current=current.get(name))
        for name in sorted(by_list)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="watchlist_load", description=__doc__.split("\n")[0])
    parser.add_argument("--lakehouse", help="lakehouse root (default: [paths] lakehouse)")
    parser.add_argument("--path", required=True, help="list file or folder (OFAC CSV, UN XML, generic CSV)")
    parser.add_argument("--list-name", help="override the list's name")
    args = parser.parse_args(argv)

    from jobs.spark import get_spark
    from paxpipe.settings import load_settings

    settings = load_settings()
    spark = get_spark(settings.section("spark"), app_name="paxpipe-watchlist-load")
    results = run(spark, lakehouse=args.lakehouse or settings.lakehouse, path=args.path, list_name=args.list_name)
    for result in results:
        print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    # Under `spark-submit jobs/watchlist_load.py` this file is __main__; run the importable module instead so
    # the functions shipped to Python workers pickle by reference to jobs.watchlist_load, which workers import.
    from jobs import watchlist_load as _job

    raise SystemExit(_job.main())
