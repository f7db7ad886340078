"""Build and run ``spark-submit`` for a paxpipe job, exactly as a cluster deployment would.

The master comes from the Airflow connection (``spark_default``: host ``local[*]`` or
``spark://host`` + port) when one is defined, else from conf ``[spark] master``. Switching the whole
pipeline to a cluster is configuration: the connection, or ``PAXPIPE__SPARK__MASTER``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SparkSubmitError", "SubmitResult", "build_command", "master_from_connection", "run_submit"]

log = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DELTA_CONFS = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


class SparkSubmitError(RuntimeError):
    """spark-submit exited non-zero; the message carries the tail of its output."""


@dataclass(frozen=True)
class SubmitResult:
    command: tuple[str, ...]
    returncode: int
    seconds: float
    output_tail: str


def spark_submit_binary() -> str:
    """pyspark ships bin/spark-submit; prefer the one beside this interpreter's pyspark."""
    import pyspark

    candidate = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("spark-submit")
    if not found:
        raise SparkSubmitError("spark-submit not found: install the spark extra (pip install 'paxpipe[spark]')")
    return found


def master_from_connection(conn_type: str | None, host: str | None, port: int | None) -> str | None:
    """Turn an Airflow Spark connection into a master URL (``local[*]``, ``spark://h:7077``, ``yarn``...)."""
    if not host:
        return None
    if host.startswith(("local", "yarn", "k8s://", "spark://")):
        return host if not port or host.startswith("local") or host.count(":") >= 2 else f"{host}:{port}"
    if conn_type == "spark" or conn_type is None:
        return f"spark://{host}:{port or 7077}"
    return host


def build_command(
    job: str,
    job_args: Sequence[str],
    *,
    spark: Mapping[str, Any],
    master: str | None = None,
    submit_binary: str | None = None,
) -> list[str]:
    """The spark-submit argv for ``jobs/<job>.py`` with the given job arguments."""
    from jobs.spark import delta_jars

    script = PROJECT_ROOT / "jobs" / f"{job}.py"
    if not script.exists():
        raise SparkSubmitError(f"no such job: {script}")
    cmd = [submit_binary or spark_submit_binary(), "--master", str(master or spark.get("master", "local[*]"))]
    cmd += ["--name", f"paxpipe-{job}", "--driver-memory", str(spark.get("driver_memory", "2g"))]
    jars_dir = spark.get("jars_dir", "build/jars")
    if jars_dir:
        cmd += ["--jars", ",".join(delta_jars(jars_dir))]
    confs = {
        **DELTA_CONFS,
        "spark.sql.shuffle.partitions": str(spark.get("shuffle_partitions", 4)),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.databricks.delta.snapshotPartitions": str(spark.get("delta_snapshot_partitions", 2)),
        **{str(k): str(v) for k, v in dict(spark.get("conf", {})).items()},
    }
    for key, value in confs.items():
        cmd += ["--conf", f"{key}={value}"]
    log4j = PROJECT_ROOT / "conf" / "log4j2.properties"
    if log4j.exists():
        cmd += ["--driver-java-options", f"-Dlog4j2.configurationFile={log4j}"]
    py_files = spark.get("py_files")
    if py_files:
        cmd += ["--py-files", str(py_files)]
    cmd.append(str(script))
    cmd += [str(a) for a in job_args]
    return cmd


def submit_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    env.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_submit(cmd: Sequence[str], *, env: Mapping[str, str] | None = None, tail_lines: int = 40) -> SubmitResult:
    """Run spark-submit, streaming its output to the log (the Airflow task log); raise on failure."""
    started = time.monotonic()
    log.info("spark-submit: %s", " ".join(cmd))
    tail: list[str] = []
    with subprocess.Popen(
        list(cmd), env=submit_env(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            log.info("%s", line)
            tail.append(line)
            del tail[:-tail_lines]
        returncode = proc.wait()
    result = SubmitResult(tuple(cmd), returncode, time.monotonic() - started, "\n".join(tail))
    if returncode != 0:
        raise SparkSubmitError(f"spark-submit {cmd[-1] if cmd else ''} failed with exit code {returncode}:\n{result.output_tail}")
    log.info("spark-submit finished in %.1f s", result.seconds)
    return result
