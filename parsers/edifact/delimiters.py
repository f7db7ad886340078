"""Service characters: the UNA service string advice, its defaults, and repairs of a malformed UNA.

A UNA is ``UNA`` + six characters: component separator, element separator, decimal mark, release
character, repetition separator (a space in syntax version 3), segment terminator. Real traffic has
five-character UNAs (``UNA:+\\*'``) and curly-quote terminators (``UNA:+.\\*’`` while the body uses
``'``); the separators that the UNB really uses win over a UNA that contradicts them (edifact.md §9 #8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DEFAULT", "Delimiters", "UnaResult", "infer_from_unb", "read_una"]


@dataclass(frozen=True, slots=True)
class Delimiters:
    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"

    def una(self) -> str:
        """The UNA segment that declares these delimiters (terminator included)."""
        return (
            f"UNA{self.component}{self.element}{self.decimal}{self.release}{self.repetition}{self.terminator}"
        )

    @property
    def separators(self) -> str:
        """Every character that must be escaped in data."""
        return self.component + self.element + self.release + self.terminator


DEFAULT = Delimiters()

_WS = " \t\r\n\x0b\x0c"
# After UNB: its element separator, then the syntax identifier (4 letters), then the component separator.
_UNB_HEAD = re.compile(r"UNB(?P<element>[^A-Za-z0-9\s])\s*[A-Z]{4}(?P<component>[^A-Za-z0-9\s])")


@dataclass(frozen=True, slots=True)
class UnaResult:
    delimiters: Delimiters
    end: int  # offset just past the UNA segment (where UNB or UNH starts, whitespace excluded)
    raw: str  # the UNA as transmitted
    problem: str | None  # plain-language description when the UNA had to be repaired


def infer_from_unb(text: str, start: int = 0) -> tuple[str, str, str] | None:
    """(component, element, terminator) as the UNB starting at or after ``start`` really uses them."""
    head = _UNB_HEAD.search(text, start, start + 400)
    if head is None:
        return None
    element, component = head.group("element"), head.group("component")
    # The terminator is the character right before the next service tag (UNG or UNH).
    nxt = re.compile(r"(\S)\s*(?:UNG|UNH)" + re.escape(element)).search(text, head.end(), head.end() + 2000)
    if nxt is None:
        return None
    return component, element, nxt.group(1)


def _classify_middle(chars: str) -> tuple[str, str, str]:
    """Assign the UNA's middle characters (decimal, release, repetition) when some are missing."""
    decimal, release, repetition = ".", "?", " "
    for ch in chars:
        if ch in ".,":
            decimal = ch
        elif ch in "* ":
            repetition = ch
        else:
            release = ch
    return decimal, release, repetition


def read_una(text: str, start: int) -> UnaResult:
    """Read the UNA at ``text[start:]`` (which begins with ``UNA``)."""
    body_start = start + 3
    declared = text[body_start : body_start + 6]
    after = body_start + 6
    # Where does the next segment start? Normally right after the six characters (maybe after spaces).
    nxt = re.compile(r"\s*UN[BGH]").match(text, after)
    inferred = infer_from_unb(text, body_start)
    if len(declared) == 6 and nxt is not None:
        delims = Delimiters(*declared)
        if inferred is None or inferred == (delims.component, delims.element, delims.terminator):
            return UnaResult(delims, after, text[start:after], None)
    # Malformed: find the UNB and rebuild from what it uses.
    unb_at = re.compile(r"UN[BGH]").search(text, body_start, body_start + 64)
    raw_end = unb_at.start() if unb_at is not None else after
    raw_una = text[body_start:raw_end].rstrip(_WS) if unb_at is not None else declared
    if inferred is None:
        # No UNB to learn from: trust the six characters as far as they go.
        padded = (declared + DEFAULT.una()[3 + len(declared) :])[:6]
        return UnaResult(Delimiters(*padded), after, text[start:after], "UNA could not be checked against a UNB")
    component, element, terminator = inferred
    middle = raw_una
    if middle.startswith(component + element):
        middle = middle[2:]
    if terminator in middle:
        middle = middle[: middle.rindex(terminator)]
    elif middle:
        middle = middle[:-1]  # the last character was meant as the terminator (a curly quote, say)
    decimal, release, repetition = _classify_middle(middle[:3])
    delims = Delimiters(component, element, decimal, release, repetition, terminator)
    problem = (
        f"the UNA service string {'UNA' + raw_una!r} is malformed (it should be 'UNA' plus six characters "
        f"matching the UNB); read as {delims.una()!r}"
    )
    return UnaResult(delims, raw_end, text[start:raw_end].rstrip(_WS), problem)
