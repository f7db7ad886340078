"""Ingest + normalise over three runs of hand-written traffic, table contents compared row by row.

Covers: byte-identical resends (duplicates), a corrected resend of a failed message, quarantine,
PAXLST change (CP) and cancel (XR), a multi-part set split over two runs (held, then released), a set
incomplete when its flight departed (released with ING002), PNR supersession by an update push, PNR
cancellation (SRC+RCI with empty ORG, and absence from a later FULL push), API↔PNR links, and a
repeated run that changes nothing.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.jobs.edifact_factory import Pax, paxlst, pnrgov

pytestmark = pytest.mark.spark

MEYER = Pax("MEYER", "ANNA", "800102", "P1234", "AAA111")
KOCH = Pax("KOCH", "JONAS", "900505", "K999", "BBB222", "M")
LANG = Pax("LANG", "EVA", "850303", "L555", "BBB222")
VOGT = Pax("VOGT", "PAUL", "700707", "V777", "CCC333", "M")
WEBER = Pax("WEBER", "LENA", "950909", "W111")
SCHMIDT = Pax("SCHMIDT", "OLE", "880808", "S100", gender="M")
SCHULZ = Pax("SCHULZ", "MIA", "920202", "S200")
HOFFMANN = Pax("HOFFMANN", "TOM", "010101", "H300", gender="M")
NEUMANN = Pax("NEUMANN", "IDA", "660606", "N400")
BEFORE_DEPARTURE = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
AFTER_DEPARTURE = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)

API_1 = paxlst([MEYER, KOCH, WEBER], sent="260701:0600")
BAD = paxlst([HOFFMANN], sent="260701:0605", flight="", ref="7")  # no flight: cannot be keyed
RUNS: list[dict[str, bytes]] = [
    {
        "api_1.edi": API_1,
        "api_1_copy.edi": API_1,
        "pnr_t72.edi": pnrgov({"AAA111": [MEYER], "BBB222": [KOCH, LANG], "CCC333": [VOGT]}, sent="260628:1000"),
        "crew/part_a.edi": paxlst([SCHMIDT], sent="260701:0610", part="01:C", common_ref="SET1", ref="11"),
        "junk.bin": b"this is not EDIFACT at all\n",
        "bad.edi": BAD,
    },
    {
        "api_2_change.edi": paxlst([Pax("MEYER", "ANNA", "800102", "P9999", "AAA111")], sent="260701:0630",
                                   function="CP", ref="2"),
        "api_3_cancel.edi": paxlst([WEBER], sent="260701:0640", function="XR", ref="3"),
        "pnr_t24.edi": pnrgov({"BBB222": [KOCH]}, sent="260630:1000", push="141", cancelled=("CCC333",)),
        "crew/part_b.edi": paxlst([SCHULZ], sent="260701:0611", part="02:F", common_ref="SET1", ref="12"),
        "bad_fixed.edi": paxlst([HOFFMANN], sent="260701:0606", ref="8"),
        "api_1_again.edi": API_1,
    },
    {
        "pnr_t2.edi": pnrgov({"AAA111": [MEYER]}, sent="260701:0600"),
        "late_part.edi": paxlst([NEUMANN], sent="260701:0612", part="01:C", common_ref="SET2", ref="21"),
    },
]
NOW = [BEFORE_DEPARTURE, BEFORE_DEPARTURE, AFTER_DEPARTURE]


def _land(landing: Path, files: dict[str, bytes], run: int) -> None:
    for n, (name, data) in enumerate(sorted(files.items())):
        path = landing / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stamp = 1_780_000_000 + run * 1000 + n  # fixed receipt times: the rows are reproducible
        os.utime(path, (stamp, stamp))


def _rows(spark: Any, lake: Path, table: str, cols: list[str], where: str | None = None) -> list[tuple[Any, ...]]:
    df = spark.read.format("delta").load(str(lake / table))
    if where:
        df = df.where(where)
    return sorted(tuple(r) for r in df.select(*cols).collect())


def _versions(lake: Path) -> dict[str, int]:
    out = {}
    for log in lake.glob("*/_delta_log"):
        out[log.parent.name] = max(int(p.stem) for p in log.glob("*.json"))
    return out


@pytest.fixture(scope="module")
def runs(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from jobs.ingest import run_all

    base = tmp_path_factory.mktemp("scenario")
    landing, lake = base / "landing", base / "lake"
    landing.mkdir()
    snapshots: list[dict[str, list[tuple[Any, ...]]]] = []
    reports = []
    for n, files in enumerate(RUNS):
        _land(landing, files, n)
        report, norm = run_all(spark, landing=str(landing), lakehouse=str(lake), run_id=f"run{n}", now=NOW[n])
        reports.append((report, norm))
        snapshots.append({
            "raw": _rows(spark, lake, "raw_messages", ["file_name", "status"]),
            "api": _rows(spark, lake, "travellers", ["surname", "status", "document_number"], "source = 'PAXLST'"),
            "pnr_pax": _rows(spark, lake, "travellers", ["surname", "status", "booking_ref"], "source = 'PNRGOV'"),
            "pnrs": _rows(spark, lake, "pnrs", ["record_locator", "status", "passenger_count"]),
            "held": _rows(spark, lake, "messages", ["file_name", "part_seq", "status"], "set_key IS NOT NULL"),
        })
    return {"spark": spark, "lake": lake, "landing": landing, "snapshots": snapshots, "reports": reports}


def test_run_1_bronze_duplicates_quarantine_failed_held(runs: dict[str, Any]) -> None:
    snap = runs["snapshots"][0]
    assert snap["raw"] == [
        ("api_1.edi", "loaded"), ("api_1_copy.edi", "duplicate"), ("bad.edi", "failed"),
        ("crew/part_a.edi", "held"), ("junk.bin", "quarantined"), ("pnr_t72.edi", "loaded"),
    ]
    assert snap["held"] == [("crew/part_a.edi", 1, "held")]
    assert snap["api"] == [("KOCH", "active", "K999"), ("MEYER", "active", "P1234"), ("WEBER", "active", "W111")]
    assert snap["pnr_pax"] == [("KOCH", "active", "BBB222"), ("LANG", "active", "BBB222"),
                               ("MEYER", "active", "AAA111"), ("VOGT", "active", "CCC333")]
    report, _norm = runs["reports"][0]
    assert (report.files_taken, report.duplicates, report.quarantined, report.failed, report.held) == (6, 1, 1, 1, 1)


def test_quarantine_keeps_the_bytes_and_reason(runs: dict[str, Any]) -> None:
    rows = _rows(runs["spark"], runs["lake"], "quarantine", ["file_name", "content", "reason"])
    assert [(name, bytes(content)) for name, content, _ in rows] == [("junk.bin", b"this is not EDIFACT at all\n")]
    assert "EDIFACT" in rows[0][2]


def test_run_2_change_cancel_supersession_release_and_resend(runs: dict[str, Any]) -> None:
    snap = runs["snapshots"][1]
    assert snap["api"] == [
        ("HOFFMANN", "active", "H300"), ("KOCH", "active", "K999"), ("MEYER", "active", "P9999"),
        ("SCHMIDT", "active", "S100"), ("SCHULZ", "active", "S200"), ("WEBER", "cancelled", "W111"),
    ]
    assert snap["pnr_pax"] == [("KOCH", "active", "BBB222"), ("LANG", "removed", "BBB222"),
                               ("MEYER", "active", "AAA111"), ("VOGT", "cancelled", "CCC333")]
    assert snap["pnrs"] == [("AAA111", "active", 1), ("BBB222", "active", 1), ("CCC333", "cancelled", 0)]
    assert snap["held"] == [("crew/part_a.edi", 1, "applied"), ("crew/part_b.edi", 2, "applied")]
    raw = dict(snap["raw"])
    assert (raw["bad.edi"], raw["bad_fixed.edi"], raw["api_1_again.edi"], raw["crew/part_a.edi"]) == (
        "failed", "loaded", "duplicate", "loaded")


def test_run_3_full_push_absence_cancels_and_departed_set_is_released(runs: dict[str, Any]) -> None:
    snap = runs["snapshots"][2]
    assert snap["pnrs"] == [("AAA111", "active", 1), ("BBB222", "cancelled", 1), ("CCC333", "cancelled", 0)]
    assert snap["pnr_pax"] == [("KOCH", "cancelled", "BBB222"), ("LANG", "removed", "BBB222"),
                               ("MEYER", "active", "AAA111"), ("VOGT", "cancelled", "CCC333")]
    assert ("NEUMANN", "active", "N400") in snap["api"]
    issues = _rows(runs["spark"], runs["lake"], "message_issues", ["file_name", "code", "severity"], "code LIKE 'ING%'")
    assert issues == [("bad.edi", "ING001", "error"), ("late_part.edi", "ING002", "warning")]


def test_pnr_versions_keep_every_push(runs: dict[str, Any]) -> None:
    rows = _rows(runs["spark"], runs["lake"], "pnr_versions",
                 ["record_locator", "push_type", "hours_before_departure", "cancelled", "passenger_count"])
    assert rows == [
        ("AAA111", "full", 2.0, False, 1), ("AAA111", "full", 70.0, False, 1),
        ("BBB222", "full", 70.0, False, 2), ("BBB222", "update", 22.0, False, 1),
        ("CCC333", "full", 70.0, False, 1), ("CCC333", "update", 22.0, True, 0),
    ]


def test_api_pnr_links(runs: dict[str, Any]) -> None:
    spark, lake = runs["spark"], runs["lake"]
    names = dict(_rows(spark, lake, "travellers", ["traveller_key", "surname"]))
    links = [(names[a], names[p], loc, method) for a, p, loc, method in
             _rows(spark, lake, "api_pnr_links", ["api_traveller_key", "pnr_traveller_key", "record_locator", "method"])]
    # KOCH's PNR was cancelled by the T-2 full push: no active passenger to link any more.
    assert links == [("MEYER", "MEYER", "AAA111", "booking_ref")]


def test_flights_keyed_so_api_and_pnr_meet(runs: dict[str, Any]) -> None:
    rows = _rows(runs["spark"], runs["lake"], "flights",
                 ["flight_key", "origin_tz", "departure_utc", "arrival_utc"])
    assert rows == [("LH|400|FRA|AMS|2026-07-01", "Europe/Berlin",
                     datetime(2026, 7, 1, 8, 0), datetime(2026, 7, 1, 9, 30))]
    keys = _rows(runs["spark"], runs["lake"], "travellers", ["flight_key"])
    assert set(keys) == {("LH|400|FRA|AMS|2026-07-01",)}


def test_same_run_again_changes_nothing(runs: dict[str, Any]) -> None:
    from jobs.ingest import run_all

    spark, lake = runs["spark"], runs["lake"]
    tables = ["raw_messages", "message_issues", "messages", "flights", "travellers", "documents", "pnrs",
              "pnr_versions", "traveller_versions", "api_pnr_links", "quarantine"]

    def contents() -> dict[str, list[tuple[Any, ...]]]:
        return {t: sorted(tuple(r) for r in spark.read.format("delta").load(str(lake / t)).collect()) for t in tables}

    before, versions = contents(), _versions(lake)
    report, norm = run_all(spark, landing=str(runs["landing"]), lakehouse=str(lake), run_id="again",
                           now=AFTER_DEPARTURE)
    assert (report.files_taken, norm.flights) == (0, 0)
    assert contents() == before
    assert _versions(lake) == versions
