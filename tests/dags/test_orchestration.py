"""spark-submit command building, alert delivery, and a failing pax_ingest task retrying then alerting."""

from __future__ import annotations

import json
import runpy
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from paxpipe.orchestration.alerts import send_alert
from paxpipe.orchestration.spark_submit import build_command, master_from_connection

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("conn_type", "host", "port", "expected"),
    [
        ("spark", "local[*]", None, "local[*]"),
        ("spark", "local[2]", 7077, "local[2]"),
        ("spark", "spark://10.0.0.5", 7077, "spark://10.0.0.5:7077"),
        ("spark", "spark-master", None, "spark://spark-master:7077"),
        ("spark", "yarn", None, "yarn"),
        ("spark", "", None, None),
    ],
)
def test_master_from_connection(conn_type: str, host: str, port: int | None, expected: str | None) -> None:
    assert master_from_connection(conn_type, host, port) == expected


def test_build_command_submits_the_job_with_delta() -> None:
    cmd = build_command(
        "ingest",
        ["--landing", "/l", "--lakehouse", "/h"],
        spark={"master": "local[*]", "jars_dir": "build/jars", "conf": {"spark.foo": "bar"}},
        master="spark://127.0.0.1:7077",
        submit_binary="spark-submit",
    )
    assert cmd[:3] == ["spark-submit", "--master", "spark://127.0.0.1:7077"]
    jars = cmd[cmd.index("--jars") + 1]
    assert "delta-spark_" in jars and "delta-storage-" in jars
    assert "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension" in cmd
    assert "spark.foo=bar" in cmd
    assert cmd[-5:] == [str(REPO_ROOT / "jobs" / "ingest.py"), "--landing", "/l", "--lakehouse", "/h"]


class _Recorder(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def webhook() -> Iterator[str]:
    _Recorder.received = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/alert"
    server.shutdown()


def test_send_alert_posts_to_webhook(webhook: str) -> None:
    used = send_alert({"dag_id": "d", "task_id": "t", "error": "boom"}, {"webhook_url": webhook})
    assert used == ["log", "webhook"]
    assert _Recorder.received == [{"dag_id": "d", "task_id": "t", "error": "boom"}]


def test_unreachable_webhook_does_not_raise() -> None:
    assert send_alert({"dag_id": "d"}, {"webhook_url": "http://127.0.0.1:9/none"}) == ["log"]


@pytest.mark.airflow
def test_failing_ingest_retries_then_alerts(airflow_db, webhook: str, tmp_path: Path, monkeypatch) -> None:
    """The real pax_ingest DAG: its ingest task cannot build a spark-submit (no Delta jars where the
    configuration points), is retried, then the failure callback posts the alert."""
    empty = tmp_path / "nojars"
    empty.mkdir()
    (tmp_path / "landing").mkdir()
    monkeypatch.setenv("PAXPIPE__SPARK__JARS_DIR", str(empty))
    monkeypatch.setenv("PAXPIPE__AIRFLOW__RETRY_DELAY_SECONDS", "0")
    monkeypatch.setenv("PAXPIPE__AIRFLOW__RETRIES", "1")
    monkeypatch.setenv("PAXPIPE__ALERTS__WEBHOOK_URL", webhook)
    monkeypatch.setenv("PAXPIPE__PATHS__LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("PAXPIPE__PATHS__LAKEHOUSE", str(tmp_path / "lake"))
    dag = runpy.run_path(str(REPO_ROOT / "dags" / "pax_ingest.py"))["dag"]
    run = dag.test()
    assert run.state == "failed"
    tries = {ti.task_id: (ti.state, ti.try_number) for ti in run.get_task_instances()}
    assert tries["new_files_or_catchup"][0] == "success"
    assert tries["ingest"] == ("failed", 2)
    assert tries["screen"][0] == "upstream_failed"
    assert len(_Recorder.received) == 1
    alert = _Recorder.received[0]
    assert alert["dag_id"] == "pax_ingest" and alert["task_id"] == "ingest"
    assert "Delta jars not found" in alert["error"]
