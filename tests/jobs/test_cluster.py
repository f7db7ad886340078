"""The ingest job runs unchanged on a Spark standalone cluster through spark-submit.

Starts a real master and worker on 127.0.0.1 with the launcher that ships inside pyspark
(``bin/spark-class`` with the Master and Worker classes, which is what ``sbin/start-master.sh`` and
``start-worker.sh`` run; the pip wheel ships ``sbin/spark-daemon.sh`` but not those two wrappers), then
``spark-submit --master spark://127.0.0.1:<port> jobs/ingest.py --landing .. --lakehouse ..``, and
stops both in teardown, even on failure.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.jobs.edifact_factory import Pax, paxlst, pnrgov

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen(
            [str(_spark_home() / "bin" / "spark-class"), *args],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # its own session: the JVM and nothing else
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def _alive_workers(ui_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as response:
            return int(json.load(response).get("aliveworkers", 0))
    except (OSError, ValueError, http.client.HTTPException):
        # the UI answers before it is fully up: a reset, a half-written or non-JSON response means "not yet"
        return 0


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[str]:
    env = dict(os.environ, SPARK_HOME=str(_spark_home()), SPARK_LOCAL_IP="127.0.0.1",
               PYSPARK_PYTHON=sys.executable, SPARK_LOG_DIR=str(tmp_path), SPARK_WORKER_DIR=str(tmp_path / "work"))
    port, ui, worker_ui = _free_port(), _free_port(), _free_port()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(_start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                             "--webui-port", str(ui)], tmp_path / "master.log", env))
        procs.append(_start(["org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}",
                             "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                             "--webui-port", str(worker_ui)], tmp_path / "worker.log", env))
        deadline = time.monotonic() + 180
        while _alive_workers(ui) < 1:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                logs = "\n".join((tmp_path / n).read_text(errors="replace")[-2000:] for n in ("master.log", "worker.log"))
                pytest.fail(f"standalone cluster did not come up:\n{logs}")
            time.sleep(1)
        yield f"spark://127.0.0.1:{port}"
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_ingest_job_runs_on_a_standalone_cluster(cluster: str, tmp_path: Path, spark: Any) -> None:
    from paxpipe.orchestration.spark_submit import build_command, run_submit

    landing, lake = tmp_path / "landing", tmp_path / "lake"
    landing.mkdir()
    anna = Pax("MEYER", "ANNA", "800102", "P1234", "AAA111")
    (landing / "api.edi").write_bytes(paxlst([anna, Pax("KOCH", "JONAS", "900505", "K9", "BBB222", "M")]))
    (landing / "pnr.edi").write_bytes(pnrgov({"AAA111": [anna]}, sent="260630:1000"))
    (landing / "junk.bin").write_bytes(b"\x00 not edifact")
    spark_conf = {"master": cluster, "driver_memory": "1g", "shuffle_partitions": 2, "jars_dir": "build/jars",
                  "conf": {"spark.executor.memory": "1g", "spark.cores.max": "2"}}
    cmd = build_command("ingest", ["--landing", str(landing), "--lakehouse", str(lake), "--now", "2026-06-30T12:00:00+00:00"],
                        spark=spark_conf, master=cluster)
    result = run_submit(cmd)
    assert "3 new taken" in result.output_tail, result.output_tail

    raw = sorted((r.file_name, r.status) for r in spark.read.format("delta").load(str(lake / "raw_messages")).collect())
    assert raw == [("api.edi", "loaded"), ("junk.bin", "quarantined"), ("pnr.edi", "loaded")]
    travellers = sorted((r.source, r.surname, r.status) for r in
                        spark.read.format("delta").load(str(lake / "travellers")).collect())
    assert travellers == [("PAXLST", "KOCH", "active"), ("PAXLST", "MEYER", "active"), ("PNRGOV", "MEYER", "active")]
    links = spark.read.format("delta").load(str(lake / "api_pnr_links")).collect()
    assert [(r.record_locator, r.method) for r in links] == [("AAA111", "booking_ref")]
