"""The ingest short-circuit: skip Spark when nothing is waiting, except on catch-up, manual and backfill runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from paxpipe.orchestration.tasks import pending_files, should_run_ingest


@pytest.mark.parametrize(
    ("files", "run_type", "minute", "expected"),
    [
        ([], "scheduled", 5, False),
        (["LH400_PAXLST.edi"], "scheduled", 5, True),
        ([], "scheduled", 0, True),  # hourly catch-up
        ([], "manual", 5, True),
        ([], "backfill", 5, True),
        ([], "asset_triggered", 5, False),  # an event for files another run already took
        (["LH400_PAXLST.edi"], "asset_triggered", 5, True),
    ],
)
def test_should_run_ingest(tmp_path: Path, files: list[str], run_type: str, minute: int, expected: bool) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    for name in files:
        (landing / name).write_text("UNA:+.? '")
    (landing / "manifest.json").write_text("{}")  # sidecars are not pushes
    context = {"dag_run": SimpleNamespace(run_type=run_type), "logical_date": datetime(2026, 11, 29, 10, minute, tzinfo=UTC)}
    assert should_run_ingest(str(landing), str(tmp_path / "lake"), **context) is expected
    assert pending_files(str(landing), str(tmp_path / "lake")) == sorted(files)


def test_a_file_landed_after_the_run_time_is_left_to_the_next_run(tmp_path: Path) -> None:
    import os

    landing = tmp_path / "landing"
    landing.mkdir()
    early, late = landing / "early.edi", landing / "late.edi"
    for path, mtime in ((early, 1_000_000_000), (late, 1_000_000_100)):
        path.write_text("UNA:+.? '")
        os.utime(path, (mtime, mtime))
    cutoff = datetime.fromtimestamp(1_000_000_050, UTC)
    assert pending_files(str(landing), str(tmp_path / "lake"), cutoff) == ["early.edi"]
    early.unlink()
    context = {"dag_run": SimpleNamespace(run_type="scheduled"), "logical_date": datetime(2026, 11, 29, 10, 5, tzinfo=UTC)}
    assert should_run_ingest(str(landing), str(tmp_path / "lake"), landed_before=cutoff.isoformat(), **context) is False
    assert should_run_ingest(str(landing), str(tmp_path / "lake"), **context) is True


@pytest.mark.parametrize(("run_type", "expected"), [("SCHEDULED", False), ("ASSET_TRIGGERED", False), ("MANUAL", True)])
def test_should_run_ingest_reads_airflow_run_types(tmp_path: Path, run_type: str, expected: bool) -> None:
    """Airflow hands the enum, whose str() is 'DagRunType.SCHEDULED': a skip must still be a skip."""
    types = pytest.importorskip("airflow.utils.types")
    context = {"dag_run": SimpleNamespace(run_type=getattr(types.DagRunType, run_type)),
               "logical_date": datetime(2026, 11, 29, 10, 5, tzinfo=UTC)}
    assert should_run_ingest(str(tmp_path / "landing"), str(tmp_path / "lake"), **context) is expected
