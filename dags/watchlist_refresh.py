"""watchlist_refresh: load new watchlist releases, then re-screen every upcoming flight.

Releases are files (or folders, e.g. OFAC sdn.csv + alt.csv) dropped into `[paths] watchlists`; sites
with internet can list official download URLs under `[watchlists] sources` and they are fetched first.
"""

from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, task
from airflow.timetables.trigger import CronTriggerTimetable

from paxpipe.orchestration import tasks
from paxpipe.orchestration.defaults import dag_default_args
from paxpipe.orchestration.operators import SparkJobOperator
from paxpipe.settings import load_settings

settings = load_settings()
LAKEHOUSE, WATCHLISTS = settings.lakehouse, settings.path("watchlists")
AIRFLOW = settings.section("airflow")
SCREENING = settings.section("screening")

with DAG(
    dag_id="watchlist_refresh",
    description="Load new watchlist releases and re-screen all upcoming flights",
    schedule=CronTriggerTimetable(str(AIRFLOW.get("watchlist_schedule", "*/10 * * * *")), timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=dag_default_args(AIRFLOW),
    tags=["paxpipe", "watchlists", "screening"],
    doc_md=__doc__,
) as dag:
    download = PythonOperator(
        task_id="download_official_lists",
        python_callable=tasks.download_watchlists,
        op_kwargs={"sources": settings.section("watchlists").get("sources", {}), "watchlist_dir": WATCHLISTS},
    )

    @task
    def pending_releases() -> list[str]:
        """Paths of list releases not loaded yet (paths only, never data)."""
        return tasks.pending_watchlists(WATCHLISTS, LAKEHOUSE)

    @task
    def mark_loaded(paths: list[str]) -> None:
        tasks.mark_watchlists_loaded(list(paths), LAKEHOUSE)

    pending = pending_releases()
    load = SparkJobOperator.partial(
        task_id="load_release", job="watchlist_load", conn_id=AIRFLOW.get("spark_conn_id"),
        pool=str(AIRFLOW.get("spark_pool", "default_pool")),
    ).expand(job_args=pending.map(lambda path: ["--lakehouse", LAKEHOUSE, "--path", path]))
    rescreen = SparkJobOperator(
        task_id="rescreen_upcoming",
        job="screen",
        job_args=["--lakehouse", LAKEHOUSE, "--now", "{{ data_interval_end.isoformat() }}",
                  "--horizon-hours", str(SCREENING.get("horizon_hours", 72)),
                  "--threshold", str(SCREENING.get("threshold", 0.8))],
        conn_id=AIRFLOW.get("spark_conn_id"),
        pool=str(AIRFLOW.get("spark_pool", "default_pool")),
        # all_success: with no new release the empty load is skipped and so is the re-screen
        # (pax_ingest screens new travellers itself; only a new release needs every flight again).
    )
    download >> pending
    load >> mark_loaded(pending) >> rescreen
