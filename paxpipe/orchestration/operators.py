"""An Airflow operator that runs a paxpipe Spark job with spark-submit.

Equivalent to the Spark provider's SparkSubmitOperator (which we don't install: it pulls
``pyspark-client``, which overwrites pyspark's own package folder): the master comes from the Airflow
connection ``[airflow] spark_conn_id`` when it exists, else from ``[spark] master``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from airflow.sdk import BaseOperator

__all__ = ["SparkJobOperator"]


class SparkJobOperator(BaseOperator):
    template_fields: Sequence[str] = ("job_args",)

    def __init__(self, *, job: str, job_args: Sequence[str] = (), conn_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job
        self.job_args = list(job_args)
        self.conn_id = conn_id

    def resolve_master(self, spark_conf: dict[str, Any]) -> str:
        from paxpipe.orchestration.spark_submit import master_from_connection

        if self.conn_id:
            try:
                from airflow.sdk import BaseHook

                conn = BaseHook.get_connection(self.conn_id)
                master = master_from_connection(conn.conn_type, conn.host, conn.port)
                if master:
                    return master
            except Exception as exc:  # a missing connection means "use the configuration"
                self.log.info("no Airflow connection %r (%s): using [spark] master", self.conn_id, type(exc).__name__)
        return str(spark_conf.get("master", "local[*]"))

    def execute(self, context: Any) -> dict[str, Any]:
        from paxpipe.orchestration.spark_submit import build_command, run_submit
        from paxpipe.settings import load_settings

        spark_conf = load_settings().section("spark")
        cmd = build_command(self.job, self.job_args, spark=spark_conf, master=self.resolve_master(spark_conf))
        result = run_submit(cmd)
        return {"job": self.job, "seconds": round(result.seconds, 3)}
