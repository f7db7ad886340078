"""Writing EDIFACT: separators, escaping with the release character, segments and envelopes.

Segments are built as strings (one ``str.join`` per segment, escaping with one ``str.translate``): the
simulator writes millions of them for a benchmark day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

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
        # one translate per segment: data is joined with two control characters no name or code
        # contains, then escaping and the real separators are applied together
        self._table[ord(_COMP)] = self.seps.component
        self._table[ord(_ELEM)] = self.seps.element

    def escape(self, value: str) -> str:
        return value.translate(self._table)

    def seg(self, tag: str, *elements: Element) -> str:
        """``seg("NAD", "FL", None, None, ("DOE", "JOHN"))`` → ``NAD+FL+++DOE:JOHN'``.

        Trailing empty components and elements are dropped, as senders do.
        """
        parts = [
            "" if e is None else e if isinstance(e, str) else _COMP.join(e).rstrip(_COMP)
            for e in elements
        ]
        text = _ELEM.join(parts).rstrip(_ELEM)
        if not text:
            return tag + self.seps.terminator
        return tag + self.seps.element + text.translate(self._table) + self.seps.terminator


_COMP = "\x1e"
_ELEM = "\x1f"


def edi_date(moment: date) -> str:
    """YYMMDD, as UNB and PAXLST dates are written."""
    return moment.strftime("%y%m%d")


def edi_time(moment: datetime) -> str:
    return moment.strftime("%H%M")
