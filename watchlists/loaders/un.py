"""The UN Security Council consolidated list (XML, schema sc-sanctions.xsd), individuals only.

Names come in parts FIRST_NAME..FOURTH_NAME without saying which part is the family name; paxpipe keeps
FIRST_NAME as given names, the other parts as the surname, and the whole as the list's own rendering
(``full_name``), so the matcher can compare either way. Aliases of QUALITY "Low" are weak aliases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from watchlists.loaders.countries import to_alpha3
from watchlists.loaders.errors import WatchlistFormatError
from watchlists.model import DateOfBirth, WatchlistEntry

__all__ = ["LIST_UN", "load_un_xml", "parse_un_date_of_birth"]

LIST_UN = "UN-SC"
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(node: ET.Element | None) -> str | None:
    if node is None or node.text is None:
        return None
    text = " ".join(node.text.split())
    return text or None


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


def parse_un_date_of_birth(node: ET.Element) -> DateOfBirth | None:
    """One INDIVIDUAL_DATE_OF_BIRTH: EXACT (DATE or YEAR), APPROXIMATELY (YEAR or DATE), BETWEEN
    (FROM_YEAR..TO_YEAR). None when the element carries no date."""
    kind = (_text(node.find("TYPE_OF_DATE")) or "").upper()
    date = _text(node.find("DATE"))
    year = _text(node.find("YEAR"))
    if kind == "BETWEEN":
        first, last = _year(_text(node.find("FROM_YEAR"))), _year(_text(node.find("TO_YEAR")))
        if first is None:
            return None
        return DateOfBirth(str(first), year_to=last if last and last != first else None)
    value = date[:10] if date else year
    if not value:
        return None
    return DateOfBirth(value, approximate=kind == "APPROXIMATELY")


def _add(items: list[str], value: str | None) -> None:
    if value and value not in items:
        items.append(value)


def _entry(node: ET.Element, list_name: str) -> WatchlistEntry | None:
    entry_id = _text(node.find("DATAID"))
    parts = [p for p in (_text(node.find(tag)) for tag in _NAME_PARTS) if p]
    if not entry_id or not parts:
        return None
    aliases: list[str] = []
    weak: list[str] = []
    for alias in node.findall("INDIVIDUAL_ALIAS"):
        name = _text(alias.find("ALIAS_NAME"))
        if name:
            _add(weak if (_text(alias.find("QUALITY")) or "").lower() == "low" else aliases, name)
    dates: list[DateOfBirth] = []
    for dob_node in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        dob = parse_un_date_of_birth(dob_node)
        if dob is not None and dob not in dates:
            dates.append(dob)
    nationalities: list[str] = []
    for value in node.findall("NATIONALITY/VALUE"):
        _add(nationalities, to_alpha3(_text(value)))
    documents: list[str] = []
    for doc in node.findall("INDIVIDUAL_DOCUMENT"):
        _add(documents, _text(doc.find("NUMBER")))
    places: list[str] = []
    for pob in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        pieces = [_text(pob.find(tag)) for tag in ("CITY", "STATE_PROVINCE", "COUNTRY")]
        _add(places, ", ".join(p for p in pieces if p))
    scripts: list[str] = []
    for script in node.findall("NAME_ORIGINAL_SCRIPT"):
        _add(scripts, _text(script))
    gender = {"male": "M", "female": "F"}.get((_text(node.find("GENDER")) or "").lower())
    program = _text(node.find("UN_LIST_TYPE"))
    return WatchlistEntry(
        entry_id=entry_id,
        list_name=list_name,
        surname=" ".join(parts[1:]) or None,
        given_names=parts[0] if len(parts) > 1 else None,
        full_name=" ".join(parts),
        aliases=tuple(a for a in aliases if a != " ".join(parts)),
        weak_aliases=tuple(weak),
        dates_of_birth=tuple(dates),
        nationalities=tuple(nationalities),
        gender=gender,
        document_numbers=tuple(documents),
        places_of_birth=tuple(places),
        original_script_names=tuple(scripts),
        programs=(program,) if program else (),
        remarks=_text(node.find("COMMENTS1")),
    )


def load_un_xml(path: str | Path, *, list_name: str = LIST_UN) -> list[WatchlistEntry]:
    """Individuals of a UN consolidated list XML file, in file order."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise WatchlistFormatError(f"{path}: not well-formed XML ({exc})") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise WatchlistFormatError(f"{path}: root element is {root.tag}, expected CONSOLIDATED_LIST")
    entries: list[WatchlistEntry] = []
    seen: set[str] = set()
    for node in root.iterfind("INDIVIDUALS/INDIVIDUAL"):
        entry = _entry(node, list_name)
        if entry is not None and entry.entry_id not in seen:
            seen.add(entry.entry_id)
            entries.append(entry)
    return entries
