"""Bytes → interchanges of positioned segments, tolerant of what airlines really send.

Pipeline for one input: find where each interchange starts (``UNA``/``UNB``, or a bare ``UNH``) and
ends (after ``UNZ``), so a large file streams interchange by interchange; read the separators (UNA or
defaults, repaired from the UNB when the UNA is malformed); decode the bytes with the UNB character set
(with a reported fallback); split the text on the terminator with ``str.split`` (the fast path) and
take a slow path only where a release character, a line break or garbage occurs. Every segment keeps
its index in the interchange and the line/column where its tag starts. Envelope checks (UNT/UNE/UNZ
counts and references, truncation) are in :mod:`parsers.edifact.envelope`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers.edifact import charsets
from parsers.edifact.codes import CODES
from parsers.edifact.delimiters import DEFAULT, Delimiters, infer_from_unb, read_una
from parsers.edifact.envelope import check_envelope
from parsers.edifact.segment import Segment
from parsers.issues import issue as make_issue
from parsers.model import Issue

__all__ = [
    "KNOWN_TAGS",
    "RawInterchange",
    "escape",
    "iter_raw_interchanges",
    "read_interchanges",
    "split_segment",
    "tokenize",
]

# Segment tags of PAXLST, PNRGOV, CUSRES, CONTRL and the service segments: used only to decide where a
# line that lacks a terminator really starts a new segment (never to reject an unknown tag).
KNOWN_TAGS: frozenset[str] = frozenset(
    {
        "UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ", "UNS", "BGM", "RFF", "DTM", "LOC", "NAD", "CTA", "COM", "TDT",
        "ATT", "MEA", "GEI", "FTX", "EMP", "NAT", "DOC", "CPI", "QTY", "CNT", "AUT", "GID", "MSG", "ORG", "TVL", "EQN",
        "SRC", "RCI", "SSR", "DAT", "IFT", "ADD", "EBD", "TIF", "FTI", "REF", "FAR", "TKT", "MON", "PTK", "TXD", "FOP",
        "TRA", "RPI", "APD", "SAC", "TRI", "SSD", "TBD", "ABI", "LTS", "ERP", "ERC", "UCI", "UCM", "UCS", "UCD", "PDT",
    }
)
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")
# Tags already seen to be well-formed: a set lookup instead of a regex on the hot path.
_VALID_TAGS: set[str] = set(KNOWN_TAGS)

# Where an interchange may start: UNA/UNB/UNH at a line start after blanks or telex control characters
# (SOH, STX...), else anywhere as long as a separator follows.
_START_AT_LINE = re.compile(rb"^[\x00-\x20]*(?:\xef\xbb\xbf)?(UN[ABH])(?=[^A-Za-z0-9])", re.M)
_START_ANYWHERE = re.compile(rb"(UN[ABH])(?=[^A-Za-z0-9\s])")
_START_HERE = re.compile(rb"[\x00-\x20]*(?:\xef\xbb\xbf)?[\x00-\x20]*(UN[ABH])(?=[^A-Za-z0-9])")
_SYNTAX_ID = re.compile(rb"UNB[^A-Za-z0-9]\s*([A-Za-z]{4})")

# Read the input in blocks of this size when streaming; an interchange larger than a block just makes
# the buffer grow until its UNZ arrives.
BLOCK_SIZE = 8 * 1024 * 1024


def _issue(
    code: str,
    message: str,
    *,
    segment: Segment | None = None,
    line: int | None = None,
    column: int | None = None,
    excerpt: str | None = None,
    index: int | None = None,
    tag: str | None = None,
    message_ref: str | None = None,
) -> Issue:
    severity = CODES[code][0]
    if segment is not None:
        return make_issue(code, severity, message, segment, message_ref=message_ref)
    if excerpt is not None and len(excerpt) > 120:
        excerpt = excerpt[:119] + "…"
    return Issue(
        code=code,
        severity=severity,
        message=message,
        segment_index=index,
        tag=tag,
        line=line,
        column=column,
        excerpt=excerpt,
        message_ref=message_ref,
    )


@dataclass(slots=True)
class RawInterchange:
    """One interchange (UNB..UNZ) or a bare run of messages, as segments with positions.

    ``segments`` holds every segment (UNA included, as index 0, when present); ``messages`` the
    UNH..UNT groups (UNT absent when truncated); ``issues`` the syntax and envelope findings.
    """

    delimiters: Delimiters
    charset: str | None  # UNB syntax identifier as declared: UNOA, UNOC, IATA, ... (None without UNB)
    syntax_version: str | None
    codec: str  # how the bytes were decoded ("ascii", "latin-1", "utf-8", "cp1252" on fallback)
    una: Segment | None
    unb: Segment | None
    unz: Segment | None
    segments: list[Segment]
    messages: list[list[Segment]]
    groups: list[Segment] = field(default_factory=list)  # the UNG segments
    issues: list[Issue] = field(default_factory=list)
    preamble: str = ""  # transport header before UNA/UNB (Type-B telex lines), kept as metadata
    trailing: str = ""  # text after UNZ
    byte_offset: int = 0  # where this interchange's bytes start in the input
    line: int = 1  # line of the first segment in the input

    @property
    def sender(self) -> str | None:
        return self.unb.el(1) if self.unb else None

    @property
    def recipient(self) -> str | None:
        return self.unb.el(2) if self.unb else None

    @property
    def control_ref(self) -> str | None:
        return self.unb.el(4) if self.unb else None

    @property
    def prepared_at(self) -> str | None:
        """UNB date/time as ``YYYY-MM-DDTHH:MM`` (two-digit years are 20YY), or None."""
        if self.unb is None:
            return None
        return _edi_datetime(self.unb.el(3, 0), self.unb.el(3, 1))


def _edi_datetime(date: str | None, time: str | None) -> str | None:
    if not date or not date.isdecimal() or len(date) not in (6, 8):
        return None
    if len(date) == 6:
        date = "20" + date
    iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}"
    if time and time.isdecimal() and len(time) == 4:
        return f"{iso}T{time[:2]}:{time[2:]}"
    return iso + "T00:00"


def escape(value: str, delimiters: Delimiters = DEFAULT) -> str:
    """``value`` with every separator and release character preceded by the release character."""
    rel = delimiters.release
    special = delimiters.separators
    if not any(ch in value for ch in special):
        return value
    return "".join(rel + ch if ch in special else ch for ch in value)


# --------------------------------------------------------------------------------------------------
# Splitting one segment's text into elements and components
# --------------------------------------------------------------------------------------------------


def _split_released(text: str, d: Delimiters) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Slow path: split honouring the release character. Returns (elements, dangling release)."""
    rel, comp, elem = d.release, d.component, d.element
    elements: list[tuple[str, ...]] = []
    comps: list[str] = []
    buf: list[str] = []
    dangling = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == rel:
            if i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            dangling = True
            buf.append(ch)
        elif ch == comp:
            comps.append("".join(buf))
            buf = []
        elif ch == elem:
            comps.append("".join(buf))
            elements.append(tuple(comps))
            comps, buf = [], []
        else:
            buf.append(ch)
        i += 1
    comps.append("".join(buf))
    elements.append(tuple(comps))
    return tuple(elements), dangling


def split_segment(text: str, d: Delimiters = DEFAULT) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """(tag, elements) of one segment's text (no terminator). The tag is returned as transmitted."""
    cut = text.find(d.element)
    if cut < 0:
        return text, ()
    rest = text[cut + 1 :]
    if d.release in rest:
        return text[:cut], _split_released(rest, d)[0]
    comp = d.component
    return text[:cut], tuple([tuple(e.split(comp)) for e in rest.split(d.element)])


# --------------------------------------------------------------------------------------------------
# Tokenizing the decoded text of one interchange
# --------------------------------------------------------------------------------------------------


class _Draft:
    """Builds a :class:`Segment` without the frozen dataclass ``__init__`` (one ``object.__setattr__``
    call per field: a fifth of the tokenizer's instructions, measured with callgrind): plain slot
    stores, then ``__class__`` assignment, which CPython allows between classes with the same slots.
    The result is a genuine frozen Segment (equal, hashable, immutable; tested)."""

    __slots__ = ("tag", "elements", "index", "line", "column", "raw")  # noqa: RUF023 - Segment's order

    def __init__(
        self, tag: str, elements: tuple[tuple[str, ...], ...], index: int, line: int, column: int, raw: str
    ) -> None:
        self.tag = tag
        self.elements = elements
        self.index = index
        self.line = line
        self.column = column
        self.raw = raw


if _Draft.__slots__ != Segment.__slots__:  # pragma: no cover - guards a change of Segment's fields
    raise ImportError("parsers.edifact.segment.Segment's fields changed: update tokenizer._Draft")


@dataclass(slots=True)
class _Cursor:
    """Mutable state while walking the text: next segment index, line number and line start offset."""

    index: int
    line: int
    line_start: int  # text offset of the first character of the current line (may be negative)


def _ends_released(chunk: str, rel: str) -> bool:
    """True when ``chunk`` ends with an odd run of release characters (the terminator is data)."""
    run = len(chunk) - len(chunk.rstrip(rel))
    return run % 2 == 1


def _is_fixed_width(text: str, terminator: str) -> int:
    """The line width when the text is hard-wrapped at a fixed column (edifact.md §9 #5), else 0."""
    newlines = text.count("\n")
    if newlines < 3:
        return 0
    # Fast reject (C speed): most line breaks follow a terminator, so lines hold whole segments.
    if text.count(terminator + "\n") + text.count(terminator + "\r\n") > newlines // 2:
        return 0
    lines = text.split("\n")
    widths: dict[int, int] = {}
    cut_inside = 0
    for ln in lines[:-1]:
        ln = ln.rstrip("\r")
        if len(ln) >= 40:
            widths[len(ln)] = widths.get(len(ln), 0) + 1
            if not ln.endswith(terminator):
                cut_inside += 1
    if not widths:
        return 0
    width, count = max(widths.items(), key=lambda kv: kv[1])
    considered = sum(1 for ln in lines[:-1] if ln.strip())
    # Most lines have the same length and most of them end in the middle of a segment.
    if count >= 2 and count >= 0.6 * considered and cut_inside >= 0.5 * count:
        return width
    return 0


def _emit(
    core: str,
    offset: int,
    line: int,
    column: int,
    d: Delimiters,
    cur: _Cursor,
    out: list[Segment],
    issues: list[Issue],
) -> None:
    """Turn one segment's text (no line breaks, no terminator) into a Segment, or report garbage."""
    cut = core.find(d.element)
    tag = core if cut < 0 else core[:cut]
    if tag in _VALID_TAGS:
        pass
    elif len(tag) == 3 and _TAG.fullmatch(tag) is not None:
        if len(_VALID_TAGS) < 4096:
            _VALID_TAGS.add(tag)
    else:
        trimmed = "".join(tag.split())
        if _TAG.fullmatch(trimmed) is not None:
            issues.append(
                _issue(
                    "SYN011",
                    f"the segment tag {tag!r} contains spaces; read as {trimmed}",
                    line=line,
                    column=column,
                    excerpt=core,
                    index=cur.index,
                    tag=trimmed,
                )
            )
            tag = trimmed
        else:
            issues.append(
                _issue(
                    "SYN010",
                    "this text is not an EDIFACT segment (a segment starts with a three-letter tag such "
                    "as NAD followed by the element separator); it was skipped and reading resumed at "
                    "the next segment",
                    line=line,
                    column=column,
                    excerpt=core,
                )
            )
            return
    if cut < 0:
        elements: tuple[tuple[str, ...], ...] = ()
    else:
        rest = core[cut + 1 :]
        if d.release in rest:
            elements, dangling = _split_released(rest, d)
            if dangling:
                issues.append(
                    _issue(
                        "SYN015",
                        f"the segment ends with the release character {d.release!r}, which must be "
                        "followed by the character it makes literal; it was kept as data",
                        line=line,
                        column=column,
                        excerpt=core,
                        index=cur.index,
                        tag=tag,
                    )
                )
        else:
            comp = d.component
            elements = tuple([tuple(e.split(comp)) for e in rest.split(d.element)])
    out.append(Segment(tag, elements, cur.index, line, column, core))
    cur.index += 1


def _starts_segment(text: str, d: Delimiters) -> bool:
    """Does a line start a segment (a known tag followed by the element separator or the end)?"""
    text = text.lstrip()
    return text[:3] in KNOWN_TAGS and (len(text) == 3 or text[3] == d.element)


def _emit_multiline(
    chunk: str,
    offset: int,
    d: Delimiters,
    cur: _Cursor,
    wrapped: int,
    out: list[Segment],
    issues: list[Issue],
) -> None:
    """A segment text with line breaks inside: a hard wrap, a missing terminator, or garbage lines."""
    line, column = cur.line, offset - cur.line_start + 1
    if chunk.endswith("\n") or chunk.endswith("\r"):
        chunk = chunk.rstrip("\r\n")
    lines = chunk.split("\n")
    # Group the lines into pieces: a new piece starts at a line that begins a known segment (the
    # terminator before it was lost), unless the text is fixed-width wrapped (then lines are joined).
    pieces: list[tuple[int, int, list[str]]] = []  # (line number, column, lines)
    pos = offset
    for k, ln in enumerate(lines):
        if k == 0:
            pieces.append((line, column, [ln]))
        elif not wrapped and _starts_segment(ln, d):
            lead = len(ln) - len(ln.lstrip())
            pieces.append((line + k, lead + 1, [ln[lead:]]))
            issues.append(
                _issue(
                    "SYN014",
                    "a segment terminator is missing at the end of the previous line; the line was "
                    "read as a new segment",
                    line=line + k,
                    column=lead + 1,
                    excerpt=ln.strip(),
                    index=cur.index + len(pieces) - 1,
                    tag=ln.strip()[:3],
                )
            )
        else:
            pieces[-1][2].append(ln)
        pos += len(ln) + 1
    for p_line, p_col, p_lines in pieces:
        joined = "".join(part.rstrip("\r") for part in p_lines) if len(p_lines) > 1 else p_lines[0].rstrip("\r")
        if len(p_lines) > 1 and not wrapped:
            issues.append(
                _issue(
                    "SYN012",
                    "a line break inside this segment was removed and the two parts joined; check the "
                    "value at the break, a space may have been lost or added",
                    line=p_line,
                    column=p_col,
                    excerpt=joined,
                    index=cur.index,
                    tag=joined[:3],
                )
            )
        if joined.strip():
            _emit(joined, offset, p_line, p_col, d, cur, out, issues)
    cur.line = line + len(lines) - 1
    last_nl = offset + chunk.rfind("\n")
    cur.line_start = last_nl + 1


def tokenize(
    text: str,
    d: Delimiters = DEFAULT,
    *,
    start: int = 0,
    end: int | None = None,
    index: int = 0,
    line: int = 1,
    line_start: int = 0,
    issues: list[Issue] | None = None,
) -> list[Segment]:
    """Segments of ``text[start:end]`` (after any UNA). ``line``/``line_start`` give the position of
    ``start``: the line number and the text offset where that line begins."""
    if issues is None:
        issues = []
    if end is None:
        end = len(text)
    body = text[start:end]
    term, rel = d.terminator, d.release
    if term == "'" and "\u2019" in body:
        body = _repair_curly_terminators(body, d, start, text, line, line_start, issues)
    wrapped = _is_fixed_width(body, term) if "\n" in body else 0
    if wrapped:
        issues.append(
            _issue(
                "SYN013",
                f"the text is hard-wrapped at {wrapped} characters per line; the lines were joined "
                "without adding anything",
                line=line,
                column=start - line_start + 1,
            )
        )
    if not wrapped:
        clean = _tokenize_clean(body, d, start, index, line, line_start)
        if clean is not None:
            return clean
    out: list[Segment] = []
    append = out.append
    elem, comp = d.element, d.component
    valid = _VALID_TAGS
    segment_class = Segment
    cur = _Cursor(index, line, line_start)
    # Segment text → (tag, elements) of the segments read on the fast path: messages repeat many
    # segments verbatim (LOC+178+FRA, ATT+2++M, NAT+2+DEU, ...), a dict lookup is cheaper than splitting.
    seen: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
    seen_get = seen.get
    parts = body.split(term)
    any_release = rel in body
    if any_release:
        parts = _merge_released(parts, term, rel)
    tail = parts.pop()  # after the last terminator: normally blank
    off = start
    # Hot loop: locals only; anything unusual (release character, line break inside a segment, an
    # unknown tag) goes through the slow path functions with the cursor synchronised.
    for chunk in parts:
        chunk_off = off
        off += len(chunk) + 1
        if chunk[:1] == "\n" and chunk[1:2] > " ":
            # One segment a line, the usual layout: one line break, then the tag.
            line += 1
            line_start = seg_off = chunk_off + 1
            stripped = chunk[1:]
        else:
            stripped = chunk.lstrip()
            if not stripped:
                if "\n" in chunk:
                    line += chunk.count("\n")
                    line_start = chunk_off + chunk.rfind("\n") + 1
                continue
            lead = len(chunk) - len(stripped)
            if lead:
                head = chunk[:lead]
                if "\n" in head:
                    line += head.count("\n")
                    line_start = chunk_off + head.rfind("\n") + 1
            seg_off = chunk_off + lead
        known = seen_get(stripped)
        if known is not None:
            # The same text was read cleanly before in this interchange: share its (immutable) tag
            # and elements instead of splitting again.
            seg = _Draft(known[0], known[1], index, line, seg_off - line_start + 1, stripped)
            seg.__class__ = segment_class  # type: ignore[assignment]
            append(seg)  # type: ignore[arg-type]
            index += 1
            continue
        if "\n" not in stripped and stripped[-1] != "\r" and not (any_release and rel in stripped):
            cut = stripped.find(elem)
            if cut >= 0:
                tag = stripped[:cut]
                if tag in valid:
                    elements = tuple([tuple(e.split(comp)) for e in stripped[cut + 1 :].split(elem)])
                    seen[stripped] = (tag, elements)
                    seg = _Draft(tag, elements, index, line, seg_off - line_start + 1, stripped)
                    seg.__class__ = segment_class  # type: ignore[assignment]
                    append(seg)  # type: ignore[arg-type]
                    index += 1
                    continue
            elif stripped in valid:
                append(Segment(stripped, (), index, line, seg_off - line_start + 1, stripped))
                index += 1
                continue
        cur.index, cur.line, cur.line_start = index, line, line_start
        _emit_slow(stripped, seg_off, d, cur, wrapped, out, issues)
        index, line, line_start = cur.index, cur.line, cur.line_start
    stripped = tail.lstrip()
    if stripped.strip():
        lead = len(tail) - len(stripped)
        if "\n" in tail[:lead]:
            line += tail[:lead].count("\n")
            line_start = off + tail[:lead].rfind("\n") + 1
        cur.index, cur.line, cur.line_start = index, line, line_start
        _emit_slow(stripped, off + lead, d, cur, wrapped, out, issues)
        if cur.index > index:
            _unterminated(out[-1], term, issues)
    return out


def _tokenize_clean(
    body: str, d: Delimiters, start: int, index: int, line: int, line_start: int
) -> list[Segment] | None:
    """The segments of a body in one of the two clean layouts, or None for anything else (then the
    general loop of :func:`tokenize` reads it, with the same result where both apply; tested).

    Clean: no carriage return, no released terminator, every segment starts right after the previous
    terminator with a known tag, and either no line break at all (one line) or exactly one line break
    after each terminator (one segment a line). Then segments need no per-segment search for line
    breaks or blanks: about half the tokenizer's time on such input (measured)."""
    term, rel, elem, comp = d.terminator, d.release, d.element, d.component
    if "\r" in body:
        return None
    # Released terminators (O?'BRIEN) are data; an escaped release character (??) is declined, so that
    # every release + terminator pair is a released terminator.
    released = body.count(rel + term) if rel in body else 0
    if released and rel + rel in body:
        return None
    if "\n" in body:
        if body[:1] == "\n":  # the line break after a UNA
            body = body[1:]
            start += 1
            line += 1
            line_start = start
        if body.endswith(term + "\n"):
            core = body[:-2]
        elif body.endswith(term):
            core = body[:-1]
        else:
            return None
        if released and (core.endswith(rel) or rel + term + "\n" in core):
            return None
        breaks = core.count("\n")
        if core.count(term) - released != breaks or core.count(term + "\n") != breaks:
            return None
        parts = core.split(term + "\n")
        one_a_line = True  # every segment but the first starts a line
    else:
        parts = body.split(term)
        if released:
            parts = _merge_released(parts, term, rel)
        if parts.pop().strip():
            return None
        one_a_line = False
    valid = _VALID_TAGS
    segment_class = Segment
    seen: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
    seen_get = seen.get
    out: list[Segment] = []
    append = out.append
    column = start - line_start + 1
    for chunk in parts:
        known = seen_get(chunk)
        if known is None:
            if chunk[:1] <= " ":
                return None
            cut = chunk.find(elem)
            if cut < 0:
                if chunk not in valid:
                    return None
                known = (chunk, ())
            else:
                tag = chunk[:cut]
                if tag not in valid:
                    return None
                rest = chunk[cut + 1 :]
                if rel in rest:
                    elements, dangling = _split_released(rest, d)
                    if dangling:
                        return None
                    known = (tag, elements)
                else:
                    known = (tag, tuple([tuple(e.split(comp)) for e in rest.split(elem)]))
            seen[chunk] = known
        seg = _Draft(known[0], known[1], index, line, column, chunk)
        seg.__class__ = segment_class  # type: ignore[assignment]
        append(seg)  # type: ignore[arg-type]
        index += 1
        if one_a_line:
            line += 1
            column = 1
        else:
            column += len(chunk) + 1
    return out


def _merge_released(parts: list[str], term: str, rel: str) -> list[str]:
    """Re-join chunks split at a terminator that the release character made literal (``O?'BRIEN``)."""
    merged: list[str] = []
    pending: str | None = None
    for chunk in parts:
        if pending is not None:
            chunk = pending + term + chunk
            pending = None
        if rel in chunk and _ends_released(chunk, rel):
            pending = chunk
            continue
        merged.append(chunk)
    if pending is not None:
        merged.append(pending)
    return merged


def _emit_slow(
    stripped: str, seg_off: int, d: Delimiters, cur: _Cursor, wrapped: int, out: list[Segment], issues: list[Issue]
) -> None:
    if "\n" in stripped:
        _emit_multiline(stripped, seg_off, d, cur, wrapped, out, issues)
    else:
        core = stripped.rstrip("\r") if stripped.endswith("\r") else stripped
        _emit(core, seg_off, cur.line, seg_off - cur.line_start + 1, d, cur, out, issues)


def _unterminated(segment: Segment, term: str, issues: list[Issue]) -> None:
    issues.append(
        _issue(
            "SYN019",
            f"the last segment is not followed by the segment terminator {term!r}; it was read up to the "
            "end of the input",
            segment=segment,
        )
    )


_CURLY_CACHE: dict[str, re.Pattern[str]] = {}


def _repair_curly_terminators(
    body: str, d: Delimiters, start: int, text: str, line: int, line_start: int, issues: list[Issue]
) -> str:
    """Treat ’ (U+2019) followed by a segment tag as the terminator ' (copies from PDF guides)."""
    pattern = _CURLY_CACHE.get(d.element)
    if pattern is None:
        pattern = re.compile(r"\u2019(?=\s*[A-Z][A-Z0-9]{2}(?:" + re.escape(d.element) + r"|'|\s*$))")
        _CURLY_CACHE[d.element] = pattern
    hits = [m.start() for m in pattern.finditer(body)]
    if not hits:
        return body
    for pos in hits:
        absolute = start + pos
        ln = line + text.count("\n", start, absolute)
        nl = text.rfind("\n", 0, absolute)
        col = absolute - (nl + 1 if nl >= start or ln > line else line_start) + 1
        issues.append(
            _issue(
                "SYN002",
                "a curly quote ’ ends this segment instead of the apostrophe '; it was read as the "
                "segment terminator",
                line=ln,
                column=col,
                excerpt=body[max(0, body.rfind("'", 0, pos) + 1, pos - 100) : pos + 1].strip().replace("\n", " "),
            )
        )
    chars = list(body)
    for pos in hits:
        chars[pos] = "'"
    return "".join(chars)


# --------------------------------------------------------------------------------------------------
# Interchange boundaries on bytes (streaming)
# --------------------------------------------------------------------------------------------------


def _find_start(buf: bytes | bytearray, pos: int) -> tuple[int, bytes] | None:
    """Offset and tag (UNA/UNB/UNH) of the next interchange start at or after ``pos``."""
    m0 = _START_HERE.match(buf, pos)
    if m0 is not None:
        return m0.start(1), m0.group(1)
    m1 = _START_AT_LINE.search(buf, pos)
    m2 = _START_ANYWHERE.search(buf, pos, m1.start(1) if m1 is not None else len(buf))
    if m2 is not None:
        return m2.start(1), m2.group(1)
    if m1 is not None:
        return m1.start(1), m1.group(1)
    return None


def _delimiters_from_bytes(buf: bytes | bytearray, start: int, tag: bytes) -> Delimiters:
    head = buf[start : start + 4096].decode("latin-1")
    if tag == b"UNA":
        return read_una(head, 0).delimiters
    if tag == b"UNB":
        inferred = infer_from_unb(head, 0)
        if inferred is not None and inferred != (DEFAULT.component, DEFAULT.element, DEFAULT.terminator):
            component, element, terminator = inferred
            return Delimiters(component, element, DEFAULT.decimal, DEFAULT.release, " ", terminator)
    return DEFAULT


def _find_end(
    buf: bytes | bytearray, start: int, tag: bytes, d: Delimiters, final: bool, resume: int = 0
) -> int | None:
    """Offset just past the interchange that starts at ``start``: after the UNZ segment, or where the
    next interchange starts, or the end of input. None when more input is needed to decide.
    ``resume`` is where a previous search of the same interchange stopped (no rescan from the start
    each time a block arrives: linear time even for one huge interchange)."""
    try:
        term = d.terminator.encode("latin-1")
        elem = d.element.encode("latin-1")
        rel = d.release.encode("latin-1")
    except UnicodeEncodeError:
        return len(buf) if final else None
    search_from = start + 3
    if tag == b"UNA":
        # The UNB right after a UNA (often on the next line) belongs to the same interchange.
        unb = buf.find(b"UNB", start + 3, start + 80)
        if unb >= 0:
            search_from = unb + 3
    overlap = max(search_from, resume - 64)
    nxt = _next_start_after(buf, overlap)
    limit = nxt if nxt is not None else len(buf)
    if tag != b"UNH":
        unz = re.compile(re.escape(term) + rb"\s*U\r?\n?N\r?\n?Z(?:" + re.escape(elem) + rb"|\s)")
        pos = max(start, overlap)
        while True:
            m = unz.search(buf, pos, limit)
            if m is None:
                break
            if _released(buf, m.start(), rel):
                pos = m.start() + 1
                continue
            stop = buf.find(term, m.end())
            while stop >= 0 and _released(buf, stop, rel):
                stop = buf.find(term, stop + 1)
            line_end = buf.find(b"\n", m.end())
            if stop >= 0 and stop < limit and (line_end < 0 or stop < line_end or _wrapped_unz(buf, m.end(), stop)):
                return stop + 1
            if line_end >= 0 and line_end < limit:
                return line_end
            if not final and nxt is None:
                return None
            return limit
    if nxt is not None:
        return nxt
    return len(buf) if final else None


def _wrapped_unz(buf: bytes | bytearray, after: int, stop: int) -> bool:
    """A UNZ whose terminator comes on the next line (hard wrap): at most one line break, no letters
    of prose in between."""
    between = buf[after:stop]
    return between.count(b"\n") <= 1 and len(between) < 80


def _released(buf: bytes | bytearray, pos: int, rel: bytes) -> bool:
    run = 0
    while pos - run - 1 >= 0 and buf[pos - run - 1 : pos - run] == rel:
        run += 1
    return run % 2 == 1


def _next_start_after(buf: bytes | bytearray, pos: int) -> int | None:
    """The next UNA/UNB at a line start (a new interchange), used to close a truncated one."""
    m = _NEXT_INTERCHANGE.search(buf, pos)
    return m.start(1) if m is not None else None


_NEXT_INTERCHANGE = re.compile(rb"^[\x00-\x20]*(?:\xef\xbb\xbf)?(UN[AB])(?=[^A-Za-z0-9])", re.M)


@dataclass(frozen=True, slots=True)
class _Piece:
    data: bytes  # preamble + interchange
    start: int  # offset of UNA/UNB/UNH within data
    tag: bytes
    delimiters: Delimiters
    byte_offset: int  # offset of data in the whole input
    line: int  # line number (1-based) of data[0] in the whole input
    column: int  # column of data[0]


def _pieces(blocks: Iterator[bytes]) -> Iterator[_Piece | bytes]:
    """Cut the input into interchange pieces; a bare ``bytes`` item is text outside any of them."""
    buf = bytearray()
    pos = 0  # start of the unconsumed part of buf
    base = 0  # offset of buf[pos] in the input
    line, column = 1, 1
    final = False
    searched: tuple[int, int] = (-1, 0)  # (absolute start, absolute offset searched up to)
    while not final:
        block = next(blocks, None)
        if block is None:
            final = True
        else:
            # Compact only when reading (a bytearray grows in place): slicing per interchange would
            # copy the whole buffer each time.
            if pos:
                del buf[:pos]
                pos = 0
            buf += block
            if len(buf) < 64:
                continue
        while pos < len(buf):
            found = _find_start(buf, pos)
            if found is None:
                if final:
                    yield bytes(buf[pos:])
                    pos = len(buf)
                    break
                # Keep a short tail: a tag may be cut between two blocks.
                keep_from = max(pos, len(buf) - 8)
                dropped = bytes(buf[pos:keep_from])
                if dropped.strip():
                    yield dropped
                line, column = _advance(dropped, line, column)
                base += len(dropped)
                pos = keep_from
                break
            start, tag = found
            absolute = base + start - pos
            resume = searched[1] - base + pos if searched[0] == absolute else 0
            delims = _delimiters_from_bytes(buf, start, tag)
            end = _find_end(buf, start, tag, delims, final, resume)
            if end is None:
                searched = (absolute, base + len(buf) - pos)
                break
            data = bytes(buf[pos:end])
            yield _Piece(data, start - pos, tag, delims, base, line, column)
            line, column = _advance(data, line, column)
            base += len(data)
            pos = end


def _advance(data: bytes, line: int, column: int) -> tuple[int, int]:
    newlines = data.count(b"\n")
    if newlines:
        return line + newlines, len(data) - data.rfind(b"\n")
    return line, column + len(data)


# --------------------------------------------------------------------------------------------------
# One piece → RawInterchange
# --------------------------------------------------------------------------------------------------


def _decode_piece(piece: _Piece, issues: list[Issue]) -> tuple[str, str | None, str]:
    """Decoded text, declared syntax identifier, codec used."""
    data = piece.data
    bom = data.find(b"\xef\xbb\xbf", 0, piece.start + 3)
    if bom >= 0:
        issues.append(
            _issue("SYN006", "the input starts with a UTF-8 byte order mark; it was skipped", line=piece.line)
        )
        data = data[:bom] + data[bom + 3 :]
    m = _SYNTAX_ID.search(data)
    syntax_id = m.group(1).decode("ascii").upper() if m is not None else None
    codec, known = charsets.codec_for(syntax_id)
    if not known:
        issues.append(
            _issue(
                "SYN005",
                f"the character set {syntax_id} declared in UNB is not known; the text was read as ASCII",
            )
        )
    decoded = charsets.decode(data, codec)
    text = decoded.text
    if decoded.fallback:
        declared = syntax_id or "the default (UNOA)"
        for v in decoded.violations[:20]:
            line = piece.line + text.count("\n", 0, v.offset)
            nl = text.rfind("\n", 0, v.offset)
            col = v.offset - nl if nl >= 0 else piece.column + v.offset
            ctx_start = max(0, v.offset - 30)
            issues.append(
                _issue(
                    "SYN003",
                    f"byte(s) {v.raw.hex(' ')} do not belong to the character set {declared}; read as "
                    f"{v.text!r} assuming {_ENCODING_NAMES.get(v.guess, v.guess)} — please send names in the declared set "
                    "(transliterated) or declare the set you use",
                    line=line,
                    column=col,
                    excerpt=text[ctx_start : v.offset + 30].replace("\n", " "),
                )
            )
        if len(decoded.violations) > 20:
            issues.append(
                _issue(
                    "SYN003",
                    f"{len(decoded.violations) - 20} more run(s) of bytes outside {declared} not listed",
                )
            )
    return text, syntax_id, decoded.codec


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "mac_roman": "Mac Roman"}


def _parse_piece(piece: _Piece) -> RawInterchange:
    issues: list[Issue] = []
    text, syntax_id, codec = _decode_piece(piece, issues)
    # Offsets move when decoding merged bytes: find the start again in the text.
    tag = piece.tag.decode("ascii")
    start = _text_start(text, tag)
    preamble = text[:start]
    line = piece.line + preamble.count("\n")
    nl = preamble.rfind("\n")
    line_start = nl + 1 if nl >= 0 else -(piece.column - 1)
    if preamble.strip():
        issues.append(
            _issue(
                "SYN017",
                "text before the interchange (a transport header such as Type-B telex address lines) "
                "was skipped",
                line=piece.line,
                column=piece.column,
                excerpt=" / ".join(x.strip() for x in preamble.strip().splitlines() if x.strip()),
            )
        )
    segments: list[Segment] = []
    una_seg: Segment | None = None
    delims = piece.delimiters
    pos = start
    if tag == "UNA":
        una = read_una(text, start)
        delims = una.delimiters
        una_seg = Segment("UNA", ((una.raw[3:],),), 0, line, start - line_start + 1, una.raw)
        segments.append(una_seg)
        if una.problem:
            issues.append(_issue("SYN001", una.problem, segment=una_seg))
        pos = una.end
        consumed = text[start : una.end]
        if "\n" in consumed:
            line += consumed.count("\n")
            line_start = start + consumed.rfind("\n") + 1
    elif delims != DEFAULT:
        issues.append(
            _issue(
                "SYN001",
                f"there is no UNA but the UNB uses other separators than the defaults :+.? '; read as "
                f"{delims.una()!r} — send a UNA when the separators are not the defaults",
                line=line,
                column=start - line_start + 1,
                excerpt=text[start : start + 60],
            )
        )
    segments.extend(
        tokenize(
            text,
            delims,
            start=pos,
            index=len(segments),
            line=line,
            line_start=line_start,
            issues=issues,
        )
    )
    if not segments:
        issues.append(_issue("SYN020", "no EDIFACT segment could be read"))
    curly = {(i.line, i.column) for i in issues if i.code == "SYN002"}
    if curly:
        # A curly quote read as a terminator is reported once (SYN002), not also as a charset violation.
        issues[:] = [i for i in issues if not (i.code == "SYN003" and (i.line, i.column) in curly)]
    rep = charsets.repertoire_violations(text[start:], syntax_id, delims.separators + delims.repetition)
    if rep is not None:
        count, offset, char = rep
        absolute = start + offset
        ln = piece.line + text.count("\n", 0, absolute)
        nl2 = text.rfind("\n", 0, absolute)
        issues.append(
            _issue(
                "SYN004",
                f"{count} character(s) outside the {syntax_id} repertoire, the first one {char!r} here"
                + (" (UNOA allows upper case letters, digits, space and . , - ( ) / = ' + : ? ! \" % & * ; < >)"
                   if syntax_id == "UNOA" else ""),
                line=ln,
                column=absolute - nl2 if nl2 >= 0 else piece.column + absolute,
                excerpt=text[max(0, absolute - 30) : absolute + 30].replace("\n", " "),
            )
        )
    raw = RawInterchange(
        delimiters=delims,
        charset=syntax_id,
        syntax_version=None,
        codec=codec,
        una=una_seg,
        unb=None,
        unz=None,
        segments=segments,
        messages=[],
        issues=issues,
        preamble=preamble,
        byte_offset=piece.byte_offset,
        line=segments[0].line if segments else line,
    )
    check_envelope(raw)
    return raw


def _text_start(text: str, tag: str) -> int:
    m = re.compile(r"^[\x00-\x20\ufeff]*(" + tag + r")(?=[^A-Za-z0-9])", re.M).search(text)
    if m is not None:
        return m.start(1)
    found = text.find(tag)
    return found if found >= 0 else 0


def _trailing_issue(raw: RawInterchange, tail: bytes) -> None:
    text = tail.decode("utf-8", errors="replace")
    raw.trailing += text
    if text.strip():
        last = raw.segments[-1] if raw.segments else None
        # The junk starts after the blank lines that follow the last segment (UNZ is on one line).
        lead = text[: len(text) - len(text.lstrip())]
        raw.issues.append(
            _issue(
                "SYN018",
                "text after the end of the interchange (after UNZ) was ignored",
                line=last.line + lead.count("\n") if last else None,
                excerpt=" / ".join(x.strip() for x in text.strip().splitlines() if x.strip()),
            )
        )


def iter_raw_interchanges(blocks: Iterator[bytes]) -> Iterator[RawInterchange]:
    """Interchanges from an iterator of byte blocks (any sizes), one at a time.

    Each interchange is held until the next one starts (or the input ends), so that text after its
    UNZ can be reported on it.
    """
    pending: RawInterchange | None = None
    outside: list[bytes] = []
    for item in _pieces(blocks):
        if isinstance(item, bytes):
            outside.append(item)
            continue
        raw = _parse_piece(item)
        if pending is not None:
            if outside:
                _trailing_issue(pending, b"".join(outside))
            yield pending
        elif outside:
            # Text before the first interchange that could not be kept with it (a long header).
            raw.preamble = b"".join(outside).decode("utf-8", errors="replace") + raw.preamble
        outside = []
        pending = raw
    if pending is not None:
        if outside:
            _trailing_issue(pending, b"".join(outside))
        yield pending


def read_interchanges(data: bytes) -> Iterator[RawInterchange]:
    """Every interchange in ``data`` (several per file, or a bare UNH..UNT run), in order."""
    return iter_raw_interchanges(iter((data,)))
