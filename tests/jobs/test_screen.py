"""jobs/screen.py: Spark screening equals the pure Screener row by row; reruns are idempotent; a
re-pushed traveller updates its hit; a new list release rescreens; stale hits become superseded."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jobs.schemas import schema_of
from jobs.screen import hit_id, run
from jobs.watchlist_load import run as load_list
from watchlists.loaders import load_watchlist
from watchlists.model import Subject
from watchlists.screener import Screener

pytestmark = pytest.mark.spark

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
THRESHOLD = 0.80
HEADER = "entry_id,list_name,surname,given_names,full_name,aliases,date_of_birth,nationality,gender,document_number\n"
LIST_V1 = [
    "W1,NAT-WL,DUPONT,Jean Pierre,,DUPOND Jean,1975-03-02,FRA,M,12AB34567",
    "W2,NAT-WL,PETROV,Ivan,,,1980-06-11,RUS,M,",
    "W3,NAT-WL,AL-RASHID,Omar,,,1969,IRQ,M,",
]
LIST_V2 = [  # W3 removed, W4 added
    "W1,NAT-WL,DUPONT,Jean Pierre,,DUPOND Jean,1975-03-02,FRA,M,12AB34567",
    "W2,NAT-WL,PETROV,Ivan,,,1980-06-11,RUS,M,",
    "W4,NAT-WL,KOWALSKA,Anna,,,1990-01-20,POL,F,",
]
FLIGHTS = [  # flight_key, flight, arrival
    ("LH|400|FRA|JFK|2026-03-02", "LH400", NOW + timedelta(hours=5)),
    ("AF|10|CDG|JFK|2026-03-03", "AF10", NOW + timedelta(hours=30)),
    ("BA|1|LHR|JFK|2026-03-10", "BA1", NOW + timedelta(days=8)),  # beyond the 72 h horizon
]
TRAVELLERS = [  # traveller_key, flight index, surname, given names, dob, gender, nationality, document
    ("T1", 0, "DUPONT", "JEAN PIERRE", "1975-03-02", "M", "FRA", "12AB34567"),
    ("T2", 0, "PETROV", "IVAN", "1980-06-11", "M", "RUS", None),
    ("T3", 0, "SMITH", "JOHN", "1962-05-05", "M", "USA", "P123"),
    ("T4", 1, "AL RASHID", "OMAR", "1969-07-07", "M", "IRQ", None),
    ("T5", 1, "KOWALSKA", "ANNA", "1990-01-20", "F", "POL", "EA1234567"),
    ("T6", 1, "NGUYEN", "THI MAI", None, "F", "VNM", None),
    ("T7", 2, "PETROV", "IVAN", "1980-06-11", "M", "RUS", None),  # outside the horizon: not screened
]


def identity(*fields: str | None) -> str:
    return hashlib.sha256("|".join(f or "" for f in fields).encode()).hexdigest()[:16]


def write_list(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def traveller_row(key: str, flight_index: int, surname: str, given: str, dob: str | None, gender: str,
                  nationality: str, document: str | None, *, status: str = "active") -> dict[str, Any]:
    flight_key, _, arrival = FLIGHTS[flight_index]
    return {
        "traveller_key": key, "identity_key": identity(surname, given, dob, gender, nationality, document),
        "flight_key": flight_key, "source": "PAXLST", "role": "passenger", "surname": surname,
        "given_names": given, "date_of_birth": dob, "gender": gender, "nationality": nationality,
        "document_type": "P" if document else None, "document_number": document, "status": status,
        "message_id": "m1", "flight_date": arrival.date(), "updated_at": NOW,
    }


def write_table(spark: Any, lakehouse: Path, table: str, rows: list[dict[str, Any]], mode: str = "overwrite") -> None:
    schema = schema_of(table)
    data = [tuple(row.get(f.name) for f in schema.fields) for row in rows]
    spark.createDataFrame(data, schema).write.format("delta").mode(mode).save(str(lakehouse / table))


def setup_lakehouse(spark: Any, lakehouse: Path, travellers: list[dict[str, Any]]) -> None:
    flights = [{"flight_key": k, "flight": f, "arrival_utc": a, "flight_date": date(2026, 3, 2), "updated_at": NOW}
               for k, f, a in FLIGHTS]
    write_table(spark, lakehouse, "flights", flights)
    write_table(spark, lakehouse, "travellers", travellers)


def hits(spark: Any, lakehouse: Path) -> dict[str, Any]:
    return {r.hit_id: r for r in spark.read.format("delta").load(str(lakehouse / "hits")).collect()}


def pure_matches(travellers: list[dict[str, Any]], list_path: Path) -> dict[tuple[str, str], Any]:
    """The pure path, written independently of the job: the Screener over each traveller in the horizon."""
    screener = Screener(load_watchlist(list_path), threshold=THRESHOLD)
    arrivals = {k: a for k, _, a in FLIGHTS}
    out: dict[tuple[str, str], Any] = {}
    for t in travellers:
        arrival = arrivals[t["flight_key"]]
        if t["status"] != "active" or not NOW <= arrival <= NOW + timedelta(hours=72):
            continue
        subject = Subject(
            traveller_id=t["traveller_key"], surname=t["surname"], given_names=t["given_names"],
            date_of_birth=t["date_of_birth"], gender=t["gender"], nationality=t["nationality"],
            document_number=t["document_number"], flight=dict((k, f) for k, f, _ in FLIGHTS)[t["flight_key"]],
            arrival_time=arrival.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for match in screener.screen(subject):
            out.setdefault((t["traveller_key"], match.entry_id), match)
    return out


@pytest.fixture(scope="module")
def screened(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One lakehouse screened once with list v1, shared by the tests below in file order: the first
    only reads it, the second continues the story (a Spark run costs seconds, so runs are shared)."""
    tmp_path = tmp_path_factory.mktemp("screen")
    lakehouse = tmp_path / "lake"
    travellers = [traveller_row(*t) for t in TRAVELLERS]
    setup_lakehouse(spark, lakehouse, travellers)
    list_path = write_list(tmp_path, "wl.csv", LIST_V1)
    [release] = load_list(spark, lakehouse=lakehouse, path=list_path, now=NOW - timedelta(days=1))
    result = run(spark, lakehouse=lakehouse, threshold=THRESHOLD, now=NOW)
    return {"lakehouse": lakehouse, "tmp_path": tmp_path, "travellers": travellers, "list_path": list_path,
            "release": release, "result": result, "hits": hits(spark, lakehouse)}


def test_spark_path_equals_pure_path_row_by_row(screened: dict[str, Any]) -> None:
    travellers, list_path, release, result = (screened[k] for k in ("travellers", "list_path", "release", "result"))
    expected = pure_matches(travellers, list_path)
    assert expected, "the data must produce matches, else the comparison proves nothing"
    got = screened["hits"]
    assert {(r.traveller_key, r.entry_id) for r in got.values()} == set(expected)
    for row in got.values():
        match = expected[(row.traveller_key, row.entry_id)]
        assert row.hit_id == hit_id(row.traveller_key, "NAT-WL", row.entry_id)
        assert row.score == pytest.approx(match.score, abs=1e-12)
        assert row.explanation == match.explanation
        assert json.loads(row.features_json) == [
            {"name": f.name, "score": pytest.approx(f.score), "detail": f.detail} for f in match.features]
        assert (row.algorithm, row.list_name, row.list_release, row.status) == (
            match.algorithm, "NAT-WL", release.release_id, "open")
        traveller = next(t for t in travellers if t["traveller_key"] == row.traveller_key)
        assert (row.flight_key, row.surname, row.date_of_birth) == (
            traveller["flight_key"], traveller["surname"], traveller["date_of_birth"])
    assert result.pairs_screened == 6 and result.travellers_screened == 6  # T7 is beyond the horizon
    assert result.matches == len(expected)
    assert "T7" not in {r.traveller_key for r in got.values()}


def test_incremental_rescreening(spark: Any, screened: dict[str, Any]) -> None:
    tmp_lakehouse, tmp_path, travellers = screened["lakehouse"], screened["tmp_path"], screened["travellers"]
    first = screened["hits"]
    by_pair = {(r.traveller_key, r.entry_id): r for r in first.values()}
    assert {("T1", "W1"), ("T2", "W2"), ("T4", "W3")} <= set(by_pair)

    # 1. Rerun with nothing changed: nothing is rescored, no row changes.
    again = run(spark, lakehouse=tmp_lakehouse, threshold=THRESHOLD, now=NOW + timedelta(minutes=1))
    assert again.pairs_screened == 0
    assert hits(spark, tmp_lakehouse) == first

    # 2. Re-pushed PNR: T2 with the same identity is not rescored; T1 with a corrected date of birth is
    #    rescored and its hit updated in place (same hit_id, no duplicate); T4 renamed no longer matches.
    repushed = [dict(t) for t in travellers]
    t1 = next(t for t in repushed if t["traveller_key"] == "T1")
    t1.update(date_of_birth="1975-03-20", document_number=None,
              identity_key=identity("DUPONT", "JEAN PIERRE", "1975-03-20", "M", "FRA", None))
    t4 = next(t for t in repushed if t["traveller_key"] == "T4")
    t4.update(surname="ZIMMERMANN", given_names="KLAUS",
              identity_key=identity("ZIMMERMANN", "KLAUS", "1969-07-07", "M", "IRQ", None))
    write_table(spark, tmp_lakehouse, "travellers", repushed)
    step2 = run(spark, lakehouse=tmp_lakehouse, threshold=THRESHOLD, now=NOW + timedelta(minutes=2))
    assert step2.pairs_screened == 2 and step2.travellers_screened == 2
    second = hits(spark, tmp_lakehouse)
    assert set(second) == set(first)  # updated, not duplicated
    updated = second[by_pair[("T1", "W1")].hit_id]
    assert updated.status == "open" and updated.date_of_birth == "1975-03-20"
    assert updated.identity_key == t1["identity_key"]
    assert updated.features_json != by_pair[("T1", "W1")].features_json  # rescored on the new date of birth
    assert second[by_pair[("T4", "W3")].hit_id].status == "superseded"
    assert second[by_pair[("T2", "W2")].hit_id] == by_pair[("T2", "W2")]  # untouched

    # 3. A new list release (W3 removed, W4 added) rescreens every upcoming traveller against it.
    load_list(spark, lakehouse=tmp_lakehouse, path=write_list(tmp_path, "v2.csv", LIST_V2), now=NOW)
    step3 = run(spark, lakehouse=tmp_lakehouse, threshold=THRESHOLD, now=NOW + timedelta(minutes=3))
    assert step3.pairs_screened == 6
    third = hits(spark, tmp_lakehouse)
    pairs = {(r.traveller_key, r.entry_id): r for r in third.values()}
    assert pairs[("T5", "W4")].status == "open"
    assert {r.list_release for r in third.values() if r.status == "open"} == {step3.lists["NAT-WL"]}

    # 4. A cancelled traveller's open hits are superseded, and nothing else changes.
    cancelled = [dict(t, status="cancelled") if t["traveller_key"] == "T2" else t for t in repushed]
    write_table(spark, tmp_lakehouse, "travellers", cancelled)
    step4 = run(spark, lakehouse=tmp_lakehouse, threshold=THRESHOLD, now=NOW + timedelta(minutes=4))
    assert step4.superseded == 1 and step4.pairs_screened == 0
    fourth = hits(spark, tmp_lakehouse)
    assert fourth[pairs[("T2", "W2")].hit_id].status == "superseded"
    assert {k: v for k, v in fourth.items() if k != pairs[("T2", "W2")].hit_id} == {
        k: v for k, v in third.items() if k != pairs[("T2", "W2")].hit_id}

    # 5. A stricter threshold rescreens the active travellers; hits below it are superseded.
    open_scores = sorted(r.score for r in fourth.values() if r.status == "open")
    assert open_scores[0] < open_scores[-1]
    strict = (open_scores[0] + open_scores[-1]) / 2
    step5 = run(spark, lakehouse=tmp_lakehouse, threshold=strict, now=NOW + timedelta(minutes=5))
    assert step5.pairs_screened == 5  # T1 T3 T4 T5 T6: T2 is cancelled, T7 beyond the horizon
    fifth = hits(spark, tmp_lakehouse)
    assert set(fifth) == set(fourth)
    assert all(r.score >= strict for r in fifth.values() if r.status == "open")
    assert any(r.status == "open" for r in fifth.values())
    assert any(fourth[k].status == "open" and r.status == "superseded" for k, r in fifth.items())


@pytest.mark.slow
def test_spark_equals_pure_on_the_real_sdn_list(spark: Any, tmp_lakehouse: Path, watchlists_dir: Path) -> None:
    """Row-by-row equivalence at a realistic size: 4,620 SDN individuals, 120 travellers over two
    partitions (listed people, misspelt listed people, and people on no list)."""
    sdn = watchlists_dir / "ofac_sdn_2021-07_watchman_bench"
    entries = [e for e in load_watchlist(sdn) if e.surname and e.given_names]
    travellers: list[dict[str, Any]] = []
    for i, entry in enumerate(entries[::100][:40]):
        dob = next((d.value for d in entry.dates_of_birth if len(d.value) == 10), None)
        surname = str(entry.surname)
        travellers.append(traveller_row(f"L{i}", i % 2, surname.upper(), str(entry.given_names).upper(), dob,
                                        entry.gender or "M", entry.nationalities[0] if entry.nationalities else "XXX", None))
        misspelt = surname[:2] + surname[3:] if len(surname) > 4 else surname + "E"
        travellers.append(traveller_row(f"M{i}", i % 2, misspelt.upper(), str(entry.given_names).upper(), None,
                                        "M", "XXX", None))
    firsts, lasts = ["ANNA", "LUCAS", "MEI", "OLIVIER", "SOFIA"], ["BERGSTROM", "TANAKA", "OKAFOR", "MORENO", "NOVAK", "LINDQVIST", "DUBOIS", "KOWALCZYK"]
    for i in range(40):
        travellers.append(traveller_row(f"N{i}", i % 2, lasts[i % len(lasts)], firsts[i % len(firsts)],
                                        f"19{50 + i}-0{1 + i % 9}-1{i % 10}", "F", "SWE", f"X{i:07d}"))
    setup_lakehouse(spark, tmp_lakehouse, travellers)
    load_list(spark, lakehouse=tmp_lakehouse, path=sdn, now=NOW - timedelta(days=1))
    result = run(spark, lakehouse=tmp_lakehouse, threshold=THRESHOLD, now=NOW)
    assert result.pairs_screened == 120

    expected = pure_matches(travellers, sdn)
    got = hits(spark, tmp_lakehouse).values()
    assert len(expected) >= 40  # every listed person at least finds themselves
    assert sorted((r.traveller_key, r.entry_id, round(r.score, 12), r.explanation) for r in got) == sorted(
        (t, e, round(m.score, 12), m.explanation) for (t, e), m in expected.items())
