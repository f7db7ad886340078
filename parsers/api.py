"""The parser's public surface: bytes or a binary stream in, :class:`Interchange` objects out.

``iter_interchanges`` streams: it reads the input block by block and holds one interchange at a time,
so memory stays flat for a 1 GB file of many interchanges. Each UNH..UNT message is dispatched by its
UNH message type to the PAXLST or PNRGOV mapper; other types (CUSRES, CONTRL, ...) are recorded as
skipped. Syntax and envelope issues that belong to one message are attached to that message; the rest
stay on the interchange. Nothing raises except :class:`ParserError`, and only when nothing at all can
be read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from parsers.edifact.codes import CODES
from parsers.edifact.envelope import message_ref, message_type
from parsers.edifact.segment import Segment
from parsers.edifact.tokenizer import BLOCK_SIZE, RawInterchange, iter_raw_interchanges
from parsers.model import FlightLeg, Interchange, Issue, PaxlstMessage, PnrgovMessage, Traveller

__all__ = [
    "Message",
    "ParserError",
    "iter_interchanges",
    "iter_travellers",
    "parse_bytes",
    "to_interchange",
    "validate_bytes",
]

Message = PaxlstMessage | PnrgovMessage
Mapper = Callable[..., Message]


class ParserError(Exception):
    """The root of the parser's errors: raised only when nothing can be read (empty input, no segment)."""


def _mapper(kind: str) -> Mapper | None:
    # Imported lazily: the mappers are the heavier half of the package and not every caller needs both.
    if kind == "PAXLST":
        from parsers.paxlst.mapping import map_paxlst

        return map_paxlst
    if kind == "PNRGOV":
        from parsers.pnrgov.mapping import map_pnrgov

        return map_pnrgov
    return None


def _date(value: str | None) -> dt.date | None:
    """YYMMDD or CCYYMMDD → date (two-digit years are 20YY: interchanges are recent)."""
    if not value or not value.isdecimal() or len(value) not in (6, 8):
        return None
    if len(value) == 6:
        value = "20" + value
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def message_date(raw: RawInterchange) -> dt.date | None:
    """The date the interchange was prepared: UNB 0017, else the first UNG date."""
    if raw.unb is not None:
        found = _date(raw.unb.el(3, 0))
        if found is not None:
            return found
    for ung in raw.groups:
        found = _date(ung.el(3, 0))
        if found is not None:
            return found
    return None


def _issue(code: str, message: str, segment: Segment, ref: str | None) -> Issue:
    return Issue(
        code=code,
        severity=CODES[code][0],
        message=message,
        segment_index=segment.index,
        tag=segment.tag,
        line=segment.line,
        column=segment.column,
        excerpt=segment.excerpt(),
        message_ref=ref,
    )


# Syntax issues located by line only (no segment index) that belong to the message they occur in.
_LINE_LOCATED = frozenset({"SYN002", "SYN003", "SYN010"})


def _belongs(issue: Issue, first: Segment, last: Segment) -> bool:
    if issue.segment_index is not None:
        return first.index <= issue.segment_index <= last.index
    if issue.line is not None and issue.code in _LINE_LOCATED:
        return first.line <= issue.line <= last.line
    return False


def _map_message(
    segments: list[Segment], date: dt.date | None, mappers: dict[str, Mapper | None]
) -> tuple[Message | None, Issue | None]:
    unh = segments[0]
    kind = message_type(unh) or ""
    ref = message_ref(unh)
    if kind not in mappers:
        mappers[kind] = _mapper(kind)
    mapper = mappers[kind]
    if mapper is None:
        return None, _issue(
            "ENV014",
            f"message {ref or '?'} is a {kind or 'message of unknown type'}; paxpipe reads PAXLST and "
            "PNRGOV only, so it was skipped",
            unh,
            ref,
        )
    try:
        return mapper(segments, message_date=date), None
    except Exception as exc:  # a mapper defect must not lose the rest of the file
        return None, _issue(
            "ENV090",
            f"message {ref or '?'} could not be mapped because of an internal error ({type(exc).__name__}: "
            f"{exc}); please report it with the file",
            unh,
            ref,
        )


def to_interchange(raw: RawInterchange, *, assemble: bool = True) -> Interchange:
    """Map every message of one raw interchange and merge the issues."""
    date = message_date(raw)
    mappers: dict[str, Mapper | None] = {}
    messages: list[Message] = []
    remaining = list(raw.issues)
    for segments in raw.messages:
        message, problem = _map_message(segments, date, mappers)
        first, last = segments[0], segments[-1]
        own = [i for i in remaining if _belongs(i, first, last)]
        if own:
            remaining = [i for i in remaining if not _belongs(i, first, last)]
        if problem is not None:
            remaining.append(problem)
        if message is None:
            remaining.extend(own)
            continue
        if own:
            ref = message.message_ref
            own = [i if i.message_ref else dataclasses.replace(i, message_ref=ref) for i in own]
            message = dataclasses.replace(message, issues=tuple(own) + tuple(message.issues))
        messages.append(message)
    if assemble:
        messages = _assemble(messages)
    return Interchange(
        sender=raw.sender,
        recipient=raw.recipient,
        prepared_at=raw.prepared_at,
        control_ref=raw.control_ref,
        charset=raw.charset,
        messages=tuple(messages),
        issues=tuple(remaining),
    )


def _assemble(messages: list[Message]) -> list[Message]:
    """Merge multi-part PAXLST sets (in place of their first part); other messages keep their order."""
    from parsers.paxlst.assembly import assemble_parts, is_part, set_key

    pax = [m for m in messages if isinstance(m, PaxlstMessage)]
    if not any(is_part(m) for m in pax):
        return messages
    # assemble_parts returns singles and sets in order of arrival (a set at its first part's place).
    merged = iter(assemble_parts(pax))
    seen: set[tuple[str, str, str, str]] = set()
    out: list[Message] = []
    for m in messages:
        if not isinstance(m, PaxlstMessage):
            out.append(m)
            continue
        if is_part(m):
            key = set_key(m)
            if key in seen:
                continue
            seen.add(key)
        out.append(next(merged))
    return out


def _blocks(source: bytes | bytearray | memoryview | BinaryIO, block_size: int) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source)
        for start in range(0, len(view), block_size):
            yield bytes(view[start : start + block_size])
        return
    while True:
        block = source.read(block_size)
        if not block:
            return
        yield block


def iter_raw(source: bytes | BinaryIO, *, block_size: int = BLOCK_SIZE) -> Iterator[RawInterchange]:
    """Raw interchanges (segments + syntax issues, no mapping); raises ParserError if none is readable."""
    produced = False
    empty: list[RawInterchange] = []
    for raw in iter_raw_interchanges(_blocks(source, block_size)):
        if not produced and not raw.segments:
            # Nothing readable yet: hold it (it is reported if anything readable follows).
            empty.append(raw)
            continue
        if not produced:
            produced = True
            yield from empty
        yield raw
    if not produced:
        raise ParserError("no EDIFACT segment found: the input is empty or is not UN/EDIFACT")


def iter_interchanges(source: bytes | BinaryIO, *, block_size: int = BLOCK_SIZE) -> Iterator[Interchange]:
    """Parse interchange by interchange (streaming). Multi-part PAXLST sets are assembled within an
    interchange; :func:`parse_bytes` also assembles sets spread over several interchanges of one file."""
    raws = iter_raw(source, block_size=block_size)
    while True:
        # The cyclic GC paused while one interchange is read and mapped: parsing allocates hundreds of
        # thousands of tracked objects (segments, tuples, records) that all survive until the
        # interchange is built, so every automatic collection would traverse them in vain (20-30 % of
        # the time, measured with callgrind). The parser creates no reference cycles (tested), so
        # nothing is left for the GC; the caller's code (after ``yield``) runs with the GC as it was.
        enabled = gc.isenabled()
        if enabled:
            gc.disable()
        try:
            raw = next(raws, None)
            interchange = to_interchange(raw) if raw is not None else None
        finally:
            if enabled:
                gc.enable()
        if interchange is None:
            return
        yield interchange


def parse_bytes(data: bytes) -> list[Interchange]:
    """Every interchange of ``data``; multi-part PAXLST sets found anywhere in it are assembled."""
    interchanges = list(iter_interchanges(data))
    if len(interchanges) > 1:
        interchanges = _assemble_across(interchanges)
    return interchanges


def _assemble_across(interchanges: list[Interchange]) -> list[Interchange]:
    """Parts of one set in different interchanges of the file: the set goes where its first part was."""
    from parsers.paxlst.assembly import is_part, set_key

    owner: list[int] = []
    flat: list[Message] = []
    for k, ic in enumerate(interchanges):
        for m in ic.messages:
            owner.append(k)
            flat.append(m)
    if sum(1 for m in flat if isinstance(m, PaxlstMessage) and is_part(m)) < 2:
        return interchanges
    kept: list[list[Message]] = [[] for _ in interchanges]
    merged = iter(_assemble(flat))
    seen: set[tuple[str, str, str, str]] = set()
    for k, m in zip(owner, flat, strict=True):
        if isinstance(m, PaxlstMessage) and is_part(m):
            key = set_key(m)
            if key in seen:
                continue
            seen.add(key)
        kept[k].append(next(merged))
    return [dataclasses.replace(ic, messages=tuple(kept[k])) for k, ic in enumerate(interchanges)]


def iter_travellers(
    interchanges: Iterable[Interchange],
) -> Iterator[tuple[Traveller, FlightLeg | None, Message]]:
    """Every traveller with its flight: a PAXLST message's crossing leg, a PNRGOV message's pushed flight."""
    for ic in interchanges:
        for message in ic.messages:
            if isinstance(message, PaxlstMessage):
                leg = message.crossing_leg
                for traveller in message.travellers:
                    yield traveller, leg, message
            else:
                flight = message.flight
                for pnr in message.pnrs:
                    for traveller in pnr.passengers:
                        yield traveller, flight, message


def all_issues(interchange: Interchange) -> list[Issue]:
    """The interchange's own issues and every message's, in order of position."""
    issues = list(interchange.issues)
    for message in interchange.messages:
        issues.extend(message.issues)
    issues.sort(key=lambda i: (i.line if i.line is not None else 1 << 30, i.column or 0))
    return issues


def validate_bytes(data: bytes) -> list[Issue]:
    """Every issue found in ``data`` (syntax, envelope and content), ordered by position."""
    issues: list[Issue] = []
    for ic in parse_bytes(data):
        issues.extend(all_issues(ic))
    return issues
