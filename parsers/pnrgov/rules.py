"""PNRGOV content checks: the stable ``PNR*`` codes, their severity, and the message-level checks.

The mapper reports what it meets segment by segment through :func:`report`; :func:`check_message`
adds the checks that need the whole message (pushed flight, push type, EQN count, locators).
docs/pnrgov.md lists every code with an example.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.edifact.segment import Segment
from parsers.issues import issue
from parsers.model import FlightLeg, Issue, MessagePart, Pnr, Severity

__all__ = ["CODES", "check_message", "report"]

E = Severity.ERROR
W = Severity.WARNING

CODES: dict[str, tuple[Severity, str]] = {
    "PNR001": (E, "no pushed flight: no TVL before the first SRC"),
    "PNR002": (W, "push type (MSG) missing or neither 22 (full) nor 141 (update)"),
    "PNR003": (W, "EQN count differs from the number of PNRs in a single-part message"),
    "PNR004": (E, "PNR without a record locator (SRC not followed by RCI)"),
    "PNR005": (W, "segment is not part of PNRGOV: reported, not mapped"),
    "PNR006": (W, "segment out of place (e.g. TIF before any SRC): reported, not mapped"),
    "PNR007": (
        E,
        "mandatory element missing (TIF surname, TVL airports, RCI locator, UNH version, EQN number)",
    ),
    "PNR010": (E, "date or time that cannot be read"),
    "PNR011": (W, "code outside its list (document type, gender, passenger type, bag weight)"),
    "PNR012": (W, "two-letter country code where ISO alpha-3 is expected (kept as sent)"),
    "PNR013": (W, "empty date"),
    "PNR020": (E, "malformed SSR DOCS (too few fields, no surname, no free text)"),
    "PNR021": (W, "SSR DOCS fields shifted: realigned"),
    "PNR022": (W, "SSR DOCS/DOCO/DOCA that belongs to no passenger of the PNR"),
    "PNR023": (W, "name in SSR DOCS broken by a space (wrap): the TIF spelling is used"),
    "PNR024": (W, "SSR traveller reference matches no TIF: attached by position or name"),
    "PNR025": (E, "malformed SSR DOCO or DOCA"),
    "PNR026": (W, "line break inside a value (transmission wrap): joined"),
    "PNR027": (W, "missing segment terminator: segment split in two"),
    "PNR030": (W, "checked-in traveller (Gr.7 TIF) matches no passenger of the PNR"),
}


def report(code: str, message: str, segment: Segment | None, message_ref: str | None) -> Issue:
    """An issue with the catalogued severity of ``code`` (an unknown code is a programming error)."""
    severity = CODES[code][0]
    return issue(code, severity, message, segment, message_ref=message_ref)


def check_message(
    *,
    message_ref: str | None,
    unh: Segment | None,
    flight: FlightLeg | None,
    msg: Segment | None,
    push_type: str | None,
    eqn: Segment | None,
    eqn_count: int | None,
    part: MessagePart,
    pnrs: Sequence[Pnr],
    srcs: Sequence[Segment],
) -> list[Issue]:
    issues: list[Issue] = []
    if flight is None:
        issues.append(
            report(
                "PNR001", "the message names no pushed flight (no TVL before the first SRC)", unh, message_ref
            )
        )
    if push_type is None:
        issues.append(report("PNR002", "no MSG push type: assuming a full push", msg or unh, message_ref))
    elif push_type not in ("22", "141"):
        issues.append(
            report(
                "PNR002", f"push type {push_type!r} is neither 22 (full) nor 141 (update)", msg, message_ref
            )
        )
    single = part.final and part.sequence in (None, 1)
    if eqn_count is not None and single and eqn_count != len(pnrs):
        issues.append(
            report(
                "PNR003",
                f"EQN announces {eqn_count} PNR(s) but the message holds {len(pnrs)}",
                eqn,
                message_ref,
            )
        )
    for pnr, src in zip(pnrs, srcs, strict=False):
        if pnr.record_locator is None:
            issues.append(
                report("PNR004", "PNR without a record locator (no RCI after SRC)", src, message_ref)
            )
    return issues
