"""Landing-to-hit latency on the embedded default, with the default schedule.

A real Airflow (`airflow standalone`: scheduler, dag-processor, triggerer, API server; SQLite, local
executor) runs `pax_ingest` with its default schedule over a temporary home: started by the landing
watch (an asset event when files land), with the every-minute cron as fallback. Each repetition drops a new PAXLST for
a flight arriving in two hours, carrying a listed person, into the landing folder and polls the `hits`
table (deltalake, no JVM) until that person's hit is visible. Baseline in the same run: the same kind of
file pushed through the two spark-submits alone (ingest, screen), no scheduler — the floor that Spark
start-up and the work itself set; the difference is the schedule wait and Airflow's own overhead.

    .venv/bin/python -m benchmarks.latency_bench [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# One distinct listed person per repetition: rare surnames, distinct given names and dates of birth, so
# each dropped traveller matches exactly its own entry.
PEOPLE = [
    ("QUARTERMAINE", "ALOYSIUS"), ("FOTHERINGAY", "BARNABY"), ("PENHALIGON", "CORNELIUS"),
    ("WINTERBOTTOM", "DESMOND"), ("STRANGEWAYS", "EUSTACE"), ("HOLLINGSWORTH", "FITZGERALD"),
    ("ABERCROMBIE", "GWENDOLYN"), ("LOVELACE", "HORATIO"), ("BLACKTHORNE", "ISADORA"),
    ("CHOLMONDELEY", "JOSCELYN"), ("MONTMORENCY", "KILLIAN"), ("TREVELYAN", "LEOPOLD"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(home: Path, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "PAXPIPE__PATHS__LANDING": str(home / "landing"),
            "PAXPIPE__PATHS__LAKEHOUSE": str(home / "lakehouse"),
            "PAXPIPE__PATHS__WATCHLISTS": str(home / "watchlists"),
            "PAXPIPE__PATHS__STATE": str(home / "state"),
            "AIRFLOW_HOME": str(home / "airflow"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(_free_port()),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            "PYSPARK_PYTHON": sys.executable,
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
    )
    return env


def _write_watchlist(path: Path, runs: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entry_id", "list_name", "surname", "given_names", "full_name", "aliases",
                         "date_of_birth", "nationality", "gender", "document_number"])
        for i in range(runs):
            surname, given = PEOPLE[i % len(PEOPLE)]
            writer.writerow([f"BENCH-{i}", "BENCH-LIST", surname, given, "", "",
                             f"19{50 + i}-0{1 + i % 9}-{10 + i % 18:02d}", "GBR", "M", f"X{9100000 + i}"])


def paxlst_for(i: int, now: datetime) -> str:
    """A one-passenger PAXLST of flight BX{900+i} LHR→AMS arriving two hours from now."""
    arrival = now + timedelta(hours=2)
    departure = arrival - timedelta(hours=1, minutes=15)
    arr_local = arrival + timedelta(hours=1)  # AMS is UTC+1 in winter, UTC+2 in summer: close enough here
    dep_local = departure
    ymd, hm = now.strftime("%y%m%d"), now.strftime("%H%M")
    ref = f"LAT{i:04d}{now:%H%M%S}"
    flight = f"BX{900 + i}"
    body = [
        "UNH+1+PAXLST:D:02B:UN:IATA+" + f"{flight}/{ymd}/{hm}+01:F",
        "BGM+745",
        "NAD+MS+++LATENCY BENCH",
        f"TDT+20+{flight}",
        "LOC+125+LHR",
        f"DTM+189:{dep_local:%y%m%d%H%M}:201",
        "LOC+87+AMS",
        f"DTM+232:{arr_local:%y%m%d%H%M}:201",
        f"NAD+FL+++{PEOPLE[i % len(PEOPLE)][0]}:{PEOPLE[i % len(PEOPLE)][1]}",
        "ATT+2++M",
        f"DTM+329:{50 + i}0{1 + i % 9}{10 + i % 18:02d}",
        "LOC+178+LHR",
        "LOC+179+AMS",
        "NAT+2+GBR",
        f"RFF+AVF:LT{i:04d}",
        f"DOC+P:110:111+X{9100000 + i}",
        "DTM+36:301231",
        "LOC+91+GBR",
        "CNT+42:1",
    ]
    body.append(f"UNT+{len(body) + 1}+1")
    segments = [
        "UNA:+.? '",
        f"UNB+UNOA:4+BENCHAIR:ZZ+NLDAPIS:ZZ+{ymd}:{hm}+{ref}++APIS'",
        f"UNG+PAXLST+BENCHAIR+NLDAPIS+{ymd}:{hm}+{ref}+UN+D:02B'",
        *[s + "'" for s in body],
        f"UNE+1+{ref}'",
        f"UNZ+1+{ref}'",
    ]
    return "\n".join(segments) + "\n"


def _drop(landing: Path, i: int) -> float:
    landing.mkdir(parents=True, exist_ok=True)
    text = paxlst_for(i, datetime.now(UTC))
    tmp = landing / f".BX{900 + i}.tmp"
    tmp.write_text(text, encoding="ascii")
    final = landing / f"BX{900 + i}_PAXLST_{i:04d}.edi"
    tmp.rename(final)  # atomic: the pipeline never sees half a file
    return final.stat().st_mtime


def _hit_visible(lakehouse: Path, i: int) -> bool:
    from deltalake import DeltaTable
    from deltalake.exceptions import TableNotFoundError

    try:
        table = DeltaTable(str(lakehouse / "hits"))
    except TableNotFoundError:
        return False
    import pyarrow.dataset as ds

    rows = table.to_pyarrow_dataset().to_table(
        columns=["surname"], filter=ds.field("surname") == PEOPLE[i % len(PEOPLE)][0]
    )
    return rows.num_rows > 0


def _wait_for_hit(lakehouse: Path, i: int, landed: float, timeout: float) -> float | None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if _hit_visible(lakehouse, i):
            return time.time() - landed
        time.sleep(0.5)
    return None


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, check=True, cwd=REPO)


def _prepare(home: Path, env: dict[str, str], runs: int) -> None:
    """Watchlist loaded and a first ingest done, through Airflow (dag.test), before timing anything."""
    _write_watchlist(home / "watchlists" / "bench_watchlist.csv", runs)
    (home / "landing").mkdir(parents=True, exist_ok=True)
    log = home / "prepare.log"
    _run([sys.executable, "-m", "airflow", "db", "migrate"], env, log)
    _run([sys.executable, "-m", "paxpipe.orchestration.run_dag", "watchlist_refresh"], env, log)


def _direct_baseline(home: Path, env: dict[str, str], i: int) -> float:
    """The same push through the two spark-submits alone: ingest then screen."""
    from paxpipe.orchestration.spark_submit import build_command, run_submit
    from paxpipe.settings import load_settings

    spark_conf = load_settings(environ=env).section("spark")
    landed = _drop(home / "landing", i)
    for job, args in (
        ("ingest", ["--landing", str(home / "landing"), "--lakehouse", str(home / "lakehouse")]),
        ("screen", ["--lakehouse", str(home / "lakehouse")]),
    ):
        run_submit(build_command(job, args, spark=spark_conf), env=env)
    if not _hit_visible(home / "lakehouse", i):
        raise RuntimeError("baseline: the planted person's hit did not appear")
    return time.time() - landed


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.latency_bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs, 1 baseline")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one hit")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else args.runs
    home = Path(tempfile.mkdtemp(prefix="paxpipe-latency-"))
    env = _env(home, _free_port())
    print(f"latency benchmark in {home}: {runs} run(s) through Airflow standalone, default schedule (landing watch + 1-minute fallback)")
    baseline_count = 1 if args.quick else 2
    if runs + baseline_count > len(PEOPLE):
        parser.error(f"at most {len(PEOPLE) - baseline_count} runs")
    _prepare(home, env, runs + baseline_count)

    baselines = [_direct_baseline(home, env, runs + k) for k in range(baseline_count)]

    proc = subprocess.Popen(
        [sys.executable, "-m", "airflow", "standalone"], env=env, cwd=home,
        stdout=(home / "standalone.log").open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    latencies: list[float] = []
    try:
        time.sleep(60)  # start-up: the DAG processor parses, every DAG makes its first run; then steady state
        for i in range(runs):
            landed = _drop(home / "landing", i)
            latency = _wait_for_hit(home / "lakehouse", i, landed, args.timeout)
            print(f"  run {i + 1}: {'timeout' if latency is None else f'{latency:.1f} s'} from landing to visible hit")
            if latency is not None:
                latencies.append(latency)
            time.sleep(5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its children outlive a plain SIGTERM of the parent
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

    print()
    print(f"{'':32}{'median':>10}{'p95':>10}{'runs':>6}")
    if latencies:
        print(f"{'Airflow, default schedule':32}{statistics.median(latencies):>9.1f}s{_percentile(latencies, 0.95):>9.1f}s{len(latencies):>6}")
    print(f"{'baseline: spark-submits alone':32}{statistics.median(baselines):>9.1f}s{max(baselines):>9.1f}s{len(baselines):>6}")
    if latencies:
        print(f"event + scheduling + Airflow overhead ≈ {statistics.median(latencies) - statistics.median(baselines):.1f} s (median difference)")
        print(f"goal p95 < 120 s: {'met' if _percentile(latencies, 0.95) < 120 else 'NOT met'}")
    shutil.rmtree(home, ignore_errors=True)
    return 0 if len(latencies) == runs else 1


if __name__ == "__main__":
    sys.exit(main())
