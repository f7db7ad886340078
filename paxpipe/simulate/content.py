"""Content defects: wrong values injected while a message is written, each one recorded.

Byte-level defects (CRLF, wrapping, BOM...) are applied to finished files in defects.py; these ones
change what a field says, so the writers ask before writing a field and record the deviation in the
file's ground truth (the traveller's entry gets the transmitted value as an override).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pycountry

__all__ = ["CONTENT_DEFECTS", "ContentDefects", "alpha2"]

# code → relative weight of the per-traveller rate (the defect rate is the chance that a file gets
# at least one defect; content defects hit single travellers, like the real samples).
CONTENT_DEFECTS: dict[str, str] = {
    "missing_dob": "date of birth not transmitted (empty DTM+329 / DOCS DOB field)",
    "alpha2_country": "two-letter country code instead of ISO alpha-3 (nationality)",
    "docs_shifted": "SSR DOCS with fields shifted by one (an extra '/' before the document type)",
    "doc_without_type": "DOC segment without document type (DOC++number)",
}


def alpha2(alpha3: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.alpha_2 if country is not None else alpha3[:2]


@dataclass(slots=True)
class ContentDefects:
    """Decides per traveller whether to inject a content defect; collects what was injected."""

    rng: random.Random
    rate: float  # chance per traveller and file
    injected: list[dict[str, Any]] = field(default_factory=list)

    def pick(self, code: str, person_id: str, *, detail: str = "") -> bool:
        if self.rate <= 0 or self.rng.random() >= self.rate:
            return False
        self.injected.append({"code": code, "traveller": person_id, "detail": detail or CONTENT_DEFECTS[code]})
        return True

    def mark(self, entry: dict[str, Any], code: str) -> None:
        """Note on a traveller's ground-truth entry that a defect changed what was transmitted."""
        entry.setdefault("defects", []).append(code)

    def take(self, travellers: set[str]) -> list[dict[str, Any]]:
        """The injections made for ``travellers`` (removed from the pending list)."""
        out = [d for d in self.injected if d["traveller"] in travellers]
        self.injected = [d for d in self.injected if d["traveller"] not in travellers]
        return out
