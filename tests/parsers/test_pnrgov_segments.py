"""A tiny local segment splitter for the PNRGOV mapper's unit tests (default or UNA separators).

The real syntax layer lives in parsers/edifact; this helper lets the mapper be tested on its own, on
hand-written messages, with segment index, line and column as the real tokenizer gives them.
"""

from __future__ import annotations

from parsers.edifact.segment import Segment

__all__ = ["segments"]


def segments(text: str) -> list[Segment]:
    """Split EDIFACT text into Segments: honours UNA, the release character, keeps line/column."""
    comp, elem, rel, term = ":", "+", "?", "'"
    if text.startswith("UNA"):
        comp, elem, rel, term = text[3], text[4], text[6], text[8]
        text = text[9:]
    out: list[Segment] = []
    line, column = 1, 1
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \r\n\t":
            if text[i] == "\n":
                line, column = line + 1, 1
            else:
                column += 1
            i += 1
        if i >= n:
            break
        start_line, start_col, start = line, column, i
        elements: list[tuple[str, ...]] = []
        components: list[str] = []
        buf: list[str] = []
        tag = None
        while i < n:
            ch = text[i]
            if ch == rel and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                column += 2
                continue
            i += 1
            column += 1
            if ch == "\n":
                line, column = line + 1, 1
            if ch == term:
                break
            if ch in (elem, comp):
                if tag is None:
                    tag = "".join(buf).strip()
                else:
                    components.append("".join(buf))
                    if ch == elem:
                        elements.append(tuple(components))
                        components = []
                buf = []
                continue
            buf.append(ch)
        if tag is None:
            tag = "".join(buf).strip()
        else:
            components.append("".join(buf))
            elements.append(tuple(components))
        raw = text[start:i].rstrip(term)
        out.append(Segment(tag, tuple(elements), len(out), start_line, start_col, raw))
    return out


def test_helper_splits_elements_components_and_release() -> None:
    segs = segments("UNH+1+PNRGOV:11:1:IA'\nIFT+4:28+A?+B'")
    assert [s.tag for s in segs] == ["UNH", "IFT"]
    assert segs[0].elements == (("1",), ("PNRGOV", "11", "1", "IA"))
    assert segs[1].elements == (("4", "28"), ("A+B",))
    assert (segs[1].index, segs[1].line, segs[1].column) == (1, 2, 1)
