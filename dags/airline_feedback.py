"""airline_feedback: daily per-carrier data-quality report of the previous day's messages."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

from paxpipe.orchestration import tasks
from paxpipe.orchestration.defaults import dag_default_args
from paxpipe.settings import load_settings

settings = load_settings()

with DAG(
    dag_id="airline_feedback",
    description="Daily data-quality feedback per airline",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=dag_default_args(settings.section("airflow"), retry_delay=timedelta(minutes=1)),
    tags=["paxpipe", "airlines", "reports"],
    doc_md=__doc__,
) as dag:
    PythonOperator(
        task_id="issues_by_carrier",
        python_callable=tasks.airline_feedback_report,
        op_kwargs={
            "lakehouse": settings.lakehouse,
            "out_dir": str(settings.path("state")) + "/feedback",
            "day": "{{ data_interval_start.strftime('%Y-%m-%d') }}",
        },
    )
