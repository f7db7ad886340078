"""Small pure normalisers for names, documents, countries and genders (rigour style: text in,
``str | None`` out, None meaning "nothing usable").

Names are brought to the form airlines transmit (upper-case MRZ Latin, see ``translit``), titles
dropped, and particles (AL, BIN, ABU, VAN, DE, MAC...) glued to the following part so that
"AL ZAWAHIRI", "AL-ZAWAHIRI" and "ALZAWAHIRI" are one token. Each token keeps its *core* (the part
after the particles) because travellers often drop the particle altogether ("ZAWAHIRI").
"""

from __future__ import annotations

import re
from functools import lru_cache

from watchlists.translit import mrz_transliterate

__all__ = [
    "PARTICLES",
    "TITLES",
    "NameToken",
    "normalize_country",
    "normalize_document",
    "normalize_gender",
    "normalize_name",
    "skeleton",
    "split_list_name",
    "tokenize_name",
    "variant_key",
    "vowel_skeleton",
    "vowel_spelling",
]

# Honorifics and ranks that lists and PNRs put next to names; dropped when a separate token.
TITLES: frozenset[str] = frozenset(
    ["MR", "MRS", "MS", "MISS", "MSTR", "MASTER", "MISTER", "DR", "PROF", "SIR", "DAME", "LORD", "LADY", "REV", "FR", "SHEIKH", "SHAIKH", "SHAYKH", "SHEIK", "SHEYKH", "MULLAH", "MULLA", "MAULANA", "MAWLANA", "MAULAVI", "MAWLAWI", "MAULVI", "MAWLAVI", "HAJI", "HAJJI", "ALHAJI", "ALHAJ", "QARI", "IMAM", "MUFTI", "GEN", "GENERAL", "COL", "COLONEL", "MAJ", "MAJOR", "CAPT", "CAPTAIN", "LT", "LIEUTENANT", "BRIG", "SGT", "CMDR", "ADMIRAL", "JR", "JNR", "SR", "SNR", "II", "III", "IV", "ENG", "ENGR"]
)

# Name particles glued to the next part: Arabic articles and kinship words, Dutch, German,
# Romance and Gaelic prefixes. "ABDUL RAHMAN" and "ABDULRAHMAN" become the same token. Words that
# are also common names of their own (AN, DO, LE, LA: Vietnamese and Korean surnames) are left out.
PARTICLES: frozenset[str] = frozenset(
    ["AL", "EL", "UL", "ABD", "ABDUL", "ABDEL", "ABDOUL", "ABDAL", "ABDUR", "ABDER", "ABU", "ABOU", "BIN", "BEN", "IBN", "BINT", "BOU", "VAN", "VANDER", "VON", "DER", "DEN", "TER", "TEN", "DE", "DA", "DI", "DOS", "DAS", "DEL", "DELLA", "DELLE", "DELA", "MAC", "MC", "ST", "SAINT"]
)

_SEPARATORS = re.compile(r"[^A-Z0-9]+")
_DROPPED = re.compile(r"['`´’‘\.]")  # O'BRIEN → OBRIEN, "ABD." → ABD: marks that join, not split


@lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    """MRZ Latin with every run of non-alphanumerics turned into one space."""
    latin = mrz_transliterate(text)
    latin = _DROPPED.sub("", latin)
    return _SEPARATORS.sub(" ", latin).strip()


class NameToken(tuple[str, str]):
    """(token, core): the glued token ("ALZAWAHIRI") and its part after particles ("ZAWAHIRI")."""

    __slots__ = ()

    @property
    def token(self) -> str:
        return self[0]

    @property
    def core(self) -> str:
        return self[1]


# Particles that are also given names when they come first ("BEN JAMES" vs "ALI BEN SALEM").
_NAME_FIRST = frozenset({"BEN"})


def _glue_particles(words: list[str]) -> list[NameToken]:
    """Glue particles to the next word; a trailing particle stays a word of its own."""
    out: list[NameToken] = []
    prefix = ""
    for i, word in enumerate(words):
        if word in PARTICLES and i < len(words) - 1 and not (i == 0 and word in _NAME_FIRST):
            prefix += word
            continue
        out.append(NameToken((prefix + word, word)))
        prefix = ""
    return out


@lru_cache(maxsize=262144)
def tokenize_name(text: str | None) -> tuple[NameToken, ...]:
    """Normalised name tokens of ``text``: MRZ Latin, titles dropped, particles glued.

    >>> [t.token for t in tokenize_name("Dr. Ayman al-Zawahiri")]
    ['AYMAN', 'ALZAWAHIRI']
    """
    if not text:
        return ()
    words = _clean(text).split()
    kept = [w for w in words if w not in TITLES]
    if not kept:  # a name that is only a title word ("MAJOR") is still a name
        kept = words
    return tuple(_glue_particles(kept))


def normalize_name(text: str | None) -> str | None:
    """The normalised name as one string ("MUELLER JOSE"), or None when nothing usable remains."""
    tokens = tokenize_name(text)
    if not tokens:
        return None
    return " ".join(t.token for t in tokens)


def split_list_name(text: str | None) -> tuple[str | None, str | None]:
    """Split a list's "SURNAME, Given Names" rendering into (surname, given names).

    Without a comma the whole text is returned as given names = None, surname = None so the caller
    treats it as an untagged full name.
    """
    if not text or "," not in text:
        return None, None
    surname, _, given = text.partition(",")
    return (surname.strip() or None), (given.strip() or None)


# Transliteration variants of the same name that skeletons do not unify (different consonants).
# Small on purpose: every group is a documented equivalence an analyst would accept.
_VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("MOHAMMED", "MOHAMMAD", "MOHAMED", "MOHAMAD", "MUHAMMAD", "MUHAMMED", "MUHAMED", "MUHAMAD",
     "MOHAMMADI", "MEHMET", "MEHMED", "MAHOMED", "MOHD", "MHD", "MOHAMMET", "MUHAMET", "MAHAMAT"),
    ("YUSUF", "YOUSUF", "YOUSSEF", "YOUSEF", "YUSEF", "YOUSSOUF", "YUSSUF", "YOUSOF", "YUSOF", "JUSUF"),
    ("HUSSEIN", "HUSSAIN", "HUSAIN", "HUSEIN", "HOSSEIN", "HOSSAIN", "HUSEYIN", "HUSSEN", "HOUSSEIN"),
    ("HASSAN", "HASAN", "HASSANE", "HASANE", "HACEN"),
    ("ABDULLAH", "ABDALLAH", "ABDULLA", "ABDALLA", "ABDOULLAH", "ABDELLAH"),
    ("OSAMA", "USAMA", "OUSSAMA", "USAMAH", "OSAMAH"),
    ("OMAR", "UMAR", "OMER", "UMER", "OMAAR"),
    ("QASIM", "QASEM", "KASIM", "KASSEM", "QASSEM", "GASIM", "KACEM", "QASSIM"),
    ("SULEIMAN", "SULAIMAN", "SULAYMAN", "SULEYMAN", "SOLEIMAN", "SOLEYMAN", "SLIMANE", "SOLIMAN"),
    ("SOLEIMANI", "SULEIMANI", "SULEYMANI", "SULAIMANI", "SOLEYMANI", "SULEYMANY", "SULEIMANY"),
    ("AHMED", "AHMAD", "AHMET", "AHMADI"),
    ("MAHMOUD", "MAHMUD", "MAHMOOD", "MEHMUD", "MAHMOD"),
    ("KHALID", "KHALED", "HALID", "HALED", "KHALEED"),
    ("SAID", "SAEED", "SAYED", "SAYYID", "SAYEED", "SAYID", "SAIED", "SEYED", "SEYYED"),
    ("YAHYA", "YAHIA", "YEHIA", "YAHIYA"),
    ("MUSTAFA", "MOSTAFA", "MUSTAPHA", "MOUSTAFA", "MOSTAPHA", "MUSTAFAH"),
    ("IBRAHIM", "EBRAHIM", "IBRAHEEM", "IBRAHIMA", "EBRAHEEM"),
    ("ISMAIL", "ISMAEL", "ESMAIL", "ISMAAIL"),
    ("QADHAFI", "GADDAFI", "QADDAFI", "KADAFI", "GADAFFI", "KADHAFI", "QADAFI", "GADHAFI", "KADDAFI"),
    ("JAFAR", "JAAFAR", "JAFFAR", "DJAFAR", "JAFER"),
    ("ABDULRAHMAN", "ABDALRAHMAN", "ABDELRAHMAN", "ABDURRAHMAN", "ABDOULRAHMAN", "ABDURAHMAN"),
    ("ABDULAZIZ", "ABDALAZIZ", "ABDELAZIZ", "ABDULAZEEZ"),
    ("ABUBAKR", "ABUBAKAR", "ABOUBAKR", "ABUBAKER", "ABOUBACAR", "ABUBAKIR"),
    ("MUAMMAR", "MOAMMAR", "MOAMAR", "MUAMAR"),
    ("OTHMAN", "USMAN", "OSMAN", "UTHMAN", "OUSMANE", "OUSMAN"),
    ("ZAKARIA", "ZAKARIYA", "ZAKARIYYA", "ZAKARIAH", "ZACHARIA"),
    ("ALEXANDER", "ALEKSANDR", "ALEXANDR", "ALEKSANDER", "OLEKSANDR"),
    ("SERGEI", "SERGEY", "SERHIY", "SERGIY", "SERHII"),
    ("YURI", "YURIY", "IURII", "YURIJ", "JURIJ"),
    ("DMITRI", "DMITRY", "DMITRIY", "DMYTRO", "DMITRII"),
    ("ANDREI", "ANDREY", "ANDRIY", "ANDRII", "ANDREJ"),
    ("MIKHAIL", "MIHAIL", "MYKHAILO", "MIKHAYLO"),
)

_VARIANT_INDEX: dict[str, str] = {name: group[0] for group in _VARIANT_GROUPS for name in group}


def variant_key(token: str) -> str | None:
    """The variant group's canonical spelling ("MUHAMMAD" → "MOHAMMED"), or None if not in the table."""
    return _VARIANT_INDEX.get(token)


# Skeleton rewrites: spellings that transliterate the same sound. Applied in order.
_SKELETON_REWRITES: tuple[tuple[str, str], ...] = (
    ("PH", "F"),
    ("CK", "K"),
    ("KH", "K"),
    ("GH", "G"),
    ("DH", "D"),
    ("TH", "T"),
    ("SCH", "S"),
    ("SH", "S"),
    ("CH", "S"),
    ("DJ", "J"),
    ("Q", "K"),
    ("C", "K"),
    ("Z", "S"),
    ("W", "V"),
    ("X", "KS"),
)
_VOWELS = frozenset("AEIOUY")


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonant skeleton: sound-alike rewrites, vowels dropped after the first letter, doubles
    collapsed (YUSUF, YOUSSEF → YSF; HASSAN, HASAN → HSN; MCDONALD, MACDONALD → MKDNLD)."""
    s = token
    for old, new in _SKELETON_REWRITES:
        if old in s:
            s = s.replace(old, new)
    if not s:
        return s
    # Collapse doubled letters first (YOUSSEF → YOUSEF), then drop vowels after the first letter;
    # collapsing after the drop would merge consonants that vowels separate (MOHAMED → MD).
    collapsed = [s[0]]
    for ch in s[1:]:
        if ch != collapsed[-1]:
            collapsed.append(ch)
    first = "A" if collapsed[0] in "AEIOU" else collapsed[0]
    return first + "".join(ch for ch in collapsed[1:] if ch not in _VOWELS)


@lru_cache(maxsize=262144)
def vowel_skeleton(token: str) -> str:
    """Skeleton that keeps where vowels were ("*" per vowel run): tells JIMMY/JEEMMY (J*M*) apart
    from JM-only collisions, for short names whose consonant skeleton is too short to trust."""
    s = token
    for old, new in _SKELETON_REWRITES:
        if old in s:
            s = s.replace(old, new)
    out: list[str] = []
    for ch in s:
        mark = "*" if ch in _VOWELS else ch
        if not out or mark != out[-1]:
            out.append(mark)
    return "".join(out)


_VOWEL_SPELLINGS: tuple[tuple[str, str], ...] = (("EE", "I"), ("OO", "U"), ("OU", "U"), ("IE", "I"), ("Y", "I"))


@lru_cache(maxsize=262144)
def vowel_spelling(token: str) -> str:
    """The part with English/French vowel spellings of romanised names folded (EE→I, OO/OU→U,
    Y→I after the first letter) and doubled letters collapsed: RAHEEM/RAHIM, YOUNIS/YUNIS,
    FEENN/FINN agree."""
    head, tail = token[:1], token[1:]
    for old, new in _VOWEL_SPELLINGS:
        if old in tail:
            tail = tail.replace(old, new)
    s = head + tail
    return "".join(ch for i, ch in enumerate(s) if i == 0 or ch != s[i - 1])


_DOC_CHARS = re.compile(r"[^A-Z0-9]")


def normalize_document(text: str | None) -> str | None:
    """Document number upper-case without spaces or punctuation, leading zeros kept; None if empty
    or too short to identify anyone (fewer than 4 characters)."""
    if not text:
        return None
    value = _DOC_CHARS.sub("", mrz_transliterate(text))
    return value if len(value) >= 4 else None


# Names lists use that pycountry does not resolve by lookup.
_COUNTRY_ALIASES: dict[str, str] = {
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "CONGO, DEMOCRATIC REPUBLIC OF THE": "COD",
    "REPUBLIC OF THE CONGO": "COG",
    "RUSSIA": "RUS",
    "SYRIA": "SYR",
    "IRAN": "IRN",
    "NORTH KOREA": "PRK",
    "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA": "PRK",
    "SOUTH KOREA": "KOR",
    "REPUBLIC OF KOREA": "KOR",
    "LAOS": "LAO",
    "VIETNAM": "VNM",
    "BOLIVIA": "BOL",
    "VENEZUELA": "VEN",
    "TANZANIA": "TZA",
    "PALESTINIAN": "PSE",
    "PALESTINE": "PSE",
    "WEST BANK": "PSE",
    "GAZA": "PSE",
    "BURMA": "MMR",
    "TURKEY": "TUR",
    "IVORY COAST": "CIV",
    "COTE D'IVOIRE": "CIV",
    "UNITED STATES": "USA",
    "UNITED KINGDOM": "GBR",
    "KOSOVO": "XKX",
}


@lru_cache(maxsize=4096)
def normalize_country(text: str | None) -> str | None:
    """ISO 3166 alpha-3 code from an alpha-2, alpha-3 code or English name; the upper-cased text
    when unresolvable (so equal unresolved names still compare equal); None when empty."""
    if not text or not text.strip():
        return None
    value = text.strip()
    alias = _COUNTRY_ALIASES.get(value.upper())
    if alias is not None:
        return alias
    import pycountry  # deferred: its database load costs ~50 ms, needed only when countries appear

    try:
        return str(pycountry.countries.lookup(value).alpha_3)
    except LookupError:
        pass
    cleaned = re.sub(r"\s*\(.*?\)\s*", " ", value).strip()
    for candidate in (cleaned, cleaned.replace("the ", "").strip()):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_3)
        except LookupError:
            continue
    try:
        found = pycountry.countries.search_fuzzy(cleaned)
        if found:
            return str(found[0].alpha_3)
    except LookupError:
        pass
    return value.upper()


def normalize_gender(text: str | None) -> str | None:
    """"M" or "F" from M/F/MALE/FEMALE (any case); None otherwise (U, X, unknown)."""
    if not text:
        return None
    value = text.strip().upper()
    if value in ("M", "MALE"):
        return "M"
    if value in ("F", "FEMALE"):
        return "F"
    return None
