"""Entry hashing, release ids and the diff between two list releases."""

from __future__ import annotations

import csv
import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watchlists.loaders import load_watchlist
from watchlists.model import DateOfBirth, WatchlistEntry
from watchlists.releases import (
    content_hash,
    diff_hashes,
    diff_releases,
    entry_from_json,
    entry_hash,
    entry_hashes,
    entry_to_json,
    release_id,
)

FULL = WatchlistEntry(
    entry_id="7", list_name="L", surname="DOE", given_names="John", full_name=None, aliases=("DOE, Jon",),
    weak_aliases=("JD",), dates_of_birth=(DateOfBirth("1960", year_to=1962), DateOfBirth("1961-02", approximate=True)),
    nationalities=("USA",), gender="M", document_numbers=("X1",), places_of_birth=("Ohio",),
    original_script_names=("ДОУ",), programs=("P",), remarks="r",
)


def test_json_round_trip_is_lossless() -> None:
    assert entry_from_json(entry_to_json(FULL)) == FULL
    minimal = WatchlistEntry(entry_id="1", list_name="L", full_name="X")
    assert entry_from_json(entry_to_json(minimal)) == minimal


@pytest.mark.parametrize(
    "change",
    [
        {"surname": "DOE2"},
        {"aliases": ()},
        {"weak_aliases": ("JD", "J")},
        {"dates_of_birth": (DateOfBirth("1960", year_to=1963), DateOfBirth("1961-02", approximate=True))},
        {"dates_of_birth": (DateOfBirth("1960", year_to=1962), DateOfBirth("1961-02"))},
        {"nationalities": ("CAN",)},
        {"gender": None},
        {"document_numbers": ("X2",)},
        {"remarks": None},
    ],
)
def test_any_field_change_changes_the_hash(change: dict[str, object]) -> None:
    assert entry_hash(dataclasses.replace(FULL, **change)) != entry_hash(FULL)  # type: ignore[arg-type]


def test_hash_is_stable_and_content_hash_ignores_order() -> None:
    other = dataclasses.replace(FULL, entry_id="8")
    assert entry_hash(FULL) == entry_hash(dataclasses.replace(FULL))
    # OFAC renumbers alt names between releases: a reordered alias list is not a change
    assert entry_hash(dataclasses.replace(FULL, aliases=("DOE, Jon", "J DOE"))) == entry_hash(
        dataclasses.replace(FULL, aliases=("J DOE", "DOE, Jon")))
    assert content_hash(entry_hashes([FULL, other])) == content_hash(entry_hashes([other, FULL]))
    assert content_hash(entry_hashes([FULL])) != content_hash(entry_hashes([FULL, other]))


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="twice"):
        entry_hashes([FULL, FULL])


def test_release_id_names_list_time_and_content() -> None:
    rid = release_id("OFAC-SDN", "ab" * 32, datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC))
    assert rid == "OFAC-SDN@20260301T123005Z#abababababab"


def test_diff_hashes_table() -> None:
    diff = diff_hashes({"1": "a", "2": "b", "10": "c", "3": "d"}, {"1": "a", "2": "B", "4": "e", "11": "f"})
    assert diff.added == ("4", "11")  # numeric ids sort numerically
    assert diff.changed == ("2",)
    assert diff.removed == ("3", "10")
    assert diff.unchanged == 1
    assert [diff.change_of(i) for i in ("1", "2", "4")] == ["unchanged", "changed", "added"]
    assert diff_hashes({"1": "a"}, {"1": "a"}).is_empty


def _individual_ids(path: Path) -> set[str]:
    with path.open(encoding="cp1252", newline="") as handle:
        return {r[0] for r in csv.reader(handle) if len(r) >= 12 and r[2].strip() == "individual"}


def _raw_records(folder: Path, ids: set[str]) -> dict[str, tuple[list[str], list[list[str]]]]:
    """ent_num → (sdn.csv row, sorted alt.csv rows without alt_num), straight from the files."""
    with (folder / "sdn.csv").open(encoding="cp1252", newline="") as handle:
        rows = {r[0]: r for r in csv.reader(handle) if len(r) >= 12 and r[0] in ids}
    alts: dict[str, list[list[str]]] = {i: [] for i in ids}
    with (folder / "alt.csv").open(encoding="cp1252", newline="") as handle:
        for r in csv.reader(handle):
            if len(r) >= 5 and r[0] in alts:
                alts[r[0]].append([r[2], r[3]])
    return {i: (rows[i], sorted(alts[i])) for i in ids}


def test_real_sdn_2019_to_2021_diff(watchlists_dir: Path) -> None:
    old_dir = watchlists_dir / "ofac_sdn_2019-01_watchman"
    new_dir = watchlists_dir / "ofac_sdn_2021-07_watchman_bench"
    diff = diff_releases(load_watchlist(old_dir), load_watchlist(new_dir))
    # Independent expectation: set arithmetic on ent_num straight from the CSV files.
    old_ids, new_ids = _individual_ids(old_dir / "sdn.csv"), _individual_ids(new_dir / "sdn.csv")
    assert set(diff.added) == new_ids - old_ids
    assert set(diff.removed) == old_ids - new_ids
    assert (len(diff.added), len(diff.removed)) == (852, 77)
    # Changed: an entry present in both whose raw record (name, type, program, remarks, alt names) differs.
    common = old_ids & new_ids
    old_raw, new_raw = _raw_records(old_dir, common), _raw_records(new_dir, common)
    raw_changed = {i for i in common if [c.strip() for c in old_raw[i][0][1:4] + old_raw[i][0][11:]] + old_raw[i][1]
                   != [c.strip() for c in new_raw[i][0][1:4] + new_raw[i][0][11:]] + new_raw[i][1]}
    assert set(diff.changed) == raw_changed
    assert len(diff.changed) + diff.unchanged == len(common)
    assert 0 < len(diff.changed) < len(common)
