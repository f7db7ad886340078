"""Transliteration to the upper-case Latin that airlines transmit (ICAO Doc 9303 MRZ rules).

Airlines copy names from the passport's machine-readable zone, where ICAO 9303 part 3 maps Latin
letters with diacritics to plain ones (Ü→UE, ß→SS, Ø→OE, Å→AA, Æ→AE, other marks dropped). List
names in other scripts (Cyrillic, Greek, Arabic...) go through ``anyascii`` so they can at least
be compared; Arabic and Han romanisations are lossy, which the skeleton keys and variant table in
``normalize`` partly compensate for.
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

__all__ = ["mrz_transliterate"]

# ICAO 9303 part 3, section 6 (recommended transliterations of Latin characters with diacritics
# that do not simply lose their mark). Upper-case keys: the input is upper-cased first.
_ICAO_SPECIAL: dict[str, str] = {
    "Ä": "AE",
    "Æ": "AE",
    "Ǽ": "AE",
    "Å": "AA",
    "Ö": "OE",
    "Ø": "OE",
    "Œ": "OE",
    "Ü": "UE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ł": "L",
    "Ħ": "H",
    "Ŀ": "L",
    "Ŋ": "N",
    "Ĳ": "IJ",
    "ı": "I",
}


def _latin_char(ch: str) -> str:
    """One character to MRZ Latin: ICAO special cases, else strip marks, else anyascii."""
    special = _ICAO_SPECIAL.get(ch)
    if special is not None:
        return special
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and base.isascii():
        return base
    return anyascii(ch)


def mrz_transliterate(text: str) -> str:
    """Upper-case ASCII rendering of ``text`` following ICAO 9303 (Müller → MUELLER, Øre → OERE).

    Non-letters are kept as they are (the caller decides what is a separator).
    """
    if text.isascii():  # the common case: airlines already transmit MRZ Latin
        return text.upper()
    upper = text.upper()
    # "ß".upper() is "SS" already; the table covers the capital forms.
    return "".join(_latin_char(ch) for ch in upper).upper()
