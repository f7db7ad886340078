"""The only SparkSession factory: Delta configured, sensible local defaults, everything overridable.

Delta's JVM jars are fetched once at set-up (``make jars`` → ``build/jars``) and passed as
``spark.jars``, so a session never resolves packages at start. On a cluster, ``spark-submit`` may pass
them itself (``--jars`` / ``--packages``); then ``jars_dir`` can be empty.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["DELTA_JAR_PREFIXES", "delta_jars", "get_spark"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Only Delta's own jars: everything else they depend on already ships with pyspark (newer versions).
DELTA_JAR_PREFIXES = ("delta-spark_", "delta-storage-", "delta-kernel-api-", "delta-kernel-defaults-")


class MissingDeltaJars(RuntimeError):
    """Delta's jars are not where the configuration says; `make jars` fetches them."""


def delta_jars(jars_dir: str | os.PathLike[str]) -> list[str]:
    folder = Path(jars_dir)
    if not folder.is_absolute():
        folder = PROJECT_ROOT / folder
    jars = sorted(str(p) for p in folder.glob("*.jar") if p.name.startswith(DELTA_JAR_PREFIXES))
    if not any(Path(j).name.startswith("delta-spark_") for j in jars):
        raise MissingDeltaJars(f"Delta jars not found in {folder}: run `make jars` (Maven) first")
    return jars


def get_spark(
    spark_conf: Mapping[str, Any] | None = None,
    *,
    master: str | None = None,
    app_name: str = "paxpipe",
) -> SparkSession:
    """Return the active session or build one from the ``[spark]`` configuration section.

    ``spark_conf`` is ``Settings.section("spark")``: keys master, app_name, shuffle_partitions,
    driver_memory, jars_dir, and a ``conf`` table of raw Spark properties.
    Under ``spark-submit`` the master and jars given on its command line win.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active

    section = dict(spark_conf or {})
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")

    builder = SparkSession.builder.appName(str(section.get("app_name", app_name)))
    # Under spark-submit the JVM is already up (it sets PYSPARK_GATEWAY_PORT): its --master and --jars
    # win, so a job runs unchanged on any cluster.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    chosen_master = master or section.get("master")
    if chosen_master and not submitted:
        builder = builder.master(str(chosen_master))
    jars_dir = section.get("jars_dir", "build/jars")
    if jars_dir and not submitted:
        builder = builder.config("spark.jars", ",".join(delta_jars(jars_dir)))
    builder = (
        builder.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", str(section.get("shuffle_partitions", 4)))
        .config("spark.driver.memory", str(section.get("driver_memory", "2g")))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.showConsoleProgress", "false")
        # Delta's default of 50 snapshot partitions makes every small local commit cost ~50 tasks.
        .config("spark.databricks.delta.snapshotPartitions", str(section.get("delta_snapshot_partitions", 2)))
        # Rows holding whole files (bronze bytes) move in bounded batches, so memory depends on the
        # batch, not on the day: Arrow batches to the parser, Parquet batches read back.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.sql.parquet.columnarReaderBatchSize", "1024")
    )
    log4j = PROJECT_ROOT / "conf" / "log4j2.properties"
    if log4j.exists() and not submitted:
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j}")
    for key, value in dict(section.get("conf", {})).items():
        builder = builder.config(str(key), str(value))
    return builder.getOrCreate()
