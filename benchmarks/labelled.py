"""Seeded labelled screening set built from real lists: positives tagged by variation kind,
innocents from many Faker locales, hard innocents sharing a listed name but not age/nationality.

Positives are listed persons as an airline would transmit them (MRZ Latin, upper case), each with
one variation applied. Innocents are random travellers; hard innocents carry a listed surname, a
listed given name, or a listed full name, with a birth date at least 6 years away from every
listed one and another nationality.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchlists.model import Subject, WatchlistEntry
from watchlists.normalize import PARTICLES, variant_key
from watchlists.translit import mrz_transliterate

__all__ = [
    "INNOCENT_LOCALES",
    "POSITIVE_KINDS",
    "Labelled",
    "NamePool",
    "build_labelled",
    "load_real_lists",
]

POSITIVE_KINDS = (
    "exact",
    "mrz transliteration",
    "typo",
    "swapped order",
    "missing middle name",
    "initials",
    "alias",
    "translit variant",
    "particle dropped/merged",
    "dob missing",
    "dob year off by one",
    "dob day/month swapped",
    "document only",
)

# Latin-script locales plus a few transliterated ones (ru, el, bg, uk, zh): travellers' names as
# airlines transmit them.
INNOCENT_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_IN", "en_PK", "en_NG", "en_KE", "de_DE", "de_AT", "fr_FR",
    "fr_DZ", "es_ES", "es_MX", "es_CO", "pt_BR", "pt_PT", "it_IT", "nl_NL", "pl_PL", "cs_CZ",
    "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "sv_SE", "no_NO", "da_DK", "fi_FI", "et_EE",
    "lt_LT", "lv_LV", "tr_TR", "az_AZ", "id_ID", "vi_VN", "sw", "yo_NG", "zu_ZA", "tw_GH",
    "ru_RU", "uk_UA", "el_GR", "bg_BG", "zh_CN",
)
_LOCALE_COUNTRY = {
    "en_US": "USA", "en_GB": "GBR", "en_IE": "IRL", "en_IN": "IND", "en_PK": "PAK", "en_NG": "NGA",
    "en_KE": "KEN", "de_DE": "DEU", "de_AT": "AUT", "fr_FR": "FRA", "fr_DZ": "DZA", "es_ES": "ESP",
    "es_MX": "MEX", "es_CO": "COL", "pt_BR": "BRA", "pt_PT": "PRT", "it_IT": "ITA", "nl_NL": "NLD",
    "pl_PL": "POL", "cs_CZ": "CZE", "sk_SK": "SVK", "hu_HU": "HUN", "ro_RO": "ROU", "hr_HR": "HRV",
    "sl_SI": "SVN", "sv_SE": "SWE", "no_NO": "NOR", "da_DK": "DNK", "fi_FI": "FIN", "et_EE": "EST",
    "lt_LT": "LTU", "lv_LV": "LVA", "tr_TR": "TUR", "az_AZ": "AZE", "id_ID": "IDN", "vi_VN": "VNM",
    "sw": "TZA", "yo_NG": "NGA", "zu_ZA": "ZAF", "tw_GH": "GHA", "ru_RU": "RUS", "uk_UA": "UKR",
    "el_GR": "GRC", "bg_BG": "BGR", "zh_CN": "CHN",
}
_COUNTRIES = sorted(set(_LOCALE_COUNTRY.values()) | {"SYR", "IRQ", "IRN", "AFG", "YEM", "SDN", "LBY"})
_KEYBOARD = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


@dataclass(frozen=True, slots=True)
class Labelled:
    subject: Subject
    label: str  # "positive" | "innocent" | "hard innocent"
    kind: str  # variation kind for positives, flavour for innocents
    entry_key: tuple[str, str] | None  # (list_name, entry_id) the positive must find


def load_real_lists(watchlists_dir: Path) -> list[WatchlistEntry]:
    """OFAC SDN 2021-07 individuals and UN individuals with aliases, via ``watchlists.loaders``."""
    from watchlists.loaders import load_watchlist

    entries = list(load_watchlist(watchlists_dir / "ofac_sdn_2021-07_watchman_bench"))
    entries += load_watchlist(watchlists_dir / "un_consolidated_2026-02-27_watchman")
    return entries


class NamePool:
    """First and last names per Faker locale, transliterated to MRZ Latin, sampled with a seed."""

    def __init__(self, locales: Sequence[str] = INNOCENT_LOCALES) -> None:
        import importlib
        from collections.abc import Mapping

        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        tables = {"first": ("first_names_male", "first_names_female", "first_names"), "last": ("last_names",)}
        for locale in locales:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
            for kind, attrs in tables.items():
                names: list[str] = []
                for attr in attrs:
                    table = getattr(provider, attr, None)
                    if isinstance(table, (Mapping, list, tuple)):
                        names.extend(str(k) for k in table)
                cleaned = {_mrz(n) for n in names if n.strip()}
                usable = sorted(n for n in cleaned if n and n.replace(" ", "").replace("-", "").isalpha())
                (self.first if kind == "first" else self.last)[locale] = usable
        self.locales = [loc for loc in locales if self.first.get(loc) and self.last.get(loc)]

    def person(self, rng: random.Random) -> tuple[str, str, str, str]:
        """(surname, given names, nationality, gender) of a random traveller."""
        locale = rng.choice(self.locales)
        given = rng.choice(self.first[locale])
        if rng.random() < 0.3:
            given = f"{given} {rng.choice(self.first[locale])}"
        return rng.choice(self.last[locale]), given, _LOCALE_COUNTRY.get(locale, "XXX"), rng.choice("MF")


def _dob_text(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _random_dob(rng: random.Random, lo: int = 1940, hi: int = 2008) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def _listed_dob(entry: WatchlistEntry, rng: random.Random) -> tuple[int, int, int] | None:
    """A full date consistent with the entry's first listed DOB (filling unknown parts)."""
    for dob in entry.dates_of_birth:
        parts = dob.value.split("-")
        if not parts[0].isdigit():
            continue
        year = int(parts[0])
        if dob.year_to and dob.year_to > year:
            year = rng.randint(year, dob.year_to)
        month = int(parts[1]) if len(parts) > 1 else rng.randint(1, 12)
        day = int(parts[2]) if len(parts) > 2 else rng.randint(1, 28)
        return year, month, day
    return None


def _listed_years(entry: WatchlistEntry) -> list[int]:
    years = []
    for dob in entry.dates_of_birth:
        head = dob.value[:4]
        if head.isdigit():
            years.append(int(head))
            if dob.year_to:
                years.append(dob.year_to)
    return years


def _names(entry: WatchlistEntry) -> tuple[str, str] | None:
    """(surname, given) in transmitted form; full-name-only entries split at the last word."""
    surname, given = entry.surname, entry.given_names
    if not surname and entry.full_name:
        words = entry.full_name.split()
        if len(words) < 2:
            return None
        surname, given = words[-1], " ".join(words[:-1])
    if not surname or not given:
        return None
    return _mrz(surname), _mrz(given)


def _mrz(text: str) -> str:
    return " ".join(mrz_transliterate(text).replace("'", "").replace(",", " ").replace(".", " ").split())


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("sub", "del", "swap", "ins"))
    if op == "del":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    row = next((r for r in _KEYBOARD if word[i] in r), None)
    if row is None:
        return word[:i] + word[i + 1:]
    j = row.index(word[i])
    neighbour = row[j + 1] if j + 1 < len(row) and (j == 0 or rng.random() < 0.5) else row[j - 1]
    if op == "sub":
        return word[:i] + neighbour + word[i + 1:]
    return word[:i] + neighbour + word[i:]


_SPELLING_REWRITES = (("OU", "U"), ("EE", "I"), ("U", "OU"), ("I", "EE"), ("SS", "S"), ("MM", "M"),
                      ("DD", "D"), ("KH", "H"), ("Y", "I"), ("IA", "YA"), ("AI", "EI"))


def _translit_variant(words: list[str], rng: random.Random) -> list[str] | None:
    """Swap one word for another member of its variant group, else apply a spelling rewrite."""
    from watchlists.normalize import _VARIANT_GROUPS

    order = list(range(len(words)))
    rng.shuffle(order)
    for i in order:
        key = variant_key(words[i])
        if key is not None:
            group = next(g for g in _VARIANT_GROUPS if g[0] == key)
            others = [g for g in group if g != words[i]]
            return [*words[:i], rng.choice(others), *words[i + 1:]]
    for i in order:
        word = words[i]
        for old, new in rng.sample(_SPELLING_REWRITES, len(_SPELLING_REWRITES)):
            if old in word[1:] and len(word) >= 4:
                pos = word.index(old, 1)
                changed = word[:pos] + new + word[pos + len(old):]
                if any(v * 3 in changed for v in "AEIOU") or "EEI" in changed or "IEE" in changed:
                    continue  # no spelling produces three vowels in a row (LEIF → LEEEF)
                return [*words[:i], changed, *words[i + 1:]]
    return None


def _particle_variant(surname: str, given: str, rng: random.Random) -> tuple[str, str] | None:
    """Drop a particle ("AL ZAWAHIRI" → "ZAWAHIRI") or glue it ("ABDUL RAHMAN" → "ABDULRAHMAN")."""
    for field in rng.sample(["s", "g"], 2):
        words = (surname if field == "s" else given).replace("-", " ").split()
        for i, w in enumerate(words[:-1]):
            if w in PARTICLES:
                dropped = rng.random() < 0.5
                new = [*words[:i], *words[i + 1:]] if dropped else [*words[:i], w + words[i + 1], *words[i + 2:]]
                text = " ".join(new)
                return (text, given) if field == "s" else (surname, text)
    return None


def _positive(entry: WatchlistEntry, kind: str, rng: random.Random, pool: NamePool,
              tid: str) -> Subject | None:
    names = _names(entry)
    if names is None:
        return None
    surname, given = names
    dob = _listed_dob(entry, rng)
    dob_text = _dob_text(*dob) if dob else _dob_text(*_random_dob(rng))
    nationality = entry.nationalities[0] if entry.nationalities else rng.choice(_COUNTRIES)
    gender = entry.gender or rng.choice("MF")
    document = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(10_000_000, 99_999_999)}"
    if kind == "exact":
        pass
    elif kind == "mrz transliteration":
        raw = f"{entry.surname or ''} {entry.given_names or ''}"
        if raw.isascii():
            return None
    elif kind == "typo":
        fields = [surname.split(), given.split()]
        spots = [(f, i) for f in (0, 1) for i, w in enumerate(fields[f]) if len(w) >= 5]
        if not spots:
            return None
        f, i = rng.choice(spots)
        fields[f][i] = _typo(fields[f][i], rng)
        surname, given = " ".join(fields[0]), " ".join(fields[1])
    elif kind == "swapped order":
        surname, given = given, surname
    elif kind == "missing middle name":
        parts = given.split()
        if len(parts) < 2:
            return None
        del parts[rng.randrange(1, len(parts))]
        given = " ".join(parts)
    elif kind == "initials":
        parts = given.split()
        # A middle name reduced to its initial, or a lone given name to its initial.
        given = " ".join([parts[0], *(p[0] for p in parts[1:])]) if len(parts) >= 2 else parts[0][0]
    elif kind == "alias":
        if not entry.aliases:
            return None
        alias = rng.choice(entry.aliases)
        if "," in alias:
            s, _, g = alias.partition(",")
        else:
            words = alias.split()
            if len(words) < 2:
                return None
            s, g = words[-1], " ".join(words[:-1])
        surname, given = _mrz(s), _mrz(g)
        if not surname or not given:
            return None
    elif kind == "translit variant":
        words = f"{surname} | {given}".split()
        changed = _translit_variant([w for w in words], rng)
        if changed is None:
            return None
        surname, given = (x.strip() for x in " ".join(changed).split("|"))
    elif kind == "particle dropped/merged":
        changed_names = _particle_variant(surname, given, rng)
        if changed_names is None:
            return None
        surname, given = changed_names
    elif kind == "dob missing":
        dob_text = ""
    elif kind == "dob year off by one":
        if dob is None:
            return None
        dob_text = _dob_text(dob[0] + rng.choice((-1, 1)), dob[1], dob[2])
    elif kind == "dob day/month swapped":
        if dob is None or entry.dates_of_birth[0].value.count("-") != 2 or dob[2] > 12 or dob[1] == dob[2]:
            return None
        dob_text = _dob_text(dob[0], dob[2], dob[1])
    elif kind == "document only":
        if not entry.document_numbers:
            return None
        surname, given, nationality, gender = pool.person(rng)
        dob_text = _dob_text(*_random_dob(rng))
        document = rng.choice(entry.document_numbers)
    else:
        raise ValueError(kind)
    if not surname or not given:
        return None
    return Subject(tid, surname=surname, given_names=given, date_of_birth=dob_text or None,
                   gender=gender, nationality=nationality, document_number=document)


def _far_dob(entry: WatchlistEntry, rng: random.Random) -> str | None:
    years = _listed_years(entry)
    if not years:
        return None
    for _ in range(50):
        year = rng.randint(1935, 2008)
        if all(abs(year - y) >= 6 for y in years):
            return _dob_text(year, rng.randint(1, 12), rng.randint(1, 28))
    return None


def _other_country(entry: WatchlistEntry, rng: random.Random) -> str:
    return rng.choice([c for c in _COUNTRIES if c not in entry.nationalities])


def _hard_innocent(entry: WatchlistEntry, rng: random.Random, pool: NamePool, tid: str) -> Subject | None:
    names = _names(entry)
    dob = _far_dob(entry, rng)
    if names is None or dob is None:
        return None
    surname, given = names
    p_surname, p_given, _, gender = pool.person(rng)
    flavour = rng.choice(("surname", "given", "full"))
    if flavour == "surname":
        given = p_given
    elif flavour == "given":
        surname = p_surname
    document = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(10_000_000, 99_999_999)}"
    return Subject(tid, surname=surname, given_names=given, date_of_birth=dob, gender=gender,
                   nationality=_other_country(entry, rng), document_number=document)


def build_labelled(entries: Sequence[WatchlistEntry], *, positives_per_kind: int, innocents: int,
                   hard_innocents: int, seed: int = 20260227,
                   pool: NamePool | None = None) -> list[Labelled]:
    """The labelled set: ``positives_per_kind`` per kind (fewer when the lists lack examples)."""
    rng = random.Random(seed)
    pool = pool or NamePool()
    out: list[Labelled] = []
    order = list(range(len(entries)))
    for kind in POSITIVE_KINDS:
        rng.shuffle(order)
        made = 0
        for index in order:
            if made >= positives_per_kind:
                break
            entry = entries[index]
            subject = _positive(entry, kind, rng, pool, f"P{len(out)}")
            if subject is not None:
                out.append(Labelled(subject, "positive", kind, (entry.list_name, entry.entry_id)))
                made += 1
    for i in range(innocents):
        surname, given, nationality, gender = pool.person(rng)
        document = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(10_000_000, 99_999_999)}"
        subject = Subject(f"I{i}", surname=surname, given_names=given, date_of_birth=_dob_text(*_random_dob(rng)),
                          gender=gender, nationality=nationality, document_number=document)
        out.append(Labelled(subject, "innocent", "random", None))
    made = 0
    while made < hard_innocents:
        entry = entries[rng.randrange(len(entries))]
        subject = _hard_innocent(entry, rng, pool, f"H{made}")
        if subject is not None:
            out.append(Labelled(subject, "hard innocent", "shares a listed name", None))
            made += 1
    return out


def iter_subjects(items: Sequence[Labelled]) -> Iterator[Subject]:
    return (item.subject for item in items)
