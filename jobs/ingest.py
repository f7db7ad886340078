"""Ingest: land every new file of the landing folder in bronze, and its parsed history in silver.

What a run does (each write a MERGE on natural keys, raw_messages LAST, so it is the commit marker):

1. list the landing folder (names, sizes, modification times; no bytes) and keep files whose receipt
   (name, modification time, size) is not yet in ``raw_messages``: the durable record of what was taken;
2. hash the new files (sha256 = ``message_id``); a file whose bytes were already loaded (or appear
   earlier in the same run) is a duplicate: recorded, not parsed, not loaded;
3. parse the others inside Spark (``mapInArrow`` over partitions wrapping the pure parser through
   :func:`jobs.transforms.file_facts`) into staging facts under ``<lakehouse>/_staging/<run_id>``;
4. write ``message_issues``, ``quarantine``, ``flights``, ``traveller_versions``, ``pnr_versions``,
   ``messages`` (parts of incomplete multi-part sets are ``held`` there), then ``raw_messages``.

A run killed anywhere before step 4's last commit is redone whole by the next run (same receipts,
same keys: MERGE inserts nothing twice); after it, nothing is redone. Then :mod:`jobs.normalise`
derives the current state. ``main(argv)`` runs both, so ``spark-submit jobs/ingest.py --landing ..
--lakehouse ..`` works unchanged on a cluster.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):  # run as a script by spark-submit: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobs.lakehouse import (
    crash_point,
    ensure_tables,
    is_local,
    merge,
    read_table,
    run_lock,
    table_path,
    timed,
)
from jobs.schemas import TABLES
from jobs.transforms import FileInput, file_facts

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["FACT_KINDS", "IngestReport", "facts_schema", "main", "parse_batches", "parse_iso", "run", "run_all"]

JOB = "ingest"
# fact kind → the table whose row it carries
FACT_KINDS: dict[str, str] = {
    "file": "raw_messages",
    "issue": "message_issues",
    "quarantine": "quarantine",
    "message": "messages",
    "leg": "flights",
    "traveller": "traveller_versions",
    "pnr": "pnr_versions",
}
BRONZE_AND_HISTORY = tuple(FACT_KINDS.values())
_BATCH_ROWS = 4096


@dataclass
class IngestReport:
    run_id: str
    files_seen: int = 0
    files_taken: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failed: int = 0
    held: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # table → rows written (inserted + updated)

    def lines(self) -> list[str]:
        out = [
            f"run {self.run_id}: {self.files_seen} file(s) in landing, {self.files_taken} new taken, "
            f"{self.duplicates} duplicate(s), {self.quarantined} quarantined, {self.failed} failed, "
            f"{self.held} held (incomplete multi-part)"
        ]
        out += [f"  {name:<20} {count:>9} row(s) written" for name, count in self.rows.items()]
        return out


def _nullable(schema: StructType) -> StructType:
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(f.name, f.dataType, True) for f in schema.fields])


def facts_schema() -> StructType:
    """``kind`` plus one nullable struct per fact kind, each shaped like its table's row."""
    from pyspark.sql.types import StringType, StructField, StructType

    fields = [StructField("kind", StringType(), False)]
    fields += [StructField(kind, _nullable(TABLES[table]), True) for kind, table in FACT_KINDS.items()]
    return StructType(fields)


@lru_cache(maxsize=1)
def _facts_arrow() -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(facts_schema(), timezone="UTC")


def parse_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow body: file rows (receipt_id, message_id, file_name, received_at, content, run_id)
    → fact rows. Runs on executors; only the pure parser and :func:`file_facts` do the work.

    The file fact goes back without its bytes: raw_messages takes them from Spark's own read of the
    file (joined on receipt_id), so they never travel back from Python nor through the staging."""
    import pyarrow as pa

    schema = _facts_arrow()
    out: list[dict[str, Any]] = []
    for batch in batches:
        for row in batch.to_pylist():
            received = row["received_at"]
            if received is not None and received.tzinfo is None:
                received = received.replace(tzinfo=UTC)
            for fact in file_facts(FileInput(
                receipt_id=row["receipt_id"], message_id=row["message_id"], file_name=row["file_name"],
                received_at=received, content=row["content"], run_id=row["run_id"],
            )):
                if fact["kind"] == "file":
                    fact["file"]["content"] = None
                out.append(fact)
            if len(out) >= _BATCH_ROWS:
                yield pa.RecordBatch.from_pylist(out, schema=schema)
                out = []
    if out:
        yield pa.RecordBatch.from_pylist(out, schema=schema)


def _landing_uri(landing: str) -> str:
    if "://" in landing:
        return landing.rstrip("/")
    return str(Path(landing).expanduser().resolve())


def _list_landing(spark: SparkSession, landing: str, landed_before: datetime | None) -> DataFrame:
    """Names, sizes and modification times of every file under landing (Spark reads no bytes here)."""
    from pyspark.sql import functions as F

    root = _landing_uri(landing)
    if "://" not in root and not Path(root).is_dir():
        raise FileNotFoundError(f"landing folder not found: {root}")
    listing = (
        spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(root)
        .select("path", F.col("modificationTime").alias("received_at"), F.col("length").alias("size_bytes"))
        .withColumn("file_name", F.substring_index("path", root.rstrip("/") + "/", -1))
        .where(~F.col("file_name").endswith(".json"))  # simulator manifests and sidecars, not pushes
    )
    if landed_before is not None:
        listing = listing.where(F.col("received_at") < F.lit(landed_before))
    return listing


def _staging(lakehouse: str, run_id: str) -> str:
    # Airflow run ids carry ':' and '+', which Hadoop paths do not accept.
    return table_path(lakehouse, "_staging/" + re.sub(r"[^A-Za-z0-9_.-]", "_", run_id))


def _remove_staging(lakehouse: str, run_id: str) -> None:
    if is_local(lakehouse):
        path = _staging(lakehouse, run_id)
        shutil.rmtree(path[len("file:"):] if path.startswith("file:") else path, ignore_errors=True)


def run(
    spark: SparkSession,
    *,
    landing: str,
    lakehouse: str,
    run_id: str | None = None,
    landed_before: datetime | None = None,
    partitions: int | None = None,
) -> IngestReport:
    """Ingest what is new in ``landing`` into ``lakehouse`` (bronze + history). See the module doc."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    run_id = run_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    report = IngestReport(run_id=run_id)
    with timed("ingest:create tables"):
        ensure_tables(spark, lakehouse, BRONZE_AND_HISTORY)
    _remove_staging(lakehouse, "")  # what a killed run left (callers hold the run lock)

    with timed("ingest:list new files"):
        listing = _list_landing(spark, landing, landed_before).cache()
        report.files_seen = listing.count()
        taken = read_table(spark, lakehouse, "raw_messages").select("file_name", "received_at", "size_bytes")
        new = listing.join(taken, ["file_name", "received_at", "size_bytes"], "left_anti")
        # Paths only (never bytes) come to the driver, to read just the new files.
        new_paths = [r.path for r in new.select("path").collect()]
        listing.unpersist()
    report.files_taken = len(new_paths)
    if not new_paths:
        return report

    root = _landing_uri(landing).rstrip("/") + "/"
    content = (
        spark.read.format("binaryFile").load(new_paths)
        .select(
            F.substring_index("path", root, -1).alias("file_name"),
            F.col("modificationTime").alias("received_at"),
            "content",
        )
        .withColumn("message_id", F.sha2("content", 256))
    )
    # Decide duplicates on hashes only (small), then join the bytes back for parsing.
    with timed("ingest:hash + duplicates"):
        hashes = content.select("file_name", "received_at", "message_id").localCheckpoint()
        loaded_before = (
            read_table(spark, lakehouse, "raw_messages")
            .where(F.col("status").isin("loaded", "held"))
            .select("message_id").distinct().withColumn("seen_before", F.lit(True))
        )
        first = Window.partitionBy("message_id").orderBy("received_at", "file_name")
        decided = (
            hashes.withColumn("rn", F.row_number().over(first))
            .join(loaded_before, "message_id", "left")
            .withColumn("duplicate", (F.col("rn") > 1) | F.col("seen_before").isNotNull())
            .withColumn("receipt_id", F.sha2(F.concat_ws("|", "message_id", "file_name",
                                                         F.col("received_at").cast("string")), 256))
            .select("file_name", "received_at", "receipt_id", "duplicate")
            .localCheckpoint()
        )
    files = (
        content.join(decided, ["file_name", "received_at"])
        .withColumn("run_id", F.lit(run_id))
    )
    n_parts = partitions or max(2, spark.sparkContext.defaultParallelism * 2)
    staging = _staging(lakehouse, run_id)
    facts_path = f"{staging}/facts"
    with timed("ingest:parse (Spark)"):
        (
            files.where(~F.col("duplicate"))
            .select("receipt_id", "message_id", "file_name", "received_at", "content", "run_id")
            .repartition(n_parts, "message_id")
            .mapInArrow(parse_batches, facts_schema())
            .write.mode("overwrite").parquet(facts_path)
        )
    facts = spark.read.parquet(facts_path)
    crash_point(JOB, "staging")

    def part(kind: str) -> DataFrame:
        return facts.where(F.col("kind") == kind).select(f"{kind}.*")

    with timed("ingest:plan writes"):
        kinds = {r["kind"]: r["count"] for r in facts.groupBy("kind").count().collect()}
        dates = [r.flight_date for r in part("message").select("flight_date").distinct().collect()
                 if r.flight_date is not None]

    def write(table: str, source: DataFrame, **kwargs: Any) -> None:
        merge(spark, lakehouse, table, source, job=JOB, **kwargs)

    if kinds.get("issue"):
        write("message_issues", part("issue"))
    if kinds.get("quarantine"):
        write("quarantine", part("quarantine").dropDuplicates(["message_id"]))
    if kinds.get("leg"):
        legs = part("leg")
        earliest = Window.partitionBy("flight_key").orderBy(F.col("updated_at").asc_nulls_last(),
                                                            F.col("arrival_local").asc_nulls_last())
        legs = legs.withColumn("_rn", F.row_number().over(earliest)).where("_rn = 1").drop("_rn")
        # First report of a flight wins; a later one only fills what was missing.
        write("flights", legs, dates=dates,
              update="(t.arrival_local IS NULL AND s.arrival_local IS NOT NULL) OR "
                     "(t.departure_utc IS NULL AND s.departure_utc IS NOT NULL)")
    # Version ids are unique in the facts already (jobs.transforms keeps one per file; they carry the
    # file's hash): no shuffle to deduplicate them here.
    if kinds.get("traveller"):
        write("traveller_versions", part("traveller"), dates=dates)
    if kinds.get("pnr"):
        write("pnr_versions", part("pnr"), dates=dates)
    if kinds.get("message"):
        write("messages", part("message"), dates=dates)

    held_files = (
        part("message").where(F.col("status") == "held").select("message_id").distinct()
        .withColumn("_held", F.lit(True))
    )
    parsed_raw = (
        part("file").join(held_files, "message_id", "left")
        .withColumn("status", F.when(F.col("_held").isNotNull() & (F.col("status") == "loaded"), F.lit("held"))
                    .otherwise(F.col("status")))
        .drop("_held")
    )
    with_bytes = parsed_raw.drop("content").join(files.select("receipt_id", "content"), "receipt_id")
    duplicate_raw = files.where(F.col("duplicate")).select(
        "receipt_id", "message_id", "file_name", "received_at",
        F.length("content").cast("long").alias("size_bytes"), "content",
        F.lit(None).cast("string").alias("carrier"), F.lit(None).cast("string").alias("message_type"),
        F.lit(None).cast("string").alias("message_version"), F.lit(None).cast("string").alias("sender"),
        F.lit("duplicate").alias("status"), F.lit(0).alias("error_count"), F.lit(0).alias("warning_count"),
        F.lit(0).alias("traveller_count"), "run_id",
    )
    raw = with_bytes.select(*TABLES["raw_messages"].fieldNames()).unionByName(
        duplicate_raw.select(*TABLES["raw_messages"].fieldNames())
    )
    statuses = {r["status"]: r["count"] for r in parsed_raw.groupBy("status").count().collect()}
    statuses["duplicate"] = decided.where(F.col("duplicate")).count()
    write("raw_messages", raw)

    report.duplicates = statuses.get("duplicate", 0)
    report.quarantined = statuses.get("quarantined", 0)
    report.failed = statuses.get("failed", 0)
    report.held = statuses.get("held", 0)
    report.rows = {table: kinds.get(kind, 0) for kind, table in FACT_KINDS.items() if kind != "file"}
    report.rows["raw_messages"] = sum(statuses.values())
    _remove_staging(lakehouse, run_id)
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobs/ingest.py", description=__doc__.splitlines()[0])
    parser.add_argument("--landing", help="landing folder (default: [paths] landing)")
    parser.add_argument("--lakehouse", help="lakehouse folder (default: [paths] lakehouse)")
    parser.add_argument("--run-id", help="identifier of this run (default: time + random)")
    parser.add_argument("--landed-before", help="only files modified before this ISO time (backfills)")
    parser.add_argument("--now", help="ISO time used to decide whether a held set's flight departed")
    parser.add_argument("--no-normalise", action="store_true", help="bronze + history only")
    parser.add_argument("--partitions", type=int, help="parse partitions (default: 2 × parallelism)")
    return parser


def parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run_all(
    spark: SparkSession, *, landing: str, lakehouse: str, run_id: str | None = None,
    landed_before: datetime | None = None, now: datetime | None = None, normalise: bool = True,
    partitions: int | None = None, grace_hours: float = 0.0,
) -> tuple[IngestReport, Any]:
    """Ingest, then normalise, under the lakehouse's run lock."""
    from jobs import normalise as normalise_job

    with run_lock(lakehouse):
        report = run(spark, landing=landing, lakehouse=lakehouse, run_id=run_id,
                     landed_before=landed_before, partitions=partitions)
        norm = None
        if normalise:
            norm = normalise_job.run(spark, lakehouse=lakehouse, run_id=report.run_id, now=now,
                                     grace_hours=grace_hours)
    return report, norm


def main(argv: Sequence[str] | None = None) -> int:
    from jobs.spark import get_spark
    from paxpipe.settings import load_settings

    args = build_parser().parse_args(argv)
    settings = load_settings()
    spark = get_spark(settings.section("spark"), app_name="paxpipe-ingest")
    report, norm = run_all(
        spark,
        landing=args.landing or settings.landing,
        lakehouse=args.lakehouse or settings.lakehouse,
        run_id=args.run_id,
        landed_before=parse_iso(args.landed_before),
        now=parse_iso(args.now),
        normalise=not args.no_normalise,
        partitions=args.partitions,
        grace_hours=float(settings.get("ingest.incomplete_set_grace_hours", 0) or 0),
    )
    for line in report.lines() + (norm.lines() if norm is not None else []):
        print(line)
    return 0


if __name__ == "__main__":
    # Under `spark-submit jobs/ingest.py` this file is __main__; run the importable module instead so
    # the functions shipped to Python workers pickle by reference to jobs.ingest, which workers import.
    from jobs import ingest as _job

    raise SystemExit(_job.main())
