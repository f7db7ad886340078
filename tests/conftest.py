"""Shared fixtures: the ../shared data folder, one lazy session-wide SparkSession.

Tiers (markers in pyproject.toml): unmarked tests are pure Python and fast (`make test-fast`);
`spark`, `airflow`, `browser`, `cluster` tests need their engines. `make test` (and CI) runs all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Airflow reads its home at import: point it at a throw-away folder before anything imports it.
os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="paxpipe-airflow-"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(REPO_ROOT / "dags"))
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "False")
SHARED_DIR = Path(os.environ.get("PAXPIPE_SHARED", REPO_ROOT.parent / "shared"))
PUBLIC_MESSAGES = SHARED_DIR / "data" / "messages" / "public"
WATCHLISTS_DIR = SHARED_DIR / "data" / "watchlists"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (set PAXPIPE_SHARED or place ../shared beside the repo)")
    return path


@pytest.fixture(scope="session")
def public_messages() -> Path:
    return shared_path("data", "messages", "public")


@pytest.fixture(scope="session")
def watchlists_dir() -> Path:
    return shared_path("data", "watchlists")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One SparkSession for the whole test run (a fresh JVM costs ~10 s, a reused one ~0.2 s)."""
    pytest.importorskip("pyspark")
    from jobs.spark import get_spark

    session = get_spark(
        {
            "master": "local[2]",
            "shuffle_partitions": 2,
            "driver_memory": "2g",
            "jars_dir": "build/jars",
            "conf": {"spark.ui.enabled": "false", "spark.default.parallelism": "2"},
        },
        app_name="paxpipe-tests",
    )
    yield session
    session.stop()


@pytest.fixture()
def tmp_lakehouse() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="paxpipe-lake-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
