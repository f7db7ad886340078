"""`pax_ingest` end to end through Airflow (dag.test, spark-submit, local Spark, local Delta) on a small
simulated day, checked row by row against the simulator's ground truth; a second run of the same
interval changes nothing."""

from __future__ import annotations

import json
import runpy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from paxpipe.cli import main as cli_main

from .conftest import pipeline_environ

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = ("raw_messages", "message_issues", "flights", "travellers", "documents", "pnrs", "pnr_versions", "hits")


def _rows(lakehouse: Path, table: str) -> list[dict[str, Any]]:
    from deltalake import DeltaTable

    rows = DeltaTable(str(lakehouse / table)).to_pyarrow_dataset().to_table().to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _run(dag_file: str) -> Any:
    dag = runpy.run_path(str(REPO_ROOT / "dags" / dag_file))["dag"]
    return dag.test()


@pytest.fixture(scope="module")
def simulated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("e2e")
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    code = cli_main(
        ["simulate", "--out", str(home / "landing"), "--flights", "3", "--seed", "11", "--defect-rate", "0",
         "--now", now.strftime("%Y-%m-%dT%H:%M"), "--listed-count", "3",
         "--watchlist-out", str(home / "watchlists" / "synthetic.csv")]
    )
    assert code == 0
    return home


@pytest.fixture(scope="module")
def ran_twice(simulated_home: Path, airflow_db: Path) -> dict[str, Any]:
    home = simulated_home
    with pipeline_environ(home, home / "landing", home / "lakehouse"):
        assert _run("watchlist_refresh.py").state == "success"
        first = _run("pax_ingest.py")
        assert first.state == "success"
        after_first = {t: _rows(home / "lakehouse", t) for t in TABLES}
        second = _run("pax_ingest.py")
        assert second.state == "success"
        after_second = {t: _rows(home / "lakehouse", t) for t in TABLES}
    manifest = json.loads((home / "landing" / "manifest.json").read_text())
    return {"first": after_first, "second": after_second, "manifest": manifest, "home": home}


def test_every_file_is_taken_once(ran_twice: dict[str, Any]) -> None:
    files = {f["name"] for f in ran_twice["manifest"]["files"]}
    raw = ran_twice["first"]["raw_messages"]
    assert sorted(r["file_name"] for r in raw) == sorted(files)
    assert {r["status"] for r in raw} == {"loaded"}


def test_api_travellers_match_ground_truth(ran_twice: dict[str, Any]) -> None:
    from paxpipe.simulate.truth import expected_travellers

    manifest = ran_twice["manifest"]
    people = {t["id"]: t for t in manifest["travellers"]}
    as_sent: dict[str, dict[str, Any]] = {}  # the values of each person's latest API transmission
    for record in sorted((f for f in manifest["files"] if f["kind"] == "PAXLST"), key=lambda f: f["sent_at"]):
        for traveller in expected_travellers(record, people):
            as_sent[traveller["id"]] = traveller
    expected = sorted(
        (t["flight"], t["role"], t["surname"], t["given_names"], t["date_of_birth"], t["document_number"])
        for t in as_sent.values()
        if people[t["id"]]["api_status"] == "listed"
    )
    flight_of = {f["flight_key"]: f["flight"] for f in ran_twice["first"]["flights"]}
    got = sorted(
        (flight_of[r["flight_key"]], r["role"], r["surname"],
         r["given_names"], r["date_of_birth"], r["document_number"])
        for r in ran_twice["first"]["travellers"]
        if r["source"] == "PAXLST" and r["status"] == "active"
    )
    assert got == expected


def test_planted_listed_persons_are_hit(ran_twice: dict[str, Any]) -> None:
    manifest = ran_twice["manifest"]
    flights = {f["flight_id"]: f for f in manifest["flights"]}
    now = datetime.now(UTC)
    upcoming = [
        p for p in manifest["listed"]
        if datetime.fromisoformat(flights[p["flight_id"]]["arrival_utc"]).replace(tzinfo=UTC) > now
    ]
    hits = [h for h in ran_twice["first"]["hits"] if h["status"] == "open"]
    for person in upcoming:
        matching = [h for h in hits if h["entry_id"] == person["entry_id"] and h["surname"] == person["transmitted"]["surname"]]
        assert matching, f"planted {person['transmitted']} ({person['variations']}) was not hit"
        assert all(h["explanation"] for h in matching)


def test_second_run_of_the_same_interval_changes_nothing(ran_twice: dict[str, Any]) -> None:
    for table in TABLES:
        assert ran_twice["second"][table] == ran_twice["first"][table], f"{table} changed on the second run"


def test_latency_is_recorded(ran_twice: dict[str, Any]) -> None:
    runs = _rows(ran_twice["home"] / "lakehouse", "pipeline_runs")
    assert len(runs) == 2
    first = max(runs, key=lambda r: r["files"])
    assert first["files"] == len(ran_twice["manifest"]["files"])
    assert first["latency_p50_s"] is not None and first["latency_p50_s"] >= 0
