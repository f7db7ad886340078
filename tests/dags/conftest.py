"""One Airflow metadata database (SQLite, migrated once) for all DAG tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def airflow_db() -> Iterator[Path]:
    pytest.importorskip("airflow")
    home = Path(os.environ["AIRFLOW_HOME"])
    subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True, env=dict(os.environ)
    )
    yield home


@pytest.fixture(scope="session")
def dagbag(airflow_db: Path):  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO_ROOT / "dags"))


@contextlib.contextmanager
def pipeline_environ(home: Path, landing: Path, lakehouse: Path) -> Iterator[None]:
    """paxpipe's paths under ``home`` (and a 2-core local Spark) in the environment the DAG files read
    at parse time; the previous values come back afterwards."""
    env = {
        "PAXPIPE__PATHS__LANDING": str(landing),
        "PAXPIPE__PATHS__LAKEHOUSE": str(lakehouse),
        "PAXPIPE__PATHS__WATCHLISTS": str(home / "watchlists"),
        "PAXPIPE__PATHS__STATE": str(home / "state"),
        "PAXPIPE__SPARK__MASTER": "local[2]",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
