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

__all__ = ["assemble_parts", "is_part", "missing_parts", "set_key"]

SetKey = tuple[str, str, str, str]


def is_part(msg: PaxlstMessage) -> bool:
    """True for a message that is one part of a multi-part set (``01:F`` is a whole list)."""
    sequence = msg.part.sequence
    return sequence is not None and not (sequence == 1 and msg.part.final)


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


def missing_parts(msgs: Iterable[PaxlstMessage]) -> tuple[int, ...]:
    """Sequence numbers known to be missing: 1 .. the final part (or the highest part received).

    When the final part has not arrived, the parts after the highest one received are unknown:
    check :func:`final_received` as well.
    """
    received = [m.part.sequence for m in msgs if m.part.sequence is not None]
    last = max(received, default=0)
    present = set(received)
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
    issues: list[Issue] = []
    by_sequence: dict[int, PaxlstMessage] = {}
    for msg in arrived:
        sequence = msg.part.sequence or 0
        if sequence in by_sequence:
            issues.append(_set_issue("PAX081", f"part {sequence:02d} received twice; the later one kept", msg))
        by_sequence[sequence] = msg
    parts = [by_sequence[n] for n in sorted(by_sequence)]
    base = parts[0]

    legs_seen = _legs_signature(base)
    totals = {m.reported_total for m in parts if m.reported_total is not None}
    for msg in parts[1:]:
        if _legs_signature(msg) != legs_seen:
            issues.append(_set_issue("PAX083", f"part {msg.part.sequence:02d} has other flight legs than part {base.part.sequence:02d}", msg))
    if len(totals) > 1:
        issues.append(_set_issue("PAX083", f"parts give different CNT totals: {sorted(totals)}", base))

    travellers = _unique_travellers(parts, issues)
    missing = missing_parts(parts)
    final = final_received(parts)
    complete = final and not missing
    if not complete:
        received = ", ".join(f"{m.part.sequence:02d}" for m in parts)
        gaps = ", ".join(f"{n:02d}" for n in missing)
        detail = f"received parts {received}"
        if gaps:
            detail += f"; missing {gaps}"
        if not final:
            detail += "; final part (:F) not received"
        issues.append(_set_issue("PAX080", detail, base))
    _check_total(parts, travellers, complete, issues)

    all_issues: list[Issue] = []
    for msg in parts:
        all_issues.extend(msg.issues)
    all_issues.extend(issues)
    return dataclasses.replace(
        base,
        part=MessagePart(common_access_ref=base.part.common_access_ref, sequence=None, final=complete),
        travellers=tuple(travellers),
        issues=tuple(all_issues),
        reported_total=parts[-1].reported_total if parts[-1].reported_total is not None else base.reported_total,
        segment_end=parts[-1].segment_end,
        parts=tuple(m.part.sequence or 0 for m in parts),
        complete=complete,
    )


def _legs_signature(msg: PaxlstMessage) -> tuple[tuple[str | None, ...], ...]:
    return tuple(
        (leg.flight, leg.departure_airport, leg.arrival_airport, leg.departure_local) for leg in msg.legs
    )


def _identity(t: Traveller) -> tuple[str | None, ...]:
    doc = t.document
    return (t.role, t.surname, t.given_names, t.date_of_birth, doc.number if doc else None)


def _unique_travellers(parts: Sequence[PaxlstMessage], issues: list[Issue]) -> list[Traveller]:
    """All parts' travellers in part order, each identity once, renumbered 1..N."""
    seen: set[tuple[str | None, ...]] = set()
    result: list[Traveller] = []
    for msg in parts:
        for trav in msg.travellers:
            key = _identity(trav)
            if key in seen:
                issues.append(
                    _set_issue(
                        "PAX082",
                        f"{trav.surname or '?'} {trav.given_names or ''} repeated in part {msg.part.sequence:02d}",
                        msg,
                    )
                )
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
