"""Test helper for the PAXLST mapper tests: Segments from EDIFACT text with default separators.

Deliberately tiny (``:+.? '``, release character honoured, no UNA/charset handling): the real
syntax layer is parsers/edifact; this only lets mapper tests state their input as text.
"""

from __future__ import annotations

from parsers.edifact.segment import Segment

__all__ = ["message_segments", "segments"]


def _split(text: str, sep: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "?" and i + 1 < len(text):
            current.append("?" + text[i + 1])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "?" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def segments(text: str, *, start_index: int = 0) -> list[Segment]:
    """One Segment per ``'``-terminated chunk; whitespace between segments ignored."""
    result: list[Segment] = []
    line, column = 1, 1
    for chunk in _split(text, "'"):
        stripped = chunk.lstrip()
        skipped = chunk[: len(chunk) - len(stripped)]
        line += skipped.count("\n")
        column = len(skipped) - skipped.rfind("\n") if "\n" in skipped else column + len(skipped)
        if not stripped.strip():
            continue
        raw = stripped.rstrip()
        fields = _split(raw, "+")
        elements = tuple(tuple(_unescape(c) for c in _split(f, ":")) for f in fields[1:])
        result.append(Segment(fields[0], elements, start_index + len(result), line, column, raw))
        line += raw.count("\n")
        column += len(chunk) - len(skipped) + 1
    return result


def message_segments(text: str) -> list[list[Segment]]:
    """The UNH..UNT groups of ``text`` (segments outside them are dropped)."""
    groups: list[list[Segment]] = []
    current: list[Segment] | None = None
    for seg in segments(text):
        if seg.tag == "UNH":
            current = [seg]
            groups.append(current)
        elif current is not None:
            current.append(seg)
            if seg.tag == "UNT":
                current = None
    return groups
