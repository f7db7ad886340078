"""pax_ingest: new landing files → bronze/silver → screen upcoming flights → record latency.

Thin: each task is one call into jobs/ (through spark-submit) or paxpipe.orchestration.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.python import PythonOperator, ShortCircuitOperator
from airflow.sdk import DAG, Asset, AssetOrTimeSchedule, AssetWatcher, CronTriggerTimetable

from paxpipe.orchestration import tasks
from paxpipe.orchestration.defaults import dag_default_args
from paxpipe.orchestration.operators import SparkJobOperator
from paxpipe.orchestration.triggers import LandingFilesTrigger
from paxpipe.settings import load_settings

settings = load_settings()
LANDING, LAKEHOUSE = settings.landing, settings.lakehouse
AIRFLOW = settings.section("airflow")
SCREENING = settings.section("screening")

# Files landing fire an asset event within a poll (event-driven runs); the cron is the catch-up.
LANDING_ASSET = Asset(
    name="paxpipe_landing",
    uri=f"file://{LANDING}",
    watchers=[AssetWatcher(
        name="paxpipe_landing_files",
        trigger=LandingFilesTrigger(landing=LANDING, lakehouse=LAKEHOUSE,
                                    poke_interval=float(AIRFLOW.get("landing_poll_seconds", 2))),
    )],
)
# The moment a run stands for: its interval end (scheduled and backfill runs) or, for an asset-triggered
# run (no interval), when its event was queued. Files landed before it are this run's to take.
RUN_TIME = ("{{ (data_interval_end if data_interval_end is defined and data_interval_end "
            "else dag_run.run_after).isoformat() }}")

with DAG(
    dag_id="pax_ingest",
    description="Land new airline pushes, normalise them, screen upcoming flights, publish hits",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(f"*/{int(AIRFLOW.get('ingest_schedule_minutes', 1))} * * * *", timezone="UTC"),
        assets=LANDING_ASSET,
    ),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # overlapping runs are prevented; the jobs are idempotent besides
    dagrun_timeout=timedelta(minutes=30),
    default_args=dag_default_args(AIRFLOW),
    tags=["paxpipe", "ingest", "screening"],
    doc_md=__doc__
    + """
Starts when files land: the triggerer lists the landing folder every `[airflow] landing_poll_seconds` and
fires an event on the `paxpipe_landing` asset for files not yet taken. It also runs every
`[airflow] ingest_schedule_minutes` (a fallback should the triggerer be down). The first task skips the Spark
jobs unless new files are waiting, except on the hourly catch-up run (minute 0), on manual runs and on
backfills, so nothing waits for an event that never comes (held multi-part sets, flights entering the horizon).
Landing-to-hit latency per run is written to the `pipeline_runs` table and to this task's log.
""",
) as dag:
    check = ShortCircuitOperator(
        task_id="new_files_or_catchup",
        python_callable=tasks.should_run_ingest,
        op_kwargs={"landing": LANDING, "lakehouse": LAKEHOUSE, "landed_before": RUN_TIME},
    )
    ingest = SparkJobOperator(
        task_id="ingest",
        job="ingest",
        # Files landed by the interval end: a backfilled interval takes what had landed by then.
        job_args=["--landing", LANDING, "--lakehouse", LAKEHOUSE, "--run-id", "{{ run_id }}",
                  "--landed-before", RUN_TIME, "--now", RUN_TIME],
        conn_id=AIRFLOW.get("spark_conn_id"),
        pool=str(AIRFLOW.get("spark_pool", "default_pool")),
    )
    screen = SparkJobOperator(
        task_id="screen",
        job="screen",
        job_args=["--lakehouse", LAKEHOUSE, "--now", RUN_TIME,
                  "--horizon-hours", str(SCREENING.get("horizon_hours", 72)),
                  "--threshold", str(SCREENING.get("threshold", 0.8))],
        conn_id=AIRFLOW.get("spark_conn_id"),
        pool=str(AIRFLOW.get("spark_pool", "default_pool")),
    )
    latency = PythonOperator(
        task_id="record_latency",
        python_callable=tasks.record_latency,
        op_kwargs={"lakehouse": LAKEHOUSE, "landing": LANDING, "run_id": "{{ run_id }}"},
    )
    check >> ingest >> screen >> latency
