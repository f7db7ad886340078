"""Pure review logic: outcomes, score bands, raw-message segment highlighting, version diffs and the
field-by-field comparison an analyst reads. No I/O here, so every rule is tested directly."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "CLOSED_STATUSES",
    "NOTE_REQUIRED",
    "OPEN_STATUSES",
    "Change",
    "FieldRow",
    "Outcome",
    "SegmentLine",
    "compare_fields",
    "decode_message",
    "edifact_delimiters",
    "highlight_segments",
    "json_changes",
    "parse_features",
    "record_changes",
    "score_band",
    "split_segments",
]


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false_positive"
    ESCALATED = "escalated"
    NEEDS_INFO = "needs_info"


OUTCOME_LABELS: dict[str, str] = {
    Outcome.CONFIRMED: "Confirm match",
    Outcome.FALSE_POSITIVE: "False positive",
    Outcome.ESCALATED: "Escalate",
    Outcome.NEEDS_INFO: "Needs information",
}

# An analyst must say why a hit is dismissed or sent up: those are the decisions audited most.
NOTE_REQUIRED: frozenset[str] = frozenset({Outcome.FALSE_POSITIVE, Outcome.ESCALATED})

# Review statuses: a hit with no review row is "new". Closed hits leave the open list.
CLOSED_STATUSES: frozenset[str] = frozenset({Outcome.CONFIRMED, Outcome.FALSE_POSITIVE})
OPEN_STATUSES: tuple[str, ...] = ("new", "claimed", Outcome.ESCALATED, Outcome.NEEDS_INFO)

SCORE_BANDS: dict[str, tuple[float, float]] = {
    "high": (0.95, 1.01),
    "medium": (0.85, 0.95),
    "low": (0.0, 0.85),
}


def score_band(score: float) -> str:
    for name, (low, high) in SCORE_BANDS.items():
        if low <= score < high:
            return name
    return "low"


# --- raw messages ------------------------------------------------------------------------------


def decode_message(content: bytes) -> str:
    """Decode an airline push for display: UTF-8 when valid (BOM dropped), else Latin-1 (never fails)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def edifact_delimiters(text: str) -> tuple[str, str]:
    """(segment terminator, release character) from the UNA service string advice, else the defaults."""
    start = text.find("UNA")
    if start != -1 and start < 64 and len(text) >= start + 9:
        una = text[start + 3 : start + 9]
        return una[5], una[3] if una[3] != " " else ""
    return "'", "?"


def split_segments(text: str, terminator: str = "'", release: str = "?") -> list[str]:
    """Split EDIFACT text into segments, honouring the release character and dropping line breaks
    between segments. Segment indexes count from 0 and include the UNA/UNB envelope segments, the
    same convention as parsers/edifact (travellers.segment_start/segment_end)."""
    segments: list[str] = []
    i = 0
    una = text.find("UNA")
    if una != -1 and not text[:una].strip("\ufeff\r\n\t "):
        # The service string advice contains the terminator itself as a character: take it whole.
        segments.append(text[una : una + 8])
        i = una + 9
    current: list[str] = []
    while i < len(text):
        ch = text[i]
        if release and ch == release and i + 1 < len(text):
            current.append(ch)
            current.append(text[i + 1])
            i += 2
            continue
        if ch == terminator:
            segments.append("".join(current).strip("\r\n"))
            current = []
        else:
            current.append(ch)
        i += 1
    tail = "".join(current).strip()
    if tail:
        segments.append(tail)
    return segments


@dataclass(frozen=True, slots=True)
class SegmentLine:
    index: int
    text: str
    highlighted: bool


def highlight_segments(content: bytes, start: int | None, end: int | None) -> list[SegmentLine]:
    """One line per segment, those from start to end (inclusive) marked as the traveller's own."""
    text = decode_message(content)
    terminator, release = edifact_delimiters(text)
    segments = split_segments(text, terminator, release)
    lo = -1 if start is None else start
    hi = lo if end is None else end
    return [
        SegmentLine(index=i, text=seg + terminator, highlighted=start is not None and lo <= i <= hi)
        for i, seg in enumerate(segments)
    ]


# --- versions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    before: str | None
    after: str | None


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key in value:
            _flatten(value[key], f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out)
    elif value is not None:
        out[prefix] = str(value)


# Positions in the transmitted message move with every push; they are lineage, not a change of the PNR.
POSITION_KEYS: frozenset[str] = frozenset({"segment_start", "segment_end", "segment_index", "line", "column"})


def _is_position(path: str) -> bool:
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return last in POSITION_KEYS


def json_changes(before_json: str | None, after_json: str | None) -> list[Change]:
    """What changed between two pushes of the same PNR, as flattened paths (added, removed, changed),
    leaving out segment positions."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    _flatten(json.loads(before_json) if before_json else {}, "", before)
    _flatten(json.loads(after_json) if after_json else {}, "", after)
    changes = []
    for path in sorted(before.keys() | after.keys()):
        if _is_position(path):
            continue
        if before.get(path) != after.get(path):
            changes.append(Change(path, before.get(path), after.get(path)))
    return changes


# Traveller fields whose change between two messages an analyst wants to see.
VERSION_FIELDS: tuple[str, ...] = (
    "surname", "given_names", "date_of_birth", "gender", "nationality", "residence_country", "place_of_birth",
    "document_type", "document_number", "document_issuing_country", "document_expiry", "booking_ref", "seat",
    "bag_count", "role", "status",
)


def record_changes(before: dict[str, Any] | None, after: dict[str, Any], fields: tuple[str, ...] = VERSION_FIELDS) -> list[Change]:
    """Field by field, what one message changed in a traveller relative to the previous message."""
    if before is None:
        return []
    out = []
    for name in fields:
        old, new = before.get(name), after.get(name)
        if name in after and old != new:
            out.append(Change(name, None if old is None else str(old), None if new is None else str(new)))
    return out


# --- hit explanation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldRow:
    label: str
    traveller: str | None
    entry: str | None
    score: float | None
    detail: str | None


# traveller column, watchlist column, feature names that explain it
# (The screening job's features are named name, dob, nationality, gender, document; see watchlists/screener.py.)
COMPARED_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Name", "full_name", "full_name", ("name", "full_name")),
    ("Surname", "surname", "surname", ("surname",)),
    ("Given names", "given_names", "given_names", ("given_names", "given_name")),
    ("Date of birth", "date_of_birth", "date_of_birth", ("dob", "date_of_birth", "birth_date")),
    ("Nationality", "nationality", "nationality", ("nationality", "country")),
    ("Gender", "gender", "gender", ("gender",)),
    ("Document number", "document_number", "document_numbers", ("document", "document_number", "identifier")),
)


def parse_features(features_json: str | None) -> dict[str, tuple[float | None, str | None]]:
    """Per-feature (score, detail) from hits.features_json. Accepts {name: {score, detail}},
    {name: [score, detail]} or a list of {name, score, detail}; anything else yields nothing."""
    if not features_json:
        return {}
    try:
        raw = json.loads(features_json)
    except json.JSONDecodeError:
        return {}
    items: list[tuple[str, Any]] = []
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = [(str(f.get("name") or f.get("feature")), f) for f in raw if isinstance(f, dict)]
    out: dict[str, tuple[float | None, str | None]] = {}
    for name, value in items:
        if isinstance(value, dict):
            score = value.get("score")
            detail = value.get("detail")
        elif isinstance(value, list | tuple) and value:
            score = value[0]
            detail = value[1] if len(value) > 1 else None
        elif isinstance(value, int | float):
            score, detail = value, None
        else:
            continue
        out[name] = (float(score) if isinstance(score, int | float) else None, None if detail is None else str(detail))
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    return str(value)


def compare_fields(
    traveller: dict[str, Any], entry: dict[str, Any], features: dict[str, tuple[float | None, str | None]]
) -> list[FieldRow]:
    """Traveller and watchlist entry side by side, each row with the feature that scored it."""
    rows = []
    used: set[str] = set()
    given, surname = traveller.get("given_names"), traveller.get("surname")
    traveller = {**traveller, "full_name": " ".join(p for p in (given, surname) if p) or None}
    entry = {**entry, "full_name": entry.get("full_name") or traveller.get("entry_name")}
    for label, t_col, e_col, names in COMPARED_FIELDS:
        score: float | None = None
        detail: str | None = None
        for name in names:
            if name in features and name not in used:
                score, detail = features[name]
                used.add(name)
                break
        rows.append(FieldRow(label, _text(traveller.get(t_col)), _text(entry.get(e_col)), score, detail))
    for name, (score, detail) in features.items():
        if name not in used:
            rows.append(FieldRow(name.replace("_", " ").capitalize(), None, None, score, detail))
    return rows
