"""Pure review helpers: segment splitting and highlighting, version diffs, features, bands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from paxpipe.web.filters import countdown
from paxpipe.web.review import (
    Change,
    compare_fields,
    edifact_delimiters,
    highlight_segments,
    json_changes,
    parse_features,
    score_band,
    split_segments,
)
from paxpipe.web.sample import SMALL_PAXLST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNB+X'UNH+1'", ["UNB+X", "UNH+1"]),
        ("UNB+X'\nUNH+1'\r\nBGM+745'", ["UNB+X", "UNH+1", "BGM+745"]),
        ("NAD+FL+++O?'BRIEN'DOC+P'", ["NAD+FL+++O?'BRIEN", "DOC+P"]),
        ("UNA:+.? 'UNB+X'UNZ+1'", ["UNA:+.? ", "UNB+X", "UNZ+1"]),
        ("UNB+X'UNH+1", ["UNB+X", "UNH+1"]),  # unterminated tail kept
        ("", []),
    ],
)
def test_split_segments(text: str, expected: list[str]) -> None:
    assert split_segments(text, *edifact_delimiters(text)) == expected


def test_una_with_other_delimiters() -> None:
    text = "UNA:+.! ~UNB+X~NAD+FL+++A!~B~"
    assert edifact_delimiters(text) == ("~", "!")
    assert split_segments(text, "~", "!") == ["UNA:+.! ", "UNB+X", "NAD+FL+++A!~B"]


@pytest.mark.parametrize(
    ("start", "end", "first_tag", "last_tag", "count"),
    [(11, 18, "NAD+FL+++DOE:JOHN", "LOC+91+DEU", 8), (25, 29, "NAD+FL+++O?'BRIEN:PAT", "DOC+P:110:111+PX1234567", 5),
     (None, None, None, None, 0)],
)
def test_highlight_segments_marks_the_travellers_span(start, end, first_tag, last_tag, count) -> None:
    lines = highlight_segments(SMALL_PAXLST.encode(), start, end)
    assert lines[0].text == "UNA:+.? '" and lines[1].text.startswith("UNB+")
    marked = [line for line in lines if line.highlighted]
    assert len(marked) == count
    if count:
        assert marked[0].text == first_tag + "'" and marked[-1].text == last_tag + "'"
        assert [m.index for m in marked] == list(range(start, end + 1))


def test_highlight_latin1_and_bom() -> None:
    content = "\ufeffUNB+X'NAD+FL+++MÜLLER'".encode()
    assert [line.text for line in highlight_segments(content, 1, 1) if line.highlighted] == ["NAD+FL+++MÜLLER'"]
    latin = "UNB+X'NAD+FL+++MÜLLER'".encode("latin-1")
    assert highlight_segments(latin, 1, 1)[1].text == "NAD+FL+++MÜLLER'"


def test_json_changes_added_removed_changed() -> None:
    before = json.dumps({"a": 1, "p": [{"seat": None}], "c": {"phone": "1"}})
    after = json.dumps({"a": 1, "p": [{"seat": "12A"}, {"seat": "12B"}], "c": {}})
    assert json_changes(before, after) == [
        Change("c.phone", "1", None), Change("p[0].seat", None, "12A"), Change("p[1].seat", None, "12B")]
    assert json_changes(before, before) == []


def test_json_changes_ignores_segment_positions() -> None:
    before = json.dumps({"segment_start": 10, "itinerary": [{"segment_index": 3, "to": "AMS"}], "p": {"seat": "1A"}})
    after = json.dumps({"segment_start": 40, "itinerary": [{"segment_index": 9, "to": "AMS"}], "p": {"seat": "2B"}})
    assert json_changes(before, after) == [Change("p.seat", "1A", "2B")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"surname": {"score": 1.0, "detail": "exact"}}', {"surname": (1.0, "exact")}),
        ('{"dob": [0.5, "year only"]}', {"dob": (0.5, "year only")}),
        ('[{"name": "gender", "score": 0, "detail": "differs"}]', {"gender": (0.0, "differs")}),
        ('{"x": 0.7}', {"x": (0.7, None)}),
        ("not json", {}),
        (None, {}),
    ],
)
def test_parse_features(raw, expected) -> None:
    assert parse_features(raw) == expected


def test_compare_fields_pairs_each_field_with_its_feature() -> None:
    # feature names as the screening job writes them (watchlists/screener.py)
    rows = compare_fields(
        {"surname": "DOE", "given_names": "JOHN", "date_of_birth": "1980-01-01", "document_number": "C01",
         "entry_name": "JOHNNY DOE"},
        {"surname": "DOE", "given_names": "JOHNNY", "document_numbers": ["C01", "X9"]},
        {"name": (0.93, "JOHN~JOHNNY"), "dob": (1.0, "same day"), "document": (1.0, "same number"),
         "commonness": (0.8, "rare name")},
    )
    by_label = {r.label: r for r in rows}
    assert (by_label["Name"].traveller, by_label["Name"].entry, by_label["Name"].score) == ("JOHN DOE", "JOHNNY DOE", 0.93)
    assert (by_label["Surname"].traveller, by_label["Surname"].entry, by_label["Surname"].score) == ("DOE", "DOE", None)
    assert by_label["Date of birth"].detail == "same day"
    assert (by_label["Document number"].entry, by_label["Document number"].score) == ("C01, X9", 1.0)
    assert by_label["Commonness"].score == 0.8  # a feature without a field still shows
    assert by_label["Nationality"].score is None


def test_compare_fields_with_per_field_features() -> None:
    rows = compare_fields({"surname": "DOE", "given_names": "JOHN"}, {"surname": "DOE", "full_name": "JOHN DOE"},
                          {"surname": (1.0, "exact"), "given_names": (0.9, "JW")})
    by_label = {r.label: r for r in rows}
    assert by_label["Surname"].score == 1.0 and by_label["Given names"].detail == "JW"
    assert by_label["Name"].entry == "JOHN DOE" and by_label["Name"].score is None


@pytest.mark.parametrize(("score", "band"), [(0.99, "high"), (0.95, "high"), (0.9, "medium"), (0.84, "low"), (1.0, "high")])
def test_score_band(score: float, band: str) -> None:
    assert score_band(score) == band


@pytest.mark.parametrize(
    ("delta", "text"),
    [(timedelta(hours=2, minutes=5), "in 2h 05m"), (timedelta(minutes=-12), "landed 12m ago"),
     (timedelta(days=1, hours=3), "in 1d 3h 00m")],
)
def test_countdown(delta: timedelta, text: str) -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert countdown(now + delta, now) == text


def test_record_changes_between_message_versions() -> None:
    from paxpipe.web.review import record_changes

    first = {"surname": "DOE", "seat": None, "document_expiry": "2029-12-31", "bag_count": 1}
    second = {"surname": "DOE", "seat": "12A", "document_expiry": "2030-01-01", "bag_count": 1}
    assert record_changes(None, first) == []
    assert record_changes(first, second) == [Change("document_expiry", "2029-12-31", "2030-01-01"),
                                             Change("seat", None, "12A")]
    assert record_changes(second, second) == []
