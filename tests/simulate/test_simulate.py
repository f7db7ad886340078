"""paxpipe simulate: determinism, envelope counts in clean files, defect rates, the CLI, planting."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from paxpipe.cli import main as cli_main
from paxpipe.simulate import MANIFEST_NAME, simulate_day
from paxpipe.simulate.edifact import SegmentWriter, Separators
from paxpipe.simulate.people import mrz_name, unoc_name

DAY = date(2026, 11, 29)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _split(text: str, seps: str) -> list[str]:
    """Segments of a clean file, honouring the release character (test-side, independent of parsers/)."""
    rel, term = seps[3], seps[5]
    body = text[9:] if text.startswith("UNA") else text
    segments, current, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == rel and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if ch == term:
            segments.append("".join(current).strip("\r\n"))
            current = []
        else:
            current.append(ch)
        i += 1
    return [s for s in segments if s]


@pytest.fixture(scope="module")
def clean_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean")
    result = simulate_day(out, day=DAY, flights=12, seed=3, defect_rate=0.0)
    return out, result.manifest


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    a = simulate_day(tmp_path / "a", day=DAY, flights=6, seed=11, defect_rate=0.3, listed_count=2)
    simulate_day(tmp_path / "b", day=DAY, flights=6, seed=11, defect_rate=0.3, listed_count=2)
    simulate_day(tmp_path / "c", day=DAY, flights=6, seed=12, defect_rate=0.3, listed_count=2)
    assert a.files and _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_workers_do_not_change_the_bytes(tmp_path: Path) -> None:
    simulate_day(tmp_path / "one", day=DAY, flights=6, seed=4, defect_rate=0.3, listed_count=2)
    simulate_day(tmp_path / "two", day=DAY, flights=6, seed=4, defect_rate=0.3, listed_count=2, workers=2)
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")


def test_clean_envelopes_have_right_counts(clean_day: tuple[Path, dict]) -> None:
    out, manifest = clean_day
    checked = 0
    for record in manifest["files"]:
        assert record["defects"] == []
        text = (out / record["name"]).read_bytes().decode("latin-1")
        seps = record["separators"]
        assert text.startswith("UNA" + seps)
        elem = seps[1]
        segs = _split(text, seps)
        tags = [s.split(elem, 1)[0] for s in segs]
        assert tags[0] == "UNB" and tags[1] == "UNG" and tags[-2] == "UNE" and tags[-1] == "UNZ"
        starts = [i for i, t in enumerate(tags) if t == "UNH"]
        ends = [i for i, t in enumerate(tags) if t == "UNT"]
        assert len(starts) == len(ends) == len(record["messages"])
        for start, end, message in zip(starts, ends, record["messages"], strict=True):
            unt = segs[end].split(elem)
            assert int(unt[1]) == end - start + 1 == message["segment_count"]
            assert unt[2] == message["ref"] == segs[start].split(elem)[1]
        assert segs[-2].split(elem)[1] == str(len(starts))  # UNE: messages in the group
        assert segs[-1].split(elem)[1] == "1"  # UNZ: one group
        assert segs[-1].split(elem)[2] == segs[0].split(elem)[5]  # UNZ repeats the UNB reference
        checked += 1
    assert checked == len(list(out.glob("*.edi")))


def test_day_has_every_kind_of_file(clean_day: tuple[Path, dict]) -> None:
    _, manifest = clean_day
    pushes = {(r["kind"], r["push"]) for r in manifest["files"]}
    for label in ("T-72", "T-48", "T-24", "T-2", "T-0"):
        assert ("PNRGOV", label) in pushes
    assert ("PAXLST", "API") in pushes and ("PAXLST", "API-CREW") in pushes
    parts = [m for r in manifest["files"] for m in r["messages"] if m["part"] and m["part"] > 1]
    assert parts, "a day of 12 flights has at least one multi-part passenger list"
    push_types = {m["push_type"] for r in manifest["files"] for m in r["messages"] if r["kind"] == "PNRGOV"}
    assert push_types == {"22", "141"}
    split_pushes = [r for r in manifest["files"] if r["kind"] == "PNRGOV" and len(r["messages"]) > 1]
    assert split_pushes, "some large pushes are split over several PNRGOV messages"
    for record in split_pushes:
        assert [m["part"] for m in record["messages"]] == list(range(1, len(record["messages"]) + 1))
        assert [m["final"] for m in record["messages"]][-1] and not record["messages"][0]["final"]


def test_departures_are_spread_around_now(clean_day: tuple[Path, dict]) -> None:
    _, manifest = clean_day
    now = datetime(2026, 11, 29, 12, 0)
    for flight in manifest["flights"]:
        dep = datetime.fromisoformat(flight["departure_utc"])
        assert -12 * 3600 <= (dep - now).total_seconds() < 48 * 3600
        assert flight["arrival_utc"] > flight["departure_utc"]


def test_api_and_pnr_of_a_flight_meet(clean_day: tuple[Path, dict]) -> None:
    _, manifest = clean_day
    people = {t["id"]: t for t in manifest["travellers"]}
    for flight in manifest["flights"]:
        files = [f for f in manifest["files"] if f["flight_id"] == flight["flight_id"]]
        api = {e["id"] for f in files if f["push"] == "API" for m in f["messages"] for e in m["travellers"]}
        last = next(f for f in files if f["push"] == "T-0")
        pnr_ids = {e["id"] for m in last["messages"] for e in m["travellers"]}
        if flight["push_mode"] == "full":
            assert api <= pnr_ids  # everyone who flew was in the wheels-up push
        for pid in api:
            assert people[pid]["boarded"] and people[pid]["booking_ref"]


@pytest.mark.parametrize("rate", [0.2, 0.6])
def test_defects_appear_at_the_requested_rate(tmp_path: Path, rate: float) -> None:
    result = simulate_day(tmp_path, day=DAY, flights=40, seed=5, defect_rate=rate)
    files = result.manifest["files"]
    hit = sum(1 for f in files if any(d["code"] not in {"missing_dob", "alpha2_country", "docs_shifted",
                                                           "doc_without_type"} for d in f["defects"]))
    assert abs(hit / len(files) - rate) < 0.07, (hit, len(files))
    codes = {d["code"] for f in files for d in f["defects"]}
    assert {"crlf", "wrapped", "bom", "unt_mismatch", "typeb_envelope"} <= codes
    # content defects: three chances of rate/20 per API traveller (DOB, nationality, document type)
    entries = [e for f in files if f["kind"] == "PAXLST" and f["push"] == "API"
               for m in f["messages"] for e in m["travellers"]]
    hit_entries = sum(1 for e in entries if e.get("defects"))
    expected = 1 - (1 - rate / 20) ** 3
    assert abs(hit_entries / len(entries) - expected) < 0.25 * expected + 0.005, (hit_entries, len(entries))
    assert {"missing_dob", "alpha2_country", "doc_without_type", "docs_shifted"} <= codes


def test_recorded_defects_are_in_the_bytes(tmp_path: Path) -> None:
    result = simulate_day(tmp_path, day=DAY, flights=30, seed=8, defect_rate=0.5)
    for record in result.manifest["files"]:
        data = (tmp_path / record["name"]).read_bytes()
        codes = {d["code"] for d in record["defects"]}
        assert data.startswith(b"\xef\xbb\xbf") == ("bom" in codes)
        assert (b"\r\n" in data) == ("crlf" in codes)
        assert data.lstrip(b"\xef\xbb\xbf").startswith(b"QU ") == ("typeb_envelope" in codes)
        body = data.removeprefix(b"\xef\xbb\xbf")
        if "latin1_in_unoa" in codes:
            assert re.search(rb"[\xc1\xc9\xd3\xda]", body)
        elif record["charset"] != "UNOC":
            assert body.isascii(), record["name"]


def test_cli_writes_files_manifest_and_watchlist(tmp_path: Path) -> None:
    out = tmp_path / "landing"
    wl = tmp_path / "wl.csv"
    code = cli_main(["simulate", "--out", str(out), "--date", "2026-11-29", "--flights", "4", "--seed", "2",
                     "--watchlist-out", str(wl), "--listed-count", "3"])
    assert code == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    names = sorted(p.name for p in out.glob("*.edi"))
    assert names == sorted(f["name"] for f in manifest["files"]) and len(names) >= 4 * 7
    rows = list(csv.DictReader(wl.open(encoding="utf-8")))
    assert len(rows) >= 200 and set(rows[0]) >= {"entry_id", "surname", "given_names", "aliases", "date_of_birth"}
    assert len(manifest["listed"]) == 3
    ids = {r["entry_id"] for r in rows}
    people = {t["id"]: t for t in manifest["travellers"]}
    for planted in manifest["listed"]:
        assert planted["entry_id"] in ids
        assert people[planted["traveller"]]["listed_entry"] == planted["entry_id"]
        assert people[planted["traveller"]]["surname"] == planted["transmitted"]["surname"]
        assert planted["variations"][0] == "mrz_transliteration" and len(planted["variations"]) >= 2
        # the planted person is really transmitted: in the flight's API passenger list, by name
        api_files = [f for f in manifest["files"]
                     if f["flight_id"] == planted["flight_id"] and f["push"] == "API"]
        carried = [e["id"] for f in api_files for m in f["messages"] for e in m["travellers"]]
        assert planted["traveller"] in carried
        text = "".join((out / f["name"]).read_bytes().decode("latin-1") for f in api_files)
        assert planted["transmitted"]["surname"].split()[0] in text


def test_cli_plants_from_a_given_list(tmp_path: Path) -> None:
    wl = tmp_path / "list.csv"
    wl.write_text("entry_id,list_name,surname,given_names,full_name,aliases,date_of_birth,nationality,gender,"
                  "document_number\nX1,NAT,Müller-Lüdenscheidt,Jörg Peter,,J Mueller|Joerg Meier,1970,DEU,M,\n"
                  "X2,NAT,,,Ivan Petrov,,1981-03-04,RUS,M,\n", encoding="utf-8")
    out = tmp_path / "o"
    assert cli_main(["simulate", "--out", str(out), "--date", "2026-11-29", "--flights", "3", "--listed", str(wl),
                     "--listed-count", "2"]) == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert {p["entry_id"] for p in manifest["listed"]} == {"X1", "X2"}
    for planted in manifest["listed"]:
        assert re.fullmatch(r"[A-Z ]+", planted["transmitted"]["surname"])


def test_cli_usage_errors(tmp_path: Path) -> None:
    assert cli_main(["simulate", "--out", str(tmp_path), "--date", "29/11/2026"]) == 2
    assert cli_main(["simulate", "--out", str(tmp_path), "--listed", str(tmp_path / "none.csv"),
                     "--listed-count", "1"]) == 2
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("entry_id,surname\nX1,\n", encoding="utf-8")
    assert cli_main(["simulate", "--out", str(tmp_path / "o"), "--listed", str(nameless),
                     "--listed-count", "1"]) == 2
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("entry_id,surname\nX1,M\xfcller\n".encode("latin-1"))
    assert cli_main(["simulate", "--out", str(tmp_path / "o"), "--listed", str(latin1),
                     "--listed-count", "1"]) == 2


@pytest.mark.parametrize(
    ("native", "mrz", "unoc"),
    [
        ("Müller", "MUELLER", "MÜLLER"),
        ("Bartošová", "BARTOSOVA", "BARTOSOVÁ"),
        ("O'Brien", "OBRIEN", "OBRIEN"),
        ("Jean-Luc", "JEAN LUC", "JEAN LUC"),
        ("Смирнова", "SMIRNOVA", "SMIRNOVA"),
        ("Yıldırım", "YILDIRIM", "YILDIRIM"),
        ("Ødegård", "OEDEGAARD", "ØDEGÅRD"),
    ],
)
def test_transliteration(native: str, mrz: str, unoc: str) -> None:
    assert mrz_name(native) == mrz
    assert unoc_name(native) == unoc


@pytest.mark.parametrize(
    ("seps", "elements", "expected"),
    [
        (":+.? '", ("FL", None, None, ("O'BRIEN", "ANN")), "NAD+FL+++O?'BRIEN:ANN'"),
        (":+.? '", ("MS", None, None, "A+B:C?D"), "NAD+MS+++A?+B?:C??D'"),
        (":-.? '", ("MS", None, None, "SMITH-JONES"), "NAD-MS---SMITH?-JONES'"),
        (":*.? #", ("FL", None, None, ("DOE", "JOHN", "")), "NAD*FL***DOE:JOHN#"),
        (":+.\\*'", ("FL", None, None, ("A*B",)), "NAD+FL+++A\\*B'"),
    ],
)
def test_segment_escaping(seps: str, elements: tuple, expected: str) -> None:
    assert SegmentWriter(Separators.from_una(seps)).seg("NAD", *elements) == expected


def test_now_defaults_to_noon_of_the_date() -> None:
    from paxpipe.simulate import resolve_now

    assert resolve_now(DAY, None) == datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert resolve_now(None, datetime(2026, 1, 2, 3, 4)) == datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


def test_synthetic_watchlist_loads_with_the_generic_csv_loader(tmp_path: Path) -> None:
    loader = pytest.importorskip("watchlists.loaders.generic_csv")
    wl = tmp_path / "synthetic.csv"
    result = simulate_day(tmp_path / "o", day=DAY, flights=2, seed=1, watchlist_out=wl, listed_count=1)
    entries = loader.load_generic_csv(wl)
    assert len(entries) == 300
    assert any(e.aliases for e in entries) and any(e.document_numbers for e in entries)
    years_only = [e for e in entries if e.dates_of_birth and len(e.dates_of_birth[0].value) == 4]
    assert years_only  # partial dates of birth, as real lists have
    assert {e.entry_id for e in entries} >= {p["entry_id"] for p in result.listed}


def test_bytes_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Same arguments in two fresh interpreters with different hash seeds: identical files."""
    import os
    import subprocess
    import sys

    for name, hash_seed in (("a", "1"), ("b", "977")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "paxpipe", "simulate", "--out", str(tmp_path / name), "--date",
                        "2026-11-29", "--flights", "3", "--seed", "5", "--defect-rate", "0.5", "--listed-count",
                        "2"], check=True, env=env, capture_output=True)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_schedule_is_quiet_at_night_and_times_are_local() -> None:
    import random
    from zoneinfo import ZoneInfo

    from paxpipe.simulate.schedule import make_flights

    now = datetime(2026, 11, 29, 12, tzinfo=UTC)
    flights = make_flights(random.Random(3), 400, now)
    night = sum(1 for f in flights if f.departure_local.hour < 6)
    assert 0 < night < 0.15 * len(flights)
    for f in flights:
        assert f.departure_local == f.departure_utc.astimezone(ZoneInfo(f.origin.tz)).replace(tzinfo=None)
        assert f.arrival_local == f.arrival_utc.astimezone(ZoneInfo(f.destination.tz)).replace(tzinfo=None)
        assert f.destination.country == "NLD" and f.origin.country != "NLD"
    assert len({f.carrier.code for f in flights}) > 20
