"""Country names as sanctions lists write them → ISO 3166 alpha-3 (pycountry plus a few list spellings)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

__all__ = ["to_alpha3"]

# Spellings OFAC and the UN use that pycountry's exact lookup does not know. No fuzzy search: it maps
# "Kosovo" to Serbia and "0" to Sweden, which is worse than keeping the text as listed.
_OVERRIDES: dict[str, str] = {
    "burma": "MMR",
    "korea, north": "PRK",
    "korea, south": "KOR",
    "north korea": "PRK",
    "south korea": "KOR",
    "russia": "RUS",
    "turkey": "TUR",
    "the gambia": "GMB",
    "gambia, the": "GMB",
    "congo, democratic republic of the": "COD",
    "democratic republic of the congo": "COD",
    "congo, republic of the": "COG",
    "iran (islamic republic of)": "IRN",
    "state of palestine": "PSE",
    "palestinian": "PSE",
    "palestinian territories": "PSE",
    "west bank": "PSE",
    "gaza": "PSE",
    "kosovo": "XKX",  # user-assigned code in common use (EU, ICAO travel documents)
    "macau": "MAC",
    "macedonia, the former yugoslav republic of": "MKD",
    "macedonia": "MKD",
    "cabo verde": "CPV",
    "former soviet union": "SUN",  # ISO 3166-3 retired code
    "soviet union": "SUN",
    "yugoslavia": "YUG",
    "serbia and montenegro": "SCG",
    "czechoslovakia": "CSK",
    "laos": "LAO",
    "vietnam": "VNM",
    "syria": "SYR",
    "iran": "IRN",
    "venezuela": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
}


@lru_cache(maxsize=4096)
def to_alpha3(name: str | None) -> str | None:
    """ISO alpha-3 for a country name, alpha-2 or alpha-3 code; the cleaned text when unresolvable;
    None when nothing usable is given."""
    if name is None:
        return None
    text = " ".join(name.replace("\u00a0", " ").split()).strip(" .,;")
    if not any(ch.isalpha() for ch in text) or text.casefold() in {"na", "n/a"}:
        return None
    key = text.casefold()
    if key.startswith("possibly "):
        key = key[len("possibly ") :]
    if key in _OVERRIDES:
        return _OVERRIDES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        pass
    # "Cabo Verde.  Previously Cape Verde." and similar: try the text before the first full stop.
    head = key.split(".")[0].strip()
    if head != key and head:
        return to_alpha3(head)
    return text
