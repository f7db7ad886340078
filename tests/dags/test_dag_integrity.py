"""Every DAG imports cleanly, with the expected tasks, tags, retries, alerts and no overlap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.airflow

EXPECTED = {
    "pax_ingest": {"new_files_or_catchup", "ingest", "screen", "record_latency"},
    "watchlist_refresh": {"download_official_lists", "pending_releases", "load_release", "mark_loaded", "rescreen_upcoming"},
    "pax_retention": {"measure_expired"},
    "airline_feedback": {"issues_by_carrier"},
}


def test_no_import_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == set(EXPECTED)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_dag_shape(dagbag, dag_id: str) -> None:
    dag = dagbag.get_dag(dag_id)
    assert {t.task_id for t in dag.tasks} == EXPECTED[dag_id]
    assert "paxpipe" in dag.tags
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert dag.doc_md
    for task in dag.tasks:
        assert task.retries >= 1, f"{dag_id}.{task.task_id} has no retries"
        assert task.on_failure_callback, f"{dag_id}.{task.task_id} does not alert on failure"


def test_ingest_order(dagbag) -> None:
    dag = dagbag.get_dag("pax_ingest")
    assert dag.get_task("new_files_or_catchup").downstream_task_ids == {"ingest"}
    assert dag.get_task("ingest").downstream_task_ids == {"screen"}
    assert dag.get_task("screen").downstream_task_ids == {"record_latency"}
    ingest = dag.get_task("ingest")
    assert ingest.job == "ingest" and "--landing" in ingest.job_args


def test_no_heavy_imports_at_parse_time() -> None:
    import subprocess
    import sys

    code = (
        "import sys, runpy, glob\n"
        "for f in sorted(glob.glob('dags/*.py')):\n"
        "    runpy.run_path(f)\n"
        "bad = sorted({n.split('.')[0] for n in sys.modules} & {'pyspark', 'deltalake', 'rapidfuzz', 'pandas', 'fastapi'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1:] in ([""], []), out.stdout
