"""A backfill of past intervals produces the same tables as the live runs did.

Live: the files of a simulated day land in two waves; `pax_ingest` runs after each wave (intervals
T1, T2). Backfill: on an empty lakehouse, with every file already landed, the same two intervals are
run after the fact. Each run takes only what had landed by its interval end (`--landed-before`) and
screens with the interval end as "now", so both lakehouses end with the same rows (processing
timestamps and run ids aside).
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from paxpipe.cli import main as cli_main

from .conftest import pipeline_environ

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = ("raw_messages", "flights", "travellers", "documents", "pnrs", "pnr_versions", "hits")
# When a row was processed, and the list release id (it carries its load time), differ by nature.
PROCESSING_COLUMNS = {"received_at", "run_id", "updated_at", "screened_at", "loaded_at", "receipt_id", "list_release"}


def _rows(lakehouse: Path, table: str) -> list[dict[str, Any]]:
    from deltalake import DeltaTable

    rows = DeltaTable(str(lakehouse / table)).to_pyarrow_dataset().to_table().to_pylist()
    kept = [{k: v for k, v in r.items() if k not in PROCESSING_COLUMNS} for r in rows]
    return sorted(kept, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _run(dag_file: str, logical_date: datetime | None = None) -> str:
    dag = runpy.run_path(str(REPO_ROOT / "dags" / dag_file))["dag"]
    run = dag.test(logical_date=logical_date) if logical_date else dag.test()
    return str(run.state)


def test_backfill_equals_live(tmp_path: Path, airflow_db: Path) -> None:
    home = tmp_path
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=6)
    source = home / "generated"
    assert cli_main(
        ["simulate", "--out", str(source), "--flights", "2", "--seed", "5", "--defect-rate", "0",
         "--now", now.strftime("%Y-%m-%dT%H:%M"), "--listed-count", "2",
         "--watchlist-out", str(home / "watchlists" / "synthetic.csv")]
    ) == 0
    manifest = json.loads((source / "manifest.json").read_text())
    files = sorted(manifest["files"], key=lambda f: f["sent_at"])
    # Each file "landed" when it was sent: its modification time is its landing time.
    landed = {f["name"]: datetime.fromisoformat(f["sent_at"]).replace(tzinfo=UTC) for f in files}
    cut = files[len(files) // 2]["sent_at"]
    t1 = datetime.fromisoformat(cut).replace(tzinfo=UTC) - timedelta(seconds=1)
    t2 = max(landed.values()) + timedelta(minutes=1)
    assert any(v <= t1 for v in landed.values()) and any(v > t1 for v in landed.values())

    def land(target: Path, names: list[str]) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy2(source / name, target / name)
            stamp = landed[name].timestamp()
            os.utime(target / name, (stamp, stamp))

    # Live: the watchlist is loaded, then two waves of files, each followed by its interval's run.
    live_landing, live_lake = home / "live-landing", home / "live-lake"
    with pipeline_environ(home, live_landing, live_lake):
        land(live_landing, [])
        assert _run("watchlist_refresh.py") == "success"
        land(live_landing, [n for n, at in landed.items() if at <= t1])
        assert _run("pax_ingest.py", t1) == "success"
        land(live_landing, [n for n, at in landed.items() if at > t1])
        assert _run("pax_ingest.py", t2) == "success"

    # Backfill: everything already landed, an empty lakehouse, the same intervals run afterwards.
    back_landing, back_lake = home / "back-landing", home / "back-lake"
    with pipeline_environ(home, back_landing, back_lake):
        land(back_landing, list(landed))
        assert _run("watchlist_refresh.py") == "success"
        assert _run("pax_ingest.py", t1) == "success"
        first_interval = _rows(back_lake, "raw_messages")
        assert len(first_interval) == sum(1 for at in landed.values() if at <= t1)
        assert _run("pax_ingest.py", t2) == "success"

    for table in TABLES:
        assert _rows(back_lake, table) == _rows(live_lake, table), f"{table} differs between backfill and live"
    assert any(r["status"] == "open" for r in _rows(back_lake, "hits"))
