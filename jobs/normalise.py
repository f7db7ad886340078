"""Normalise: derive the current state of every flight whose history changed.

Input is the history written by :mod:`jobs.ingest` (``messages``, ``traveller_versions``,
``pnr_versions``); output the current rows of ``travellers``, ``documents``, ``pnrs`` and
``api_pnr_links``. A run:

1. releases held multi-part PAXLST sets that are complete, or whose flight has departed (plus the
   configured grace), with an ``ING002`` warning when parts are missing (messages ``held`` → ``loaded``);
2. takes the flights of every ``loaded`` message, groups all their history by flight and runs the pure
   :func:`jobs.transforms.derive_flight` per flight (``applyInArrow``);
3. MERGEs the result (update what changed, delete a re-derived flight's stale documents and links);
4. marks those messages ``applied`` (the durable record of what normalise has done) and files whose
   parts were released ``loaded`` in raw_messages.

A run killed before step 4 is redone by the next one with the same result: derivation is a function
of the whole history, not of what arrived in which run.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):  # run as a script by spark-submit: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobs.lakehouse import changed, ensure_tables, merge, read_table, run_lock, table_path, timed
from jobs.schemas import TABLES
from jobs.transforms import ISSUE_INCOMPLETE_SET, derive_flight

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["DERIVED", "NormaliseReport", "derive_arrow", "derived_schema", "events_schema", "main", "run"]

JOB = "normalise"
DERIVED = {"traveller": "travellers", "document": "documents", "pnr": "pnrs", "link": "api_pnr_links"}
EVENT_SOURCES = {"M": "messages", "T": "traveller_versions", "P": "pnr_versions"}
# History columns derive_flight never reads: kept out of the shuffle (a PNR's JSON is most of its bytes).
EVENT_COLUMNS_UNUSED = frozenset({"content_json"})
TABLES_USED = ("messages", "traveller_versions", "pnr_versions", "message_issues", "raw_messages",
               *DERIVED.values())
ISSUE_SEQ_RELEASE = 100_000  # issue_seq of ING002 = this + message index: apart from parser issues


@dataclass
class NormaliseReport:
    released_sets: int = 0
    incomplete_released: int = 0
    flights: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"normalise: {self.flights} flight(s) re-derived, {self.released_sets} multi-part set(s) released "
            f"({self.incomplete_released} incomplete, after departure)"
        ]
        out += [f"  {name:<20} {count:>9} row(s) derived" for name, count in self.rows.items()]
        return out


def _union_schema(kind_field: str, tables: Sequence[str], *, excluded: frozenset[str] = frozenset()) -> StructType:
    from pyspark.sql.types import StringType, StructField, StructType

    fields = [StructField(kind_field, StringType(), False)]
    seen = {kind_field, *excluded}
    for table in tables:
        for f in TABLES[table].fields:
            if f.name not in seen:
                fields.append(StructField(f.name, f.dataType, True))
                seen.add(f.name)
    return StructType(fields)


def events_schema() -> StructType:
    return _union_schema("kind", list(EVENT_SOURCES.values()), excluded=EVENT_COLUMNS_UNUSED)


def derived_schema() -> StructType:
    return _union_schema("kind", list(DERIVED.values()))


def derive_arrow(table: pa.Table) -> pa.Table:
    """applyInArrow body: one flight's events → its derived rows (see :func:`derive_flight`)."""
    import pyarrow as pa

    rows = derive_flight(table.to_pylist())
    return pa.Table.from_pylist(rows, schema=_derived_arrow())


@lru_cache(maxsize=1)
def _derived_arrow() -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(derived_schema(), timezone="UTC")


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'" for v in values)


def _release_sets(spark: SparkSession, lakehouse: str, now: datetime, grace_hours: float,
                  report: NormaliseReport) -> None:
    """Held parts of sets now complete (or whose flight departed) become ``loaded``."""
    from pyspark.sql import functions as F

    messages = read_table(spark, lakehouse, "messages")
    held = messages.where(F.col("status") == "held")
    if held.limit(1).count() == 0:
        return
    cutoff = now - timedelta(hours=grace_hours)
    sets = (
        messages.where(F.col("set_key").isNotNull() & (F.col("status") != "failed"))
        .groupBy("set_key")
        .agg(
            F.array_distinct(F.flatten(F.collect_list("part_seqs"))).alias("seqs"),
            F.max(F.when(F.col("part_final"), F.array_max("part_seqs"))).alias("final_seq"),
            F.max("departure_utc").alias("departure_utc"),
            F.max((F.col("status") == "held").cast("int")).alias("any_held"),
        )
        .withColumn("complete", F.col("final_seq").isNotNull() & (
            F.size(F.filter("seqs", lambda x: (x >= 1) & (x <= F.col("final_seq")))) == F.col("final_seq")))
        .withColumn("departed", F.col("departure_utc") < F.lit(cutoff))
        .where((F.col("any_held") == 1) & (F.col("complete") | F.coalesce(F.col("departed"), F.lit(False))))
        .select("set_key", "complete")
    )
    released = held.join(sets, "set_key").localCheckpoint()
    counts = released.select("set_key", "complete").distinct().groupBy("complete").count().collect()
    report.released_sets = sum(r["count"] for r in counts)
    report.incomplete_released = sum(r["count"] for r in counts if not r["complete"])
    if report.released_sets == 0:
        return
    incomplete = released.where(~F.col("complete"))
    if report.incomplete_released:
        issues = incomplete.select(
            "message_id", "file_name", "carrier",
            (F.lit(ISSUE_SEQ_RELEASE) + F.col("message_index")).cast("int").alias("issue_seq"),
            F.lit(ISSUE_INCOMPLETE_SET).alias("code"), F.lit("warning").alias("severity"),
            F.concat(F.lit("multi-part set incomplete when its flight departed; processed with the parts "
                           "received (this is part "), F.col("part_seq").cast("string"), F.lit(")")).alias("message"),
            F.lit(None).cast("int").alias("segment_index"), F.lit(None).cast("string").alias("tag"),
            F.lit(None).cast("int").alias("line"), F.lit(None).cast("int").alias("column"),
            F.lit(None).cast("string").alias("excerpt"), "message_ref", "received_at",
        )
        merge(spark, lakehouse, "message_issues", issues, job=JOB)
    now_loaded = released.drop("complete").withColumn("status", F.lit("loaded"))
    merge(spark, lakehouse, "messages", now_loaded, job=JOB, update="t.status = 'held'")


def _events(spark: SparkSession, lakehouse: str, flights: DataFrame, dates: list[Any]) -> DataFrame:
    from pyspark.sql import functions as F

    schema = events_schema()
    parts = []
    for kind, table in EVENT_SOURCES.items():
        df = read_table(spark, lakehouse, table)
        if dates:
            df = df.where(F.col("flight_date").isin(dates) | F.col("flight_date").isNull())
        if table == "messages":
            df = df.where(F.col("status").isin("loaded", "applied"))
        df = df.join(F.broadcast(flights), "flight_key", "left_semi")
        cols = []
        for f in schema.fields:
            if f.name == "kind":
                cols.append(F.lit(kind).alias("kind"))
            elif f.name in df.columns:
                cols.append(F.col(f.name).cast(f.dataType))
            else:
                cols.append(F.lit(None).cast(f.dataType).alias(f.name))
        parts.append(df.select(*cols))
    out = parts[0]
    for p in parts[1:]:
        out = out.unionByName(p)
    return out


def run(
    spark: SparkSession,
    *,
    lakehouse: str,
    run_id: str | None = None,
    now: datetime | None = None,
    grace_hours: float = 0.0,
) -> NormaliseReport:
    from pyspark.sql import functions as F

    report = NormaliseReport()
    now = now or datetime.now(UTC)
    with timed("normalise:create tables"):
        ensure_tables(spark, lakehouse, TABLES_USED)
    with timed("normalise:release held sets"):
        _release_sets(spark, lakehouse, now, grace_hours, report)

    with timed("normalise:pending flights"):
        pending = (
            read_table(spark, lakehouse, "messages").where(F.col("status") == "loaded")
            .select("message_key", "message_id", "flight_key", "flight_date").localCheckpoint()
        )
        flight_rows = pending.select("flight_key", "flight_date").distinct().collect()
    if not flight_rows:
        return report
    report.flights = len({r.flight_key for r in flight_rows})
    dates = sorted({r.flight_date for r in flight_rows if r.flight_date is not None})
    flight_keys = sorted({r.flight_key for r in flight_rows})
    flights = pending.select("flight_key").distinct()

    staging = table_path(lakehouse, "_staging/normalise-" + re.sub(r"[^A-Za-z0-9_.-]", "_", run_id or "run"))
    derived_path = f"{staging}/derived"
    with timed("normalise:derive (Spark)"):
        (
            _events(spark, lakehouse, flights, dates)
            .groupBy("flight_key")
            .applyInArrow(derive_arrow, derived_schema())
            .write.mode("overwrite").parquet(derived_path)
        )
    derived = spark.read.parquet(derived_path)
    kinds = {r["kind"]: r["count"] for r in derived.groupBy("kind").count().collect()}
    replaced = f"t.flight_key IN ({_sql_list(flight_keys)})"

    def rows(kind: str) -> DataFrame:
        return derived.where(F.col("kind") == kind).select(*TABLES[DERIVED[kind]].fieldNames())

    for kind, table in DERIVED.items():
        keys_excluded = {"traveller_key", "doc_seq", "pnr_key", "flight_key", "api_traveller_key",
                         "pnr_traveller_key"}
        compared = [c for c in TABLES[table].fieldNames() if c not in keys_excluded]
        delete = replaced if table in ("documents", "api_pnr_links") else None
        merge(spark, lakehouse, table, rows(kind), job=JOB, update=changed(compared), dates=dates,
              delete_missing_where=delete)
        report.rows[table] = kinds.get(kind, 0)

    applied = pending.withColumn("status", F.lit("applied"))
    full = read_table(spark, lakehouse, "messages").join(applied.select("message_key"), "message_key", "left_semi")
    merge(spark, lakehouse, "messages", full.withColumn("status", F.lit("applied")), job=JOB,
          update="t.status = 'loaded'", dates=dates)
    _release_files(spark, lakehouse)
    _remove(staging)
    return report


def _release_files(spark: SparkSession, lakehouse: str) -> None:
    """raw_messages rows still ``held`` whose messages are no longer held become ``loaded``."""
    from pyspark.sql import functions as F

    raw = read_table(spark, lakehouse, "raw_messages").where(F.col("status") == "held")
    if raw.limit(1).count() == 0:
        return
    still = read_table(spark, lakehouse, "messages").where(F.col("status") == "held").select("message_id")
    ready = raw.join(still, "message_id", "left_anti").withColumn("status", F.lit("loaded"))
    merge(spark, lakehouse, "raw_messages", ready, job=JOB, update="t.status = 'held'")


def _remove(path: str) -> None:
    import shutil

    if "://" not in path or path.startswith("file:"):
        shutil.rmtree(path[len("file:"):] if path.startswith("file:") else path, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    from jobs.spark import get_spark
    from paxpipe.settings import load_settings

    parser = argparse.ArgumentParser(prog="jobs/normalise.py", description=__doc__.splitlines()[0])
    parser.add_argument("--lakehouse", help="lakehouse folder (default: [paths] lakehouse)")
    parser.add_argument("--run-id")
    parser.add_argument("--now", help="ISO time used to decide whether a held set's flight departed")
    args = parser.parse_args(argv)
    settings = load_settings()
    spark = get_spark(settings.section("spark"), app_name="paxpipe-normalise")
    now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    lakehouse = args.lakehouse or settings.lakehouse
    with run_lock(lakehouse):
        report = run(spark, lakehouse=lakehouse, run_id=args.run_id, now=now,
                     grace_hours=float(settings.get("ingest.incomplete_set_grace_hours", 0) or 0))
    for line in report.lines():
        print(line)
    return 0


if __name__ == "__main__":
    # Under `spark-submit jobs/normalise.py` this file is __main__; run the importable module instead so
    # the functions shipped to Python workers pickle by reference to jobs.normalise, which workers import.
    from jobs import normalise as _job

    raise SystemExit(_job.main())
