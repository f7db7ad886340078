"""PNR free-text pieces: SSR DOCS / DOCO / DOCA / INFT, names with titles, PNR dates.

Everything here is tolerant: a field that cannot be read becomes None and a short problem note
(a ``(code, message)`` pair) is returned beside the value, so that the mapper can turn it into an
issue attached to the right segment. Nothing here raises on bad input.

Two-digit years are resolved against a reference date (the message date): a date of birth or an
issue date is the latest candidate not after it, an expiry date lies in a window of 30 years before
to 70 years after it, and a booking/flight date is the candidate nearest to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

__all__ = [
    "DATE_PROBLEM",
    "DocaInfo",
    "DocoInfo",
    "DocsInfo",
    "InftInfo",
    "YearRule",
    "ddmmmyy",
    "ddmmyy",
    "hhmm",
    "parse_doca",
    "parse_doco",
    "parse_docs",
    "parse_inft",
    "split_name_title",
    "unwrap",
]

Problem = tuple[str, str]

DATE_PROBLEM = "PNR010"  # the code the caller uses for an unreadable date (documented in rules.py)

_MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip

# Titles as separate tokens ("NINA MS") and glued at the end (AIRIMP "JOHNMR"). DR/PROF/REV/CAPT are
# only removed as separate tokens: glued, they would eat real names (ALEXANDR, SANDR).
_TITLE_TOKENS = frozenset(
    {"MR", "MRS", "MS", "MSTR", "MISS", "MISTER", "DR", "PROF", "REV", "CAPT", "SIR", "MME", "MLLE"}
)
_GLUED_SUFFIXES = ("MSTR", "MISS", "MRS", "MR", "MS")  # longest first
# A glued prefix (DOCS "MRJONATHON") is removed only before a consonant: MRINAL or MSTISLAV stay.
_GLUED_PREFIXES = ("MRS", "MR")
_VOWELS = frozenset("AEIOUY")

_DOC_TYPES = frozenset(
    {"P", "PP", "PT", "PD", "PS", "PM", "IP", "I", "A", "C", "F", "M", "N", "T", "V", "AC", "IN"}
)
_GENDERS = {"M": ("M", False), "F": ("F", False), "U": ("U", False), "X": ("X", False),
            "MI": ("M", True), "FI": ("F", True), "UI": ("U", True)}  # fmt: skip


class YearRule(Enum):
    PAST = "past"  # date of birth, issue date: not after the reference date
    FUTURE = "future"  # expiry: from 30 years before to 70 years after the reference
    NEAREST = "nearest"  # booking, flight, check-in dates


def unwrap(text: str) -> str:
    """Remove line breaks a transmission wrap left inside a value (``SMITHJ\\r\\nR`` → ``SMITHJR``)."""
    if "\n" in text or "\r" in text:
        return text.replace("\r", "").replace("\n", "")
    return text


def _resolve_year(yy: int, month: int, day: int, ref: dt.date, rule: YearRule) -> dt.date | None:
    base = ref.year - ref.year % 100
    candidates = []
    for century in (base - 100, base, base + 100):
        try:
            candidates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue  # 29FEB00 exists in 2000 but not in 1900 or 2100
    if not candidates:
        return None
    if rule is YearRule.PAST:
        past = [c for c in candidates if c <= ref]
        return max(past) if past else None
    if rule is YearRule.FUTURE:
        # Documents are valid for years and seldom kept long after expiry: 30 years back, 70 ahead.
        window = [c for c in candidates if ref.year - 30 <= c.year < ref.year + 70]
        return window[0] if window else None
    return min(candidates, key=lambda c: abs((c - ref).days))


@lru_cache(maxsize=4096)
def ddmmmyy(text: str | None, ref: dt.date, rule: YearRule) -> str | None:
    """``12JUL64`` → ``1964-07-12`` (None if empty or unreadable; the caller reports)."""
    if not text:
        return None
    text = text.strip()
    if len(text) == 9 and text[5:].isdecimal():  # DDMMMYYYY: century given
        month = _MONTHS.get(text[2:5].upper())
        if month is None or not text[:2].isdecimal():
            return None
        try:
            return dt.date(int(text[5:]), month, int(text[:2])).isoformat()
        except ValueError:
            return None
    if len(text) != 7 or not text[:2].isdecimal() or not text[5:].isdecimal():
        return None
    month = _MONTHS.get(text[2:5].upper())
    if month is None:
        return None
    resolved = _resolve_year(int(text[5:]), month, int(text[:2]), ref, rule)
    return resolved.isoformat() if resolved else None


@lru_cache(maxsize=4096)
def ddmmyy(text: str | None, ref: dt.date, rule: YearRule = YearRule.NEAREST) -> str | None:
    """``121210`` → ``2010-12-12`` (PNRGOV TVL/DAT/RCI dates)."""
    if not text or len(text) != 6 or not text.isdecimal():
        return None
    resolved = (
        _resolve_year(int(text[4:]), int(text[2:4]), int(text[:2]), ref, rule)
        if 1 <= int(text[2:4]) <= 12
        else None
    )
    return resolved.isoformat() if resolved else None


def hhmm(text: str | None) -> str | None:
    """``0915`` or ``181348`` → ``09:15`` (None if unreadable)."""
    if not text or len(text) not in (4, 6) or not text.isdecimal():
        return None
    hours, minutes = int(text[:2]), int(text[2:4])
    if hours > 24 or minutes > 59:
        return None
    return f"{text[:2]}:{text[2:4]}"


def split_name_title(name: str | None) -> tuple[str | None, str | None]:
    """Remove a title from a given-name field: ``JOHNMR`` → (``JOHN``, ``MR``), ``NINA MS`` → (``NINA``, ``MS``).

    A title is removed when it is a separate token anywhere, or glued to the end of the last token with at
    least two letters left, or glued to the start before a consonant (``MRJONATHON``). Returns the cleaned
    name (None if nothing is left) and the title found.
    """
    if not name:
        return None, None
    tokens = name.split()
    title: str | None = None
    kept = []
    for token in tokens:
        if token in _TITLE_TOKENS and title is None and len(tokens) > 1:
            title = token
        else:
            kept.append(token)
    if title is None and kept:
        last = kept[-1]
        for suffix in _GLUED_SUFFIXES:
            if last.endswith(suffix) and len(last) - len(suffix) >= 2:
                kept[-1] = last[: -len(suffix)]
                title = suffix
                break
    if title is None and kept:
        first = kept[0]
        for prefix in _GLUED_PREFIXES:
            rest = first[len(prefix) :]
            if first.startswith(prefix) and len(rest) >= 2 and rest[0] not in _VOWELS and rest[0].isalpha():
                kept[0] = rest
                title = prefix
                break
    cleaned = " ".join(kept)
    return (cleaned or None), title


@dataclass(frozen=True, slots=True)
class DocsInfo:
    doc_type: str | None
    issuing_country: str | None
    number: str | None
    nationality: str | None
    date_of_birth: str | None
    gender: str | None  # M / F / U / X
    is_infant: bool  # gender MI / FI
    expiry: str | None
    surname: str | None
    given_names: str | None  # title removed, second given name appended
    title: str | None
    holder: bool  # the trailing "H" (primary passport holder)
    problems: tuple[Problem, ...] = ()
    first_given: str | None = None  # the given-name field alone (title removed)
    second_given: str | None = None
    association: tuple[str, str | None] | None = None  # "-1SURNAME/GIVEN": the passenger it belongs to


@dataclass(frozen=True, slots=True)
class DocoInfo:
    place_of_birth: str | None
    doc_type: str | None
    number: str | None
    place_of_issue: str | None
    issue_date: str | None
    applicable_country: str | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class DocaInfo:
    kind: str | None  # R residence, D destination
    country: str | None
    address: str | None
    city: str | None
    state: str | None
    postcode: str | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class InftInfo:
    surname: str | None
    given_names: str | None
    date_of_birth: str | None


def _looks_like_date(value: str) -> bool:
    return len(value) == 7 and value[:2].isdecimal() and value[2:5] in _MONTHS and value[5:].isdecimal()


def _fields(text: str) -> list[str]:
    text = unwrap(text).strip()
    if text.startswith("/"):
        text = text[1:]
    return [f.strip() for f in text.split("/")]


def _country(value: str | None, label: str, problems: list[Problem]) -> str | None:
    if not value:
        return None
    if len(value) == 2 and value.isalpha():
        problems.append(("PNR012", f"{label} {value!r} is a two-letter code where ISO alpha-3 is expected"))
    elif len(value) != 3 or not value.isalpha():
        problems.append(("PNR011", f"{label} {value!r} is not a country code"))
    return value


def parse_docs(text: str, ref: dt.date) -> DocsInfo:
    """SSR DOCS free text ``/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITH/JOHN/ROBERT/H``.

    Tolerates empty fields, alpha-2 countries, a name split by a wrap, and the classic one-field shift
    where the document type is missing and the fields move left (``/GBR/123/...``) or an empty field
    is inserted before the type (``//P/P00266142/14JUL71/...``).
    """
    problems: list[Problem] = []
    f = _fields(text)
    # A name association "-1SURNAME/GIVEN" after the names is not a document field: it names the
    # passenger the DOCS belongs to (kept to attach the DOCS when its own name matches no one).
    association: tuple[str, str | None] | None = None
    for i in range(7, len(f)):
        head, dash, tail = f[i].partition("-")
        if dash and tail[:1].isdecimal():
            assoc_surname = tail.lstrip("0123456789")
            assoc_given = f[i + 1] if i + 1 < len(f) else None
            association = (assoc_surname, split_name_title(assoc_given)[0]) if assoc_surname else None
            f = f[:i] + ([head] if head else [])
            break
    # Shift repair: the doc type sits one field late ("/ /P/number/...") when field 0 is empty and
    # field 1 is a doc type followed by something that is not a country.
    shifted = False
    if len(f) > 2 and not f[0] and f[1] in _DOC_TYPES and not (len(f[2]) == 3 and f[2].isalpha()):
        f = [f[1], "", *f[2:]]
        shifted = True
    # ... and a date of birth one field early means the nationality was left out.
    if len(f) > 4 and _looks_like_date(f[3]) and not _looks_like_date(f[4]):
        f.insert(3, "")
        shifted = True
    if shifted:
        problems.append(
            ("PNR021", "SSR DOCS fields are shifted (a field left out): realigned by the date of birth")
        )
    if len(f) < 8:
        problems.append(
            ("PNR020", f"SSR DOCS has {len(f)} of the 8 fields up to the surname: read what is there")
        )
    f += [""] * (11 - len(f))
    doc_type = f[0] or None
    if doc_type and doc_type not in _DOC_TYPES:
        problems.append(("PNR011", f"SSR DOCS document type {doc_type!r} is not a known code (kept as sent)"))
    issuing = _country(f[1] or None, "issuing country", problems)
    nationality = _country(f[3] or None, "nationality", problems)
    dob = ddmmmyy(f[4], ref, YearRule.PAST)
    if f[4] and dob is None:
        problems.append((DATE_PROBLEM, f"SSR DOCS date of birth {f[4]!r} is not a date (DDMMMYY)"))
    gender_info = _GENDERS.get(f[5])
    if f[5] and gender_info is None:
        problems.append(("PNR011", f"SSR DOCS gender {f[5]!r} is not one of M F U X MI FI"))
    expiry = ddmmmyy(f[6], ref, YearRule.FUTURE)
    if f[6] and expiry is None:
        problems.append((DATE_PROBLEM, f"SSR DOCS expiry {f[6]!r} is not a date (DDMMMYY)"))
    surname = f[7] or None
    given, title = split_name_title(f[8] or None)
    first_given = given
    second = f[9] or None
    if second:
        given = f"{given} {second}" if given else second
    holder = f[10] == "H"
    if surname is None:
        problems.append(("PNR020", "SSR DOCS has no surname"))
    return DocsInfo(
        doc_type=doc_type,
        issuing_country=issuing,
        number=f[2] or None,
        nationality=nationality,
        date_of_birth=dob,
        gender=gender_info[0] if gender_info else None,
        is_infant=gender_info[1] if gender_info else False,
        expiry=expiry,
        surname=surname,
        given_names=given,
        title=title,
        holder=holder,
        problems=tuple(problems),
        first_given=first_given,
        second_given=second,
        association=association,
    )


def parse_doco(text: str, ref: dt.date) -> DocoInfo:
    """SSR DOCO ``/place of birth/type/number/place of issue/issue date/applicable country/I``."""
    problems: list[Problem] = []
    f = _fields(text)
    if len(f) < 3:
        problems.append(("PNR025", f"SSR DOCO has {len(f)} fields, at least 3 expected"))
    f += [""] * (7 - len(f))
    issue_date = ddmmmyy(f[4], ref, YearRule.PAST)
    if f[4] and issue_date is None:
        problems.append((DATE_PROBLEM, f"SSR DOCO issue date {f[4]!r} is not a date (DDMMMYY)"))
    return DocoInfo(
        place_of_birth=f[0] or None,
        doc_type=f[1] or None,
        number=f[2] or None,
        place_of_issue=f[3] or None,
        issue_date=issue_date,
        applicable_country=f[5] or None,
        problems=tuple(problems),
    )


def parse_doca(text: str) -> DocaInfo:
    """SSR DOCA ``/R|D/country/address/city/state/postcode/I``."""
    problems: list[Problem] = []
    f = _fields(text)
    f += [""] * (7 - len(f))
    kind = f[0] or None
    if kind not in ("R", "D"):
        problems.append(
            ("PNR025", f"SSR DOCA address type {kind!r} is neither R (residence) nor D (destination)")
        )
    country = _country(f[1] or None, "DOCA country", problems)
    return DocaInfo(
        kind=kind,
        country=country,
        address=f[2] or None,
        city=f[3] or None,
        state=f[4] or None,
        postcode=f[5] or None,
        problems=tuple(problems),
    )


def parse_inft(text: str, ref: dt.date) -> InftInfo:
    """SSR INFT ``SURNAME/GIVEN/10AUG11`` or ``SURNAME/GIVEN 15APR12`` (the infant's name and birth date)."""
    f = _fields(text)
    surname = f[0] or None
    given: str | None = None
    dob: str | None = None
    rest = [x for x in f[1:] if x]
    if rest:
        tokens = rest[0].split()
        if len(tokens) > 1 and ddmmmyy(tokens[-1], ref, YearRule.PAST):
            dob = ddmmmyy(tokens[-1], ref, YearRule.PAST)
            tokens = tokens[:-1]
        given, _ = split_name_title(" ".join(tokens) or None)
        for extra in rest[1:]:
            if dob is None:
                dob = ddmmmyy(extra, ref, YearRule.PAST)
    return InftInfo(surname=surname, given_names=given, date_of_birth=dob)
