"""Run one DAG once, in this process, through Airflow (``dag.test()``: no scheduler needed).

``python -m paxpipe.orchestration.run_dag DAG_ID [--logical-date ISO]`` — used by ``paxpipe demo`` and
the latency benchmark. AIRFLOW_HOME must be set (and migrated) by the caller.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

DAGS_FOLDER = Path(__file__).resolve().parents[2] / "dags"


def run_dag(dag_id: str, *, logical_date: datetime | None = None) -> str:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    if dag is None:
        raise KeyError(f"no DAG {dag_id!r} in {DAGS_FOLDER}")
    run = dag.test(logical_date=logical_date) if logical_date else dag.test()
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    print(f"PAXPIPE-DAG-RESULT {dag_id} {run.state} {states}", flush=True)
    return str(run.state)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paxpipe.orchestration.run_dag")
    parser.add_argument("dag_id")
    parser.add_argument("--logical-date", type=datetime.fromisoformat)
    args = parser.parse_args(argv)
    return 0 if run_dag(args.dag_id, logical_date=args.logical_date) == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
