"""The lakehouse on disk: table paths, create-if-missing, MERGE helpers, the run lock, crash hooks.

A table is the folder ``<lakehouse>/<name>`` (a Delta table); schemas come from jobs/schemas.py.
Silver tables (those with a ``flight_date`` column) are partitioned by it. Every write is a MERGE on
the table's natural key, retried on Delta's optimistic-concurrency conflicts, so a rerun of the same
input changes nothing and two writers never duplicate a row.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobs.schemas import TABLES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "CRASH_ENV",
    "KEYS",
    "PARTITIONED",
    "TIMINGS",
    "changed",
    "crash_point",
    "ensure_tables",
    "is_local",
    "merge",
    "read_table",
    "run_lock",
    "table_path",
    "timed",
]

# Natural key of each table written by the lakehouse jobs.
KEYS: dict[str, tuple[str, ...]] = {
    "raw_messages": ("receipt_id",),
    "message_issues": ("message_id", "issue_seq"),
    "quarantine": ("message_id",),
    "messages": ("message_key",),
    "flights": ("flight_key",),
    "traveller_versions": ("version_id",),
    "pnr_versions": ("version_id",),
    "travellers": ("traveller_key",),
    "documents": ("traveller_key", "doc_seq"),
    "pnrs": ("pnr_key",),
    "api_pnr_links": ("flight_key", "api_traveller_key", "pnr_traveller_key"),
}
PARTITIONED = frozenset(name for name, schema in TABLES.items() if "flight_date" in schema.fieldNames())
# Tables whose rows hold whole received files: small Parquet files, so a MERGE that updates a few rows
# rewrites (and holds in memory) a bounded amount of bytes, not the whole day's.
RECORDS_PER_FILE = {"raw_messages": 1000, "quarantine": 1000}

# Tests kill a job between two commits: PAXPIPE_CRASH_AFTER="<job>:<table>" exits the process
# (no cleanup, like SIGKILL) right after that table's commit.
CRASH_ENV = "PAXPIPE_CRASH_AFTER"
_MAX_ATTEMPTS = 6
TIMINGS: dict[str, float] = {}  # stage → seconds, for this process


def is_local(lakehouse: str) -> bool:
    return "://" not in lakehouse or lakehouse.startswith("file:")


def _local(path: str) -> str:
    return path[len("file:"):] if path.startswith("file:") else path


def table_path(lakehouse: str, name: str) -> str:
    return f"{lakehouse.rstrip('/')}/{name}"


def crash_point(job: str, table: str) -> None:
    if os.environ.get(CRASH_ENV) == f"{job}:{table}":
        os._exit(86)


def ensure_tables(spark: SparkSession, lakehouse: str, names: Sequence[str]) -> None:
    """Create each missing table as an empty Delta table with its declared schema."""
    from delta.tables import DeltaTable

    for name in names:
        path = table_path(lakehouse, name)
        if is_local(lakehouse) and (Path(_local(path)) / "_delta_log").is_dir():
            continue  # the common case, without a JVM round trip
        if DeltaTable.isDeltaTable(spark, path):
            continue
        # A metadata-only commit (no Spark job); two creators race safely: the loser sees it exists.
        builder = DeltaTable.createIfNotExists(spark).location(path).addColumns(TABLES[name])
        if name in PARTITIONED:
            builder = builder.partitionedBy("flight_date")
        _retry(builder.execute)


def read_table(spark: SparkSession, lakehouse: str, name: str) -> DataFrame:
    return spark.read.format("delta").load(table_path(lakehouse, name))


def _is_conflict(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}"
    return "Concurrent" in text or "ProtocolChanged" in text or "MetadataChanged" in text


def _retry(action: Any) -> Any:
    for attempt in range(1, _MAX_ATTEMPTS + 1):
        try:
            return action()
        except Exception as exc:
            if attempt == _MAX_ATTEMPTS or not _is_conflict(exc):
                raise
            time.sleep(0.2 * attempt)
    return None


def _date_filter(alias: str, dates: Sequence[date] | None) -> str:
    if dates is None:
        return "true"
    if not dates:
        return "false"
    listed = ", ".join(f"DATE'{d.isoformat()}'" for d in sorted(set(dates)))
    return f"({alias}.flight_date IN ({listed}) OR {alias}.flight_date IS NULL)"


def merge(
    spark: SparkSession,
    lakehouse: str,
    name: str,
    source: DataFrame,
    *,
    job: str,
    update: str | None = None,
    delete_missing_where: str | None = None,
    dates: Sequence[date] | None = None,
) -> None:
    """MERGE ``source`` into table ``name`` on its natural key.

    - unmatched source rows are inserted;
    - ``update``: a SQL condition on ``t``/``s`` under which a matched row is replaced by the source
      row (``None``: matched rows are left alone: insert-only, as for history tables);
    - ``delete_missing_where``: a condition on target ``t`` selecting the rows the source replaces
      wholesale (e.g. the flights being re-derived); those with no source row are deleted;
    - ``dates``: the flight dates the source touches, for partition pruning of partitioned tables.
    """
    from delta.tables import DeltaTable

    keys = KEYS[name]
    on = " AND ".join(f"t.`{k}` = s.`{k}`" for k in keys)
    if name in PARTITIONED and dates is not None:
        on = f"{on} AND {_date_filter('t', dates)}"
    columns = TABLES[name].fieldNames()
    values: dict[str, Any] = {f"`{c}`": f"s.`{c}`" for c in columns}
    source = source.select(*columns)

    def run() -> None:
        target = DeltaTable.forPath(spark, table_path(lakehouse, name))
        builder = target.alias("t").merge(source.alias("s"), on)
        if update is not None:
            builder = builder.whenMatchedUpdate(condition=update, set=values)
        builder = builder.whenNotMatchedInsert(values=values)
        if delete_missing_where is not None:
            builder = builder.whenNotMatchedBySourceDelete(condition=delete_missing_where)
        builder.execute()

    started = time.perf_counter()
    with _records_per_file(spark, RECORDS_PER_FILE.get(name)):
        _retry(run)
    TIMINGS[f"{job}:merge {name}"] = TIMINGS.get(f"{job}:merge {name}", 0.0) + time.perf_counter() - started
    crash_point(job, name)


@contextlib.contextmanager
def _records_per_file(spark: SparkSession, limit: int | None) -> Iterator[None]:
    if limit is None:
        yield
        return
    key = "spark.sql.files.maxRecordsPerFile"
    before = spark.conf.get(key, None)
    spark.conf.set(key, str(limit))
    try:
        yield
    finally:
        if before is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, before)


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    """Accumulate wall time per stage in :data:`TIMINGS` (printed by the jobs and the benchmark)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[label] = TIMINGS.get(label, 0.0) + time.perf_counter() - started


def changed(columns: Sequence[str]) -> str:
    """A MERGE update condition: any of ``columns`` differs (null-safe)."""
    return " OR ".join(f"NOT (t.`{c}` <=> s.`{c}`)" for c in columns)


@contextlib.contextmanager
def run_lock(lakehouse: str, *, timeout_s: float = 3600.0) -> Iterator[None]:
    """One ingest/normalise run at a time per lakehouse.

    On a local (or mounted) lakehouse an exclusive ``flock`` on ``<lakehouse>/_paxpipe/run.lock``: a
    second run waits, then finds nothing new. The kernel releases it when the process dies (SIGKILL
    included), so a crashed run never leaves a stale lock. On object storage there is no lock: Delta's
    optimistic concurrency (MERGE conflicts retried) plus natural-key MERGEs keep rows single, and the
    scheduler (Airflow, max_active_runs=1) keeps runs apart.
    """
    if not is_local(lakehouse):
        yield
        return
    folder = Path(_local(lakehouse)) / "_paxpipe"
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / "run.lock", "a+")  # noqa: SIM115 - held for the whole run
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
