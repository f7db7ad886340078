"""Screen the travellers of upcoming flights against the current release of every watchlist.

    spark-submit jobs/screen.py --lakehouse DIR [--now ISO] [--horizon-hours 72] [--threshold 0.8]

Engine apart from logic: the matching is the pure ``watchlists.screener.Screener``; this job only feeds
it. The entries of each list's current release are broadcast, and every partition of
(traveller × list) pairs runs :func:`screen_rows` (the Screener, per row) in ``mapInPandas``.

Incremental and idempotent:
- a (traveller, list) pair is screened only when ``screening_state`` does not already hold the same
  traveller ``identity_key`` against the same list ``release_id`` (with the same algorithm and
  threshold): a re-pushed PNR whose screened fields did not change costs nothing, one whose fields
  changed is rescored, a new list release rescreens every upcoming flight against that list;
- ``hits`` is written by MERGE on ``hit_id`` = sha256(traveller_key | list_name | entry_id), so a rescore
  updates its hit in place; an open hit of a rescreened pair that no longer matches becomes
  ``superseded``, as do the open hits of travellers no longer active (cancelled / removed);
- ``hits`` is merged before ``screening_state``: a run killed in between rescreens the same pairs
  next time and converges to the same rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobs.schemas import schema_of
from jobs.watchlist_load import current_release_ids, ensure_table, release_entries, table_exists, table_path
from watchlists.model import Match, Subject, WatchlistEntry

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "MATCH_COLUMNS",
    "SUBJECT_COLUMNS",
    "ScreenResult",
    "hit_id",
    "main",
    "match_row",
    "run",
    "screen_rows",
    "subject_from_row",
]

DEFAULT_ALGORITHM = "paxpipe-structured-v1"
# What a (traveller × list) pair carries into the matcher.
SUBJECT_COLUMNS = ("traveller_key", "list_name", "release_id", "surname", "given_names", "date_of_birth",
                   "gender", "nationality", "document_number", "flight", "arrival_time")
# What comes out: one row per match at or above the threshold.
MATCH_COLUMNS = ("hit_id", "traveller_key", "list_name", "entry_id", "score", "explanation", "features_json",
                 "algorithm", "entry_name")


@dataclass(frozen=True, slots=True)
class ScreenResult:
    lists: dict[str, str] = field(default_factory=dict)  # list_name → current release_id
    pairs_screened: int = 0  # (traveller, list) pairs scored this run
    travellers_screened: int = 0
    matches: int = 0  # hits opened or updated
    superseded: int = 0  # open hits that no longer match, or whose traveller is no longer active


def hit_id(traveller_key: str, list_name: str, entry_id: str) -> str:
    """Stable hit id: the same traveller on the same flight against the same entry is one hit."""
    return hashlib.sha256(f"{traveller_key}|{list_name}|{entry_id}".encode()).hexdigest()


def _text(value: Any) -> str | None:
    # pandas hands nulls over as None or NaN depending on the column; both mean "not transmitted".
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text or None


def subject_from_row(row: Mapping[str, Any]) -> Subject:
    """A traveller row (the travellers table, flight and arrival time added) as the matcher's Subject."""
    return Subject(
        traveller_id=str(row["traveller_key"]),
        surname=_text(row.get("surname")),
        given_names=_text(row.get("given_names")),
        date_of_birth=_text(row.get("date_of_birth")),
        gender=_text(row.get("gender")),
        nationality=_text(row.get("nationality")),
        document_number=_text(row.get("document_number")),
        flight=_text(row.get("flight")),
        arrival_time=_text(row.get("arrival_time")),
    )


def match_row(match: Match, traveller_key: str, entry: WatchlistEntry | None) -> dict[str, Any]:
    features = [{"name": f.name, "score": f.score, "detail": f.detail} for f in match.features]
    return {
        "hit_id": hit_id(traveller_key, match.list_name, match.entry_id),
        "traveller_key": traveller_key,
        "list_name": match.list_name,
        "entry_id": match.entry_id,
        "score": float(match.score),
        "explanation": match.explanation,
        "features_json": json.dumps(features, ensure_ascii=False),
        "algorithm": match.algorithm,
        "entry_name": match.matched_name or (entry.display_name if entry else None),
    }


# Screeners built in this Python worker, by (release_id, threshold, algorithm): Spark reuses workers
# across tasks, so each list is indexed once per worker rather than once per partition.
_SCREENERS: dict[tuple[str, float, str], tuple[Any, dict[str, WatchlistEntry]]] = {}
_MAX_SCREENERS = 16


def _screener_for(release: str, entries: Sequence[WatchlistEntry], threshold: float,
                  algorithm: str) -> tuple[Any, dict[str, WatchlistEntry]]:
    key = (release, threshold, algorithm)
    if key not in _SCREENERS:
        from watchlists.screener import Screener

        if len(_SCREENERS) >= _MAX_SCREENERS:  # old releases linger in long-lived workers otherwise
            _SCREENERS.clear()

        _SCREENERS[key] = (Screener(entries, threshold=threshold, algorithm=algorithm),
                           {e.entry_id: e for e in entries})
    return _SCREENERS[key]


def screen_rows(
    rows: Iterable[Mapping[str, Any]],
    lists: Mapping[str, Sequence[WatchlistEntry]],
    *,
    threshold: float,
    algorithm: str = DEFAULT_ALGORITHM,
) -> Iterator[dict[str, Any]]:
    """Screen (traveller × list) rows (SUBJECT_COLUMNS; ``release_id`` picks the entries in ``lists``)
    and yield one MATCH_COLUMNS dict per match, best first per traveller, one per entry."""
    for row in rows:
        screener, entries = _screener_for(str(row["release_id"]), lists[str(row["release_id"])],
                                          threshold, algorithm)
        seen: set[str] = set()
        for match in screener.screen(subject_from_row(row)):
            if match.entry_id not in seen:  # best first: keep an entry's best match only
                seen.add(match.entry_id)
                yield match_row(match, str(row["traveller_key"]), entries.get(match.entry_id))


def _partition_screener(broadcast: Any, threshold: float, algorithm: str) -> Any:
    def screen_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        lists = broadcast.value
        for batch in batches:
            out = list(screen_rows(batch.to_dict("records"), lists, threshold=threshold, algorithm=algorithm))
            yield pd.DataFrame(out, columns=list(MATCH_COLUMNS))

    return screen_partition


def _match_schema() -> Any:
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    return StructType([StructField(c, DoubleType() if c == "score" else StringType(), c != "hit_id" and c != "score")
                       for c in MATCH_COLUMNS])


def _upcoming_travellers(spark: SparkSession, lakehouse: str | Path, now: datetime, horizon_hours: float) -> DataFrame:
    """Active travellers of flights arriving within now..now+horizon, with their flight's details."""
    from pyspark.sql import functions as F

    flights = spark.read.format("delta").load(table_path(lakehouse, "flights"))
    travellers = spark.read.format("delta").load(table_path(lakehouse, "travellers"))
    window = flights.where((F.col("arrival_utc") >= F.lit(now)) &
                           (F.col("arrival_utc") <= F.lit(now + timedelta(hours=horizon_hours))))
    return (
        travellers.where(F.col("status") == "active")
        .join(window.select("flight_key", "flight", "arrival_utc",
                            F.col("flight_date").alias("_flight_date")), "flight_key")
        .select(
            "traveller_key", "identity_key", "flight_key", "flight", "arrival_utc",
            F.date_format("arrival_utc", "yyyy-MM-dd'T'HH:mm:ss'Z'").alias("arrival_time"),
            "surname", "given_names", "date_of_birth", "gender", "nationality", "document_number",
            F.coalesce("_flight_date", "flight_date").alias("flight_date"),
        )
    )


def _merge(spark: SparkSession, path: str, source: DataFrame, condition: str) -> None:
    from delta.tables import DeltaTable

    (DeltaTable.forPath(spark, path).alias("t").merge(source.alias("s"), condition)
     .whenMatchedUpdateAll().whenNotMatchedInsertAll().execute())


def _supersede_inactive(spark: SparkSession, lakehouse: str | Path, now: datetime) -> int:
    """Open hits of travellers no longer active become superseded; their screening state is dropped
    so that a traveller made active again is screened afresh."""
    from delta.tables import DeltaTable
    from pyspark.sql import functions as F

    hits_path = table_path(lakehouse, "hits")
    travellers = spark.read.format("delta").load(table_path(lakehouse, "travellers"))
    inactive = travellers.where(F.col("status") != "active").select("traveller_key").distinct()
    open_hits = spark.read.format("delta").load(hits_path).where(F.col("status") == "open")
    stale = open_hits.join(inactive, "traveller_key", "left_semi").localCheckpoint()
    count = stale.count()
    if count:
        source = stale.withColumn("status", F.lit("superseded")).withColumn("screened_at", F.lit(now))
        _merge(spark, hits_path, source.select(*schema_of("hits").fieldNames()), "t.hit_id = s.hit_id")
        (DeltaTable.forPath(spark, table_path(lakehouse, "screening_state")).alias("t")
         .merge(stale.select("traveller_key").distinct().alias("s"), "t.traveller_key = s.traveller_key")
         .whenMatchedDelete().execute())
    return count


def run(
    spark: SparkSession,
    *,
    lakehouse: str | Path,
    horizon_hours: float = 72,
    threshold: float = 0.80,
    now: datetime | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    list_names: Sequence[str] | None = None,
) -> ScreenResult:
    from pyspark.sql import functions as F

    now = (now or datetime.now(UTC)).astimezone(UTC)
    for table in ("hits", "screening_state"):
        ensure_table(spark, lakehouse, table)
    if not (table_exists(spark, table_path(lakehouse, "flights")) and
            table_exists(spark, table_path(lakehouse, "travellers"))):
        return ScreenResult()
    superseded = _supersede_inactive(spark, lakehouse, now)
    releases = current_release_ids(spark, lakehouse, list_names)
    if not releases:
        return ScreenResult(superseded=superseded)

    state_path, hits_path = table_path(lakehouse, "screening_state"), table_path(lakehouse, "hits")
    current = spark.createDataFrame([(name, rid, algorithm, float(threshold)) for name, rid in sorted(releases.items())],
                                    "list_name string, release_id string, algorithm string, threshold double")
    state = spark.read.format("delta").load(state_path)
    # Pairs whose traveller identity, list release, algorithm or threshold differ from what was last
    # screened. Checkpointed: the plan reads screening_state, which this run rewrites at the end.
    keys = ["traveller_key", "list_name", "identity_key", "release_id", "algorithm", "threshold"]
    todo = (
        _upcoming_travellers(spark, lakehouse, now, horizon_hours).crossJoin(current)
        .join(state.select(*keys), keys, "left_anti")
        .localCheckpoint()
    )
    pairs = todo.count()
    if pairs == 0:
        return ScreenResult(lists=releases, superseded=superseded)

    # Entries are read only when there is something to screen: most runs (every minute) have nothing.
    broadcast = spark.sparkContext.broadcast(release_entries(spark, lakehouse, sorted(releases.values())))
    matches = (
        todo.select(*SUBJECT_COLUMNS)
        .mapInPandas(_partition_screener(broadcast, float(threshold), algorithm), _match_schema())
        .localCheckpoint()
    )
    new_hits = (
        matches.withColumnRenamed("algorithm", "match_algorithm").join(todo, ["traveller_key", "list_name"])
        .drop("algorithm").withColumnRenamed("match_algorithm", "algorithm")
        .withColumn("list_release", F.col("release_id"))
        .withColumn("status", F.lit("open"))
        .withColumn("screened_at", F.lit(now))
        .select(*schema_of("hits").fieldNames())
    )
    rescreened = todo.select("traveller_key", "list_name")
    no_longer = (
        spark.read.format("delta").load(hits_path).where(F.col("status") == "open")
        .join(rescreened, ["traveller_key", "list_name"], "left_semi")
        .join(matches.select("hit_id"), "hit_id", "left_anti")
        .withColumn("status", F.lit("superseded"))
        .withColumn("screened_at", F.lit(now))
        .select(*schema_of("hits").fieldNames())
        .localCheckpoint()
    )
    superseded += no_longer.count()
    _merge(spark, hits_path, new_hits.unionByName(no_longer), "t.hit_id = s.hit_id")

    counts = matches.groupBy("traveller_key", "list_name").agg(F.count("*").cast("int").alias("hit_count"))
    state_rows = (
        todo.select(*keys)
        .join(counts, ["traveller_key", "list_name"], "left")
        .withColumn("hit_count", F.coalesce("hit_count", F.lit(0)))
        .withColumn("screened_at", F.lit(now))
        .select(*schema_of("screening_state").fieldNames())
    )
    _merge(spark, state_path, state_rows, "t.traveller_key = s.traveller_key AND t.list_name = s.list_name")
    broadcast.unpersist()
    return ScreenResult(
        lists=releases,
        pairs_screened=pairs,
        travellers_screened=todo.select("traveller_key").distinct().count(),
        matches=matches.count(),
        superseded=superseded,
    )


def _parse_now(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    from jobs.spark import get_spark
    from paxpipe.settings import load_settings

    settings = load_settings()
    screening = settings.section("screening")
    parser = argparse.ArgumentParser(prog="screen", description=__doc__.split("\n")[0])
    parser.add_argument("--lakehouse", default=None, help="lakehouse root (default: [paths] lakehouse)")
    parser.add_argument("--now", default=None, help="ISO time the horizon starts at (default: now, UTC)")
    parser.add_argument("--horizon-hours", type=float, default=float(screening.get("horizon_hours", 72)))
    parser.add_argument("--threshold", type=float,
                        default=float(screening.get("threshold", settings.get("matching.threshold", 0.80))))
    parser.add_argument("--algorithm", default=str(screening.get("algorithm", DEFAULT_ALGORITHM)))
    parser.add_argument("--list", dest="lists", action="append", help="screen against this list only (repeatable)")
    args = parser.parse_args(argv)
    spark = get_spark(settings.section("spark"), app_name="paxpipe-screen")
    result = run(spark, lakehouse=args.lakehouse or settings.lakehouse, horizon_hours=args.horizon_hours,
                 threshold=args.threshold, now=_parse_now(args.now), algorithm=args.algorithm,
                 list_names=args.lists)
    print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    # Under `spark-submit jobs/screen.py` this file is __main__; run the importable module instead so
    # the functions shipped to Python workers pickle by reference to jobs.screen, which workers import.
    from jobs import screen as _job

    raise SystemExit(_job.main())
