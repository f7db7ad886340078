"""Match features, one table per feature: name parts, name alignment, DOB, nationality, gender,
document, name frequency."""

from __future__ import annotations

import pytest

from watchlists.features import (
    NameComparison,
    compare_dob,
    compare_document,
    compare_gender,
    compare_names,
    compare_nationality,
    describe_names,
    name_commonness,
    name_records,
    parse_list_dob,
    prepare_entry,
    prepare_subject,
    token_similarity,
)
from watchlists.frequencies import NameFrequencies
from watchlists.model import DateOfBirth, Subject, WatchlistEntry
from watchlists.normalize import tokenize_name

FREQ = NameFrequencies({})  # no list counts, no prior: every part is rare (tests of alignment only)


def _sim(a: str, b: str) -> tuple[float, str]:
    (ta,) = tokenize_name(a)
    (tb,) = tokenize_name(b)
    return token_similarity(ta.token, ta.core, tb.token, tb.core)


@pytest.mark.parametrize(
    ("a", "b", "low", "high", "kind"),
    [
        ("HASSAN", "HASSAN", 1.0, 1.0, "exact"),
        ("MUHAMMAD", "MOHAMMED", 0.95, 0.95, "transliteration"),
        ("YOUSSEF", "YUSUF", 0.95, 0.95, "transliteration"),
        ("HASSAN", "HASAN", 0.95, 0.95, "transliteration"),
        ("HASSAN", "HUSSEIN", 0.0, 0.0, "different"),  # known names of different groups
        ("SHINWARI", "SHINWARY", 0.92, 0.92, "spelling variant"),
        ("JIMMY", "JEEMMY", 0.85, 0.85, "spelling variant"),
        ("FINN", "FEENN", 0.92, 0.92, "spelling variant"),
        ("JOHN", "JUAN", 0.0, 0.0, "different"),
        ("KOWALSKI", "KOWALSKY", 0.90, 0.92, None),
        ("GHAFAR", "GHAFAT", 0.90, 0.90, "one keying error"),
        ("BERNHARDT", "BERNAHRDX", 0.82, 0.82, "2 keying errors"),
        ("ALI", "ALY", 0.0, 0.0, "different"),  # 3 letters: no edit budget (fail closed)
        ("J", "JOHN", 0.8, 0.8, "initial"),
        ("K", "JOHN", 0.0, 0.0, "different"),
        ("ZAWAHIRI", "AL-ZAWAHIRI", 0.95, 0.95, "particle dropped"),
        ("ABDUL", "ABDUL-RAUF", 0.75, 0.75, "particle only"),
        ("SMITH", "JONES", 0.0, 0.0, "different"),
    ],
)
def test_token_similarity(a: str, b: str, low: float, high: float, kind: str | None) -> None:
    sim, found_kind = _sim(a, b)
    assert low <= sim <= high
    if kind is not None:
        assert found_kind == kind
    assert _sim(b, a)[0] == pytest.approx(sim)  # symmetric


def _entry(**kw: object) -> WatchlistEntry:
    base: dict[str, object] = {"entry_id": "1", "list_name": "T"}
    base.update(kw)
    return WatchlistEntry(**base)  # type: ignore[arg-type]


def _best(subject: Subject, entry: WatchlistEntry) -> NameComparison:
    prepared = prepare_subject(subject)
    return max((compare_names(prepared, r) for r in name_records(0, entry, FREQ)), key=lambda c: c.score)


LISTED = _entry(surname="HASAN", given_names="Ali Ahmed Karim")


@pytest.mark.parametrize(
    ("surname", "given", "low", "high"),
    [
        ("HASAN", "ALI AHMED KARIM", 1.0, 1.0),
        ("ALI AHMED KARIM", "HASAN", 1.0, 1.0),  # surname and given names swapped
        ("HASAN", "ALI AHMED", 0.90, 0.97),  # missing middle name: cheap
        ("HASAN", "ALI A KARIM", 0.90, 0.99),  # an initial
        ("HASSAN", "ALI AHMED KARIM", 0.97, 0.995),  # transliteration
        ("HASAN", "ALI AHMED KARIM JOHN", 0.75, 0.86),  # an extra unexplained part: costly
        ("HASAN", "PETER", 0.35, 0.6),  # surname only in common
        ("SMITH", "JOHN", 0.0, 0.0),
    ],
)
def test_compare_names_alignment(surname: str, given: str, low: float, high: float) -> None:
    score = _best(Subject("t", surname=surname, given_names=given), LISTED).score
    assert low <= score <= high


def test_compare_names_uses_aliases_and_discounts_weak_ones() -> None:
    entry = _entry(surname="ZAYDAN", given_names="Muhammad", aliases=("ABBAS, Abu",), weak_aliases=("Tarek Mahmoud",))
    alias = _best(Subject("t", surname="ABBAS", given_names="ABU"), entry)
    weak = _best(Subject("t", surname="MAHMOUD", given_names="TAREK"), entry)
    assert alias.score == pytest.approx(1.0)
    assert weak.score == pytest.approx(0.9)


def test_single_part_list_name_is_capped() -> None:
    entry = _entry(surname="KOWALCZYKIEWICZ")
    score = _best(Subject("t", surname="KOWALCZYKIEWICZ", given_names="ANNA"), entry).score
    assert 0.7 <= score < 0.8  # needs corroborating evidence to alert


def test_full_name_only_entry_aligns_untagged() -> None:
    entry = _entry(full_name="ERIC BADEGE")
    assert _best(Subject("t", surname="BADEGE", given_names="ERIC"), entry).score == pytest.approx(1.0)


def test_name_detail_reads_like_the_analyst_sentence() -> None:
    entry = _entry(surname="HASAN", given_names="Ali Ahmed Karim")
    subject = prepare_subject(Subject("t", surname="HASSAN", given_names="ALI AHMED"))
    record = next(iter(name_records(0, entry, FREQ)))
    detail = describe_names(subject, record, compare_names(subject, record))
    assert detail == "surname HASSAN = HASAN (transliteration), given names 2 of 3 aligned"


def _dob(subject_dob: str | None, *listed: DateOfBirth) -> tuple[float, str]:
    subject = prepare_subject(Subject("t", surname="X", date_of_birth=subject_dob))
    return compare_dob(subject, prepare_entry(_entry(surname="X", dates_of_birth=listed)))


@pytest.mark.parametrize(
    ("subject_dob", "listed", "low", "high", "phrase"),
    [
        ("1970-03-04", (DateOfBirth("1970-03-04"),), 0.3, 0.34, "DOB matches"),
        ("1970-03-04", (DateOfBirth("1970"),), 0.15, 0.25, "list has no day/month"),
        ("1970-03-04", (DateOfBirth("1970-03"),), 0.2, 0.3, "list has no day"),
        ("1970-04-03", (DateOfBirth("1970-03-04"),), 0.05, 0.2, "swapped"),
        ("1970-03-09", (DateOfBirth("1970-03-04"),), 0.0, 0.1, "day differs"),
        ("1971-03-04", (DateOfBirth("1970-03-04"),), -0.1, 0.0, "off by one"),
        ("1971-06-04", (DateOfBirth("1970"),), -0.2, -0.1, "off by one"),
        ("1972-06-04", (DateOfBirth("1970"),), -0.35, -0.25, "2 apart"),
        ("1985-06-04", (DateOfBirth("1970"),), -1.0, -1.0, "15 apart"),
        ("1961-01-01", (DateOfBirth("1960", year_to=1962),), 0.1, 0.2, "range"),
        ("1971-01-01", (DateOfBirth("1970", approximate=True),), 0.05, 0.15, "approximate"),
        ("1970-03-04", (DateOfBirth("1950"), DateOfBirth("1970-03-04")), 0.3, 0.34, "DOB matches"),
        (None, (DateOfBirth("1970"),), 0.0, 0.0, "traveller has no DOB"),
        ("1970-03-04", (), 0.0, 0.0, "list has no DOB"),
    ],
)
def test_compare_dob(subject_dob: str | None, listed: tuple[DateOfBirth, ...], low: float, high: float,
                     phrase: str) -> None:
    value, detail = _dob(subject_dob, *listed)
    assert low <= value <= high
    assert phrase in detail


def test_parse_list_dob_rejects_garbage() -> None:
    assert parse_list_dob(DateOfBirth("circa")) is None
    parsed = parse_list_dob(DateOfBirth("1962-13-40"))
    assert parsed is not None and parsed.month is None and parsed.year_from == 1962


@pytest.mark.parametrize(
    ("feature", "subject_kw", "entry_kw", "sign", "phrase"),
    [
        (compare_nationality, {"nationality": "SYR"}, {"nationalities": ("SYR", "IRQ")}, 1, "matches"),
        (compare_nationality, {"nationality": "SY"}, {"nationalities": ("Syria",)}, 1, "matches"),
        (compare_nationality, {"nationality": "FRA"}, {"nationalities": ("SYR",)}, -1, "differs"),
        (compare_nationality, {"nationality": None}, {"nationalities": ("SYR",)}, 0, "no nationality"),
        (compare_gender, {"gender": "M"}, {"gender": "M"}, 1, "matches"),
        (compare_gender, {"gender": "F"}, {"gender": "M"}, -1, "differs"),
        (compare_gender, {"gender": "U"}, {"gender": "M"}, 0, "no gender"),
        (compare_document, {"document_number": "1084010"}, {"document_numbers": ("1084010",)}, 1, "matches"),
        (compare_document, {"document_number": "1084O10"}, {"document_numbers": ("1084010",)}, 1, "keying"),
        (compare_document, {"document_number": "99999999"}, {"document_numbers": ("1084010",)}, -1, "differs"),
        (compare_document, {"document_number": "99999999"}, {}, 0, "no document"),
    ],
)
def test_evidence_features(feature: object, subject_kw: dict[str, str | None], entry_kw: dict[str, object],
                           sign: int, phrase: str) -> None:
    subject = prepare_subject(Subject("t", surname="X", **subject_kw))  # type: ignore[arg-type]
    value, detail = feature(subject, prepare_entry(_entry(surname="X", **entry_kw)))  # type: ignore[operator]
    assert (value > 0) - (value < 0) == sign
    assert phrase in detail


def test_exact_document_is_stronger_than_one_keying_error() -> None:
    entry = prepare_entry(_entry(surname="X", document_numbers=("AB1234567",)))
    exact = compare_document(prepare_subject(Subject("t", document_number="AB1234567")), entry)[0]
    typo = compare_document(prepare_subject(Subject("t", document_number="AB1234568")), entry)[0]
    assert exact > typo > 0


def test_common_names_carry_less_information_than_rare_ones() -> None:
    freq = NameFrequencies.from_names(["ALI, Mohammed", "ALI, Mohammed Hassan", "ALI, Hassan", "KOWALCZYKIEWICZ, Zbigniew"])
    common_entry = _entry(surname="ALI", given_names="Mohammed")
    rare_entry = _entry(surname="KOWALCZYKIEWICZ", given_names="Zbigniew")
    common = compare_names(prepare_subject(Subject("t", surname="ALI", given_names="MOHAMMED")),
                           next(iter(name_records(0, common_entry, freq))))
    rare = compare_names(prepare_subject(Subject("t", surname="KOWALCZYKIEWICZ", given_names="ZBIGNIEW")),
                         next(iter(name_records(0, rare_entry, freq))))
    assert common.score == rare.score == pytest.approx(1.0)
    common_value, common_detail = name_commonness(common)
    rare_value, _ = name_commonness(rare)
    assert common_value < -0.3
    assert rare_value == 0.0
    assert "common name parts" in common_detail and "MOHAMMED" in common_detail
