"""Synthetic people: names from many locales, MRZ-style transliteration, dates of birth, documents.

Names come from Faker's per-locale person lists, read once into pools (calling Faker per person is
~100x slower than sampling a list, and generation must not dominate a benchmark). Every pool name is
transliterated once, in two forms airlines send:

- ``mrz``: upper-case A-Z and spaces, as ICAO 9303 machine-readable zones spell names (German umlauts
  as AE/OE/UE, other letters folded to ASCII, hyphens become spaces, apostrophes dropped);
- ``unoc``: upper-case keeping the letters ISO-8859-1 can encode (what an airline declaring UNOC sends);
  letters outside Latin-1 (Polish, Czech, Turkish...) are still folded.

Scripts Faker only has in native form with poor automatic romanisation (Arabic, Devanagari) use
small romanised lists written here instead, as airlines transmit those names in Latin letters.
"""

from __future__ import annotations

import importlib
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from anyascii import anyascii

__all__ = [
    "LOCALES",
    "Locale",
    "NamePart",
    "Person",
    "make_person",
    "mrz_name",
    "pick_locale",
    "pools",
    "punct_name",
    "unoc_name",
]


@dataclass(frozen=True, slots=True)
class Locale:
    code: str  # Faker locale used for the name pools
    nationalities: tuple[str, ...]  # ISO alpha-3, first is the most likely
    weight: float  # share among foreign travellers (rough world traffic mix)
    doc_prefix: str  # letters that start passport numbers issued there ("" = digits only)
    id_cards: bool  # citizens commonly travel on national ID cards (Schengen area)


LOCALES: dict[str, Locale] = {
    loc.code: loc
    for loc in (
        Locale("en_US", ("USA",), 9.0, "", False),
        Locale("en_GB", ("GBR", "IRL"), 8.0, "", False),
        Locale("de_DE", ("DEU", "AUT", "CHE"), 8.0, "C", True),
        Locale("fr_FR", ("FRA", "BEL", "CHE"), 6.0, "", True),
        Locale("es_ES", ("ESP", "MEX", "COL", "ARG"), 5.0, "PA", True),
        Locale("it_IT", ("ITA",), 4.0, "YA", True),
        Locale("pl_PL", ("POL",), 3.0, "E", True),
        Locale("tr_TR", ("TUR",), 4.0, "U", False),
        Locale("ar_AA", ("EGY", "MAR", "SAU", "ARE", "JOR", "LBN", "IRQ", "SYR"), 5.0, "A", False),
        Locale("ru_RU", ("RUS",), 2.0, "", False),
        Locale("uk_UA", ("UKR",), 2.0, "FA", False),
        Locale("zh_CN", ("CHN",), 4.0, "E", False),
        Locale("ja_JP", ("JPN",), 2.0, "TK", False),
        Locale("hi_IN", ("IND",), 5.0, "Z", False),
        Locale("pt_BR", ("BRA", "PRT"), 3.0, "FZ", False),
        Locale("nl_NL", ("NLD", "BEL"), 6.0, "N", True),
        Locale("el_GR", ("GRC", "CYP"), 1.5, "AK", True),
        Locale("cs_CZ", ("CZE",), 1.0, "", True),
        Locale("ro_RO", ("ROU",), 1.5, "", True),
        Locale("sv_SE", ("SWE",), 1.5, "", True),
        Locale("vi_VN", ("VNM",), 1.0, "C", False),
        Locale("id_ID", ("IDN",), 1.0, "B", False),
        Locale("en_NG", ("NGA",), 1.5, "A", False),
    )
}

# Romanised name lists for scripts whose automatic transliteration is unusable (Arabic drops vowels).
_ARABIC_MALE = (
    "MOHAMMED", "MOHAMED", "MUHAMMAD", "AHMED", "AHMAD", "ALI", "OMAR", "KHALED", "YOUSSEF", "HASSAN",
    "HUSSEIN", "IBRAHIM", "MAHMOUD", "MUSTAFA", "ABDULLAH", "ABDEL RAHMAN", "KARIM", "TAREK", "SAMIR",
    "WALID", "NABIL", "FAISAL", "SAEED", "HAMZA", "ZIAD", "RAMI", "SALEH", "ADEL", "AMR", "BILAL",
)
_ARABIC_FEMALE = (
    "FATIMA", "AISHA", "MARIAM", "NOUR", "LAYLA", "HANA", "SARA", "YASMIN", "AMINA", "ZAINAB", "RANIA",
    "SALMA", "DINA", "HUDA", "MONA", "NADIA", "SAMIRA", "LINA", "REEM", "FARAH",
)
_ARABIC_LAST = (
    "EL SAYED", "HASSAN", "IBRAHIM", "MAHMOUD", "ABDELAZIZ", "AL MANSOURI", "AL HASHIMI", "KHALIL",
    "HADDAD", "NASSER", "SALEM", "YOUSEF", "FARAG", "MANSOUR", "SHARIF", "AL RASHID", "OTHMAN",
    "BENALI", "EL AMRANI", "BOUZID", "AL QAHTANI", "AL OTAIBI", "HAMDAN", "AZIZ", "SULEIMAN", "DARWISH",
    "KHOURY", "NAJJAR", "SABRI", "ZAKI",
)
# Faker's hi_IN lists are in Devanagari; its en_IN lists hold the same names in Latin letters.
_FAKER_SOURCE = {"hi_IN": "en_IN"}

# ICAO 9303 recommended transliterations that plain ASCII folding gets wrong.
_ICAO = str.maketrans(
    {"Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Å": "AA", "Æ": "AE", "Ø": "OE", "Þ": "TH", "Œ": "OE",
     "ä": "AE", "ö": "OE", "ü": "UE", "å": "AA", "æ": "AE", "ø": "OE", "þ": "TH", "œ": "OE", "-": " ",
     "'": "", "’": "", ".": ""}
)


def mrz_name(text: str) -> str:
    """Upper-case A-Z and single spaces, as an MRZ (and a UNOA/IATA message) spells a name."""
    folded = anyascii(text.translate(_ICAO)).upper()
    kept = "".join(ch if "A" <= ch <= "Z" else " " if ch == " " else "" for ch in folded)
    return " ".join(kept.split())


_ICAO_KEEP = {k: v for k, v in _ICAO.items() if chr(k) not in "-'"}


def punct_name(text: str) -> str:
    """Like :func:`mrz_name` but keeping apostrophes and hyphens (O'BRIEN, JEAN-LUC), as some
    departure control systems transmit them (then released in EDIFACT: ``O?'BRIEN``)."""
    folded = anyascii(text.replace("’", "'").translate(_ICAO_KEEP)).upper()
    kept = "".join(ch if "A" <= ch <= "Z" or ch in " '-" else "" for ch in folded)
    return " ".join(kept.split())


def unoc_name(text: str) -> str:
    """Upper-case keeping Latin-1 letters (an airline sending UNOC); others folded to ASCII."""
    out = []
    for ch in text.upper().replace("-", " ").replace("'", "").replace("’", ""):
        if ch.isalpha() or ch == " ":
            try:
                ch.encode("latin-1")
                out.append(ch)
            except UnicodeEncodeError:
                out.append(mrz_name(ch))
        # anything else (dots, digits) is not part of a transmitted name
    return " ".join("".join(out).split())


@dataclass(frozen=True, slots=True)
class NamePart:
    native: str
    mrz: str
    unoc: str
    punct: str = ""

    @classmethod
    def of(cls, native: str) -> NamePart:
        native = unicodedata.normalize("NFC", native)
        return cls(native, mrz_name(native), unoc_name(native), punct_name(native))


_part = NamePart.of


def _names(provider: type, *attrs: str) -> tuple[str, ...]:
    for attr in attrs:
        value = getattr(provider, attr, None)
        if value and len(value) > 1:
            return tuple(value)  # OrderedDict weights are dropped on purpose: uniform is enough
    return ()


@dataclass(frozen=True, slots=True)
class Pools:
    male: tuple[NamePart, ...]
    female: tuple[NamePart, ...]
    last_male: tuple[NamePart, ...]
    last_female: tuple[NamePart, ...]


@cache
def pools(locale: str) -> Pools:
    """Name pools of one locale (read from Faker once per process)."""
    if locale == "ar_AA":
        last = tuple(_part(n.title()) for n in _ARABIC_LAST)
        return Pools(tuple(_part(n.title()) for n in _ARABIC_MALE),
                     tuple(_part(n.title()) for n in _ARABIC_FEMALE), last, last)
    module = importlib.import_module(f"faker.providers.person.{_FAKER_SOURCE.get(locale, locale)}")
    provider = module.Provider
    male = _names(provider, "first_romanized_names_male", "first_names_male")
    female = _names(provider, "first_romanized_names_female", "first_names_female")
    if locale in {"zh_CN", "ja_JP"}:  # native lists are hanzi/kanji: use the romanised ones
        male = female = _names(provider, "first_romanized_names")
    last_any = _names(provider, "last_romanized_names") if locale in {"zh_CN", "ja_JP"} else ()
    last_any = last_any or _names(provider, "unisex_last_names", "last_names")
    last_male = _names(provider, "last_names_male", "male_last_names") or last_any
    last_female = _names(provider, "last_names_female", "female_last_names") or last_any
    # abbreviations such as "Klaus-D." are not names a passport carries
    clean = [tuple(p for p in (_part(n) for n in names) if p.mrz and min(map(len, p.mrz.split())) > 1)
             for names in (male, female, last_male, last_female)]
    return Pools(*clean)


@dataclass(slots=True)
class Person:
    """One generated person. Names keep the native spelling; the writers transmit mrz/unoc forms."""

    person_id: str
    locale: str
    gender: str  # M / F
    surname: NamePart
    given: tuple[NamePart, ...]  # first given name, then middle names
    date_of_birth: date
    nationality: str
    residence: str
    doc_type: str  # P passport, I national identity card
    doc_number: str
    doc_country: str
    doc_expiry: date
    is_infant: bool = False
    listed_entry: str | None = None  # watchlist entry id when this person was planted

    def surname_text(self, form: str) -> str:
        return getattr(self.surname, form)  # type: ignore[no-any-return]

    def given_text(self, form: str) -> str:
        return " ".join(getattr(g, form) for g in self.given)


def pick_locale(rng: random.Random, home: str, origin: str) -> str:
    """Receiving-country residents, origin-country residents, then the world mix."""
    roll = rng.random()
    if roll < 0.30:
        return home
    if roll < 0.70:
        return origin
    codes = list(LOCALES)
    return rng.choices(codes, weights=[LOCALES[c].weight for c in codes])[0]


_DOC_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _doc_number(rng: random.Random, prefix: str, id_card: bool) -> str:
    if id_card:
        return "".join(rng.choices(_DOC_CHARS, k=9))
    digits = max(9 - len(prefix), 6)
    return f"{prefix}{rng.randrange(10**digits):0{digits}d}"


def make_person(
    rng: random.Random,
    person_id: str,
    locale: str,
    *,
    today: date,
    gender: str | None = None,
    age: int | None = None,
    family: int | None = None,
    infant: bool = False,
) -> Person:
    """A plausible person of ``locale``; ``family`` (an index into the surname pool) lets relatives
    share a surname, in its feminine form where the language has one (Russian, Czech, Greek...)."""
    loc = LOCALES[locale]
    pool = pools(locale)
    gender = gender or rng.choice("MF")
    firsts = pool.male if gender == "M" else pool.female
    surnames = pool.last_male if gender == "M" else pool.last_female
    surname = surnames[family % len(surnames)] if family is not None else rng.choice(surnames)
    n_given = 1 if rng.random() < 0.62 else 2 if rng.random() < 0.9 else 3
    given = tuple(rng.sample(firsts, min(n_given, len(firsts))))
    if age is None:
        age = 1 + min(int(rng.gauss(40, 15)), 88) if not infant else 0
        age = max(age, 2)
    if infant:
        dob = today - timedelta(days=rng.randrange(20, 700))
    else:
        dob = today - timedelta(days=age * 365 + rng.randrange(365))
    nationality = loc.nationalities[0] if rng.random() < 0.75 else rng.choice(loc.nationalities)
    residence = nationality if rng.random() < 0.85 else rng.choice(("NLD", "DEU", "GBR", "USA", "ARE", "FRA"))
    id_card = loc.id_cards and not infant and rng.random() < 0.35
    validity = 10 if age >= 18 else 5
    issued = today - timedelta(days=rng.randrange(30, validity * 365 - 30))
    expiry = issued + timedelta(days=validity * 365 - 1)
    return Person(
        person_id=person_id,
        locale=locale,
        gender=gender,
        surname=surname,
        given=given,
        date_of_birth=dob,
        nationality=nationality,
        residence=residence,
        doc_type="I" if id_card else "P",
        doc_number=_doc_number(rng, loc.doc_prefix, id_card),
        doc_country=nationality,
        doc_expiry=expiry,
        is_infant=infant,
    )
