"""Multi-part PAXLST sets → one flight list each (pure functions, any arrival order).

A long list travels as several messages sharing the UNH 0068 common access reference, numbered by
UNH S010: ``01:C``, ``02``, ..., ``NN:F`` (edifact.md §3.4). Each part repeats the header and the
flight legs and carries a slice of the travellers; CNT is the flight total, repeated in every part.

:func:`assemble_parts` merges each set into one :class:`PaxlstMessage` with the travellers of all parts
in part order, each traveller once. A set with parts missing is still merged (``complete=False``,
issue PAX080 naming the missing parts): the lakehouse decides how long to hold it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from parsers.model import Issue, MessagePart, PaxlstMessage, Severity, Traveller
from parsers.paxlst.mapping import count_role
from parsers.paxlst.rules import ISSUE_CODES

__all__ = ["assemble_parts", "final_received", "is_part", "missing_parts", "set_key"]

SetKey = tuple[str, str, str, str]


def is_part(msg: PaxlstMessage) -> bool:
    """True for one part of a multi-part set (``01:F`` is a whole list), or an incomplete merged set."""
    sequence = msg.part.sequence
    return sequence is not None and not (sequence == 1 and msg.part.final and not msg.parts)


def set_key(msg: PaxlstMessage) -> SetKey:
    """What parts of one set share: document type, common access reference, flight and date.

    The flight is part of the key because some senders reuse a generic 0068 value across flights.
    """
    leg = msg.crossing_leg or (msg.legs[0] if msg.legs else None)
    return (
        msg.document_type or "",
        msg.part.common_access_ref or "",
        (leg.flight or "") if leg else "",
        (leg.departure_date or "") if leg else "",
    )


def _covered(msg: PaxlstMessage) -> tuple[int, ...]:
    """The part numbers a message stands for: its own, or all those of an already merged set."""
    return msg.parts or ((msg.part.sequence,) if msg.part.sequence is not None else ())


def missing_parts(msgs: Iterable[PaxlstMessage]) -> tuple[int, ...]:
    """Sequence numbers known to be missing: 1 .. the final part (or the highest part received).

    When the final part has not arrived, the parts after the highest one received are unknown:
    check :func:`final_received` as well.
    """
    present = {n for m in msgs for n in _covered(m)}
    last = max(present, default=0)
    return tuple(n for n in range(1, last + 1) if n not in present)


def final_received(msgs: Iterable[PaxlstMessage]) -> bool:
    return any(m.part.final and m.part.sequence is not None for m in msgs)


def assemble_parts(messages: Iterable[PaxlstMessage]) -> list[PaxlstMessage]:
    """Single messages pass through unchanged; each multi-part set becomes one merged message.

    Output order: by the arrival of each single message or of a set's first part.
    """
    slots: list[PaxlstMessage | SetKey] = []
    sets: dict[SetKey, list[PaxlstMessage]] = {}
    for msg in messages:
        if not is_part(msg):
            slots.append(msg)
            continue
        key = set_key(msg)
        if key not in sets:
            sets[key] = []
            slots.append(key)
        sets[key].append(msg)
    return [slot if isinstance(slot, PaxlstMessage) else _merge(sets[slot]) for slot in slots]


def _set_issue(code: str, message: str, msg: PaxlstMessage) -> Issue:
    severity, _meaning = ISSUE_CODES[code]
    return Issue(
        code=code,
        severity=severity,
        message=message,
        segment_index=msg.segment_start,
        tag="UNH",
        message_ref=msg.message_ref or None,
    )


def _merge(arrived: Sequence[PaxlstMessage]) -> PaxlstMessage:
    """One message for one set. Inputs may be single parts or sets merged earlier (incomplete then,
    e.g. one per interchange): their set-level findings (PAX080, PAX060) are recomputed here."""
    issues: list[Issue] = []
    units: list[tuple[tuple[int, ...], PaxlstMessage]] = []
    for msg in arrived:
        covered = _covered(msg)
        overlap = [u for u in units if set(u[0]) & set(covered)]
        if overlap:
            listed = ", ".join(f"{n:02d}" for n in covered)
            issues.append(_set_issue("PAX081", f"part {listed} received twice; the later one kept", msg))
            units = [u for u in units if u not in overlap]
        if msg.parts:
            msg = dataclasses.replace(msg, issues=tuple(i for i in msg.issues if not _set_level(i)))
        units.append((covered, msg))
    units.sort(key=lambda u: min(u[0], default=0))
    parts = [u[1] for u in units]
    base = parts[0]
    base_number = min(units[0][0], default=0)

    legs_seen = _legs_signature(base)
    totals = {m.reported_total for m in parts if m.reported_total is not None}
    for covered, msg in units[1:]:
        if _legs_signature(msg) != legs_seen:
            issues.append(
                _set_issue(
                    "PAX083",
                    f"part {min(covered):02d} has other flight legs than part {base_number:02d}",
                    msg,
                )
            )
    if len(totals) > 1:
        issues.append(_set_issue("PAX083", f"parts give different CNT totals: {sorted(totals)}", base))

    travellers = _unique_travellers(units, issues)
    numbers = tuple(sorted(n for covered, _ in units for n in covered))
    missing = missing_parts(parts)
    final = final_received(parts)
    complete = final and not missing
    if not complete:
        detail = "received parts " + ", ".join(f"{n:02d}" for n in numbers)
        if missing:
            detail += "; missing " + ", ".join(f"{n:02d}" for n in missing)
        if not final:
            detail += "; final part (:F) not received"
        issues.append(_set_issue("PAX080", detail, base))
    _check_total(parts, travellers, complete, issues)

    all_issues: list[Issue] = []
    for msg in parts:
        all_issues.extend(msg.issues)
    all_issues.extend(issues)
    # complete: one whole list (no sequence); incomplete: still a part, numbered by its highest part
    part = MessagePart(
        common_access_ref=base.part.common_access_ref,
        sequence=None if complete else max(numbers),
        final=True if complete else final,
    )
    return dataclasses.replace(
        base,
        part=part,
        travellers=tuple(travellers),
        issues=tuple(all_issues),
        reported_total=parts[-1].reported_total
        if parts[-1].reported_total is not None
        else base.reported_total,
        segment_end=parts[-1].segment_end,
        parts=numbers,
        complete=complete,
    )


def _set_level(issue: Issue) -> bool:
    """Findings about a whole set, recomputed whenever the set is merged again."""
    return issue.tag == "UNH" and issue.code in ("PAX080", "PAX060")


def _legs_signature(msg: PaxlstMessage) -> tuple[tuple[str | None, ...], ...]:
    return tuple(
        (leg.flight, leg.departure_airport, leg.arrival_airport, leg.departure_local) for leg in msg.legs
    )


def _identity(t: Traveller) -> tuple[str | None, ...]:
    doc = t.document
    return (t.role, t.surname, t.given_names, t.date_of_birth, doc.number if doc else None)


def _unique_travellers(
    units: Sequence[tuple[tuple[int, ...], PaxlstMessage]], issues: list[Issue]
) -> list[Traveller]:
    """All travellers in part order, each identity once, renumbered 1..N.

    Each traveller keeps the part it came from in ``extra`` (``("part", "02")``), so that sets merged
    again later (parts spread over several interchanges) still list travellers in part order.
    """
    tagged: list[tuple[str, int, Traveller, PaxlstMessage]] = []
    for covered, msg in units:
        own = f"{min(covered, default=0):02d}"
        for trav in msg.travellers:
            number = dict(trav.extra).get("part")
            if number is None:
                number = own
                trav = dataclasses.replace(trav, extra=(*trav.extra, ("part", own)))
            tagged.append((number, len(tagged), trav, msg))
    tagged.sort(key=lambda item: (item[0], item[1]))
    seen: set[tuple[str | None, ...]] = set()
    result: list[Traveller] = []
    for number, _order, trav, msg in tagged:
        key = _identity(trav)
        if key in seen:
            text = f"{trav.surname or '?'} {trav.given_names or ''} repeated in part {number}"
            issues.append(_set_issue("PAX082", text, msg))
            continue
        seen.add(key)
        result.append(dataclasses.replace(trav, traveller_ref=str(len(result) + 1)))
    return result


def _check_total(
    parts: Sequence[PaxlstMessage], travellers: Sequence[Traveller], complete: bool, issues: list[Issue]
) -> None:
    last = parts[-1]
    total = last.reported_total
    qualifier = dict(last.extra).get("cnt_qualifier")
    if total is None or qualifier not in ("41", "42"):
        return
    found = count_role(travellers, crew=qualifier == "41")
    # an incomplete set can only be shown wrong when it already holds more than the total
    if (complete and found != total) or (not complete and found > total):
        issues.append(
            Issue(
                code="PAX060",
                severity=Severity.ERROR,
                message=f"CNT+{qualifier} says {total}, the assembled set holds {found}",
                segment_index=last.segment_start,
                tag="UNH",
                message_ref=last.message_ref or None,
            )
        )
