"""Reading the ground truth back: the travellers each generated file should parse to.

The manifest stores every traveller once (``travellers``: the values as generated, names in their
MRZ form) and, per file and message, compact entries: the traveller id plus only what differs in that
file. Entry keys:

- any canonical field (``surname``, ``date_of_birth``, ``nationality``, ``document_number``, ``seat``,
  ...): the value as transmitted in this file when it differs (UNOC or punctuated names, a mistyped
  document number later corrected, an alpha-2 code, a DOB left out, a seat not yet assigned);
- ``docs: false``: a PNR push without the passenger's SSR DOCS, so gender, nationality, the document
  and the date of birth are absent (an infant's date of birth still travels in SSR INFT);
- ``defects``: the content defects injected into this traveller's data in this file.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DOCS_ONLY", "expected_travellers"]

DOCS_ONLY = ("gender", "nationality", "document_type", "document_number", "document_issuing_country",
             "document_expiry")


def expected_travellers(file_record: dict[str, Any], people: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The travellers of one manifest file record, in transmission order, with their expected values.

    ``people`` maps traveller id → the manifest's traveller record.
    """
    out = []
    pnr = file_record["kind"] == "PNRGOV"
    for message in file_record["messages"]:
        for entry in message["travellers"]:
            want = dict(people[entry["id"]])
            if entry.get("docs") is False:
                want.update(dict.fromkeys(DOCS_ONLY))
                if not want["is_infant"]:
                    want["date_of_birth"] = None
            if pnr and want["is_infant"]:
                want["seat"] = None
            if want["role"] == "crew":
                want["booking_ref"] = want["seat"] = None
            want.update({k: v for k, v in entry.items() if k not in {"id", "docs"}})
            out.append(want)
    return out
