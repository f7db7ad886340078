"""Writing EDIFACT: separators, escaping with the release character, segments and envelopes.

Segments are built as strings (one ``str.join`` per segment, escaping with one ``str.translate``): the
simulator writes millions of them for a benchmark day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Element", "SegmentWriter", "Separators", "edi_date", "edi_time"]

Element = str | Sequence[str] | None


@dataclass(frozen=True, slots=True)
class Separators:
    """The six UNA service characters."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"

    @classmethod
    def from_una(cls, chars: str) -> Separators:
        if len(chars) != 6:
            raise ValueError(f"UNA needs six service characters, got {chars!r}")
        return cls(*chars)

    @property
    def una(self) -> str:
        return (
            f"UNA{self.component}{self.element}{self.decimal}{self.release}{self.repetition}{self.terminator}"
        )


@dataclass(slots=True)
class SegmentWriter:
    """Turns tags and element values into segment text with every separator in data released."""

    seps: Separators
    _table: dict[int, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rel = self.seps.release
        specials = {rel, self.seps.component, self.seps.element, self.seps.terminator}
        if self.seps.repetition.strip():
            specials.add(self.seps.repetition)
        self._table = {ord(ch): rel + ch for ch in specials}

    def escape(self, value: str) -> str:
        return value.translate(self._table)

    def seg(self, tag: str, *elements: Element) -> str:
        """``seg("NAD", "FL", None, None, ("DOE", "JOHN"))`` → ``NAD+FL+++DOE:JOHN'``.

        Trailing empty components and elements are dropped, as senders do.
        """
        comp, elem, table = self.seps.component, self.seps.element, self._table
        parts: list[str] = []
        for element in elements:
            if element is None:
                parts.append("")
            elif element.__class__ is str:
                parts.append(element.translate(table))  # type: ignore[union-attr]
            else:
                comps = [c.translate(table) for c in element]
                while comps and not comps[-1]:
                    comps.pop()
                parts.append(comp.join(comps))
        while parts and not parts[-1]:
            parts.pop()
        if not parts:
            return tag + self.seps.terminator
        return tag + elem + elem.join(parts) + self.seps.terminator


def edi_date(moment: datetime) -> str:
    """YYMMDD, as UNB and PAXLST dates are written."""
    return moment.strftime("%y%m%d")


def edi_time(moment: datetime) -> str:
    return moment.strftime("%H%M")
