"""default_args shared by every paxpipe DAG: retries with exponential backoff, then the alert."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from paxpipe.orchestration.alerts import on_failure

__all__ = ["dag_default_args"]


def dag_default_args(airflow_conf: Mapping[str, Any], *, retry_delay: timedelta | None = None) -> dict[str, Any]:
    """From ``[airflow] retries`` / ``retry_delay_seconds``; ``retry_delay`` overrides the delay."""
    return {
        "retries": int(airflow_conf.get("retries", 2)),
        "retry_delay": retry_delay or timedelta(seconds=int(airflow_conf.get("retry_delay_seconds", 15))),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=5),
        "on_failure_callback": on_failure,
    }
