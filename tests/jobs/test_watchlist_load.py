"""jobs/watchlist_load.py: list releases in the lakehouse (added / changed / removed, current release)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jobs.watchlist_load import current_lists, current_releases, release_history, run
from watchlists.loaders import load_watchlist

pytestmark = pytest.mark.spark

FIXTURES = Path(__file__).resolve().parent.parent / "watchlists" / "fixtures"
HEADER = "entry_id,list_name,surname,given_names,full_name,aliases,date_of_birth,nationality,gender,document_number\n"
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def entries_table(spark: Any, lakehouse: Path) -> list[Any]:
    return spark.read.format("delta").load(str(lakehouse / "watchlist_entries")).collect()


def test_first_load_then_identical_reload_is_a_noop(spark: Any, tmp_lakehouse: Path) -> None:
    [first] = run(spark, lakehouse=tmp_lakehouse, path=FIXTURES / "ofac", now=T0)
    assert (first.list_name, first.entry_count, first.added, first.changed, first.removed, first.skipped) == (
        "OFAC-SDN", 4, 4, 0, 0, False)
    assert first.release_id.startswith("OFAC-SDN@20260301T080000Z#")
    rows = entries_table(spark, tmp_lakehouse)
    assert sorted(r.entry_id for r in rows) == ["101", "103", "104", "105"]
    assert {r.change for r in rows} == {"added"} and {r.release_id for r in rows} == {first.release_id}
    by_id = {r.entry_id: r for r in rows}
    assert (by_id["101"].date_of_birth, by_id["101"].nationality, by_id["101"].document_numbers) == (
        "1961-04-12", "SYR", ["N1234567", "265 216", "99-123"])
    # what screening reads back is exactly what the loader produced
    [current] = current_lists(spark, tmp_lakehouse)
    assert current.release_id == first.release_id
    assert list(current.entries) == sorted(load_watchlist(FIXTURES / "ofac"), key=lambda e: e.entry_id)

    [again] = run(spark, lakehouse=tmp_lakehouse, path=FIXTURES / "ofac", now=T0 + timedelta(hours=1))
    assert again.skipped and again.release_id == first.release_id
    assert len(entries_table(spark, tmp_lakehouse)) == 4
    assert [r["release_id"] for r in release_history(spark, tmp_lakehouse, "OFAC-SDN")] == [first.release_id]


def test_new_release_knows_added_changed_removed(spark: Any, tmp_lakehouse: Path, tmp_path: Path) -> None:
    v1 = write_list(tmp_path / "v1.csv", [
        "A,NAT,DOE,John,,,1970-01-01,USA,M,",
        "B,NAT,ROE,Jane,,,1980,GBR,F,",
        "C,NAT,POE,Edgar,,,,,M,",
        "X,OTHER,SOLO,Han,,,,,M,",
    ])
    v2 = write_list(tmp_path / "v2.csv", [
        "A,NAT,DOE,John,,,1970-01-01,USA,M,",
        "B,NAT,ROE,Jane,,,1981,GBR,F,",  # changed date of birth
        "D,NAT,LOE,Ann,,,,,F,",  # added; C removed
        "X,OTHER,SOLO,Han,,,,,M,",
    ])
    first = {r.list_name: r for r in run(spark, lakehouse=tmp_lakehouse, path=v1, now=T0)}
    second = {r.list_name: r for r in run(spark, lakehouse=tmp_lakehouse, path=v2, now=T0 + timedelta(days=1))}
    assert second["OTHER"].skipped and not second["NAT"].skipped  # a file holding two lists: one release each
    nat = second["NAT"]
    assert (nat.added, nat.changed, nat.removed, nat.entry_count) == (1, 1, 1, 3)
    assert nat.previous_release_id == first["NAT"].release_id
    rows = [r for r in entries_table(spark, tmp_lakehouse) if r.release_id == nat.release_id]
    assert {r.entry_id: r.change for r in rows} == {"A": "unchanged", "B": "changed", "D": "added"}
    release = {r.list_name: r for r in current_releases(spark, tmp_lakehouse).collect()}["NAT"]
    assert (release.release_id, release.removed_entry_ids) == (nat.release_id, ["C"])
    current = {c.list_name: c for c in current_lists(spark, tmp_lakehouse)}
    assert [e.entry_id for e in current["NAT"].entries] == ["A", "B", "D"]
    assert current["OTHER"].release_id == first["OTHER"].release_id


def _ids(sdn: Path) -> set[str]:
    with sdn.open(encoding="cp1252", newline="") as handle:
        return {r[0] for r in csv.reader(handle) if len(r) >= 12 and r[2].strip() == "individual"}


def test_real_sdn_2019_then_2021(spark: Any, tmp_lakehouse: Path, watchlists_dir: Path) -> None:
    old_dir, new_dir = watchlists_dir / "ofac_sdn_2019-01_watchman", watchlists_dir / "ofac_sdn_2021-07_watchman_bench"
    [old] = run(spark, lakehouse=tmp_lakehouse, path=old_dir, now=T0)
    [new] = run(spark, lakehouse=tmp_lakehouse, path=new_dir, now=T0 + timedelta(days=1))
    old_ids, new_ids = _ids(old_dir / "sdn.csv"), _ids(new_dir / "sdn.csv")  # independent: set arithmetic
    assert (old.entry_count, new.entry_count) == (len(old_ids), len(new_ids))
    assert new.added == len(new_ids - old_ids) == 852
    assert new.removed == len(old_ids - new_ids) == 77
    assert 0 < new.changed < len(old_ids & new_ids)
    release = current_releases(spark, tmp_lakehouse).collect()[0]
    assert release.release_id == new.release_id
    assert set(release.removed_entry_ids) == old_ids - new_ids
    entries = spark.read.format("delta").load(str(tmp_lakehouse / "watchlist_entries"))
    added = {r.entry_id for r in entries.where(f"release_id = '{new.release_id}' AND change = 'added'").collect()}
    assert added == new_ids - old_ids
