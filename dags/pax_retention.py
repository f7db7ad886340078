"""pax_retention: daily housekeeping of personal data past its retention period."""

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
    dag_id="pax_retention",
    description="Daily retention housekeeping",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=dag_default_args(settings.section("airflow"), retry_delay=timedelta(minutes=1)),
    tags=["paxpipe", "retention"],
    doc_md=__doc__,
) as dag:
    PythonOperator(
        task_id="measure_expired",
        python_callable=tasks.retention_report,
        op_kwargs={
            "lakehouse": settings.lakehouse,
            "retention_days": int(settings.get("retention.days", 180)),
            "today": "{{ data_interval_end.strftime('%Y-%m-%d') }}",
        },
    )
