"""`paxpipe ingest`: prints what it took and wrote; exit 1 when something was quarantined, 2 when the
landing folder is missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from paxpipe.cli import main
from tests.jobs.edifact_factory import Pax, paxlst

pytestmark = pytest.mark.spark


def test_ingest_command_reports_and_sets_exit_code(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    landing.mkdir()
    (landing / "api.edi").write_bytes(paxlst([Pax("MEYER", "ANNA", "800102", "P1234", "AAA111")]))
    (landing / "api_again.edi").write_bytes((landing / "api.edi").read_bytes())
    (landing / "junk.bin").write_bytes(b"nothing to read here")

    code = main(["ingest", "--landing", str(landing), "--lakehouse", str(lake), "--now", "2026-06-30T00:00:00Z"])
    out = capsys.readouterr().out
    assert code == 1  # a file was quarantined: a data problem, recorded
    assert "3 new taken, 1 duplicate(s), 1 quarantined, 0 failed" in out
    assert re.search(r"traveller_versions +1 row\(s\) written", out), out
    assert re.search(r"travellers +1 row\(s\) derived", out), out
    assert sorted(p.name for p in lake.iterdir() if not p.name.startswith("_")) == sorted([
        "api_pnr_links", "documents", "flights", "message_issues", "messages", "pnr_versions", "pnrs",
        "quarantine", "raw_messages", "traveller_versions", "travellers",
    ])

    code = main(["ingest", "--landing", str(landing), "--lakehouse", str(lake)])
    assert code == 0 and "0 new taken" in capsys.readouterr().out


def test_missing_landing_is_a_usage_error(spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ingest", "--landing", str(tmp_path / "absent"), "--lakehouse", str(tmp_path / "lake")])
    assert code == 2
    assert "landing folder not found" in capsys.readouterr().err
