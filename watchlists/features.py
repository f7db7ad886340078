"""Match features: small documented functions, each returning (score, detail).

A name feature scores in [0, 1]; evidence features (DOB, nationality, gender, document, name
frequency) return a signed value in [-1, 1] that the algorithm multiplies by its weight, so they
raise *and* lower the score; "nothing to compare" is 0, never agreement. The analyst reads the
details, assembled by ``explain``.

Inputs are prepared once (``prepare_subject``, ``prepare_entry``, ``name_records``) so that the
hot path compares ready-made tokens, sets and tuples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from watchlists.frequencies import NameFrequencies
from watchlists.model import DateOfBirth, Subject, WatchlistEntry
from watchlists.normalize import _VARIANT_INDEX as _VARIANTS
from watchlists.normalize import (
    PARTICLES,
    normalize_country,
    normalize_document,
    normalize_gender,
    skeleton,
    split_list_name,
    tokenize_name,
    vowel_skeleton,
    vowel_spelling,
)

__all__ = [
    "GIVEN",
    "SURNAME",
    "UNKNOWN",
    "DobRange",
    "NameComparison",
    "NameRecord",
    "PreparedEntry",
    "PreparedSubject",
    "compare_dob",
    "compare_document",
    "compare_gender",
    "compare_names",
    "compare_nationality",
    "describe_names",
    "name_commonness",
    "name_records",
    "parse_list_dob",
    "prepare_entry",
    "prepare_subject",
    "token_similarity",
]

UNKNOWN, SURNAME, GIVEN = 0, 1, 2
_ROLE_WEIGHT = {UNKNOWN: 1.1, SURNAME: 1.3, GIVEN: 1.0}  # family names count more (logic-v2: 1.3)
_INITIAL_WEIGHT = 0.5  # an initial is half a name part
_EXTRA_SUBJECT_COST = 0.8  # traveller part the list does not explain: costly
_EXTRA_LIST_COST = 0.25  # list part the traveller lacks (missing middle name): cheap
_ALIGN_MIN = 0.70  # token pairs below this are not aligned
_PARTICLE_ONLY = 0.75  # "ABDUL" alone against "ABDULRAUF": the particle is all the traveller gave
_SURNAME_ONLY_CAP = 0.78  # a surname alone never alerts without corroborating evidence
_WEAK_ALIAS_FACTOR = 0.90  # weak aliases confirm rather than trigger
_RARE_BITS, _COMMON_BITS = 26.0, 12.0  # name information scale of the frequency feature
_PLACEHOLDERS = frozenset({"FNU", "LNU", "NFN", "UNKNOWN", "UNK", "NONE", "NIL"})


def _weight(token: str, role: int) -> float:
    return _INITIAL_WEIGHT if len(token) == 1 else _ROLE_WEIGHT[role]


# --------------------------------------------------------------------------------------------
# Prepared inputs


@dataclass(frozen=True, slots=True)
class DobRange:
    """A birth date as an interval of precision: years [year_from, year_to], month and day if known."""

    year_from: int
    year_to: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class NameRecord:
    """One name of a list entry (primary, alias, weak alias, original script) as aligned tokens."""

    entry_index: int
    tokens: tuple[str, ...]
    cores: tuple[str, ...]
    roles: tuple[int, ...]
    bits: tuple[float, ...]  # information of each part (see frequencies)
    weights: tuple[float, ...]  # alignment weight of each part (role, initial)
    kind: str  # "primary" | "alias" | "weak alias" | "original script"
    display: str


@dataclass(frozen=True, slots=True)
class PreparedSubject:
    traveller_id: str
    tokens: tuple[str, ...]
    cores: tuple[str, ...]
    roles: tuple[int, ...]
    weights: tuple[float, ...]
    dob: tuple[int, int | None, int | None] | None
    gender: str | None
    nationality: str | None
    document: str | None


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    dobs: tuple[DobRange, ...]
    nationalities: frozenset[str]
    gender: str | None
    documents: frozenset[str]


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_list_dob(dob: DateOfBirth) -> DobRange | None:
    """A list DOB ("1962", "1962-05", "1962-05-03", year range, circa) as a DobRange; None if unusable."""
    m = _DATE.match(dob.value.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    year_to = dob.year_to if dob.year_to and dob.year_to >= year else year
    return DobRange(year, year_to, month, day, dob.approximate)


def _parse_subject_dob(text: str | None) -> tuple[int, int | None, int | None] | None:
    if not text:
        return None
    m = _DATE.match(text.strip())
    if not m:
        return None
    return (
        int(m.group(1)),
        int(m.group(2)) if m.group(2) else None,
        int(m.group(3)) if m.group(3) else None,
    )


def _tagged_tokens(surname: str | None, given: str | None) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    for text, role in ((surname, SURNAME), (given, GIVEN)):
        for tok in tokenize_name(text):
            if tok.token not in _PLACEHOLDERS:
                out.append((tok.token, tok.core, role))
    return out


def prepare_subject(subject: Subject) -> PreparedSubject:
    """Normalise a traveller once: tagged name tokens, DOB parts, country, gender, document."""
    tagged = _tagged_tokens(subject.surname, subject.given_names)
    return PreparedSubject(
        traveller_id=subject.traveller_id,
        tokens=tuple(t for t, _, _ in tagged),
        cores=tuple(c for _, c, _ in tagged),
        roles=tuple(r for _, _, r in tagged),
        weights=tuple(_weight(t, r) for t, _, r in tagged),
        dob=_parse_subject_dob(subject.date_of_birth),
        gender=normalize_gender(subject.gender),
        nationality=normalize_country(subject.nationality),
        document=normalize_document(subject.document_number),
    )


def prepare_entry(entry: WatchlistEntry) -> PreparedEntry:
    """Normalise a list entry's non-name evidence once per list release."""
    dobs = tuple(d for d in (parse_list_dob(x) for x in entry.dates_of_birth) if d is not None)
    nats = frozenset(c for c in (normalize_country(n) for n in entry.nationalities) if c)
    docs = frozenset(d for d in (normalize_document(n) for n in entry.document_numbers) if d)
    return PreparedEntry(dobs=dobs, nationalities=nats, gender=normalize_gender(entry.gender), documents=docs)


def _record(index: int, tagged: list[tuple[str, str, int]], kind: str, display: str,
            freq: NameFrequencies) -> NameRecord:
    return NameRecord(
        entry_index=index,
        tokens=tuple(t for t, _, _ in tagged),
        cores=tuple(c for _, c, _ in tagged),
        roles=tuple(r for _, _, r in tagged),
        bits=tuple(freq.bits(t) for t, _, _ in tagged),
        weights=tuple(_weight(t, r) for t, _, r in tagged),
        kind=kind,
        display=display,
    )


def _alias_tokens(text: str) -> list[tuple[str, str, int]]:
    """An alias string: "SURNAME, Given" is tagged, anything else is an untagged full name."""
    surname, given = split_list_name(text)
    if surname is not None:
        return _tagged_tokens(surname, given)
    return [(t.token, t.core, UNKNOWN) for t in tokenize_name(text) if t.token not in _PLACEHOLDERS]


def name_records(index: int, entry: WatchlistEntry, freq: NameFrequencies) -> Iterator[NameRecord]:
    """Every name of an entry as its own record (Splink: explode aliases, take the best per entry)."""
    seen: set[tuple[str, ...]] = set()

    def emit(tagged: list[tuple[str, str, int]], kind: str, display: str) -> Iterator[NameRecord]:
        key = tuple(sorted(t for t, _, _ in tagged))
        if tagged and key not in seen:
            seen.add(key)
            yield _record(index, tagged, kind, display, freq)

    if entry.surname or entry.given_names:
        yield from emit(_tagged_tokens(entry.surname, entry.given_names), "primary", entry.display_name)
    if entry.full_name:
        yield from emit(_alias_tokens(entry.full_name), "primary", entry.full_name)
    for alias in entry.aliases:
        yield from emit(_alias_tokens(alias), "alias", alias)
    for alias in entry.original_script_names:
        yield from emit(_alias_tokens(alias), "original script", alias)
    for alias in entry.weak_aliases:
        yield from emit(_alias_tokens(alias), "weak alias", alias)


# --------------------------------------------------------------------------------------------
# Name parts


def _edit_budget(length: int) -> int:
    """Keying errors tolerated for a part of this length: none for 1-3 letters (fail closed)."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


_EXACT = (1.0, "exact")
_INITIAL = (0.8, "initial")
_TRANSLITERATION = (0.95, "transliteration")
_SPELLING = (0.92, "spelling variant")
_VOWEL_SPELLING = (0.85, "spelling variant")
_ONE_TYPO = (0.90, "one keying error")
_TWO_TYPOS = (0.82, "2 keying errors")
_DIFFERENT = (0.0, "different")


def _plain_similarity(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return _EXACT
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return _INITIAL if a[0] == b[0] else _DIFFERENT
    va = _VARIANTS.get(a)
    if va is not None:
        vb = _VARIANTS.get(b)
        if va == vb:
            return _TRANSLITERATION
        if vb is not None:  # two known names of different groups (HASSAN, HUSSEIN) are different
            return _DIFFERENT
    if la >= 3 and lb >= 3:
        sa = skeleton(a)
        if sa == skeleton(b):
            if len(sa) >= 3:
                return _SPELLING
            if la >= 5 and lb >= 5 and vowel_skeleton(a) == vowel_skeleton(b):
                return _VOWEL_SPELLING
        if la >= 4 and lb >= 4 and vowel_spelling(a) == vowel_spelling(b):
            return _SPELLING
    budget = _edit_budget(la if la < lb else lb)
    if budget and abs(la - lb) <= budget:
        d = OSA.distance(a, b, score_cutoff=budget)
        if d <= budget:
            return _ONE_TYPO if d == 1 else _TWO_TYPOS
    return _DIFFERENT


def _particle_only(a: str, b: str, b_core: str) -> bool:
    return a in PARTICLES and b_core != b and b[: len(b) - len(b_core)] == a


@lru_cache(maxsize=1_000_000)
def token_similarity(a: str, a_core: str, b: str, b_core: str) -> tuple[float, str]:
    """Similarity of two name parts in [0, 1] and its kind ("exact", "transliteration",
    "spelling variant", "one keying error", "initial", "particle dropped", "different").

    Parts glued with a particle are also compared without it (AL ZAWAHIRI vs ZAWAHIRI) at a small
    discount, since airlines often drop or split particles.
    """
    result = _plain_similarity(a, b)
    if a_core == a and b_core == b:
        return result
    sim = result[0]
    # A lone particle against a glued part starting with it ("ABDUL" for "ABDUL RAUF").
    if sim == 0.0 and (_particle_only(a, b, b_core) or _particle_only(b, a, a_core)):
        return _PARTICLE_ONLY, "particle only"
    if sim < 1.0 and len(a_core) > 1 and len(b_core) > 1:
        core_sim, core_kind = _plain_similarity(a_core, b_core)
        core_sim *= 0.95
        if core_sim > sim:
            label = "particle dropped" if core_kind == "exact" else f"particle dropped, {core_kind}"
            return core_sim, label
    return result


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float  # in [0, 1]
    bits: float  # information of the aligned parts (frequency-weighted evidence)
    aligned: tuple[tuple[float, int, int, str], ...]  # (similarity, subject part, list part, kind)
    common_parts: tuple[str, ...]  # aligned parts that carry little information


def compare_names(subject: PreparedSubject, record: NameRecord) -> NameComparison:
    """Structured comparison of the traveller's name with one list name.

    Parts are aligned one to one, best pairs first, regardless of order (surname and given names
    swapped still align); unaligned traveller parts cost more than unaligned list parts (a missing
    middle name is cheap, an unexplained extra one is not); family names weigh 1.3; initials half.
    """
    s_tokens, r_tokens = subject.tokens, record.tokens
    if not s_tokens or not r_tokens:
        return NameComparison(0.0, 0.0, (), ())
    pairs: list[tuple[float, int, int, str]] = []
    r_cores = record.cores
    for i, st in enumerate(s_tokens):
        sc = subject.cores[i]
        for j, rt in enumerate(r_tokens):
            sim, kind = token_similarity(st, sc, rt, r_cores[j])
            if sim >= _ALIGN_MIN:
                pairs.append((sim, i, j, kind))
    if len(pairs) > 1:
        pairs.sort(key=lambda p: -p[0])
    used_s: set[int] = set()
    used_r: set[int] = set()
    aligned: list[tuple[float, int, int, str]] = []
    for pair in pairs:
        if pair[1] not in used_s and pair[2] not in used_r:
            used_s.add(pair[1])
            used_r.add(pair[2])
            aligned.append(pair)

    single_part = len(r_tokens) == 1
    extra_subject_cost = _EXTRA_LIST_COST if single_part else _EXTRA_SUBJECT_COST
    s_weights, r_weights = subject.weights, record.weights
    num = den = bits = 0.0
    common: list[str] = []
    for sim, i, j, _ in aligned:
        w = (s_weights[i] + r_weights[j]) / 2
        num += sim * w
        den += w
        # An initial carries about as much as a letter (~4.7 bits), a full part its frequency.
        part_bits = 4.7 if min(len(s_tokens[i]), len(r_tokens[j])) == 1 else record.bits[j]
        bits += part_bits * sim
        if part_bits < 11.0:
            common.append(r_tokens[j])
    for i, w in enumerate(s_weights):
        if i not in used_s:
            den += extra_subject_cost * w
    for j, w in enumerate(r_weights):
        if j not in used_r:
            den += _EXTRA_LIST_COST * w
    score = num / den if den else 0.0
    if single_part:
        score = min(score, _SURNAME_ONLY_CAP * (aligned[0][0] if aligned else 0.0))
    if record.kind == "weak alias":
        score *= _WEAK_ALIAS_FACTOR
    return NameComparison(score, bits, tuple(aligned), tuple(common))


def describe_names(subject: PreparedSubject, record: NameRecord, comparison: NameComparison) -> str:
    """The analyst's reading of a name comparison (built only for matches: it costs more than
    the comparison itself)."""
    if not subject.tokens or not record.tokens:
        return "no name to compare"
    return _name_detail(subject, record, list(comparison.aligned), len(record.tokens) == 1)


def _name_detail(subject: PreparedSubject, record: NameRecord,
                 aligned: list[tuple[float, int, int, str]], single_part: bool) -> str:
    """"surname HASSAN = HASAN (transliteration), given names 2 of 3 aligned (J = JOHN initial)"."""
    by_subject = {i: (j, kind) for _, i, j, kind in aligned}
    parts: list[str] = []
    surname_idx = [i for i, r in enumerate(subject.roles) if r == SURNAME]
    given_idx = [i for i, r in enumerate(subject.roles) if r == GIVEN]
    swapped = False
    for i in surname_idx:
        st = subject.tokens[i]
        if i in by_subject:
            j, kind = by_subject[i]
            rt = record.tokens[j]
            swapped = swapped or record.roles[j] == GIVEN
            parts.append(f"surname {st} = {rt}" + ("" if kind == "exact" else f" ({kind})"))
        else:
            parts.append(f"surname {st} not on list name")
    if given_idx:
        if any(r != UNKNOWN for r in record.roles):
            listed_given = sum(1 for r in record.roles if r == GIVEN)
        else:  # an untagged full name: assume one of its parts is the surname
            listed_given = max(0, len(record.tokens) - 1)
        n_aligned = sum(1 for i in given_idx if i in by_subject)
        total = max(len(given_idx), listed_given, n_aligned)
        notes = []
        for i in given_idx:
            if i in by_subject:
                j, kind = by_subject[i]
                swapped = swapped or record.roles[j] == SURNAME
                if kind != "exact":
                    notes.append(f"{subject.tokens[i]} = {record.tokens[j]} {kind}")
        text = f"given names {n_aligned} of {total} aligned"
        if notes:
            text += " (" + "; ".join(notes) + ")"
        parts.append(text)
    if swapped:
        parts.append("surname and given names swapped")
    if single_part:
        parts.append("list gives a single name part")
    if record.kind != "primary":
        parts.append(f"via {record.kind} {record.display!r}")
    return ", ".join(parts)


def _commonness_value(bits: float) -> float:
    if bits >= _RARE_BITS:
        return 0.0
    return -min(1.0, (_RARE_BITS - bits) / (_RARE_BITS - _COMMON_BITS))


def name_commonness(comparison: NameComparison) -> tuple[float, str]:
    """Signed frequency evidence in [-1, 0]: −1 when the aligned parts together carry 12 bits or
    less (MOHAMMED ALI), 0 at 26 bits or more (a rare surname plus a given name), linear between."""
    value = _commonness_value(comparison.bits)
    if value == 0.0:
        return 0.0, "rare name"
    parts = ", ".join(comparison.common_parts)
    detail = f"common name parts ({parts})" if parts else "name carries little information"
    return value, detail


# --------------------------------------------------------------------------------------------
# Evidence beyond the name


def _year_gap_value(gap: int, approximate: bool) -> tuple[float, str]:
    """Graded penalty for a birth year this many years outside the listed year(s)."""
    if approximate:
        gap = max(0, gap - 1)
        if gap == 0:
            return 0.1, "DOB year close to the approximate listed year"
    if gap == 1:
        return -0.15, "DOB year off by one"
    if gap == 2:
        return -0.3, "DOB years 2 apart"
    if gap <= 5:
        return -0.6, f"DOB years {gap} apart"
    return -1.0, f"DOB years {gap} apart"


def _compare_one_dob(dob: tuple[int, int | None, int | None], listed: DobRange) -> tuple[float, str]:
    year, month, day = dob
    if year < listed.year_from or year > listed.year_to:
        gap = listed.year_from - year if year < listed.year_from else year - listed.year_to
        value, text = _year_gap_value(gap, listed.approximate)
        if (gap == 1 and listed.month is not None and listed.month == month
                and (listed.day is None or listed.day == day)):
            return -0.05, "DOB year off by one, day and month match"
        return value, text
    if listed.year_from != listed.year_to:
        return 0.15, f"DOB within listed range {listed.year_from}-{listed.year_to}"
    if listed.month is None:
        return 0.2, "DOB year matches, list has no day/month"
    if month is None:
        return 0.15, "DOB year matches, traveller has no month"
    if listed.day is None:
        if listed.month == month:
            return 0.27, "DOB year and month match, list has no day"
        return -0.1, "DOB year matches, month differs"
    if listed.month == month and listed.day == day:
        return 0.33, "DOB matches"
    if listed.month == day and listed.day == month:
        return 0.13, "DOB day and month swapped"
    if listed.month == month:
        return 0.05, "DOB year and month match, day differs"
    return -0.15, "DOB year matches, day/month differ"


def compare_dob(subject: PreparedSubject, entry: PreparedEntry) -> tuple[float, str]:
    """Date of birth graded as evidence in [-1, 1]: exact +, year only +, swapped day/month
    partly +, a year or two apart slightly −, far apart strongly −; missing on either side 0."""
    if subject.dob is None:
        return 0.0, "traveller has no DOB"
    if not entry.dobs:
        return 0.0, "list has no DOB"
    return max((_compare_one_dob(subject.dob, d) for d in entry.dobs), key=lambda r: r[0])


def compare_nationality(subject: PreparedSubject, entry: PreparedEntry) -> tuple[float, str]:
    """+0.4 when the traveller's nationality is listed (many people share one), −1 when the list
    names only others, 0 if missing on either side."""
    if subject.nationality is None or not entry.nationalities:
        return 0.0, "no nationality to compare"
    if subject.nationality in entry.nationalities:
        return 0.4, f"nationality {subject.nationality} matches"
    listed = "/".join(sorted(entry.nationalities))
    return -1.0, f"nationality differs ({subject.nationality} vs {listed})"


def compare_gender(subject: PreparedSubject, entry: PreparedEntry) -> tuple[float, str]:
    """+0.1 equal (half of everyone shares it), −1 different, 0 when either side is missing."""
    if subject.gender is None or entry.gender is None:
        return 0.0, "no gender to compare"
    if subject.gender == entry.gender:
        return 0.1, "gender matches"
    return -1.0, "gender differs"


def compare_document(subject: PreparedSubject, entry: PreparedEntry) -> tuple[float, str]:
    """+1 exact document number, +0.5 one keying error (6+ characters), −0.1 listed numbers
    differ (people hold several passports), 0 when either side has none."""
    doc = subject.document
    if doc is None or not entry.documents:
        return 0.0, "no document to compare"
    if doc in entry.documents:
        return 1.0, f"document {doc} matches"
    if len(doc) >= 6:
        for listed in entry.documents:
            if abs(len(listed) - len(doc)) <= 1 and OSA.distance(doc, listed, score_cutoff=1) <= 1:
                return 0.5, f"document {doc} = {listed} (one keying error)"
    return -0.1, "document number differs"


EvidenceFeature = Callable[[PreparedSubject, PreparedEntry], tuple[float, str]]
