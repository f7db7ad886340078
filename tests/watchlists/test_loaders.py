"""Watchlist loaders on small hand-made fixtures (every format) and on the real lists in ../shared."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from watchlists.loaders import (
    LIST_CONS,
    LIST_SDN,
    LIST_UN,
    ListFormat,
    WatchlistFormatError,
    detect_format,
    load_watchlist,
)
from watchlists.loaders.countries import to_alpha3
from watchlists.loaders.ofac import parse_ofac_date, parse_remarks
from watchlists.model import DateOfBirth, WatchlistEntry

FIXTURES = Path(__file__).parent / "fixtures"


def by_id(entries: list[WatchlistEntry]) -> dict[str, WatchlistEntry]:
    return {e.entry_id: e for e in entries}


# --- countries -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Syria", "SYR"),
        ("Korea, North", "PRK"),
        ("Russia", "RUS"),
        ("Burma", "MMR"),
        ("Congo, Democratic Republic of the", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Kosovo", "XKX"),
        ("Cabo Verde.  Previously Cape Verde.", "CPV"),
        ("DEU", "DEU"),
        ("fr", "FRA"),
        ("Atlantis", "Atlantis"),  # unresolvable: kept as listed
        ("0", None),
        ("na", None),
        ("", None),
        (None, None),
    ],
)
def test_to_alpha3(name: str | None, expected: str | None) -> None:
    assert to_alpha3(name) == expected


# --- OFAC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Apr 1961", DateOfBirth("1961-04-12")),
        ("Sep 1938", DateOfBirth("1938-09")),
        ("1947", DateOfBirth("1947")),
        ("circa 1950", DateOfBirth("1950", approximate=True)),
        ("1984 to 1986", DateOfBirth("1984", year_to=1986)),
        ("01 Jan 1961 to 31 Dec 1963", DateOfBirth("1961", year_to=1963)),
        ("01 Jan 1973 to 31 Dec 1973", DateOfBirth("1973")),
        ("05 Mar 1970 to 07 Jun 1971", DateOfBirth("1970-03-05", year_to=1971)),
        ("unknown", None),
        ("31 Foo 1960", None),
    ],
)
def test_parse_ofac_date(text: str, expected: DateOfBirth | None) -> None:
    assert parse_ofac_date(text) == expected


def test_parse_remarks_pulls_every_attribute() -> None:
    parsed = parse_remarks(
        "DOB 1962; alt. DOB 03 May 1938; POB Shati.; nationality Iraq; citizen Syria; Gender Female; "
        "Passport A123 (Egypt); alt. Passport B 456; Cedula No. 7788 (Colombia); a.k.a. 'ABU X'; Linked To: Y."
    )
    assert parsed.dates_of_birth == [DateOfBirth("1962"), DateOfBirth("1938-05-03")]
    assert parsed.places_of_birth == ["Shati"]
    assert parsed.nationalities == ["IRQ", "SYR"]
    assert parsed.gender == "F"
    assert parsed.document_numbers == ["A123", "B 456", "7788"]
    assert parsed.weak_aliases == ["ABU X"]


def test_ofac_fixture_individuals_only_with_remarks_parsed() -> None:
    entries = load_watchlist(FIXTURES / "ofac")
    assert [e.entry_id for e in entries] == ["101", "103", "104", "105"]  # 102 is an entity
    assert {e.list_name for e in entries} == {LIST_SDN}
    e = by_id(entries)
    first = e["101"]
    assert (first.surname, first.given_names, first.full_name) == ("MÜLLER", "José Ángel", None)  # cp1252 decoded
    assert first.aliases == ("MUELLER, Jose",)  # the fka equal to the primary name is not repeated
    assert first.weak_aliases == ("ABU-'UMAR", "EL GORDO")
    assert first.dates_of_birth == (DateOfBirth("1961-04-12"), DateOfBirth("1960", approximate=True))
    assert first.places_of_birth == ("Aleppo, Syria",)
    assert first.nationalities == ("SYR", "PRK")
    assert first.gender == "M"
    assert first.document_numbers == ("N1234567", "265 216", "99-123")
    assert first.programs == ("SDGT", "SYRIA")
    assert e["103"].dates_of_birth == (DateOfBirth("1961", year_to=1963),)
    assert (e["103"].gender, e["103"].nationalities, e["103"].aliases) == ("F", ("RUS",), ("HASAN, Fatimah",))
    mononym = e["104"]  # no "SURNAME, Given" split: the name is kept whole, "-0-" remarks are null
    assert (mononym.surname, mononym.given_names, mononym.full_name, mononym.remarks) == (None, None, "KHAN", None)
    assert e["105"].dates_of_birth == (DateOfBirth("1938-09"), DateOfBirth("1984", year_to=1986))
    assert e["105"].nationalities == ("Atlantis",)


def test_ofac_file_path_finds_alt_beside_it() -> None:
    assert load_watchlist(FIXTURES / "ofac" / "sdn.csv") == load_watchlist(FIXTURES / "ofac")


def test_list_name_override() -> None:
    assert {e.list_name for e in load_watchlist(FIXTURES / "ofac", list_name="MY-SDN")} == {"MY-SDN"}


# --- UN ------------------------------------------------------------------------------------------

def test_un_fixture() -> None:
    entries = load_watchlist(FIXTURES / "un_small.xml")
    assert [e.entry_id for e in entries] == ["9001", "9002"]  # the ENTITY is not loaded
    first = by_id(entries)["9001"]
    assert first.list_name == LIST_UN
    assert first.full_name == "ABDUL RAHMAN YASIN AL-TIKRITI"
    assert (first.given_names, first.surname) == ("ABDUL", "RAHMAN YASIN AL-TIKRITI")
    assert first.aliases == ("ABD AL-RAHMAN YASIN",)
    assert first.weak_aliases == ("ABU YASIN",)
    assert first.dates_of_birth == (
        DateOfBirth("1960-04-10"),
        DateOfBirth("1958", approximate=True),
        DateOfBirth("1955", year_to=1957),
    )
    assert first.nationalities == ("IRQ", "IRN")
    assert first.document_numbers == ("M 123456", "ID-77")
    assert first.places_of_birth == ("Tikrit, Iraq",)
    assert first.original_script_names == ("عبد الرحمن ياسين",)
    assert (first.gender, first.programs) == ("M", ("Al-Qaida",))
    mono = by_id(entries)["9002"]
    assert (mono.full_name, mono.surname, mono.given_names, mono.dates_of_birth) == (
        "MONONYM", None, None, (DateOfBirth("1971"),))


# --- generic CSV ---------------------------------------------------------------------------------

def test_generic_csv_fixture() -> None:
    entries = by_id(load_watchlist(FIXTURES / "national.csv"))
    assert entries["N-1"] == WatchlistEntry(
        entry_id="N-1", list_name="NATIONAL-WL", surname="DUPONT", given_names="Jean Pierre",
        aliases=("DUPOND Jean", "J. P. DUPONT"), dates_of_birth=(DateOfBirth("1975-03-02"),),
        nationalities=("FRA",), gender="M", document_numbers=("12AB34567",),
    )
    assert (entries["N-2"].full_name, entries["N-2"].nationalities, entries["N-2"].dates_of_birth) == (
        "Ivan Petrov", ("RUS",), (DateOfBirth("1980-06"),))
    assert entries["N-3"].list_name == "national"  # no list_name: the file's stem


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("N-9,X,DOE,John,,,1975-13-01,,,\n", "date_of_birth"),
        ("N-9,X,DOE,John,,,,,Q,\n", "gender"),
        (",X,DOE,John,,,,,,\n", "entry_id is empty"),
        ("N-9,X,,,,,,,,\n", "has no name"),
        ("N-9,X,DOE,John,,,,,,\nN-9,X,DOE,Jane,,,,,,\n", "duplicate entry_id"),
    ],
)
def test_generic_csv_rejects_bad_rows_with_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("entry_id,list_name,surname,given_names,full_name,aliases,date_of_birth,nationality,"
                    "gender,document_number\n" + body, encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=message) as info:
        load_watchlist(path)
    assert re.search(r"bad\.csv:\d+", str(info.value))


# --- detection -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("ofac", ListFormat.OFAC_SDN),
        ("ofac/sdn.csv", ListFormat.OFAC_SDN),
        ("un_small.xml", ListFormat.UN_XML),
        ("national.csv", ListFormat.GENERIC_CSV),
    ],
)
def test_detect_format(relative: str, expected: ListFormat) -> None:
    assert detect_format(FIXTURES / relative)[0] is expected


def test_detect_renamed_ofac_file(tmp_path: Path) -> None:
    target = tmp_path / "cons_2025.csv"
    target.write_bytes((FIXTURES / "ofac" / "sdn.csv").read_bytes())
    assert detect_format(target)[0] is ListFormat.OFAC_CONS
    assert {e.list_name for e in load_watchlist(target)} == {LIST_CONS}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "hello world\n"),
        ("other.xml", "<?xml version='1.0'?><ROOT/>"),
        ("broken.xml", "<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS>"),
        ("people.csv", "name,age\nBob,3\n"),
    ],
)
def test_unsupported_input_raises_format_error(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WatchlistFormatError):
        load_watchlist(path)


def test_missing_path_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_watchlist(tmp_path / "absent.csv")


# --- real lists (skip when ../shared is absent) ---------------------------------------------------

def _individual_ids(primary: Path) -> list[str]:
    with primary.open(encoding="cp1252", newline="") as handle:
        return [r[0] for r in csv.reader(handle) if len(r) >= 12 and r[2].strip() == "individual"]


@pytest.mark.parametrize(
    ("folder", "list_name", "individuals"),
    [
        ("ofac_sdn_2021-07_watchman_bench", LIST_SDN, 4620),  # counts from MANIFEST.txt
        ("ofac_sdn_2019-01_watchman", LIST_SDN, 3845),
        ("ofac_consolidated_nonsdn_2025-12_watchman", LIST_CONS, 79),
    ],
)
def test_real_ofac_lists(watchlists_dir: Path, folder: str, list_name: str, individuals: int) -> None:
    entries = load_watchlist(watchlists_dir / folder)
    primary = next(p for p in (watchlists_dir / folder).iterdir() if p.name in {"sdn.csv", "cons_prim.csv"})
    assert len(entries) == individuals
    assert [e.entry_id for e in entries] == list(dict.fromkeys(_individual_ids(primary)))
    assert {e.list_name for e in entries} == {list_name}
    # every entry carrying "DOB" in its remarks got at least one parsed date of birth
    with_dob = [e for e in entries if e.remarks and re.search(r"\bDOB \d", e.remarks)]
    assert with_dob and all(e.dates_of_birth for e in with_dob)
    # nationalities resolve to ISO alpha-3 (OFAC's "Korea, North", "Burma", "Russia" included)
    assert all(re.fullmatch(r"[A-Z]{3}", n) for e in entries for n in e.nationalities)


def test_real_sdn_known_entry(watchlists_dir: Path) -> None:
    entry = by_id(load_watchlist(watchlists_dir / "ofac_sdn_2021-07_watchman_bench"))["2686"]
    assert (entry.surname, entry.given_names, entry.gender) == ("NASRALLAH", "Hasan", "M")
    assert entry.dates_of_birth[0] == DateOfBirth("1960-08-31") and len(entry.dates_of_birth) == 4
    assert entry.document_numbers == ("042833",)
    assert entry.aliases == ("NASRALLAH, Hasan Abd-al-Karim",)


def test_real_un_list(watchlists_dir: Path) -> None:
    path = watchlists_dir / "un_consolidated_2026-02-27_watchman" / "UN_consolidated.xml"
    entries = load_watchlist(path)
    root = ET.parse(path).getroot()
    individuals = root.findall("INDIVIDUALS/INDIVIDUAL")
    assert len(entries) == len(individuals) == 730
    low = sum(1 for a in root.iter("INDIVIDUAL_ALIAS") if (a.findtext("QUALITY") or "") == "Low"
              and (a.findtext("ALIAS_NAME") or "").strip())
    assert sum(len(e.weak_aliases) for e in entries) <= low and any(e.weak_aliases for e in entries)
    scripts = sum(1 for i in individuals if (i.findtext("NAME_ORIGINAL_SCRIPT") or "").strip())
    assert sum(1 for e in entries if e.original_script_names) == scripts
    between = [e for e in entries if any(d.year_to for d in e.dates_of_birth)]
    assert between and all(d.year_to > int(d.value) for e in between for d in e.dates_of_birth if d.year_to)
    assert any(d.approximate for e in entries for d in e.dates_of_birth)
    assert all(re.fullmatch(r"[A-Z]{3}", n) for e in entries for n in e.nationalities)
