"""Crash-safety and concurrency, proved with real processes on simulated traffic.

- A job killed right after a table commit (``PAXPIPE_CRASH_AFTER=<job>:<table>`` makes the process
  ``os._exit`` there, like SIGKILL: no cleanup, no finally) and run again ends with exactly the rows
  of one clean run.
- Two runs started at the same time on the same lakehouse end with exactly the rows of one run.

Every table is compared in full, column by column; only ``run_id`` differs between runs by design.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.spark, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
TABLES = ["raw_messages", "message_issues", "quarantine", "messages", "flights", "traveller_versions",
          "pnr_versions", "travellers", "documents", "pnrs", "api_pnr_links"]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two simulated flights (API + every PNR push) plus a byte-identical resend and a junk file."""
    out = tmp_path_factory.mktemp("crash") / "landing"
    subprocess.run(
        [sys.executable, "-m", "paxpipe", "simulate", "--out", str(out), "--flights", "2", "--seed", "7",
         "--date", "2026-07-01", "--defect-rate", "0"],
        check=True, cwd=ROOT, capture_output=True,
    )
    first = sorted(out.glob("*.edi"))[0]
    shutil.copy2(first, out / f"resend_{first.name}")
    (out / "junk.txt").write_bytes(b"hello, not a message")
    return out


def contents(spark: Any, lake: Path) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in TABLES:
        if not (lake / table / "_delta_log").is_dir():
            continue  # not created yet when the run was killed
        df = spark.read.format("delta").load(str(lake / table))
        cols = [c for c in df.columns if c != "run_id"]
        out[table] = sorted((tuple(r) for r in df.select(*cols).collect()), key=repr)
    return out


@pytest.fixture(scope="module")
def reference(spark: Any, landing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from jobs.ingest import run_all

    lake = tmp_path_factory.mktemp("reference") / "lake"
    run_all(spark, landing=str(landing), lakehouse=str(lake), now=NOW)
    return contents(spark, lake)


def job(landing: Path, lake: Path, *, crash_after: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.update({
        "PAXPIPE__SPARK__MASTER": "local[1]",
        "PAXPIPE__SPARK__SHUFFLE_PARTITIONS": "2",
        "PYSPARK_PYTHON": sys.executable,
        "SPARK_LOCAL_IP": "127.0.0.1",
    })
    env.pop("PAXPIPE_CRASH_AFTER", None)
    if crash_after:
        env["PAXPIPE_CRASH_AFTER"] = crash_after
    return subprocess.Popen(
        [sys.executable, "jobs/ingest.py", "--landing", str(landing), "--lakehouse", str(lake),
         "--now", NOW.isoformat()],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def test_reference_run_is_not_empty(reference: dict[str, Any]) -> None:
    statuses = sorted({row[10] for row in reference["raw_messages"]})  # status column
    assert statuses == ["duplicate", "loaded", "quarantined"]
    assert len(reference["travellers"]) > 100 and reference["pnrs"] and reference["api_pnr_links"]


@pytest.mark.parametrize("crash_after", ["ingest:traveller_versions", "normalise:travellers"])
def test_killed_mid_write_then_rerun_equals_one_clean_run(
    spark: Any, landing: Path, reference: dict[str, Any], tmp_path: Path, crash_after: str
) -> None:
    from jobs.ingest import run_all

    lake = tmp_path / "lake"
    proc = job(landing, lake, crash_after=crash_after)
    output, _ = proc.communicate(timeout=900)
    assert proc.returncode == 86, output[-3000:]  # killed at the hook, not finished nor failed
    crashed = contents(spark, lake)
    assert crashed != reference  # the kill really left a half-written lakehouse
    run_all(spark, landing=str(landing), lakehouse=str(lake), now=NOW)
    assert contents(spark, lake) == reference
    assert not list(lake.glob("_staging/*")), "a finished run leaves no staging data behind"


def test_two_concurrent_runs_ingest_once(
    spark: Any, landing: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    procs = [job(landing, lake), job(landing, lake)]
    outputs = [p.communicate(timeout=900)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], "\n".join(o[-3000:] for o in outputs)
    taken = sorted(int(line.split(" new taken")[0].rsplit(" ", 1)[-1])
                   for o in outputs for line in o.splitlines() if " new taken" in line)
    assert taken == [0, len(reference["raw_messages"])]  # one run took everything, the other nothing
    assert contents(spark, lake) == reference
