"""Ingest benchmark: a simulated day of traffic from landing to silver, Spark side by side with the
pure-Python parse of the same files.

    .venv/bin/python -m benchmarks.ingest_bench            # 1,000 flights (≈ 200k+ travellers, every PNR push)
    .venv/bin/python -m benchmarks.ingest_bench --quick    # 40 flights, for a smoke run

Prints, for two input sizes (a quarter and the whole day, to show driver memory is flat in input
size): files, MB, travellers, end-to-end seconds and travellers/s of ``ingest + normalise`` on
``local[N]``, seconds per stage, the driver's peak JVM heap and Python RSS; and for the whole day the
pure-Python baseline on one core (parse only, and parse + row building with the same
``jobs.transforms.file_facts`` the Spark job runs).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def simulate(out: Path, flights: int, seed: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "paxpipe", "simulate", "--out", str(out), "--flights", str(flights),
         "--seed", str(seed), "--date", "2026-07-01", "--no-manifest"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def edi_files(landing: Path) -> list[Path]:
    return sorted(p for p in landing.rglob("*") if p.is_file() and p.suffix != ".json")


def pure_baseline(landing: Path) -> dict[str, float]:
    """One core, no Spark: parse every file; then parse + build rows as the Spark job does."""
    from jobs.transforms import FileInput, file_facts
    from parsers.api import parse_bytes

    files = [(p.name, p.read_bytes()) for p in edi_files(landing)]
    started = time.perf_counter()
    travellers = 0
    for _name, data in files:
        for ic in parse_bytes(data):
            for m in ic.messages:
                travellers += len(getattr(m, "travellers", ())) + sum(len(p.passengers) for p in getattr(m, "pnrs", ()))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = 0
    now = datetime.now(UTC)
    for name, data in files:
        f = FileInput(receipt_id=name, message_id=hashlib.sha256(data).hexdigest(), file_name=name,
                      received_at=now, content=data)
        rows += sum(1 for fact in file_facts(f) if fact["kind"] == "traveller")
    facts_s = time.perf_counter() - started
    return {"traveller_versions": float(travellers), "parse_s": parse_s, "facts_s": facts_s}


class PeakMemory:
    """Samples the driver JVM's used heap (via py4j) and this process's RSS twice a second."""

    def __init__(self, spark: Any) -> None:
        self._runtime = spark.sparkContext._jvm.java.lang.Runtime.getRuntime()
        self.peak_heap = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                used = int(self._runtime.totalMemory()) - int(self._runtime.freeMemory())
                self.peak_heap = max(self.peak_heap, used)
            except Exception:  # the gateway is busy or closing: skip one sample
                pass
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._runtime.gc()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def spark_run(spark: Any, landing: Path, lake: Path) -> dict[str, Any]:
    from jobs.ingest import run_all
    from jobs.lakehouse import TIMINGS

    TIMINGS.clear()
    with PeakMemory(spark) as mem:
        started = time.perf_counter()
        report, norm = run_all(spark, landing=str(landing), lakehouse=str(lake),
                               now=datetime(2026, 7, 3, tzinfo=UTC))
        seconds = time.perf_counter() - started
    travellers = spark.read.format("delta").load(str(lake / "travellers")).count()
    versions = spark.read.format("delta").load(str(lake / "traveller_versions")).count()
    return {"seconds": seconds, "travellers": travellers, "versions": versions, "files": report.files_taken,
            "peak_heap_mb": mem.peak_heap / 2**20, "stages": dict(TIMINGS), "report": report, "norm": norm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="40 flights")
    parser.add_argument("--cores", type=int, default=2, help="local[N]")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--driver-memory", default="2g",
                        help="driver JVM heap cap (local mode: driver and executor in one JVM)")
    parser.add_argument("--workdir", help="keep landing and lakehouse here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    flights = 40 if args.quick else args.flights

    from jobs.spark import get_spark

    work = Path(args.workdir or tempfile.mkdtemp(prefix="ingest-bench-"))
    sizes = [max(2, flights // 4), flights]
    spark = get_spark({"master": f"local[{args.cores}]", "shuffle_partitions": args.cores * 2,
                       "driver_memory": args.driver_memory, "jars_dir": "build/jars",
                       "conf": {"spark.default.parallelism": str(args.cores * 2)}}, app_name="ingest-bench")
    results = []
    try:
        for n, size in enumerate(sizes):
            landing = work / f"landing-{size}"
            sim_s = simulate(landing, size, args.seed + n) if not landing.exists() else 0.0
            files = edi_files(landing)
            mb = sum(p.stat().st_size for p in files) / 2**20
            lake = work / f"lake-{size}"
            shutil.rmtree(lake, ignore_errors=True)
            result = spark_run(spark, landing, lake)
            result.update({"flights": size, "mb": mb, "simulate_s": sim_s})
            results.append(result)
        baseline = pure_baseline(work / f"landing-{sizes[-1]}")
    finally:
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        spark.stop()
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print(f"ingest benchmark: local[{args.cores}] on {os.cpu_count()} CPU(s), driver heap cap "
          f"{args.driver_memory}, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'flights':>8} {'files':>6} {'MB':>7} {'travellers':>11} {'versions':>9} {'seconds':>8} "
          f"{'trav/s':>8} {'peak heap MB':>13}")
    for r in results:
        print(f"{r['flights']:>8} {r['files']:>6} {r['mb']:>7.1f} {r['travellers']:>11} {r['versions']:>9} "
              f"{r['seconds']:>8.1f} {r['travellers'] / r['seconds']:>8.0f} {r['peak_heap_mb']:>13.0f}")
    print(f"driver Python peak RSS (whole benchmark): {rss_mb:.0f} MB")
    whole = results[-1]
    print(f"\nstages, {whole['flights']} flights (seconds):")
    for stage, seconds in sorted(whole["stages"].items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<38} {seconds:8.1f}")
    print("\nside by side, same files:")
    print(f"  pure-Python parse, 1 core:                {baseline['parse_s']:8.1f} s  "
          f"{baseline['traveller_versions'] / baseline['parse_s']:8.0f} traveller versions/s")
    print(f"  pure-Python parse + rows, 1 core:         {baseline['facts_s']:8.1f} s  "
          f"{baseline['traveller_versions'] / baseline['facts_s']:8.0f} traveller versions/s")
    print(f"  Spark ingest + normalise, local[{args.cores}]:       {whole['seconds']:8.1f} s  "
          f"{whole['versions'] / whole['seconds']:8.0f} traveller versions/s, "
          f"{whole['travellers'] / whole['seconds']:.0f} travellers/s")
    print(f"  ratio Spark end to end / pure parse:      {whole['seconds'] / baseline['parse_s']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
