"""A decoded EDIFACT segment with its position: the unit the message mappers consume."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Segment"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment after decoding and un-escaping.

    ``elements[i][j]`` is component ``j`` of data element ``i`` (the tag is not an element), release
    characters already removed. Empty components are ``""``; absent trailing ones are simply absent.
    ``index`` is 0-based within the interchange (UNA/UNB count), ``line``/``column`` 1-based in the
    decoded text where the segment's tag starts. ``raw`` is the segment as transmitted (no terminator).
    """

    tag: str
    elements: tuple[tuple[str, ...], ...]
    index: int
    line: int
    column: int
    raw: str

    def el(self, element: int, component: int = 0) -> str | None:
        """Component ``component`` of data element ``element`` (0-based), or None if absent or empty."""
        try:
            value = self.elements[element][component]
        except IndexError:
            return None
        return value or None

    def composite(self, element: int) -> tuple[str, ...]:
        """All components of one data element (empty tuple when absent)."""
        try:
            return self.elements[element]
        except IndexError:
            return ()

    def excerpt(self, limit: int = 120) -> str:
        return self.raw if len(self.raw) <= limit else self.raw[: limit - 1] + "…"
