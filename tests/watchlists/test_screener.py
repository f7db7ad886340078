"""Screener: hard cases end to end (transliteration, swapped order, missing DOB, common names,
surname-only entry, alias, document alone, initials), explanations, candidate recall against
brute force, pickling."""

from __future__ import annotations

import pickle
import random

import pytest

from watchlists.explain import explain_match
from watchlists.model import DateOfBirth, Subject, WatchlistEntry
from watchlists.screener import ALGORITHM_VERSION, Screener

ENTRIES = (
    WatchlistEntry("1", "T", surname="HASAN", given_names="Ali Ahmed Karim",
                   dates_of_birth=(DateOfBirth("1970"),), nationalities=("SYR",)),
    WatchlistEntry("2", "T", surname="AL-ZAWAHIRI", given_names="Ayman",
                   dates_of_birth=(DateOfBirth("1951-06-19"),), nationalities=("EGY",),
                   document_numbers=("1084010",)),
    WatchlistEntry("3", "T", surname="MÜLLER", given_names="Jürgen Friedrich", aliases=("SCHMIDT, Hans",)),
    WatchlistEntry("4", "T", surname="ALI", given_names="Mohammed",
                   dates_of_birth=(DateOfBirth("1960-01-01"),), nationalities=("IRQ",)),
    WatchlistEntry("5", "T", surname="KOWALCZYKIEWICZ", dates_of_birth=(DateOfBirth("1975"),),
                   nationalities=("POL",)),
    WatchlistEntry("6", "T", full_name="YOUSSEF OMAR", dates_of_birth=(DateOfBirth("1980-05-17"),)),
    WatchlistEntry("7", "T", surname="WOJCIECHOWSKA-BRZEZINSKA", given_names="Agnieszka",
                   dates_of_birth=(DateOfBirth("1966-02-11"),), gender="F"),
    WatchlistEntry("8", "T", surname="QADHAFI", given_names="Muammar",
                   weak_aliases=("Abu Minyar",), dates_of_birth=(DateOfBirth("1942"),)),
    WatchlistEntry("9", "T", surname="VAN DER BILT", given_names="Cornelius Jan",
                   dates_of_birth=(DateOfBirth("1958", year_to=1960),)),
)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(ENTRIES, threshold=0.80)


def _ids(screener: Screener, subject: Subject) -> list[str]:
    return [m.entry_id for m in screener.screen(subject)]


@pytest.mark.parametrize(
    ("case", "subject", "expected"),
    [
        ("exact with DOB", Subject("a", "HASAN", "ALI AHMED KARIM", date_of_birth="1970-03-04"), "1"),
        ("transliteration", Subject("b", "HASSAN", "ALI AHMED KARIM", date_of_birth="1970-03-04"), "1"),
        ("swapped order", Subject("c", "AYMAN", "ZAWAHIRI", date_of_birth="1951-06-19"), "2"),
        ("particle dropped", Subject("d", "ZAWAHIRI", "AYMAN"), "2"),
        ("MRZ transliteration", Subject("e", "MUELLER", "JUERGEN FRIEDRICH"), "3"),
        ("missing middle name", Subject("f", "MUELLER", "JUERGEN", date_of_birth="1980-01-01"), "3"),
        ("alias", Subject("g", "SCHMIDT", "HANS"), "3"),
        ("missing DOB", Subject("h", "HASAN", "ALI AHMED KARIM"), "1"),
        ("full-name-only entry, variant", Subject("i", "OMAR", "YUSUF", date_of_birth="1980-05-17"), "6"),
        ("typo in compound surname", Subject("j", "WOJCIECHOWSKA BRZEZINKSA", "AGNIESZKA"), "7"),
        ("initials with exact DOB", Subject("k", "QADHAFI", "M", date_of_birth="1942-09-01"), "8"),
        ("document alone", Subject("l", "DOE", "JOHN", document_number="108 4010"), "2"),
        ("surname-only entry, rare name, year and nationality",
         Subject("m", "KOWALCZYKIEWICZ", "ANNA", date_of_birth="1975-04-04", nationality="POL"), "5"),
        ("DOB within listed range", Subject("n", "VANDERBILT", "CORNELIUS", date_of_birth="1959-03-03"), "9"),
        ("day and month swapped", Subject("o", "AL ZAWAHIRI", "AYMAN", date_of_birth="1951-06-19"), "2"),
    ],
)
def test_listed_person_alerts(screener: Screener, case: str, subject: Subject, expected: str) -> None:
    matches = screener.screen(subject)
    assert matches, case
    assert matches[0].entry_id == expected, (case, [(m.entry_id, m.score) for m in matches])
    assert matches[0].score >= 0.80
    assert matches[0].algorithm == ALGORITHM_VERSION


@pytest.mark.parametrize(
    ("case", "subject"),
    [
        ("common name, other age and nationality",
         Subject("p", "ALI", "MUHAMMAD", date_of_birth="1988-05-05", nationality="GBR")),
        ("listed surname, other given name", Subject("q", "HASAN", "PETER", date_of_birth="1990-01-01")),
        ("surname-only entry without corroboration", Subject("r", "KOWALCZYKIEWICZ", "ANNA")),
        ("surname-only entry, other age", Subject("s", "KOWALCZYKIEWICZ", "ANNA", date_of_birth="1999-01-01")),
        ("different gender and far DOB",
         Subject("t", "WOJCIECHOWSKA-BRZEZINSKA", "AGNIESZKA", date_of_birth="1996-02-11", gender="M")),
        ("weak alias alone", Subject("u", "MINYAR", "ABU")),
        ("unrelated", Subject("v", "NGUYEN", "THI MAI", date_of_birth="1990-01-01")),
        ("HUSSEIN is not HASAN", Subject("w", "HUSSEIN", "ALI AHMED KARIM", date_of_birth="1990-03-04")),
    ],
)
def test_innocent_does_not_alert(screener: Screener, case: str, subject: Subject) -> None:
    assert _ids(screener, subject) == [], case


def test_rare_name_with_matching_year_alerts_common_name_does_not() -> None:
    """Frequency weighting: the same evidence lifts a rare name over the threshold, not a common one."""
    entries = [
        WatchlistEntry(str(i), "T", surname="ALI", given_names=given, dates_of_birth=(DateOfBirth("1960"),))
        for i, given in enumerate(["Mohammed", "Mohammed Hassan", "Hassan", "Ahmed", "Mohammed Omar", "Omar"])
    ] + [WatchlistEntry("rare", "T", surname="ZBRZEZNIAK", given_names="Teodor", dates_of_birth=(DateOfBirth("1960"),))]
    screener = Screener(entries)
    common = screener.score(Subject("c", "ALI", "MOHAMMED", date_of_birth="1960-02-02"), entries[0])
    rare = screener.score(Subject("r", "ZBRZEZNIAK", "TEODOR", date_of_birth="1960-02-02"), entries[-1])
    common_far = screener.score(Subject("c", "ALI", "MOHAMMED", date_of_birth="1985-02-02"), entries[0])
    rare_far = screener.score(Subject("r", "ZBRZEZNIAK", "TEODOR", date_of_birth="1985-02-02"), entries[-1])
    assert rare.score >= 0.80
    assert common.score < rare.score
    assert common_far.score < rare_far.score < 0.80
    assert any(f.name == "frequency" and f.score < 0 for f in common.features)
    assert not any(f.name == "frequency" for f in rare.features)


def test_explanation_names_every_feature(screener: Screener) -> None:
    subject = Subject("x", "HASSAN", "ALI AHMED", date_of_birth="1970-03-04", nationality="FRA")
    match = screener.score(subject, ENTRIES[0])
    assert match.explanation.startswith("surname HASSAN = HASAN (transliteration), given names 2 of 3 aligned")
    assert "DOB year matches, list has no day/month" in match.explanation
    assert "nationality differs" in match.explanation
    assert [f.name for f in match.features] == ["name", "frequency", "dob", "nationality", "gender", "document"] or \
        [f.name for f in match.features] == ["name", "dob", "nationality", "gender", "document"]
    text = explain_match(match)
    assert "T 1 score" in text and "nationality" in text


def test_document_match_explains_itself(screener: Screener) -> None:
    (match,) = screener.screen(Subject("l", "DOE", "JOHN", document_number="1084010"))
    assert match.score >= 0.92
    assert "document 1084010 matches" in match.explanation


def test_scores_are_in_range_and_sorted(screener: Screener) -> None:
    subject = Subject("y", "ALI", "MOHAMMED HASAN")
    low = Screener(ENTRIES, threshold=0.3)
    matches = low.screen(subject)
    assert len(matches) >= 2
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.score >= 0.3 for m in matches)
    assert {m.entry_id for m in screener.screen(subject)} <= {m.entry_id for m in matches}


def test_score_grades_within_the_top_band(screener: Screener) -> None:
    """No saturation: more agreeing evidence gives a higher score."""
    name_only = screener.score(Subject("z", "ZAWAHIRI", "AYMAN"), ENTRIES[1]).score
    with_dob = screener.score(Subject("z", "ZAWAHIRI", "AYMAN", date_of_birth="1951-06-19"), ENTRIES[1]).score
    with_all = screener.score(Subject("z", "ZAWAHIRI", "AYMAN", date_of_birth="1951-06-19", nationality="EGY"),
                              ENTRIES[1]).score
    assert name_only < with_dob < with_all <= 1.0


def test_screen_many_keeps_subject_order(screener: Screener) -> None:
    subjects = [Subject("1", "SCHMIDT", "HANS"), Subject("2", "NOBODY", "AT ALL"), Subject("3", "ZAWAHIRI", "AYMAN")]
    assert [m.traveller_id for m in screener.screen_many(subjects)] == ["1", "3"]


def test_score_of_an_entry_outside_the_list(screener: Screener) -> None:
    outsider = WatchlistEntry("x", "OTHER", surname="SCHMIDT", given_names="Hans")
    match = screener.score(Subject("g", "SCHMIDT", "HANS"), outsider)
    assert match.list_name == "OTHER" and match.score >= 0.8


def test_empty_subject_and_empty_entry(screener: Screener) -> None:
    assert screener.screen(Subject("e")) == []
    match = screener.score(Subject("e", "SMITH", "JOHN"), WatchlistEntry("0", "T"))
    assert match.score == 0.0 and match.matched_name is None


def test_pickle_round_trip_gives_the_same_results(screener: Screener) -> None:
    clone = pickle.loads(pickle.dumps(screener))
    subject = Subject("g", "SCHMIDT", "HANS")
    assert clone.screen(subject) == screener.screen(subject)
    assert clone.threshold == screener.threshold


@pytest.mark.parametrize(("kwargs", "message"), [({"threshold": 1.5}, "threshold"), ({"algorithm": "nope"}, "unknown")])
def test_bad_configuration_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Screener(ENTRIES, **kwargs)  # type: ignore[arg-type]


def _variants(entry: WatchlistEntry, rng: random.Random) -> list[Subject]:
    surname = entry.surname or (entry.full_name or "X").split()[-1]
    given = entry.given_names or " ".join((entry.full_name or "X").split()[:-1]) or "X"
    dob = entry.dates_of_birth[0].value if entry.dates_of_birth else None
    full_dob = dob if dob and len(dob) == 10 else None
    typo_i = rng.randrange(1, max(2, len(surname) - 1))
    return [
        Subject("v1", surname, given, date_of_birth=full_dob),
        Subject("v2", given, surname),
        Subject("v3", surname[:typo_i] + surname[typo_i + 1:], given, date_of_birth=full_dob),
        Subject("v4", surname, given.split()[0][0]),
    ]


def test_candidate_generation_recall_against_brute_force(screener: Screener) -> None:
    """Every entry that brute-force scoring puts over the threshold is among the candidates."""
    rng = random.Random(7)
    subjects = [s for e in ENTRIES for s in _variants(e, rng)]
    subjects += [Subject("d", "X", "Y", document_number="1084010"), Subject("h", "HASAN", "B")]
    brute_total = 0
    for subject in subjects:
        brute = {i for i, e in enumerate(screener.entries) if screener.score(subject, e).score >= screener.threshold}
        brute_total += len(brute)
        assert brute <= set(screener.candidates(subject)), subject
        assert brute <= set(screener.exhaustive_candidates(subject)), subject
        assert {screener.entries[i].entry_id for i in brute} == {m.entry_id for m in screener.screen(subject)}
    assert brute_total >= len(ENTRIES)  # the test exercises real matches


@pytest.fixture(scope="module")
def real_lists() -> list[WatchlistEntry]:
    from tests.conftest import shared_path

    watchlists = shared_path("data", "watchlists")
    from benchmarks.labelled import load_real_lists

    return load_real_lists(watchlists)


def test_real_lists_recall_and_false_alerts(real_lists: list[WatchlistEntry]) -> None:
    """A small seeded slice of the benchmark on OFAC SDN + UN: every variation kind is found, few
    innocents alert, and candidate generation loses nothing brute force finds."""
    from benchmarks.labelled import build_labelled

    screener = Screener(real_lists)
    items = build_labelled(real_lists, positives_per_kind=6, innocents=200, hard_innocents=40, seed=11)
    positives = [it for it in items if it.label == "positive"]
    found = [any((m.list_name, m.entry_id) == it.entry_key for m in screener.screen(it.subject)) for it in positives]
    assert sum(found) / len(found) >= 0.95
    innocent_alerts = sum(1 for it in items if it.label != "positive" and screener.screen(it.subject))
    assert innocent_alerts <= 3
    for item in positives[::30]:
        brute = {i for i in screener.exhaustive_candidates(item.subject)
                 if screener.score(item.subject, screener.entries[i]).score >= screener.threshold}
        assert brute <= set(screener.candidates(item.subject)), item.subject
