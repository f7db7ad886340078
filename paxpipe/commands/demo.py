"""`paxpipe demo`: the whole pipeline end to end on the embedded default, through Airflow.

Stages: generate a day of traffic with `paxpipe simulate` (with a few listed persons planted, transmitted
with realistic variations) and a synthetic watchlist (or a real list given by path) → migrate Airflow's
SQLite database → run `watchlist_refresh` then `pax_ingest` through Airflow (local Spark, local Delta
folder) → print a summary. Idempotent: files are generated once (same seed), and the jobs take only
what is new, so a second run changes nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from paxpipe.settings import load_settings

__all__ = ["add_arguments", "run"]

STAGES = 6


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", default="var", help="folder for landing, lakehouse, watchlists, Airflow (default: var)")
    parser.add_argument("--flights", type=int, default=40, help="flights in the generated day (default: 40)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--watchlist", help="a real list file or folder to screen against (default: a synthetic list)")
    parser.add_argument("--listed-count", type=int, default=6, help="listed persons planted among the travellers")


def _stage(number: int, text: str) -> float:
    print(f"[{number}/{STAGES}] {text}", flush=True)
    return time.monotonic()


def _done(started: float, detail: str = "") -> None:
    print(f"      done in {time.monotonic() - started:.1f} s{(': ' + detail) if detail else ''}", flush=True)


def _demo_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PAXPIPE__PATHS__LANDING": str(home / "landing"),
            "PAXPIPE__PATHS__LAKEHOUSE": str(home / "lakehouse"),
            "PAXPIPE__PATHS__WATCHLISTS": str(home / "watchlists"),
            "PAXPIPE__PATHS__STATE": str(home / "state"),
            "AIRFLOW_HOME": str(home / "airflow"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(Path(__file__).resolve().parents[2] / "dags"),
            "AIRFLOW__API__HOST": "127.0.0.1",
            "PYSPARK_PYTHON": sys.executable,
            "SPARK_LOCAL_IP": "127.0.0.1",
        }
    )
    return env


def _is_generic_csv(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".csv":
        return False
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readline().lower().startswith("entry_id,")


def _generate(home: Path, args: argparse.Namespace) -> str:
    from paxpipe.cli import main as cli_main

    landing = home / "landing"
    lists = home / "watchlists"
    lists.mkdir(parents=True, exist_ok=True)
    if any(landing.glob("*.edi")) and (landing / "manifest.json").exists():
        return f"kept the traffic already generated in {landing}"
    landing.mkdir(parents=True, exist_ok=True)
    argv = ["simulate", "--out", str(landing), "--flights", str(args.flights), "--seed", str(args.seed)]
    if args.watchlist:
        source = Path(args.watchlist).resolve()
        target = lists / source.name
        if not target.exists():
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
        if _is_generic_csv(source):  # plant listed persons only from a list in the generic CSV format
            argv += ["--listed", str(target), "--listed-count", str(args.listed_count)]
    else:
        argv += ["--watchlist-out", str(lists / "synthetic_watchlist.csv"), "--listed-count", str(args.listed_count)]
    code = cli_main(argv)
    if code != 0:
        raise SystemExit(f"paxpipe simulate failed with exit code {code}")
    return f"{sum(1 for _ in landing.glob('*.edi'))} files in {landing}"


def _run_logged(cmd: list[str], env: dict[str, str], log_path: Path) -> int:
    """Run a command, keep its full output in a log file, echo only the progress lines."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            if "[DAG TEST] starting task" in line or "PAXPIPE-DAG-RESULT" in line:
                task = line.split("task_id=")[1].split()[0] if "task_id=" in line else line.strip()
                print(f"      · {task}", flush=True)
        return proc.wait()


def _table(lakehouse: Path, name: str, columns: list[str]) -> list[dict[str, Any]]:
    from paxpipe.orchestration.tasks import read_table

    return read_table(str(lakehouse), name, columns)


def _summary(home: Path) -> None:
    lake = home / "lakehouse"
    raw = _table(lake, "raw_messages", ["status", "message_type"])
    travellers = _table(lake, "travellers", ["traveller_key", "source", "status"])
    source_of = {t["traveller_key"]: t["source"] for t in travellers}
    issues = _table(lake, "message_issues", ["severity"])
    flights = {r["flight_key"]: r for r in _table(lake, "flights", ["flight_key", "flight", "origin", "destination", "arrival_utc"])}
    hits = [h for h in _table(lake, "hits", ["traveller_key", "flight_key", "flight", "arrival_utc", "score", "surname", "given_names", "entry_name", "status"]) if h.get("status", "open") == "open"]
    print()
    print("Summary")
    print(f"  messages     {len(raw):>7}  {dict(Counter((r['message_type'] or '?') + ':' + r['status'] for r in raw))}")
    print(f"  travellers   {len(travellers):>7}  {dict(Counter(r['source'] for r in travellers))}")
    print(f"  issues       {len(issues):>7}  {dict(Counter(r['severity'] for r in issues))}")
    print(f"  hits (open)  {len(hits):>7}")
    by_flight: dict[str, list[dict[str, Any]]] = {}
    for hit in hits:
        by_flight.setdefault(hit["flight_key"], []).append(hit)
    ordered = sorted(by_flight.items(), key=lambda kv: (str(kv[1][0].get("arrival_utc")), kv[0]))
    if ordered:
        print("\n  Hits by flight, in arrival order")
        for key, group in ordered:
            f = flights.get(key, {})
            arrival = group[0].get("arrival_utc")
            print(f"    {group[0].get('flight') or key:<9} {f.get('origin', '?')}→{f.get('destination', '?')}  arrives {arrival:%Y-%m-%d %H:%M} UTC" if arrival else f"    {key}")
            for hit in sorted(group, key=lambda h: -h["score"]):
                source = "API" if source_of.get(hit["traveller_key"]) == "PAXLST" else "PNR"
                print(f"      {hit['score']:.2f}  {source}  {hit.get('surname')}, {hit.get('given_names')}  ~  {hit.get('entry_name')}")
    print(f"\n  Tables (Delta): {lake}/<table>  e.g. {lake}/travellers, {lake}/hits")
    print("\nNext")
    print(f"  Airflow UI:   AIRFLOW_HOME={home / 'airflow'} AIRFLOW__API__HOST=127.0.0.1 .venv/bin/airflow standalone")
    print("                then open http://127.0.0.1:8080 (credentials are printed by `airflow standalone`)")
    print("  Review app:   .venv/bin/paxpipe users create-admin --username admin   (first time)")
    print(f"                .venv/bin/paxpipe serve --lakehouse {lake}   then open http://127.0.0.1:8000")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    home = Path(args.home).resolve()
    env = _demo_env(home)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("PAXPIPE__", "AIRFLOW"))})
    print(f"paxpipe demo in {home} (Spark master {settings.get('spark.master')}, Airflow with SQLite)", flush=True)

    started = _stage(1, "generating a day of airline traffic and a watchlist (paxpipe simulate)")
    _done(started, _generate(home, args))

    started = _stage(2, "preparing Airflow's metadata database (SQLite)")
    migrate = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, capture_output=True, text=True)
    if migrate.returncode != 0:
        print(migrate.stdout[-3000:], migrate.stderr[-3000:], file=sys.stderr)
        print("paxpipe demo: `airflow db migrate` failed; see the output above", file=sys.stderr)
        return 2
    _done(started, str(home / "airflow"))

    logs = home / "logs"
    for number, dag_id, what in (
        (3, "watchlist_refresh", "loading the watchlist through Airflow (watchlist_refresh)"),
        (4, "pax_ingest", "ingesting, normalising and screening through Airflow (pax_ingest)"),
    ):
        started = _stage(number, what)
        code = _run_logged([sys.executable, "-m", "paxpipe.orchestration.run_dag", dag_id], env, logs / f"{dag_id}.log")
        if code != 0:
            print(f"paxpipe demo: DAG {dag_id} failed; its full log is {logs / (dag_id + '.log')}", file=sys.stderr)
            return 1
        _done(started, f"log: {logs / (dag_id + '.log')}")

    started = _stage(5, "checking the review app's database")
    users = subprocess.run([sys.executable, "-m", "paxpipe", "users", "migrate"], env=env, capture_output=True, text=True)
    _done(started, "ready" if users.returncode == 0 else "skipped (see `paxpipe users --help`)")

    _stage(6, "summary")
    _summary(home)
    return 0
