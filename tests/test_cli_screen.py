"""`paxpipe screen` (pure Python) and `paxpipe watchlist` end to end through the CLI dispatcher."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from paxpipe.cli import main
from watchlists.loaders import load_watchlist
from watchlists.model import Subject
from watchlists.screener import Screener

FIXTURES = Path(__file__).resolve().parent / "watchlists" / "fixtures"
LIST_HEADER = "entry_id,list_name,surname,given_names,full_name,aliases,date_of_birth,nationality,gender,document_number\n"
TRAVELLER_HEADER = "traveller_id,surname,given_names,date_of_birth,gender,nationality,document_number,flight,arrival_time\n"
TRAVELLERS = [
    "P1,DUPONT,JEAN PIERRE,1975-03-02,M,FRA,12AB34567,LH400,2026-03-02T11:00",
    "P2,DUPOND,JEAN,1975-03-02,M,FR,,LH400,2026-03-02T11:00",  # alpha-2 nationality is accepted
    "P3,PETROV,IVAN,1980-06-11,M,RUS,,AF10,2026-03-03T12:00",
    "P4,SMITH,JOHN,1962-05-05,M,USA,P123,AF10,2026-03-03T12:00",
    "P5,MULLER,JOSE ANGEL,1961-04-12,M,SYR,,AF10,2026-03-03T12:00",
]


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def read_hits(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["traveller_id", "entry_id", "score", "explanation"]
        return list(reader)


def expected_hits(list_path: Path, subjects: list[Subject], threshold: float) -> set[tuple[str, str, str, str]]:
    screener = Screener(load_watchlist(list_path), threshold=threshold)
    return {(s.traveller_id, m.entry_id, f"{m.score:.4f}", m.explanation) for s in subjects for m in screener.screen(s)}


def subjects_of(rows: list[str]) -> list[Subject]:
    out = []
    for row in rows:
        tid, surname, given, dob, gender, nat, doc, flight, arrival = row.split(",")
        out.append(Subject(tid, surname, given, dob, gender, {"FR": "FRA"}.get(nat, nat), doc or None, flight, arrival))
    return out


@pytest.mark.parametrize("watchlist", ["national.csv", "ofac", "ofac/sdn.csv", "un_small.xml"])
def test_screen_csv_equals_pure_screener(tmp_path: Path, watchlist: str, capsys: Any) -> None:
    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, TRAVELLERS)
    out = tmp_path / "hits.csv"
    code = main(["screen", "--watchlist", str(FIXTURES / watchlist), "--travellers", str(travellers),
                 "--out", str(out), "--threshold", "0.8"])
    assert code == 0
    got = {(h["traveller_id"], h["entry_id"], h["score"], h["explanation"]) for h in read_hits(out)}
    assert got == expected_hits(FIXTURES / watchlist, subjects_of(TRAVELLERS), 0.8)
    assert f"{len(got)} hits" in capsys.readouterr().err


def test_screen_finds_the_listed_people(tmp_path: Path) -> None:
    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, TRAVELLERS)
    out = tmp_path / "hits.csv"
    assert main(["screen", "--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(travellers),
                 "--out", str(out), "--threshold", "0.8"]) == 0
    pairs = {(h["traveller_id"], h["entry_id"]) for h in read_hits(out)}
    assert ("P1", "N-1") in pairs  # exact name, date of birth, nationality and passport
    assert not any(t == "P4" for t, _ in pairs)  # JOHN SMITH is on no list


def test_default_threshold_comes_from_configuration(tmp_path: Path, monkeypatch: Any) -> None:
    entries = load_watchlist(FIXTURES / "national.csv")
    row = "P2,DUPONT,JEAN,1975-03-02,M,BEL,,LH400,2026-03-02T11:00"  # a near match of N-1, not an exact one
    [subject] = subjects_of([row])
    score = Screener(entries, threshold=0.0).score(subject, next(e for e in entries if e.entry_id == "N-1")).score
    assert 0.0 < score < 1.0
    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, [row])
    out = tmp_path / "hits.csv"
    for threshold, present in ((score - 0.01, True), (min(score + 0.01, 1.0), False)):
        monkeypatch.setenv("PAXPIPE__SCREENING__THRESHOLD", f"{threshold:.6f}")
        assert main(["screen", "--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(travellers),
                     "--out", str(out)]) == 0
        assert (("P2", "N-1") in {(h["traveller_id"], h["entry_id"]) for h in read_hits(out)}) is present


@pytest.mark.parametrize(("flag", "shown"), [("--progress", True), ("--no-progress", False)])
def test_progress_bar_on_stderr(tmp_path: Path, capsys: Any, flag: str, shown: bool) -> None:
    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, TRAVELLERS)
    assert main(["screen", "--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(travellers),
                 "--out", str(tmp_path / "hits.csv"), flag]) == 0
    captured = capsys.readouterr()
    assert ("screening: 100%" in captured.err and "5/5" in captured.err) is shown
    assert "screening:" not in captured.out


def test_unusable_rows_are_skipped_and_reported(tmp_path: Path, capsys: Any) -> None:
    rows = [*TRAVELLERS[:1], ",NONAME,,,,,,,", "P9,,,1970-01-01,M,USA,,,"]
    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, rows)
    out = tmp_path / "hits.csv"
    code = main(["screen", "--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(travellers),
                 "--out", str(out), "--threshold", "0.8"])
    assert code == 1
    err = capsys.readouterr().err
    assert "tr.csv:3" in err and "tr.csv:4" in err
    assert {h["traveller_id"] for h in read_hits(out)} == {"P1"}


@pytest.mark.parametrize(
    ("setup", "args_for"),
    [
        ("bad_list", lambda p: ["--watchlist", str(p / "bad.txt"), "--travellers", str(p / "tr.csv")]),
        ("missing_list", lambda p: ["--watchlist", str(p / "absent.csv"), "--travellers", str(p / "tr.csv")]),
        ("bad_travellers", lambda p: ["--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(p / "x.csv")]),
        ("threshold", lambda p: ["--watchlist", str(FIXTURES / "national.csv"), "--travellers", str(p / "tr.csv"),
                                 "--threshold", "1.5"]),
        ("usage", lambda p: ["--travellers", str(p / "tr.csv")]),
    ],
)
def test_unreadable_input_or_usage_exits_2(tmp_path: Path, setup: str, args_for: Any) -> None:
    write(tmp_path / "tr.csv", TRAVELLER_HEADER, TRAVELLERS)
    (tmp_path / "bad.txt").write_text("not a list\n", encoding="utf-8")
    (tmp_path / "x.csv").write_text("traveller_id,surname\n", encoding="utf-8")  # no given_names column
    assert main(["screen", *args_for(tmp_path), "--out", str(tmp_path / "hits.csv")]) == 2


def test_screen_edifact_travellers(tmp_path: Path, public_messages: Path) -> None:
    from parsers.api import iter_travellers, parse_bytes

    edi = public_messages / "paxlst_gtas_tamr_doc_type_K.edi"
    travellers = [t for t, _, _ in iter_travellers(parse_bytes(edi.read_bytes()))]
    target = travellers[1]  # list one of the passengers, with their date of birth
    assert target.surname and target.given_names and target.date_of_birth
    list_path = write(tmp_path / "wl.csv", LIST_HEADER, [
        f"E1,EDI-WL,{target.surname},{target.given_names},,,{target.date_of_birth},,,",
        "E2,EDI-WL,NOBODY,NEVER,,,1900,,,",
    ])
    out = tmp_path / "hits.csv"
    assert main(["screen", "--watchlist", str(list_path), "--travellers", str(edi), "--out", str(out),
                 "--threshold", "0.8"]) == 0
    hits = read_hits(out)
    assert [h["entry_id"] for h in hits if h["entry_id"] == "E1"] == ["E1"]
    assert all(h["traveller_id"].startswith(edi.name + ":") for h in hits)
    assert len({h["traveller_id"] for h in hits}) == len(hits)


def test_watchlist_diff(tmp_path: Path, capsys: Any) -> None:
    old = write(tmp_path / "old.csv", LIST_HEADER, ["A,L,DOE,John,,,1970,,,", "B,L,ROE,Jane,,,,,,", "C,L,POE,Ed,,,,,,"])
    new = write(tmp_path / "new.csv", LIST_HEADER, ["A,L,DOE,John,,,1971,,,", "B,L,ROE,Jane,,,,,,", "D,L,LOE,Ann,,,,,,"])
    assert main(["watchlist", "diff", str(old), str(new), "--ids"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"added": 1, "changed": 1, "removed": 1, "unchanged": 1,
                      "added_ids": ["D"], "changed_ids": ["A"], "removed_ids": ["C"]}


def test_watchlist_load_unreadable_exits_2_without_spark(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("not a list\n", encoding="utf-8")
    assert main(["watchlist", "load", str(tmp_path / "bad.txt"), "--lakehouse", str(tmp_path / "lake")]) == 2


@pytest.mark.spark
def test_watchlist_load_and_releases_commands(spark: Any, tmp_lakehouse: Path, tmp_path: Path, capsys: Any) -> None:
    assert main(["watchlist", "load", str(FIXTURES / "national.csv"), "--lakehouse", str(tmp_lakehouse)]) == 0
    results = {r["list_name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert {k: (v["entry_count"], v["added"], v["skipped"]) for k, v in results.items()} == {
        "NATIONAL-WL": (2, 2, False), "national": (1, 1, False)}
    releases = spark.read.format("delta").load(str(tmp_lakehouse / "watchlist_releases")).collect()
    assert {r.release_id for r in releases} == {r["release_id"] for r in results.values()}

    # a second release of NATIONAL-WL (N-2 removed) becomes its current release
    lines = (FIXTURES / "national.csv").read_text(encoding="utf-8").splitlines()
    second = write(tmp_path / "national.csv", lines[0] + "\n", [line for line in lines[1:] if not line.startswith("N-2")])
    assert main(["watchlist", "load", str(second), "--lakehouse", str(tmp_lakehouse)]) == 0
    reloaded = {r["list_name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert (reloaded["NATIONAL-WL"]["removed"], reloaded["national"]["skipped"]) == (1, True)

    assert main(["watchlist", "releases", "--lakehouse", str(tmp_lakehouse)]) == 0
    current = {r["list_name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert {k: v["release_id"] for k, v in current.items()} == {
        "NATIONAL-WL": reloaded["NATIONAL-WL"]["release_id"], "national": results["national"]["release_id"]}
    assert current["NATIONAL-WL"]["removed_entry_ids"] == ["N-2"]
    assert main(["watchlist", "releases", "--lakehouse", str(tmp_lakehouse), "--list", "NATIONAL-WL", "--all"]) == 0
    history = [json.loads(line)["release_id"] for line in capsys.readouterr().out.splitlines()]
    assert history == [results["NATIONAL-WL"]["release_id"], reloaded["NATIONAL-WL"]["release_id"]]


def test_watchlist_releases_of_an_empty_lakehouse(tmp_path: Path, capsys: Any) -> None:
    assert main(["watchlist", "releases", "--lakehouse", str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_screen_command_never_imports_spark(tmp_path: Path) -> None:
    import subprocess
    import sys

    travellers = write(tmp_path / "tr.csv", TRAVELLER_HEADER, TRAVELLERS)
    code = (
        "import sys\n"
        "from paxpipe.cli import main\n"
        f"rc = main(['screen', '--watchlist', {str(FIXTURES / 'national.csv')!r}, '--travellers', {str(travellers)!r},"
        f" '--out', {str(tmp_path / 'hits.csv')!r}, '--threshold', '0.8'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'pyspark', 'delta', 'airflow', 'deltalake'})\n"
        "print(rc, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == "0 []"
